"""The core writes end to end: a session booked, full, waitlisted, cancelled and promoted."""

import pytest

from huddle.lib.errors import HuddleError
from huddle.tutoring.bookings.services import booking_cancel, booking_create
from huddle.tutoring.models import Booking, BookingEmail
from tests.personas import Personas, make_person
from tests.tutoring.factories import make_session, make_tutor, topic

pytestmark = pytest.mark.django_db


def test_last_place_then_waitlist_then_promotion(people: Personas) -> None:
    tutor = make_tutor(people.ms3)
    session = make_session(tutor)
    other = make_person("bo@school.test", "Bo", "Berg", ["student"], 1)
    first = booking_create(student=people.ms1, session=session, topic=topic())
    assert first.status == Booking.Status.BOOKED and first.seat == 1
    with pytest.raises(HuddleError, match="last place"):
        booking_create(student=other, session=session, topic=topic())
    waiting = booking_create(student=other, session=session, topic=topic(), waitlist=True)
    assert waiting.status == Booking.Status.WAITLISTED
    booking_cancel(user=people.ms1, booking=first)
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.BOOKED and waiting.seat == 1
    kinds = set(BookingEmail.objects.filter(booking=waiting).values_list("kind", flat=True))
    assert {"confirmation", "reminder_day", "reminder_hour"} <= kinds


def test_confirmation_email_carries_ics(people: Personas, mailoutbox, django_capture_on_commit_callbacks) -> None:
    tutor = make_tutor(people.ms3)
    session = make_session(tutor)
    with django_capture_on_commit_callbacks(execute=True):
        booking_create(student=people.ms1, session=session, topic=topic())
    sent = BookingEmail.objects.get(kind="confirmation")
    assert sent.status == "sent", sent.status
    message = next(m for m in mailoutbox if m.to == [people.ms1.email])
    assert "Cardiology" in message.subject
    name, content, _mime = message.attachments[0]
    assert name == "session.ics" and "BEGIN:VEVENT" in str(content)
