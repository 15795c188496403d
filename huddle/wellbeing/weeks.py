"""ISO weeks: a check-in belongs to the Monday of its week, in the school's time zone."""

from datetime import date, timedelta

from django.utils import timezone


def week_of(day: date) -> date:
    """The Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.isoweekday() - 1)


def this_week() -> date:
    return week_of(timezone.localdate())


def weeks_back(week: date, count: int) -> list[date]:
    """``count`` Mondays ending with ``week``, oldest first."""
    return [week - timedelta(weeks=n) for n in range(count - 1, -1, -1)]
