"""Background e-mail: run by ``manage.py db_worker``, never in a web request.

Every e-mail here is sent once — or, if the worker dies in the instant
between the mail server accepting it and us recording that, sent once more as
the *same* message. Exactly-once over SMTP cannot be promised; this is the
honest next best (the mechanics are in ``huddle/lib/mail.py``):

- **claim**: the row is claimed for this task in a committed transaction
  before any SMTP traffic (the task's lease is renewed in the same
  transaction); a claimed row that never gets confirmed is *in doubt*;
- **send**: with a ``Message-ID`` derived from the row (a notification's id
  and creation time, a digest's schedule row) and, for a notification, its
  creation time as ``Date``, so a resend is the same message and mail clients
  de-duplicate it; a digest fixes the items it lists at its first attempt;
- **confirm**: the sent time is committed right after the server's ``250``,
  before ``QUIT``, so the in-doubt window is one local ``UPDATE`` long.

No transaction is held open across SMTP (SQLite has one writer at a time).
A task requeued after its worker died (``huddle/worker``) runs again from
the top: a confirmed row sends nothing, a claimed one is resent.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import ngettext

from huddle.lib.mail import email_send_confirmed, stable_headers
from huddle.notifications.models import DigestSchedule, Notification
from huddle.worker.services import task_email_claim


def _absolute(url: str) -> str:
    return f"{settings.HUDDLE_BASE_URL.rstrip('/')}{url}" if url.startswith("/") else url


def _subject(text: str) -> str:
    return f"[{settings.HUDDLE_SCHOOL_NAME}] {text}"


@task()
def send_notification_email(notification_id: int) -> bool:
    """Send one notification; a rerun after it was confirmed sends nothing."""
    rows = Notification.objects.filter(pk=notification_id)
    if not task_email_claim(rows=rows, sent_field="emailed_at"):
        return False
    note = rows.select_related("user").get()
    message = EmailMessage(
        subject=_subject(note.title),
        body=render_to_string("notifications/email.txt", {"note": note, "link": _absolute(note.url)}),
        to=[note.user.email],
        headers=stable_headers(
            "notification", note.pk, f"{note.created_at:%Y%m%d%H%M%S%f}", written_at=note.created_at
        ),
    )
    email_send_confirmed(message=message, confirm=lambda: rows.update(emailed_at=timezone.now()))
    return True


def _digest_notes(schedule: DigestSchedule) -> list[Notification]:
    """What this digest lists, chosen at its first attempt so that a resend is the same message."""
    if schedule.note_ids is None:
        unsent = Notification.objects.filter(user_id=schedule.user_id, emailed_at__isnull=True, read_at__isnull=True)
        chosen = list(unsent.values_list("pk", flat=True)[:50])
        DigestSchedule.objects.filter(pk=schedule.pk, note_ids__isnull=True).update(note_ids=chosen)
        schedule.refresh_from_db(fields=["note_ids"])
    return list(Notification.objects.filter(pk__in=schedule.note_ids or []))


def _digest_confirm(schedule: DigestSchedule, notes: list[Notification]) -> None:
    now = timezone.now()
    Notification.objects.filter(pk__in=[n.pk for n in notes], emailed_at__isnull=True).update(emailed_at=now)
    DigestSchedule.objects.filter(pk=schedule.pk).update(sent_at=now)


@task()
def send_digest(user_id: int, day: str) -> int:
    """One e-mail listing what a person has not yet read or been mailed."""
    rows = DigestSchedule.objects.filter(user_id=user_id, day=day)
    if not task_email_claim(rows=rows, sent_field="sent_at"):
        return 0
    schedule = rows.select_related("user").get()
    notes = _digest_notes(schedule)
    if not notes:
        _digest_confirm(schedule, notes)
        return 0
    subject = ngettext("Your daily digest: %(n)d new item", "Your daily digest: %(n)d new items", len(notes)) % {
        "n": len(notes)
    }
    message = EmailMessage(
        subject=_subject(subject),
        body=render_to_string("notifications/digest.txt", {"notes": notes, "base": _absolute("/")}),
        to=[schedule.user.email],
        headers=stable_headers("digest", schedule.pk, schedule.user_id, schedule.day.isoformat()),
    )
    email_send_confirmed(message=message, confirm=lambda: _digest_confirm(schedule, notes))
    return len(notes)
