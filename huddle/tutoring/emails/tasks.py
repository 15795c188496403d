"""Sending booking e-mails: each row by its own task at its time, plus a sweep for any task lost.

A row is sent only while it is still ``scheduled`` and its booking still says
what the row was written for (same calendar sequence, still live), so a
reminder of a moved or cancelled booking is never sent. A reminder found
after its session began (a worker down for hours) is cancelled, not sent
late. Claim, send and confirm follow ``huddle/lib/mail.py``.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from huddle.lib.calendar import calendar_bytes
from huddle.lib.chains import chain_ensure
from huddle.lib.i18n import speaking
from huddle.lib.mail import email_send_confirmed, stable_headers
from huddle.lib.urls import absolute_url
from huddle.lib.zones import zone_of
from huddle.tutoring.calendar import booking_entry
from huddle.tutoring.models import Booking, BookingEmail
from huddle.worker.services import task_email_claim

SWEEP_EVERY = timedelta(minutes=15)


def booking_email_enqueue(*, email_id: int, send_at: datetime) -> None:
    """Queue the row's task for its time (the immediate test backend sends due rows at once)."""
    backend = booking_email_send.get_backend()
    if backend.supports_defer and send_at > timezone.now():
        booking_email_send.using(run_after=send_at).enqueue(email_id)
        chain_ensure(booking_email_sweep)
    elif send_at <= timezone.now():
        booking_email_send.enqueue(email_id)


def _still_true(row: BookingEmail, now: datetime) -> bool:
    booking = row.booking
    if booking.sequence != row.booking_sequence:
        return False
    if row.kind == BookingEmail.Kind.CANCELLATION:
        return booking.status == Booking.Status.CANCELLED
    if booking.status != Booking.Status.BOOKED:
        return False
    return row.kind == BookingEmail.Kind.CONFIRMATION or now < booking.starts_at


def booking_email_send_now(*, email_id: int, now: datetime | None = None) -> bool:
    """Send one row if it is due and still true; cancel it if it no longer is."""
    now = now or timezone.now()
    rows = BookingEmail.objects.filter(pk=email_id, status=BookingEmail.Status.SCHEDULED, send_at__lte=now)
    row = rows.select_related("booking__session__tutor__person", "booking__student", "booking__topic").first()
    if row is None:
        return False
    if not _still_true(row, now):
        rows.update(status=BookingEmail.Status.CANCELLED)
        return False
    if not task_email_claim(rows=rows, sent_field="sent_at"):
        return False
    message = _message(row)
    email_send_confirmed(
        message=message,
        confirm=lambda: rows.update(status=BookingEmail.Status.SENT, sent_at=timezone.now()),
    )
    return True


def _message(row: BookingEmail) -> EmailMessage:
    booking = row.booking
    student = booking.student
    with speaking(student):
        context = {
            "row": row,
            "booking": booking,
            "session": booking.session,
            "tutor_name": booking.session.tutor.person.get_full_name(),
            "link": absolute_url(reverse("tutoring:booking", args=[booking.pk])),
            "zone": zone_of(student).key,
        }
        subject = render_to_string("tutoring/email_subject.txt", context).strip()
        body = render_to_string("tutoring/email.txt", context)
        entry = booking_entry(booking, viewer=student)
    message = EmailMessage(
        subject=f"[{settings.HUDDLE_SCHOOL_NAME}] {subject}",
        body=body,
        to=[student.email],
        headers=stable_headers("tutoring-email", row.pk, written_at=row.created_at),
    )
    message.attach("session.ics", calendar_bytes([entry]), "text/calendar; charset=utf-8")
    return message


@task()
def booking_email_send(email_id: int) -> bool:
    return booking_email_send_now(email_id=email_id)


def sweep_now(*, now: datetime | None = None) -> int:
    """Send every due row a lost task left behind; the send itself cancels reminders now too late."""
    now = now or timezone.now()
    due = BookingEmail.objects.filter(status=BookingEmail.Status.SCHEDULED, send_at__lte=now)
    return sum(booking_email_send_now(email_id=pk, now=now) for pk in list(due.values_list("pk", flat=True)[:500]))


@task()
def booking_email_sweep() -> int:
    sent = sweep_now()
    if booking_email_sweep.get_backend().supports_defer:
        booking_email_sweep.using(run_after=timezone.now() + SWEEP_EVERY).enqueue()
    return sent
