"""Retention: conversation words are deleted after the school's period, by tasks, never by cron.

When a conversation ends a purge task is queued to run when its period is
over; a sweep task catches anything a lost task missed (and requests whose
wait ran out) and queues itself again. Both are idempotent: purging twice
deletes nothing the second time.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from huddle.lib.chains import chain_ensure
from huddle.listening.models import Conversation, Message
from huddle.listening.settings_row import listening_settings

SWEEP_EVERY = timedelta(hours=6)


def conversation_purge_now(*, conversation_id: int, now: datetime | None = None) -> int:
    """Delete the words of one conversation if its retention period is over; the messages deleted."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=listening_settings().retention_days)
    with transaction.atomic():
        due = Conversation.objects.filter(
            pk=conversation_id,
            status__in=[Conversation.Status.ENDED, Conversation.Status.CANCELLED, Conversation.Status.EXPIRED],
            ended_at__lte=cutoff,
        )
        if not due.exists():
            return 0
        deleted, _kinds = Message.objects.filter(conversation_id=conversation_id).delete()
        due.update(opening="", purged_at=now)
    return deleted


@task()
def conversation_purge(conversation_id: int) -> int:
    return conversation_purge_now(conversation_id=conversation_id)


def sweep_now(*, now: datetime | None = None) -> int:
    """Expire requests that waited too long and purge every conversation past retention."""
    now = now or timezone.now()
    Conversation.objects.filter(status=Conversation.Status.WAITING, expires_at__lte=now).update(
        status=Conversation.Status.EXPIRED, ended_at=now
    )
    cutoff = now - timedelta(days=listening_settings().retention_days)
    due = Conversation.objects.filter(ended_at__lte=cutoff, purged_at__isnull=True).values_list("pk", flat=True)
    return sum(conversation_purge_now(conversation_id=pk, now=now) for pk in list(due))


@task()
def retention_sweep() -> int:
    """Sweep, then queue the next sweep (only where the backend can wait; the test backend cannot)."""
    purged = sweep_now()
    if retention_sweep.get_backend().supports_defer:
        retention_sweep.using(run_after=timezone.now() + SWEEP_EVERY).enqueue()
    return purged


def purge_schedule(*, conversation_id: int, ended_at: datetime) -> None:
    """Queue the purge for when the period is over (the immediate test backend runs it now: a no-op)."""
    backend = conversation_purge.get_backend()
    if backend.supports_defer:
        run_after = ended_at + timedelta(days=listening_settings().retention_days)
        conversation_purge.using(run_after=run_after).enqueue(conversation_id)
        chain_ensure(retention_sweep)
    else:
        conversation_purge.enqueue(conversation_id)
