"""Who is listening now, and when the next listening hours start."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from huddle.accounts.models import User
from huddle.listening.hours import hour_of_week, next_start
from huddle.listening.models import Block, Listener


def available_listeners() -> QuerySet[Listener]:
    return Listener.objects.filter(active=True, paused=False, user__is_active=True)


def listeners_on_duty(*, moment: datetime | None = None, student: User | None = None) -> list[User]:
    """Listeners whose hours cover now, minus anyone blocked either way with the student."""
    hour = hour_of_week(moment or timezone.now())
    rows = available_listeners().select_related("user")
    if student is not None:
        rows = (
            rows.exclude(user=student)
            .exclude(user_id__in=Block.objects.filter(blocker=student).values("blocked_id"))
            .exclude(user_id__in=Block.objects.filter(blocked=student).values("blocker_id"))
        )
    # Each row carries its 168-character week; the hour is a character lookup, one query in all.
    return [row.user for row in rows if row.hours[hour] == "1"]


@dataclass(frozen=True)
class DutyOutlook:
    """Whether anyone listens now, and when listening hours next start (None: nobody has any)."""

    on_duty: bool
    next_start: datetime | None


def duty_outlook(*, moment: datetime | None = None) -> DutyOutlook:
    """Both answers from one read of every available listener's week (the home page and the API ask both)."""
    moment = moment or timezone.now()
    weeks = list(available_listeners().values_list("hours", flat=True))
    hour = hour_of_week(moment)
    return DutyOutlook(on_duty=any(week[hour] == "1" for week in weeks), next_start=next_start(weeks, moment))


def next_listening_hours(*, moment: datetime | None = None) -> datetime | None:
    return duty_outlook(moment=moment).next_start


def blocked_between(a_id: int, b_id: int) -> bool:
    """Whether either person blocked the other."""
    return Block.objects.filter(Q(blocker_id=a_id, blocked_id=b_id) | Q(blocker_id=b_id, blocked_id=a_id)).exists()
