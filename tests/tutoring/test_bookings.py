"""Recurring bookings, moves, the waitlist, places, late cancellations and a tutor's cancellation.

Times are fixed (January 2031, far from a clock change) and passed to every
service as ``now``; the school's zone and everyone's own is America/New_York.
"""

from datetime import date, time, timedelta

import pytest

from huddle.lib.errors import HuddleError
from huddle.notifications.models import Notification
from huddle.tutoring.bookings.services import (
    booking_cancel,
    booking_create,
    booking_move,
    booking_series_create,
    session_cancel,
    session_places_set,
)
from huddle.tutoring.models import Booking, BookingEmail, Session
from huddle.tutoring.schedule.services import blocked_date_add, window_create
from tests.personas import Personas
from tests.tutoring.factories import aware, make_student, make_tutor, session_on, topic, virtual

pytestmark = pytest.mark.django_db

MONDAY = date(2031, 1, 6)
NOW = aware(MONDAY, time(9, 0))
WEDNESDAY, THURSDAY = MONDAY + timedelta(days=2), MONDAY + timedelta(days=3)
LAST_PLACE = "The last place in this session was just taken. Join its waitlist or choose another time."


def book(student, session, *, waitlist: bool = False, now=NOW) -> Booking:
    return booking_create(student=student, session=session, topic=topic(), waitlist=waitlist, now=now)


def fresh(booking: Booking) -> Booking:
    return Booking.objects.get(pk=booking.pk)


def held(session: Session) -> list[int]:
    """The seats held in a session, checked against its places on every call."""
    session.refresh_from_db()
    seats = sorted(Booking.objects.filter(session=session, status="booked").values_list("seat", flat=True))
    assert len(seats) <= session.capacity, f"{len(seats)} people hold a place in a session of {session.capacity}"
    assert len(set(seats)) == len(seats)
    return seats


def told(person, kind: str) -> int:
    return Notification.objects.filter(user=person, kind=kind).count()


@pytest.fixture
def sam(people: Personas):
    return make_tutor(people.ms3)


# --- Recurring bookings: every occurrence is checked, all or nothing -----------------------------


@pytest.fixture
def tuesdays(sam) -> list[Session]:
    """Sam's weekly Tuesday 18:00 window, cut six weeks ahead: 7 Jan to 11 Feb 2031."""
    window_create(
        user=sam.person,
        tutor=sam,
        weekday=1,
        starts=time(18, 0),
        ends=time(19, 0),
        session_minutes=60,
        offer=virtual(),
        now=NOW,
    )
    sessions = list(Session.objects.filter(tutor=sam, window__isnull=False).order_by("starts_at"))
    assert [s.starts_at.astimezone(NOW.tzinfo).date().isoformat() for s in sessions[:6]] == [
        "2031-01-07", "2031-01-14", "2031-01-21", "2031-01-28", "2031-02-04", "2031-02-11",
    ]  # fmt: skip
    return sessions


def test_a_series_books_every_week_with_one_series_id(people, tuesdays):
    booked = booking_series_create(student=people.ms1, session=tuesdays[0], topic=topic(), weeks=6, now=NOW)
    assert [b.session_id for b in booked] == [s.pk for s in tuesdays[:6]]
    assert len({b.series for b in booked}) == 1 and booked[0].series is not None
    assert Booking.objects.filter(student=people.ms1, status="booked").count() == 6


def test_a_clash_in_week_five_of_six_books_nothing_and_names_that_week(people, tuesdays):
    other = make_tutor(make_student(1))
    clash = book(people.ms1, session_on(other, date(2031, 2, 4), time(18, 30), now=NOW))
    with pytest.raises(HuddleError) as caught:
        booking_series_create(student=people.ms1, session=tuesdays[0], topic=topic(), weeks=6, now=NOW)
    assert caught.value.field == "weeks"
    assert caught.value.message == "Nothing was booked. Tue 4 Feb, 18:00: You already have a booking at this time."
    assert list(Booking.objects.filter(student=people.ms1).values_list("pk", flat=True)) == [clash.pk]
    assert not BookingEmail.objects.exclude(booking=clash).exists()
    # Nothing was held back either: the first week is still free to book.
    assert book(people.ms1, tuesdays[0]).status == Booking.Status.BOOKED


def test_every_failing_week_is_listed_not_only_the_first(people, tuesdays):
    other = make_tutor(make_student(1))
    book(people.ms1, session_on(other, date(2031, 1, 14), time(17, 30), now=NOW))  # overlaps week 2
    book(people.ms1, session_on(other, date(2031, 2, 4), time(18, 0), now=NOW))  # overlaps week 5
    session_cancel(user=tuesdays[2].tutor.person, session=tuesdays[2], now=NOW)  # Sam called off week 3
    full = make_student(2)
    book(full, tuesdays[5])  # week 6 is taken by someone else
    with pytest.raises(HuddleError) as caught:
        booking_series_create(student=people.ms1, session=tuesdays[0], topic=topic(), weeks=6, now=NOW)
    parts = caught.value.message.removeprefix("Nothing was booked. ").split(" · ")
    assert parts == [
        "Tue 14 Jan, 18:00: You already have a booking at this time.",
        "Tue 21 Jan, 18:00: This session is no longer open.",
        "Tue 4 Feb, 18:00: You already have a booking at this time.",
        "Tue 11 Feb, 18:00: " + LAST_PLACE,
    ]
    assert not Booking.objects.filter(student=people.ms1, session__in=tuesdays).exists()


def test_a_week_the_tutor_took_off_is_named_not_skipped(people, tuesdays):
    """Six weeks means six consecutive weeks: a day off in week 3 refuses the series and says which week."""
    blocked_date_add(user=tuesdays[0].tutor.person, tutor=tuesdays[0].tutor, day=date(2031, 1, 21), now=NOW)
    with pytest.raises(HuddleError) as caught:
        booking_series_create(student=people.ms1, session=tuesdays[0], topic=topic(), weeks=6, now=NOW)
    assert caught.value.message == (
        "Nothing was booked. Tue 21 Jan, 18:00: No session that week (a day off, or not open yet)."
    )
    assert booking_series_create(student=people.ms1, session=tuesdays[0], topic=topic(), weeks=2, now=NOW)


# --- Moving ------------------------------------------------------------------------------------


def test_a_move_keeps_the_uid_raises_the_sequence_replaces_reminders_and_promotes_the_old_waitlist(
    people, sam, django_capture_on_commit_callbacks
):
    wednesday = session_on(sam, WEDNESDAY, time(10, 0), now=NOW)
    thursday = session_on(sam, THURSDAY, time(10, 0), now=NOW)
    mine = book(people.ms1, wednesday)
    uid, sequence = mine.uid, mine.sequence
    bo = make_student(1)
    waiting = book(bo, wednesday, waitlist=True)
    assert waiting.status == Booking.Status.WAITLISTED
    old_rows = set(BookingEmail.objects.filter(booking=mine).values_list("pk", flat=True))
    assert len(old_rows) == 3
    later = NOW + timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        moved = booking_move(user=people.ms1, booking=mine, to=thursday, now=later)
    assert moved.pk == mine.pk and fresh(moved).uid == uid
    assert fresh(moved).sequence == sequence + 1
    assert (moved.session_id, moved.starts_at, moved.ends_at) == (thursday.pk, thursday.starts_at, thursday.ends_at)
    assert set(BookingEmail.objects.filter(pk__in=old_rows).values_list("status", flat=True)) == {"cancelled"}
    new_rows = {
        row.kind: row for row in BookingEmail.objects.filter(booking=mine, status="scheduled").exclude(pk__in=old_rows)
    }
    assert {kind: row.send_at for kind, row in new_rows.items()} == {
        "confirmation": later,
        "reminder_day": thursday.starts_at - timedelta(hours=24),
        "reminder_hour": thursday.starts_at - timedelta(hours=1),
    }
    assert {row.booking_sequence for row in new_rows.values()} == {moved.sequence}
    promoted = fresh(waiting)
    assert (promoted.status, promoted.seat, promoted.promoted_at) == (Booking.Status.BOOKED, 1, later)
    assert BookingEmail.objects.filter(booking=promoted, status="scheduled").count() == 3
    assert told(bo, "tutoring.promoted") == 1
    assert held(wednesday) == [1] and held(thursday) == [1]


def test_a_move_to_a_full_session_or_inside_the_window_is_refused_and_changes_nothing(people, sam):
    wednesday = session_on(sam, WEDNESDAY, time(10, 0), now=NOW)
    thursday = session_on(sam, THURSDAY, time(10, 0), now=NOW)
    mine = book(people.ms1, wednesday)
    book(make_student(1), thursday)
    with pytest.raises(HuddleError, match="That session is full"):
        booking_move(user=people.ms1, booking=mine, to=thursday, now=NOW)
    friday = session_on(sam, THURSDAY + timedelta(days=1), time(10, 0), now=NOW)
    with pytest.raises(HuddleError, match="moved up to 24 hours before"):
        booking_move(user=people.ms1, booking=mine, to=friday, now=wednesday.starts_at - timedelta(hours=23))
    assert fresh(mine).session_id == wednesday.pk and fresh(mine).sequence == mine.sequence
    assert held(thursday) == [1] and held(friday) == []


# --- The waitlist ------------------------------------------------------------------------------


def test_promotion_skips_someone_who_since_booked_an_overlapping_session_and_tells_them(
    people, sam, django_capture_on_commit_callbacks
):
    session = session_on(sam, WEDNESDAY, time(10, 0), now=NOW)
    mine = book(people.ms1, session)
    bo, cy = make_student(1), make_student(2)
    bo_waiting = book(bo, session, waitlist=True)
    cy_waiting = book(cy, session, waitlist=True, now=NOW + timedelta(minutes=1))
    elsewhere = session_on(make_tutor(make_student(3)), WEDNESDAY, time(10, 30), now=NOW)
    book(bo, elsewhere)  # Bo found another time that overlaps
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(user=people.ms1, booking=mine, now=NOW)
    skipped = fresh(bo_waiting)
    assert skipped.status == Booking.Status.CANCELLED and skipped.seat is None
    assert told(bo, "tutoring.waitlist_skipped") == 1 and told(bo, "tutoring.promoted") == 0
    assert Booking.objects.get(student=bo, session=elsewhere).status == Booking.Status.BOOKED
    promoted = fresh(cy_waiting)
    assert (promoted.status, promoted.seat) == (Booking.Status.BOOKED, 1)
    assert told(cy, "tutoring.promoted") == 1
    assert held(session) == [1]


def test_places_are_never_exceeded_through_bookings_changes_of_places_and_cancellations(people, sam):
    group = session_on(sam, WEDNESDAY, time(10, 0), capacity=2, now=NOW)
    alice, bo, cy, dee, eve = people.ms1, make_student(1), make_student(2), make_student(3), make_student(4)
    first = book(alice, group)
    second = book(bo, group)
    assert held(group) == [1, 2]
    with pytest.raises(HuddleError) as caught:
        book(cy, group)
    assert caught.value.message == LAST_PLACE
    book(cy, group, waitlist=True)
    book(dee, group, waitlist=True, now=NOW + timedelta(minutes=1))
    with pytest.raises(HuddleError, match="2 students already hold a place"):
        session_places_set(user=sam.person, session=group, capacity=1, now=NOW)
    session_places_set(user=sam.person, session=group, capacity=3, now=NOW)
    assert held(group) == [1, 2, 3]
    assert Booking.objects.get(student=cy, session=group).status == Booking.Status.BOOKED
    assert Booking.objects.get(student=dee, session=group).status == Booking.Status.WAITLISTED
    booking_cancel(user=alice, booking=first, now=NOW)
    assert held(group) == [1, 2, 3]  # Dee took Alice's seat
    booking_cancel(user=bo, booking=second, now=NOW)
    assert held(group) == [1, 3]
    session_places_set(user=sam.person, session=group, capacity=2, now=NOW)
    # Seats 1 and 3 are held in a session of 2: seat 2 is free-looking but there is no place.
    with pytest.raises(HuddleError) as caught:
        book(eve, group)
    assert caught.value.message == LAST_PLACE
    assert held(group) == [1, 3]


# --- Cancelling ----------------------------------------------------------------------------------


def test_cancelling_inside_the_window_is_late_outside_it_is_not(people, sam):
    wednesday = session_on(sam, WEDNESDAY, time(18, 0), now=NOW)
    thursday = session_on(sam, THURSDAY, time(18, 0), now=NOW)
    late = book(people.ms1, wednesday)
    on_time = book(people.ms1, thursday)
    bo = make_student(1)
    waiting = book(bo, wednesday, waitlist=True)
    booking_cancel(user=bo, booking=waiting, now=wednesday.starts_at - timedelta(hours=2))
    booking_cancel(user=people.ms1, booking=late, now=wednesday.starts_at - timedelta(hours=23, minutes=59))
    booking_cancel(user=people.ms1, booking=on_time, now=thursday.starts_at - timedelta(hours=24))
    assert fresh(late).cancelled_late is True
    assert fresh(on_time).cancelled_late is False
    assert fresh(waiting).cancelled_late is False  # a waitlist spot held no place
    with pytest.raises(HuddleError, match="Only the student who booked"):
        booking_cancel(user=bo, booking=on_time, now=NOW)


def test_booking_again_after_a_late_cancellation_keeps_the_late_cancellation_on_record(people, sam):
    """A new booking is a new row: rebooking never wipes the record a no-show policy and reports count on."""
    wednesday = session_on(sam, WEDNESDAY, time(18, 0), now=NOW)
    first = book(people.ms1, wednesday)
    booking_cancel(user=people.ms1, booking=first, now=wednesday.starts_at - timedelta(hours=3))
    again = book(people.ms1, wednesday, now=wednesday.starts_at - timedelta(hours=13))
    assert again.pk != first.pk and again.uid != first.uid
    assert fresh(first).status == Booking.Status.CANCELLED and fresh(first).cancelled_late is True
    assert fresh(again).status == Booking.Status.BOOKED
    with pytest.raises(HuddleError, match="You already booked this session"):
        book(people.ms1, wednesday, now=wednesday.starts_at - timedelta(hours=13))


def test_a_tutor_cancelling_a_session_tells_every_student_and_marks_their_bookings(
    people, sam, django_capture_on_commit_callbacks
):
    group = session_on(sam, WEDNESDAY, time(10, 0), capacity=2, now=NOW)
    bo, cy = make_student(1), make_student(2)
    booked = [book(people.ms1, group), book(bo, group)]
    waiting = book(cy, group, waitlist=True)
    with pytest.raises(HuddleError, match="Only the tutor or a coordinator"):
        session_cancel(user=people.ms1, session=group, now=NOW)
    sequence = Session.objects.get(pk=group.pk).sequence
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = session_cancel(user=sam.person, session=group, now=NOW)
    assert cancelled.status == Session.Status.CANCELLED and cancelled.sequence == sequence + 1
    for before in [*booked, waiting]:
        after = fresh(before)
        assert (after.status, after.seat, after.cancelled_by_tutor) == (Booking.Status.CANCELLED, None, True)
        assert after.sequence == before.sequence + 1 and after.cancelled_at == NOW
        assert told(after.student, "tutoring.session_cancelled") == 1
    for before in booked:
        rows = dict(BookingEmail.objects.filter(booking=before).values_list("kind", "status"))
        assert rows["cancellation"] == "scheduled"
        assert rows["reminder_day"] == rows["reminder_hour"] == "cancelled"
    assert not BookingEmail.objects.filter(booking=waiting).exists()
    assert held(group) == []
