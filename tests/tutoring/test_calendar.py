"""Tutoring in the personal calendar feed (``/calendar/<secret>.ics``), read over HTTP without a session.

A student's booking is an event with two alarms (24 h and 1 h before); a tutor's
booked session is one too. The UID is for life: a moved booking is the same
event with a higher SEQUENCE, a cancelled one stays, marked cancelled.
"""

from datetime import time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from huddle.home.feed import feed_for
from huddle.lib.urls import site_host
from huddle.tutoring.bookings.services import booking_cancel, booking_create, booking_move, session_cancel
from huddle.tutoring.models import Booking
from tests.personas import Personas
from tests.tutoring.factories import make_session, make_student, make_tutor, topic

pytestmark = pytest.mark.django_db


def feed_events(person) -> dict[str, object]:
    """The person's feed as their calendar app reads it: no session, only the secret address."""
    response = Client().get(reverse("calendar_feed", args=[feed_for(user_id=person.pk).token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return {str(event["UID"]): event for event in Calendar.from_ical(response.content).walk("VEVENT")}


def booking_uid(booking: Booking) -> str:
    return f"huddle-tutoring-booking-{booking.uid}@{site_host()}"


def alarms(event) -> list[timedelta]:
    return sorted(alarm.decoded("TRIGGER") for alarm in event.walk("VALARM"))


@pytest.fixture
def sam(people: Personas):
    return make_tutor(people.ms3)


def test_a_students_booking_is_an_event_with_reminders_a_day_and_an_hour_before(people, sam):
    session = make_session(sam)
    booking = booking_create(student=people.ms1, session=session, topic=topic(), note="Murmurs")
    events = feed_events(people.ms1)
    event = events[booking_uid(booking)]
    assert event.decoded("DTSTART") == session.starts_at and event.decoded("DTEND") == session.ends_at
    assert str(event["SUMMARY"]) == "Tutoring: Cardiology with Sam Sato"
    assert str(event["STATUS"]) == "CONFIRMED" and int(event["SEQUENCE"]) == 0
    assert str(event["LOCATION"]) == "https://video.school.test/room"
    assert str(event["DESCRIPTION"]) == "Murmurs"
    assert alarms(event) == [timedelta(hours=-24), timedelta(hours=-1)]
    assert not any(uid.startswith("huddle-tutoring-session-") for uid in events)  # Alice tutors nothing


def test_a_tutors_booked_session_is_in_their_feed_and_an_empty_one_is_not(people, sam):
    booked = make_session(sam, capacity=3)
    empty = make_session(sam, at=time(20, 0))
    booking_create(student=people.ms1, session=booked, topic=topic())
    booking_create(student=make_student(1), session=booked, topic=topic())
    events = feed_events(sam.person)
    assert f"huddle-tutoring-session-{empty.uid}@{site_host()}" not in events
    event = events[f"huddle-tutoring-session-{booked.uid}@{site_host()}"]
    assert event.decoded("DTSTART") == booked.starts_at
    assert str(event["SUMMARY"]) == "Tutoring session (2 booked)"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert alarms(event) == [timedelta(hours=-24), timedelta(hours=-1)]
    # Students' names and notes are not in the tutor's calendar.
    assert "Alice" not in str(event.to_ical())


def test_a_cancelled_booking_stays_marked_cancelled_with_a_higher_sequence_and_no_alarms(people, sam):
    booking = booking_create(student=people.ms1, session=make_session(sam), topic=topic())
    before = feed_events(people.ms1)[booking_uid(booking)]
    booking_cancel(user=people.ms1, booking=booking)
    after = feed_events(people.ms1)[booking_uid(booking)]
    assert str(before["STATUS"]) == "CONFIRMED" and str(after["STATUS"]) == "CANCELLED"
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert alarms(after) == []


def test_a_moved_booking_is_the_same_event_at_its_new_time(people, sam):
    first = make_session(sam)
    later = make_session(sam, at=time(20, 0))
    booking = booking_create(student=people.ms1, session=first, topic=topic())
    uid = booking_uid(booking)
    booking_move(user=people.ms1, booking=booking, to=later)
    events = feed_events(people.ms1)
    assert [key for key in events if key.startswith("huddle-tutoring-booking-")] == [uid]
    event = events[uid]
    assert event.decoded("DTSTART") == later.starts_at
    assert int(event["SEQUENCE"]) == 1 and str(event["STATUS"]) == "CONFIRMED"


def test_a_waitlist_spot_appears_once_it_becomes_a_place(people, sam):
    session = make_session(sam)
    first = booking_create(student=people.ms1, session=session, topic=topic())
    bo = make_student(1)
    waiting = booking_create(student=bo, session=session, topic=topic(), waitlist=True)
    assert booking_uid(waiting) not in feed_events(bo)
    booking_cancel(user=people.ms1, booking=first)
    event = feed_events(bo)[booking_uid(waiting)]
    assert str(event["STATUS"]) == "CONFIRMED" and int(event["SEQUENCE"]) == 1


def test_a_session_the_tutor_cancels_is_cancelled_in_both_calendars(people, sam):
    session = make_session(sam)
    booking = booking_create(student=people.ms1, session=session, topic=topic())
    uid = f"huddle-tutoring-session-{session.uid}@{site_host()}"
    booked = int(feed_events(sam.person)[uid]["SEQUENCE"])
    session_cancel(user=sam.person, session=session)
    mine = feed_events(people.ms1)[booking_uid(booking)]
    theirs = feed_events(sam.person)[uid]
    assert (str(mine["STATUS"]), int(mine["SEQUENCE"])) == ("CANCELLED", 1)
    assert (str(theirs["STATUS"]), int(theirs["SEQUENCE"])) == ("CANCELLED", booked + 1)
    assert alarms(mine) == alarms(theirs) == []


def test_a_session_whose_last_student_cancelled_leaves_the_tutors_calendar(people, sam):
    """Nobody is coming: the tutor's event turns cancelled with a higher sequence; a new booking revives it."""
    session = make_session(sam)
    uid = f"huddle-tutoring-session-{session.uid}@{site_host()}"
    booking = booking_create(student=people.ms1, session=session, topic=topic())
    booked = int(feed_events(sam.person)[uid]["SEQUENCE"])
    booking_cancel(user=people.ms1, booking=booking)
    gone = feed_events(sam.person)[uid]
    assert (str(gone["STATUS"]), int(gone["SEQUENCE"])) == ("CANCELLED", booked + 1)
    assert alarms(gone) == []
    booking_create(student=people.ms1, session=session, topic=topic())
    back = feed_events(sam.person)[uid]
    assert (str(back["STATUS"]), int(back["SEQUENCE"])) == ("CONFIRMED", booked + 2)
