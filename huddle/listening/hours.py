"""Listening hours: a week of 168 hours in the school's time zone, one character per hour.

Hours are wall-clock: "Tuesday 20:00–22:00" stays 20:00 in the school's zone
across daylight-saving changes, because the week is read in local time.
"""

from datetime import datetime, timedelta

from django.utils import timezone

from huddle.lib.zones import school_zone
from huddle.listening.models import HOURS_IN_WEEK, NO_HOURS


def hour_of_week(moment: datetime) -> int:
    local = moment.astimezone(school_zone())
    return local.weekday() * 24 + local.hour


def on_duty(hours: str, moment: datetime | None = None) -> bool:
    return hours[hour_of_week(moment or timezone.now())] == "1"


def hours_from_ranges(ranges: list[tuple[int, int] | None]) -> str:
    """Seven optional ``(from, until)`` hour pairs (Monday first; until may be 24) → the week string."""
    week = list(NO_HOURS)
    for day, pair in enumerate(ranges):
        if pair is None:
            continue
        start, end = pair
        for hour in range(start, end):
            week[day * 24 + hour] = "1"
    return "".join(week)


def ranges_from_hours(hours: str) -> list[tuple[int, int] | None]:
    """The first block of each day, for the form (the form draws one block a day)."""
    ranges: list[tuple[int, int] | None] = []
    for day in range(7):
        day_hours = hours[day * 24 : day * 24 + 24]
        start = day_hours.find("1")
        if start < 0:
            ranges.append(None)
            continue
        end = day_hours.find("0", start)
        ranges.append((start, 24 if end < 0 else end))
    return ranges


def next_start(weeks: list[str], moment: datetime | None = None) -> datetime | None:
    """When the next listening hour starts, given every available listener's week; None if nobody has hours."""
    merged = ["1" if any(week[h] == "1" for week in weeks) else "0" for h in range(HOURS_IN_WEEK)]
    if "1" not in merged:
        return None
    now = (moment or timezone.now()).astimezone(school_zone())
    top = now.replace(minute=0, second=0, microsecond=0)
    for step in range(1, HOURS_IN_WEEK + 2):
        # Wall-clock steps: add hours in local time and re-localise, so DST shifts keep the hour's label.
        candidate = (top.replace(tzinfo=None) + timedelta(hours=step)).replace(tzinfo=school_zone())
        if merged[candidate.weekday() * 24 + candidate.hour] == "1":
            return candidate
    return None
