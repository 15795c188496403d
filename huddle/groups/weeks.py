"""Weekly times as Python ints: bit ``b`` is half-hour block ``b`` (Monday 00:00 = 0) of the school's zone.

A group's usual meeting times, a person's availability and a pool entry's
week all become one int here, so "hours in common" is an AND and a popcount,
whether for one group on its page or for 500 groups on the discovery page.
Profiles keep wall-clock time in the person's own zone; it is shifted to the
school's zone at the offsets in force now, once per person.
"""

import contextlib
from collections.abc import Iterable
from datetime import datetime, time

from django.conf import settings

from huddle.accounts.availability import BLOCKS_PER_DAY, EMPTY_WEEK, WEEK_BLOCKS, WEEK_BYTES, shift_to_zone

FULL_WEEK = (1 << WEEK_BLOCKS) - 1


def week_int(data: bytes | memoryview | None) -> int:
    """The 42 stored bytes as an int (byte ``i // 8``, bit ``i % 8`` is block ``i``)."""
    return int.from_bytes(bytes(data or EMPTY_WEEK)[:WEEK_BYTES], "little")


def week_bytes(week: int) -> bytes:
    return (week & FULL_WEEK).to_bytes(WEEK_BYTES, "little")


def in_school_zone(data: bytes | memoryview | None, zone: str, at: datetime) -> int:
    """A week kept in ``zone`` as the school's-zone int (an unknown zone is taken as it is)."""
    raw = bytes(data or EMPTY_WEEK)
    if zone and zone != settings.TIME_ZONE:
        with contextlib.suppress(KeyError, ValueError):
            raw = shift_to_zone(raw, zone, settings.TIME_ZONE, at)
    return week_int(raw)


def from_school_zone(week: int, zone: str, at: datetime) -> int:
    """The school's-zone week re-expressed in ``zone`` (for showing it to a reader)."""
    if not zone or zone == settings.TIME_ZONE:
        return week
    with contextlib.suppress(KeyError, ValueError):
        return week_int(shift_to_zone(week_bytes(week), settings.TIME_ZONE, zone, at))
    return week


def hours(week: int) -> float:
    return week.bit_count() / 2


def common(weeks: Iterable[int]) -> int:
    out = FULL_WEEK
    for w in weeks:
        out &= w
    return out


def block_of(weekday: int, at: time) -> int:
    return weekday * BLOCKS_PER_DAY + at.hour * 2 + at.minute // 30


def span(weekday: int, starts: time, ends: time) -> int:
    """The blocks of ``weekday`` from ``starts`` until ``ends`` (``ends`` 00:00 means midnight)."""
    first = block_of(weekday, starts)
    last = weekday * BLOCKS_PER_DAY + (BLOCKS_PER_DAY if ends == time(0) else ends.hour * 2 + (ends.minute + 29) // 30)
    return sum(1 << b for b in range(first, max(first, last)))


def runs(week: int) -> list[tuple[int, int]]:
    """Maximal runs of set blocks as ``(first, end)`` block pairs, within each day, in week order."""
    out: list[tuple[int, int]] = []
    start: int | None = None
    for b in range(WEEK_BLOCKS + 1):
        on = b < WEEK_BLOCKS and bool(week >> b & 1) and not (start is not None and b % BLOCKS_PER_DAY == 0)
        if on and start is None:
            start = b
        elif not on and start is not None:
            out.append((start, b))
            start = b if b < WEEK_BLOCKS and week >> b & 1 else None
    return out
