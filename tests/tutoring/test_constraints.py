"""The database refuses double-booking below the services.

On PostgreSQL two exclusion constraints (migration 0002) refuse a tutor two
overlapping live sessions and a student two overlapping booked places, even
from a write that skips every service check; SQLite has no such constraint
(those tests skip there), and the services' guard, run under SQLite's writer
lock, gives the person a clear message instead. On both databases a seat is
held once per session.
"""

from datetime import date, time, timedelta

import pytest
from django.db import IntegrityError, connection, transaction

from huddle.lib.errors import HuddleError
from huddle.tutoring.bookings.guard import clash_as_message
from huddle.tutoring.bookings.services import booking_create
from huddle.tutoring.models import Booking, Modality, Session
from tests.personas import Personas
from tests.tutoring.factories import aware, make_student, make_tutor, session_on, topic

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="exclusion constraints exist on PostgreSQL only; on SQLite the services' guard is tested below",
)

MONDAY = date(2031, 1, 6)
NOW = aware(MONDAY, time(9, 0))
WEDNESDAY = MONDAY + timedelta(days=2)


@pytest.fixture
def sam(people: Personas):
    return make_tutor(people.ms3)


def raw_session(like: Session, *, shift: timedelta, status: str = Session.Status.OPEN) -> Session:
    """A session of the same tutor written straight to the table, past every service check."""
    return Session.objects.create(
        tutor=like.tutor,
        starts_at=like.starts_at + shift,
        ends_at=like.ends_at + shift,
        time_zone=like.time_zone,
        modality=Modality.VIRTUAL,
        meeting_link="https://video.school.test/raw",
        status=status,
    )


def raw_booking(student, session: Session, *, seat: int | None = 1, status: str = Booking.Status.BOOKED) -> Booking:
    return Booking.objects.create(
        session=session,
        student=student,
        topic=topic(),
        status=status,
        seat=seat,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
    )


def refused_by_the_database(write) -> str:
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        write()
    return str(caught.value)


@postgresql_only
def test_an_overlapping_live_session_of_the_same_tutor_is_refused_by_the_database(sam):
    first = session_on(sam, WEDNESDAY, time(10, 0), now=NOW)
    error = refused_by_the_database(lambda: raw_session(first, shift=timedelta(minutes=30)))
    assert "tutoring_session_no_overlap" in error
    refused_by_the_database(lambda: raw_session(first, shift=timedelta(0)))
    # Touching is not overlapping; a cancelled session holds no time; another tutor's is theirs.
    raw_session(first, shift=timedelta(hours=1))
    raw_session(first, shift=timedelta(minutes=-30), status=Session.Status.CANCELLED)
    other = session_on(make_tutor(make_student(1)), WEDNESDAY, time(10, 0), now=NOW)
    assert other.starts_at == first.starts_at


@postgresql_only
def test_an_overlapping_booked_place_of_the_same_student_is_refused_by_the_database(people, sam):
    ten = session_on(sam, WEDNESDAY, time(10, 0), now=NOW)
    other = make_tutor(make_student(1))
    half_past = session_on(other, WEDNESDAY, time(10, 30), now=NOW)
    raw_booking(people.ms1, ten)
    error = refused_by_the_database(lambda: raw_booking(people.ms1, half_past))
    assert "tutoring_booking_no_overlap" in error
    # A waitlist spot holds no time, nor does a cancelled booking; another student is another student.
    raw_booking(people.ms1, half_past, seat=None, status=Booking.Status.WAITLISTED)
    raw_booking(make_student(2), half_past)


@postgresql_only
def test_a_conditional_update_into_booked_is_refused_by_the_database_too(people, sam):
    """Promotion and moves are updates, not inserts: the constraint guards them the same way."""
    ten = session_on(sam, WEDNESDAY, time(10, 0), now=NOW)
    half_past = session_on(make_tutor(make_student(1)), WEDNESDAY, time(10, 30), now=NOW)
    raw_booking(people.ms1, ten)
    waiting = raw_booking(people.ms1, half_past, seat=None, status=Booking.Status.WAITLISTED)
    refused_by_the_database(
        lambda: Booking.objects.filter(pk=waiting.pk, status="waitlisted").update(status="booked", seat=1)
    )


@postgresql_only
def test_the_guard_turns_the_databases_refusal_into_a_message(people, sam):
    ten = session_on(sam, WEDNESDAY, time(10, 0), now=NOW)
    half_past = session_on(make_tutor(make_student(1)), WEDNESDAY, time(10, 30), now=NOW)
    raw_booking(people.ms1, ten)
    with pytest.raises(HuddleError) as caught, clash_as_message():
        raw_booking(people.ms1, half_past)
    assert caught.value.message == "You already have a booking at this time."
    with pytest.raises(HuddleError) as caught, clash_as_message():
        raw_session(ten, shift=timedelta(minutes=15))
    assert caught.value.message == "The tutor already has a session at this time."
    assert Booking.objects.filter(student=people.ms1).count() == 1  # the transaction is still usable


def test_a_seat_is_held_once_per_session(people, sam):
    group = session_on(sam, WEDNESDAY, time(10, 0), capacity=3, now=NOW)
    raw_booking(people.ms1, group, seat=1)
    error = refused_by_the_database(lambda: raw_booking(make_student(1), group, seat=1))
    assert "seat" in error or "UNIQUE" in error
    raw_booking(make_student(2), group, seat=2)
    with pytest.raises(HuddleError) as caught, clash_as_message():
        raw_booking(make_student(3), group, seat=2)
    assert caught.value.message == "That place was just taken; please try again."


def test_a_held_place_has_a_seat_from_one_and_a_waitlist_spot_has_none(people, sam):
    session = session_on(sam, WEDNESDAY, time(10, 0), now=NOW)
    refused_by_the_database(lambda: raw_booking(people.ms1, session, seat=1, status=Booking.Status.WAITLISTED))
    refused_by_the_database(lambda: raw_booking(people.ms1, session, seat=0))


def test_a_booked_place_without_a_seat_is_refused_by_the_database(people, sam):
    session = session_on(sam, WEDNESDAY, time(10, 0), now=NOW)
    refused_by_the_database(lambda: raw_booking(people.ms1, session, seat=None))


def test_one_live_booking_row_per_student_and_session(people, sam):
    """Cancelled rows stay as the record (a late cancellation is counted); a second live row is refused."""
    group = session_on(sam, WEDNESDAY, time(10, 0), capacity=3, now=NOW)
    raw_booking(people.ms1, group, seat=None, status=Booking.Status.CANCELLED)
    raw_booking(people.ms1, group, seat=1)
    refused_by_the_database(lambda: raw_booking(people.ms1, group, seat=2))


def test_the_services_guard_names_the_clash_on_every_database(people, sam):
    """On SQLite this is the guard (writers serialised); on PostgreSQL it speaks before the constraint."""
    ten = session_on(sam, WEDNESDAY, time(10, 0), now=NOW)
    other = make_tutor(make_student(1))
    half_past = session_on(other, WEDNESDAY, time(10, 30), now=NOW)
    booking_create(student=people.ms1, session=ten, topic=topic(), now=NOW)
    with pytest.raises(HuddleError) as caught:
        booking_create(student=people.ms1, session=half_past, topic=topic(), now=NOW)
    assert (caught.value.message, caught.value.field) == ("You already have a booking at this time.", "session")
    with pytest.raises(HuddleError) as caught:
        session_on(sam, WEDNESDAY, time(10, 30), now=NOW)
    assert caught.value.message == "You already have a session at this time."
    assert Session.objects.filter(tutor=sam).count() == 1
    assert Booking.objects.filter(student=people.ms1).count() == 1
