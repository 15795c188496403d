"""Reading notifications."""

from typing import Any

from django.db.models import QuerySet

from huddle.notifications.models import Notification


def unread_count(*, user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def recent_notifications(*, user: Any, limit: int = 50) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)[:limit]
