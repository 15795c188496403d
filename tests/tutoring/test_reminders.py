"""Reminders are rows with a send time and a status, sent by the sweep through a real SMTP server.

A booking owes a confirmation now and reminders 24 h and 1 h before; one whose
time has already passed is never written, so nothing arrives late. A move
replaces the scheduled rows; a cancellation cancels them and sends a notice
whose ``.ics`` marks the event cancelled. Times are fixed (January 2031) and
the sweep is given its ``now``.
"""

from datetime import UTC, date, time, timedelta
from email.message import EmailMessage

import pytest
from icalendar import Calendar

from huddle.lib.urls import site_host
from huddle.tutoring.bookings.services import booking_cancel, booking_create, booking_move
from huddle.tutoring.emails.tasks import booking_email_send_now, sweep_now
from huddle.tutoring.models import Booking, BookingEmail
from tests.personas import Personas
from tests.smtp import SmtpSink, smtp_sink  # noqa: F401 (fixture)
from tests.tutoring.factories import aware, make_tutor, rules_set, session_on, topic

pytestmark = pytest.mark.django_db

MONDAY = date(2031, 1, 6)
NOW = aware(MONDAY, time(9, 0))
WEDNESDAY, THURSDAY = MONDAY + timedelta(days=2), MONDAY + timedelta(days=3)
DAY, HOUR = timedelta(hours=24), timedelta(hours=1)


@pytest.fixture
def sink(smtp_sink: SmtpSink) -> SmtpSink:  # noqa: F811 (the fixture imported above)
    """The real SMTP server on 127.0.0.1 that Django's SMTP backend sends to for this test."""
    return smtp_sink


@pytest.fixture
def sam(people: Personas):
    return make_tutor(people.ms3)


@pytest.fixture
def booking(people, sam) -> Booking:
    """Alice's booking on Wednesday 18:00, made on Monday 09:00 (57 hours ahead)."""
    session = session_on(sam, WEDNESDAY, time(18, 0), now=NOW)
    return booking_create(student=people.ms1, session=session, topic=topic(), now=NOW)


def rows(booking: Booking, **filters) -> dict[str, BookingEmail]:
    found = BookingEmail.objects.filter(booking=booking, **filters).order_by("pk")
    return {row.kind: row for row in found}


def ics_of(message: EmailMessage):
    (attachment,) = [part for part in message.iter_attachments() if part.get_filename() == "session.ics"]
    assert attachment.get_content_type() == "text/calendar"
    content = attachment.get_content()
    (event,) = Calendar.from_ical(content if isinstance(content, bytes) else content.encode()).walk("VEVENT")
    return event


def test_a_booking_schedules_a_confirmation_now_and_reminders_a_day_and_an_hour_before(booking):
    scheduled = rows(booking)
    assert {kind: (row.send_at, row.status, row.booking_sequence) for kind, row in scheduled.items()} == {
        "confirmation": (NOW, "scheduled", 0),
        "reminder_day": (booking.starts_at - DAY, "scheduled", 0),
        "reminder_hour": (booking.starts_at - HOUR, "scheduled", 0),
    }


def test_a_booking_three_hours_ahead_gets_no_day_reminder_and_nothing_is_sent_late(people, sam, sink):
    rules_set(lead_time_hours=1)
    session = session_on(sam, WEDNESDAY, time(18, 0), now=NOW)
    booked = booking_create(student=people.ms1, session=session, topic=topic(), now=session.starts_at - 3 * HOUR)
    assert set(rows(booked)) == {"confirmation", "reminder_hour"}
    assert sweep_now(now=session.starts_at - 3 * HOUR) == 1
    assert sweep_now(now=session.starts_at - HOUR) == 1
    booked_subject, reminder_subject = (m["Subject"] for m in sink.messages)
    assert "Booked: Cardiology tutoring, Wed 8 Jan, 18:00" in booked_subject
    assert "In an hour: Cardiology tutoring at 18:00" in reminder_subject


def test_a_booking_inside_the_hour_gets_only_its_confirmation(people, sam):
    rules_set(lead_time_hours=0)
    session = session_on(sam, WEDNESDAY, time(18, 0), now=NOW)
    booked = booking_create(
        student=people.ms1, session=session, topic=topic(), now=session.starts_at - timedelta(minutes=50)
    )
    assert set(rows(booked)) == {"confirmation"}


def test_the_sweep_sends_each_row_at_its_time_through_smtp_with_the_ics(booking, sink: SmtpSink):
    assert sweep_now(now=NOW) == 1
    assert sweep_now(now=booking.starts_at - DAY - timedelta(minutes=1)) == 0  # not yet
    assert sweep_now(now=booking.starts_at - DAY) == 1
    assert sweep_now(now=booking.starts_at - HOUR + timedelta(minutes=5)) == 1
    assert [r[0] for r in sink.recipients] == ["alice@school.test"] * 3
    subjects = [m["Subject"] for m in sink.messages]
    assert "Booked: Cardiology tutoring, Wed 8 Jan, 18:00" in subjects[0]
    assert "Tomorrow: Cardiology tutoring, Wed 8 Jan, 18:00" in subjects[1]
    assert "In an hour: Cardiology tutoring at 18:00" in subjects[2]
    uid = f"huddle-tutoring-booking-{booking.uid}@{site_host()}"
    for message in sink.messages:
        event = ics_of(message)
        assert str(event["UID"]) == uid
        assert int(event["SEQUENCE"]) == 0
        assert event.decoded("DTSTART") == booking.starts_at == aware(WEDNESDAY, time(18, 0))
        assert event.decoded("DTSTART").astimezone(UTC).hour == 23  # 18:00 EST
        assert str(event["STATUS"]) == "CONFIRMED"
    assert set(BookingEmail.objects.values_list("status", flat=True)) == {"sent"}
    assert all(row.sent_at is not None for row in BookingEmail.objects.all())


def test_a_resend_after_a_confirmed_send_sends_nothing(booking, sink: SmtpSink):
    confirmation = rows(booking)["confirmation"]
    assert booking_email_send_now(email_id=confirmation.pk, now=NOW) is True
    assert booking_email_send_now(email_id=confirmation.pk, now=NOW) is False
    assert sweep_now(now=NOW + timedelta(minutes=1)) == 0
    assert len(sink.messages) == 1
    confirmation.refresh_from_db()
    assert (confirmation.status, confirmation.email_attempts) == ("sent", 1)


def test_a_reminder_found_after_the_session_started_is_cancelled_not_sent(booking, sink: SmtpSink):
    assert sweep_now(now=NOW) == 1  # the confirmation
    assert sweep_now(now=booking.starts_at + timedelta(minutes=5)) == 0  # the worker was down for two days
    assert len(sink.messages) == 1
    left = rows(booking)
    assert (left["reminder_day"].status, left["reminder_hour"].status) == ("cancelled", "cancelled")
    assert left["reminder_day"].sent_at is None and left["reminder_hour"].sent_at is None


def test_a_move_cancels_the_scheduled_rows_and_writes_new_ones_and_only_those_are_sent(
    people, sam, booking, sink: SmtpSink
):
    thursday = session_on(sam, THURSDAY, time(18, 0), now=NOW)
    old = rows(booking)
    moved_at = NOW + HOUR
    booking_move(user=people.ms1, booking=booking, to=thursday, now=moved_at)
    assert {row.status for row in BookingEmail.objects.filter(pk__in=[r.pk for r in old.values()])} == {"cancelled"}
    new = rows(booking, status="scheduled")
    assert {kind: (row.send_at, row.booking_sequence) for kind, row in new.items()} == {
        "confirmation": (moved_at, 1),
        "reminder_day": (thursday.starts_at - DAY, 1),
        "reminder_hour": (thursday.starts_at - HOUR, 1),
    }
    # The old Wednesday reminders' times come and go: nothing; the new ones are sent.
    assert sweep_now(now=moved_at) == 1
    assert sweep_now(now=aware(WEDNESDAY, time(18, 0))) == 1  # Thursday's day-before reminder; Wednesday's are void
    assert sweep_now(now=thursday.starts_at - HOUR) == 1
    assert len(sink.messages) == 3
    assert "moved" in sink.messages[0].get_body(preferencelist=("plain",)).get_content()
    for message in sink.messages:
        event = ics_of(message)
        assert int(event["SEQUENCE"]) == 1
        assert event.decoded("DTSTART") == thursday.starts_at


def test_a_cancellation_cancels_the_reminders_and_sends_a_notice_whose_ics_cancels_the_event(
    people, booking, sink: SmtpSink
):
    sweep_now(now=NOW)
    cancelled_at = NOW + 2 * HOUR
    booking_cancel(user=people.ms1, booking=booking, now=cancelled_at)
    left = rows(booking)
    assert (left["reminder_day"].status, left["reminder_hour"].status) == ("cancelled", "cancelled")
    assert (left["cancellation"].status, left["cancellation"].send_at) == ("scheduled", cancelled_at)
    assert sweep_now(now=cancelled_at) == 1
    assert sweep_now(now=booking.starts_at - HOUR) == 0
    confirmation, notice = sink.messages
    assert "Cancelled: Cardiology tutoring, Wed 8 Jan, 18:00" in notice["Subject"]
    before, after = ics_of(confirmation), ics_of(notice)
    assert str(after["UID"]) == str(before["UID"])
    assert str(after["STATUS"]) == "CANCELLED"
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert after.decoded("DTSTART") == booking.starts_at
    assert notice["Message-ID"] != confirmation["Message-ID"]
