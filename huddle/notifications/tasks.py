"""Background e-mail: run by ``manage.py db_worker``, never in a web request."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import ngettext

from huddle.notifications.models import DigestSchedule, Notification


def _absolute(url: str) -> str:
    base = getattr(settings, "HUDDLE_BASE_URL", "http://127.0.0.1:8000")
    return f"{base.rstrip('/')}{url}" if url.startswith("/") else url


@task()
def send_notification_email(notification_id: int) -> bool:
    """Send one notification; a second run of the same task sends nothing."""
    with transaction.atomic():
        note = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if note is None:
            return False
        context = {"note": note, "link": _absolute(note.url)}
        send_mail(
            subject=f"[{settings.HUDDLE_SCHOOL_NAME}] {note.title}",
            message=render_to_string("notifications/email.txt", context),
            from_email=None,
            recipient_list=[note.user.email],
        )
        note.emailed_at = timezone.now()
        note.save(update_fields=["emailed_at"])
    return True


@task()
def send_digest(user_id: int, day: str) -> int:
    """One e-mail listing what a person has not yet read or been mailed."""
    with transaction.atomic():
        schedule = (
            DigestSchedule.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(user_id=user_id, day=day, sent_at__isnull=True)
            .first()
        )
        if schedule is None:
            return 0
        notes = list(Notification.objects.filter(user_id=user_id, emailed_at__isnull=True, read_at__isnull=True)[:50])
        if notes:
            context = {"notes": notes, "base": _absolute("/")}
            send_mail(
                subject=f"[{settings.HUDDLE_SCHOOL_NAME}] "
                + ngettext("Your daily digest: %(n)d new item", "Your daily digest: %(n)d new items", len(notes))
                % {"n": len(notes)},
                message=render_to_string("notifications/digest.txt", context),
                from_email=None,
                recipient_list=[schedule.user.email],
            )
            Notification.objects.filter(pk__in=[n.pk for n in notes]).update(emailed_at=timezone.now())
        schedule.sent_at = timezone.now()
        schedule.save(update_fields=["sent_at"])
    return len(notes)
