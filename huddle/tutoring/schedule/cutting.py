"""Cutting weekly wall-clock windows into sessions with UTC instants (no database).

A window says "Tuesdays 18:00–20:00 in America/New_York". Each Tuesday's
18:00 is made an instant in *that day's* offset, so the session stays at
18:00 local across the daylight-saving changes (it moves in UTC instead). A
local time that does not exist on a spring-forward night (02:30) is skipped,
and an ambiguous one on the fall-back night is taken at its first occurrence.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Slot:
    starts_at: datetime  # UTC
    ends_at: datetime  # UTC


def local_instant(day: date, clock: time, zone: ZoneInfo) -> datetime | None:
    """``day`` at ``clock`` in ``zone`` as a UTC instant, or None when that local time does not exist."""
    local = datetime.combine(day, clock, tzinfo=zone).replace(fold=0)
    instant = local.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        return None
    return instant


def days_of(weekday: int, first: date, last: date) -> Iterator[date]:
    """Every ``weekday`` (0 = Monday) from ``first`` to ``last`` inclusive."""
    day = first + timedelta(days=(weekday - first.weekday()) % 7)
    while day <= last:
        yield day
        day += timedelta(days=7)


def cut_day(day: date, starts: time, ends: time, minutes: int, zone: ZoneInfo) -> list[Slot]:
    """The sessions of one day's window: back to back, each ``minutes`` long, none past ``ends``."""
    slots = []
    clock = datetime.combine(day, starts)
    end = datetime.combine(day, ends)
    step = timedelta(minutes=minutes)
    while clock + step <= end:
        start_at = local_instant(day, clock.time(), zone)
        end_at = local_instant((clock + step).date(), (clock + step).time(), zone)
        # On the fall-back night a local span can last longer than its clock says (01:30–02:00 is 90
        # minutes): such a slot is skipped like a time that does not exist, so every session lasts its length.
        if start_at is not None and end_at is not None and end_at - start_at == step:
            slots.append(Slot(start_at, end_at))
        clock += step
    return slots


def cut_window(
    *, weekday: int, starts: time, ends: time, minutes: int, zone: ZoneInfo, first: date, last: date, blocked: set[date]
) -> list[Slot]:
    """All sessions of a weekly window between two local dates, skipping blocked days."""
    return [
        slot
        for day in days_of(weekday, first, last)
        if day not in blocked
        for slot in cut_day(day, starts, ends, minutes, zone)
    ]
