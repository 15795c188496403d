"""Each booking rule refuses with a message naming the rule and, where it lifts by itself, when.

All times are fixed (a January week of 2031, far from any clock change) and
every service is given that ``now``, so the school's days and weeks are the
same whenever the suite runs. The school's zone is America/New_York.
"""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

import pytest
from django.utils.formats import date_format

from huddle.lib.errors import HuddleError
from huddle.tutoring.bookings.services import booking_cancel, booking_create, booking_move
from huddle.tutoring.models import Booking
from huddle.tutoring.records.services import session_complete
from huddle.tutoring.rules import booking_refusal, rules_current
from tests.personas import Personas
from tests.tutoring.factories import aware, make_student, make_tutor, rules_set, session_on, topic

pytestmark = pytest.mark.django_db

MONDAY = date(2031, 1, 6)
NOW = aware(MONDAY, time(9, 0))  # Monday 09:00 in the school's zone
TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY = (MONDAY + timedelta(days=n) for n in range(1, 6))
NEXT_MONDAY = MONDAY + timedelta(days=7)


def shown(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


def refused(call: Callable[[], object]) -> str:
    with pytest.raises(HuddleError) as caught:
        call()
    assert caught.value.field == "session"
    return caught.value.message


def book(student, session, *, now: datetime = NOW) -> Booking:
    return booking_create(student=student, session=session, topic=topic(), now=now)


@pytest.fixture
def sam(people: Personas):
    return make_tutor(people.ms3)


def test_lead_time_refuses_a_session_starting_too_soon(people, sam):
    tonight = session_on(sam, MONDAY, time(18, 0), now=NOW)  # 9 hours ahead; the rule asks 12
    message = refused(lambda: book(people.ms1, tonight))
    assert message == "Sessions are booked at least 12 hours ahead; this one starts too soon."
    assert not Booking.objects.exists()
    assert book(people.ms1, tonight, now=NOW - timedelta(hours=3)).status == Booking.Status.BOOKED


def test_max_per_day_names_the_day_and_counts_only_live_bookings(people, sam):
    morning, afternoon, evening = (session_on(sam, WEDNESDAY, time(h, 0), now=NOW) for h in (10, 14, 18))
    first = book(people.ms1, morning)
    book(people.ms1, afternoon)
    message = refused(lambda: book(people.ms1, evening))
    assert message == f"You already have 2 bookings on {shown(WEDNESDAY)}, the most the school allows in a day."
    assert book(people.ms1, session_on(sam, THURSDAY, time(18, 0), now=NOW)).status == Booking.Status.BOOKED
    booking_cancel(user=people.ms1, booking=first, now=NOW)
    assert book(people.ms1, evening).status == Booking.Status.BOOKED  # lifts once a booking that day is cancelled


def test_the_school_day_is_the_schools_not_the_students(people, sam):
    """23:30 in New York is the next morning in Kolkata; it still counts for the school's Wednesday."""
    from tests.tutoring.factories import live_in

    alice = live_in(people.ms1, "Asia/Kolkata")
    rules_set(max_per_day=1)
    book(alice, session_on(sam, WEDNESDAY, time(9, 0), now=NOW))
    late = session_on(sam, WEDNESDAY, time(23, 0), now=NOW)
    assert shown(WEDNESDAY) in refused(lambda: book(alice, late))
    assert book(alice, session_on(sam, THURSDAY, time(0, 30), now=NOW)).status == Booking.Status.BOOKED


def test_max_per_week_names_the_week_and_when_the_next_one_opens(people, sam):
    for day in (TUESDAY, WEDNESDAY, THURSDAY, FRIDAY):
        book(people.ms1, session_on(sam, day, time(18, 0), now=NOW))
    saturday = session_on(sam, SATURDAY, time(18, 0), now=NOW)
    message = refused(lambda: book(people.ms1, saturday))
    assert message == (
        f"You already have 4 bookings in the week of {shown(MONDAY)}, the most the school allows in a week; "
        f"the next week opens on {shown(NEXT_MONDAY)}."
    )
    assert book(people.ms1, session_on(sam, NEXT_MONDAY, time(18, 0), now=NOW)).status == Booking.Status.BOOKED


def test_tutor_hours_count_a_group_session_once(people, sam):
    rules_set(max_tutor_hours_per_week=2)
    group = session_on(sam, WEDNESDAY, time(10, 0), minutes=120, capacity=3, now=NOW)
    book(people.ms1, group)
    bo = make_student(1)
    assert book(bo, group).status == Booking.Status.BOOKED  # two students, still two hours of the tutor's
    thursday = session_on(sam, THURSDAY, time(18, 0), now=NOW)
    message = refused(lambda: book(make_student(2), thursday))
    assert message == f"This tutor has reached the school's limit of 2 booked hours in the week of {shown(MONDAY)}."
    next_week = session_on(sam, NEXT_MONDAY + timedelta(days=1), time(18, 0), now=NOW)
    assert book(make_student(3), next_week).status == Booking.Status.BOOKED
    assert book(make_student(4), group).status == Booking.Status.BOOKED  # a third in the group adds no hours


def test_no_back_to_back_refuses_a_session_touching_another_only_when_set(people, sam):
    other = make_tutor(make_student(1))
    mine = session_on(sam, WEDNESDAY, time(10, 0), now=NOW)
    right_after = session_on(other, WEDNESDAY, time(11, 0), now=NOW)
    right_before = session_on(other, WEDNESDAY, time(9, 0), now=NOW)
    with_a_break = session_on(other, WEDNESDAY, time(12, 30), now=NOW)
    book(people.ms1, mine)
    assert booking_refusal(student=people.ms1, session=right_after, rules=rules_current(), now=NOW) == ""
    rules_set(no_back_to_back=True)
    expected = "The school asks for a break between sessions: you have a booking right before or after this one."
    assert refused(lambda: book(people.ms1, right_after)) == expected
    assert refused(lambda: book(people.ms1, right_before)) == expected
    assert book(people.ms1, with_a_break).status == Booking.Status.BOOKED


def _no_shows(sam, student, days_before_now: list[int]) -> None:
    """The student booked and missed a session ``n`` days before NOW, for each ``n``."""
    for n in days_before_now:
        day = MONDAY - timedelta(days=n)
        earlier = aware(day, time(9, 0)) - timedelta(days=7)
        session = session_on(sam, day, time(18, 0), now=earlier)
        booking_create(student=student, session=session, topic=topic(), now=earlier)
        session_complete(user=sam.person, session=session, minutes=60, attended=set(), now=aware(day, time(19, 0)))
    assert Booking.objects.filter(student=student, status=Booking.Status.NO_SHOW).count() == len(days_before_now)


def test_two_no_shows_in_the_term_suspend_booking_until_the_last_plus_fourteen_days(people, sam):
    _no_shows(sam, people.ms1, [40, 10])  # the last on Friday 27 December 2030
    lifts = MONDAY - timedelta(days=10) + timedelta(days=14)
    assert lifts == FRIDAY
    later = session_on(sam, MONDAY + timedelta(days=14), time(18, 0), now=NOW)
    message = refused(lambda: book(people.ms1, later))
    assert message == f"Booking is paused after 2 no-shows this term; you can book again from {shown(lifts)}."
    assert shown(lifts) in refused(lambda: book(people.ms1, later, now=aware(THURSDAY, time(23, 30))))
    assert book(people.ms1, later, now=aware(FRIDAY, time(0, 30))).status == Booking.Status.BOOKED


def test_one_no_show_or_an_old_one_does_not_suspend(people, sam):
    _no_shows(sam, people.ms1, [130, 10])  # the first is outside the 120-day term
    later = session_on(sam, WEDNESDAY, time(18, 0), now=NOW)
    assert book(people.ms1, later).status == Booking.Status.BOOKED


def test_a_move_does_not_count_against_the_day_limit(people, sam):
    book(people.ms1, session_on(sam, WEDNESDAY, time(10, 0), now=NOW))
    afternoon = book(people.ms1, session_on(sam, WEDNESDAY, time(14, 0), now=NOW))
    evening = session_on(sam, WEDNESDAY, time(18, 0), now=NOW)
    moved = booking_move(user=people.ms1, booking=afternoon, to=evening, now=NOW)
    assert moved.session_id == evening.pk and moved.status == Booking.Status.BOOKED


def test_a_move_does_not_count_against_the_week_limit(people, sam):
    held = [book(people.ms1, session_on(sam, day, time(18, 0), now=NOW)) for day in (TUESDAY, WEDNESDAY, THURSDAY)]
    held.append(book(people.ms1, session_on(sam, FRIDAY, time(18, 0), now=NOW)))
    saturday = session_on(sam, SATURDAY, time(18, 0), now=NOW)
    assert booking_move(user=people.ms1, booking=held[-1], to=saturday, now=NOW).session_id == saturday.pk


def test_a_move_frees_the_tutors_hours_it_leaves_unless_someone_else_still_holds_them(people, sam):
    rules_set(max_tutor_hours_per_week=1)
    wednesday = session_on(sam, WEDNESDAY, time(10, 0), now=NOW)
    thursday = session_on(sam, THURSDAY, time(10, 0), capacity=2, now=NOW)
    friday = session_on(sam, FRIDAY, time(10, 0), now=NOW)
    mine = book(people.ms1, wednesday)
    assert booking_move(user=people.ms1, booking=mine, to=thursday, now=NOW).session_id == thursday.pk
    book(make_student(1), thursday)  # Bo joins the group: still one hour of the tutor's
    message = refused(lambda: booking_move(user=people.ms1, booking=mine, to=friday, now=NOW))
    assert message.startswith("This tutor has reached the school's limit of 1 booked hour")
    assert shown(MONDAY) in message


def test_a_move_next_to_its_own_old_time_is_not_back_to_back(people, sam):
    rules_set(no_back_to_back=True)
    ten = book(people.ms1, session_on(sam, WEDNESDAY, time(10, 0), now=NOW))
    eleven = session_on(sam, WEDNESDAY, time(11, 0), now=NOW)
    assert booking_move(user=people.ms1, booking=ten, to=eleven, now=NOW).session_id == eleven.pk
