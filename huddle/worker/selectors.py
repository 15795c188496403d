"""Reading leases: which running tasks nobody vouches for any more."""

from datetime import datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.db.models import Q
from django_tasks_db.models import DBTaskResult


def lease_duration() -> timedelta:
    return timedelta(seconds=settings.HUDDLE_TASK_LEASE_SECONDS)


def lapsed_condition(*, now: datetime) -> Q:
    """A lease that ran out, or a task claimed before leases existed and older than one lease."""
    return Q(lease__expires_at__lt=now) | Q(lease__isnull=True, started_at__lt=now - lease_duration())


def lapsed_task_ids(*, now: datetime, backend_name: str, limit: int = 100) -> list[UUID]:
    """A plain read, so the common case (nothing lapsed) takes no write lock."""
    running = DBTaskResult.objects.running().filter(backend_name=backend_name)
    return list(running.filter(lapsed_condition(now=now)).values_list("pk", flat=True)[:limit])
