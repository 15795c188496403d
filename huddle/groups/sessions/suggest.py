"""Suggested session times: when most of a group's members are free for the whole session.

Pure apart from the school's zone (``settings.TIME_ZONE``): give it the
members' weeks as :mod:`huddle.groups.weeks` ints in the school's zone (use
``weeks.in_school_zone`` on each profile or pool entry) and it answers with
wall-clock times in the group's zone. The pools concern calls
:func:`suggested_times` for the first session of each group it publishes;
:func:`huddle.groups.sessions.selectors.suggestions_for_group` loads a live
group's members in one query and calls it.

Only counts leave this module ("5 of 6 members free"), never who is free:
a member's week is theirs, and naming who cannot make Tuesday would tell the
group more than the member chose to share.
"""

from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings

from huddle.accounts.availability import BLOCKS_PER_DAY, WEEK_BLOCKS
from huddle.lib.zones import zone_named

#: How far ahead suggestions look (each weekday is seen twice, so a DST change in between is met).
HORIZON = timedelta(days=14)
#: No session is suggested that starts before 07:00 or ends after 23:00 in the group's zone.
EARLIEST, LATEST = time(7, 0), time(23, 0)
STEP = timedelta(minutes=30)


class SuggestedTime(NamedTuple):
    """A weekly time to propose: ``free`` of ``total`` members are free for the whole session."""

    #: 0 = Monday, in the group's zone.
    weekday: int
    #: Wall-clock start in the group's zone.
    starts: time
    free: int
    total: int
    #: The first such day from ``at`` on (for pre-filling a form or scheduling the first session).
    on: date


def local_instant(day: date, clock: time, zone: ZoneInfo) -> datetime | None:
    """``day`` at ``clock`` in ``zone`` as a UTC instant, or None when the clocks skip that time that day.

    An ambiguous time (the fall-back night) is taken at its first occurrence.
    """
    local = datetime.combine(day, clock, tzinfo=zone).replace(fold=0)
    instant = local.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        return None
    return instant


def _band(clock: time) -> int:
    """Evening first, then daytime, then late evening (how the tie between equal counts is broken)."""
    if time(17, 0) <= clock < time(21, 0):
        return 0
    if clock < time(17, 0):
        return 1
    return 2


def _blocks(start: datetime, minutes: int, school: ZoneInfo) -> int:
    """The school's-zone half-hour blocks that ``[start, start + minutes)`` touches, as a week int."""
    local = start.astimezone(school)
    floor = local.replace(minute=local.minute - local.minute % 30, second=0, microsecond=0)
    instant, end = floor.astimezone(UTC), start + timedelta(minutes=minutes)
    mask = 0
    while instant < end:
        here = instant.astimezone(school)
        block = here.weekday() * BLOCKS_PER_DAY + here.hour * 2 + here.minute // 30
        mask |= 1 << (block % WEEK_BLOCKS)
        instant += STEP
    return mask


def _overlaps(a: SuggestedTime, b: SuggestedTime, minutes: int) -> bool:
    if a.weekday != b.weekday:
        return False
    start_a = datetime.combine(date.min, a.starts)
    start_b = datetime.combine(date.min, b.starts)
    length = timedelta(minutes=minutes)
    return start_a < start_b + length and start_b < start_a + length


def suggested_times(*, weeks: list[int], minutes: int, zone: str, at: datetime, limit: int = 5) -> list[SuggestedTime]:
    """The best ``limit`` weekly start times for a session of ``minutes`` in the ``HORIZON`` after ``at``.

    ``weeks`` holds one school's-zone week per active member (0 for a member
    who gave no availability: they count in ``total``, never as free). Each
    day of the coming 14 is tried at every half hour from 07:00 to the last
    start that ends by 23:00 in the group's zone; the instant is cut on that
    day's own offsets, so a weekly 18:00 is checked as 18:00 on both sides of
    a daylight-saving change (and a time that does not exist that day is not
    offered). A weekday and time keeps the count of its first date.

    Ranking: most members free; then earlier in the week (Monday first); then
    evening (17:00–21:00) before daytime before late evening; then the earlier
    clock. A time that overlaps one already chosen on the same weekday is
    passed over, so five suggestions are five different meetings rather than
    18:00, 18:30 and 19:00 of one evening. At least two members (one in a group
    of one) must be free.
    """
    total = len(weeks)
    if total == 0 or minutes <= 0 or limit <= 0:
        return []
    tz, school = zone_named(zone), zone_named(settings.TIME_ZONE)
    need = min(2, total)
    length = timedelta(minutes=minutes)
    first_day = at.astimezone(tz).date()
    seen: dict[tuple[int, time], SuggestedTime] = {}
    for offset in range(HORIZON.days + 1):
        day = first_day + timedelta(days=offset)
        clock = datetime.combine(day, EARLIEST)
        while clock + length <= datetime.combine(day, LATEST):
            key = (day.weekday(), clock.time())
            start = local_instant(day, clock.time(), tz)
            if key not in seen and start is not None and at < start <= at + HORIZON:
                mask = _blocks(start, minutes, school)
                free = sum(1 for week in weeks if week & mask == mask)
                seen[key] = SuggestedTime(day.weekday(), clock.time(), free, total, day)
            clock += STEP
    ranked = sorted(
        (s for s in seen.values() if s.free >= need),
        key=lambda s: (-s.free, s.weekday, _band(s.starts), s.starts),
    )
    chosen: list[SuggestedTime] = []
    for candidate in ranked:
        if not any(_overlaps(candidate, taken, minutes) for taken in chosen):
            chosen.append(candidate)
            if len(chosen) == limit:
                break
    return chosen
