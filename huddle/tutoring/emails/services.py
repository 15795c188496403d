"""The e-mails a booking owes, as rows: written with the booking, sent by tasks after commit.

A booking that becomes live schedules its confirmation (now) and two
reminders (24 h and 1 h before). A reminder whose time has already passed
is not written, so nothing arrives late. Moving a booking cancels the rows
still scheduled and writes new ones; cancelling it writes a cancellation
notice whose ``.ics`` removes the event from the student's calendar.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from huddle.tutoring.models import Booking, BookingEmail

REMINDERS = (
    (BookingEmail.Kind.REMINDER_DAY, timedelta(hours=24)),
    (BookingEmail.Kind.REMINDER_HOUR, timedelta(hours=1)),
)


def emails_schedule(*, booking: Booking, now: datetime | None = None) -> list[BookingEmail]:
    """Confirmation now and the reminders still ahead; earlier scheduled rows are cancelled first."""
    now = now or timezone.now()
    emails_cancel(booking=booking)
    rows = [BookingEmail(booking=booking, kind=BookingEmail.Kind.CONFIRMATION, send_at=now)]
    for kind, before in REMINDERS:
        send_at = booking.starts_at - before
        if send_at > now:
            rows.append(BookingEmail(booking=booking, kind=kind, send_at=send_at))
    for row in rows:
        row.booking_sequence = booking.sequence
    created = BookingEmail.objects.bulk_create(rows)
    _enqueue_after_commit(created)
    return created


def emails_cancel(*, booking: Booking) -> int:
    """Cancel what is still scheduled (a moved or cancelled booking's old reminders)."""
    return BookingEmail.objects.filter(booking=booking, status=BookingEmail.Status.SCHEDULED).update(
        status=BookingEmail.Status.CANCELLED
    )


def cancellation_schedule(*, booking: Booking, now: datetime | None = None) -> BookingEmail:
    """Cancel the reminders and tell the student, with an ``.ics`` that removes the event."""
    emails_cancel(booking=booking)
    row = BookingEmail.objects.create(
        booking=booking,
        kind=BookingEmail.Kind.CANCELLATION,
        send_at=now or timezone.now(),
        booking_sequence=booking.sequence,
    )
    _enqueue_after_commit([row])
    return row


def _enqueue_after_commit(rows: list[BookingEmail]) -> None:
    from huddle.tutoring.emails.tasks import booking_email_enqueue

    due = [(row.pk, row.send_at) for row in rows]

    def enqueue() -> None:
        for pk, at in due:
            booking_email_enqueue(email_id=pk, send_at=at)

    transaction.on_commit(enqueue)
