"""A person's weekly availability: 336 half-hour blocks in 42 bytes.

Block 0 is Monday 00:00–00:30 in the person's own time zone. Storing local
wall-clock time keeps "Monday evenings" stable across daylight-saving
changes; conversion to another viewer's zone happens only for display and
comparison, at the current offset.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from huddle.matching.availability import parse_week

BLOCKS_PER_DAY = 48
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEK_BLOCKS = BLOCKS_PER_DAY * len(DAYS)
WEEK_BYTES = WEEK_BLOCKS // 8
EMPTY_WEEK = bytes(WEEK_BYTES)


def blocks_from_bytes(data: bytes | memoryview | None) -> list[bool]:
    raw = bytes(data or EMPTY_WEEK).ljust(WEEK_BYTES, b"\0")[:WEEK_BYTES]
    return [bool(raw[i // 8] >> (i % 8) & 1) for i in range(WEEK_BLOCKS)]


def bytes_from_blocks(blocks: list[bool]) -> bytes:
    if len(blocks) != WEEK_BLOCKS:
        raise ValueError(f"availability needs {WEEK_BLOCKS} blocks, got {len(blocks)}")
    out = bytearray(WEEK_BYTES)
    for i, on in enumerate(blocks):
        if on:
            out[i // 8] |= 1 << (i % 8)
    return bytes(out)


def parse_block_string(value: str) -> bytes:
    """Read the grid's form value: 336 characters of '0'/'1'."""
    value = value.strip()
    if len(value) != WEEK_BLOCKS or set(value) - {"0", "1"}:
        raise ValueError(f"availability must be {WEEK_BLOCKS} characters of 0 and 1")
    return bytes_from_blocks([c == "1" for c in value])


def block_string(data: bytes | memoryview | None) -> str:
    return "".join("1" if on else "0" for on in blocks_from_bytes(data))


def hours_per_week(data: bytes | memoryview | None) -> float:
    return sum(bin(b).count("1") for b in bytes(data or EMPTY_WEEK)) / 2


def _offset_blocks(tz_name: str, at: datetime) -> int:
    offset = at.astimezone(ZoneInfo(tz_name)).utcoffset() or timedelta(0)
    return round(offset.total_seconds() / 1800)


def shift_to_zone(data: bytes | memoryview | None, from_tz: str, to_tz: str, at: datetime) -> bytes:
    """Re-express a weekly pattern in another time zone at the offsets in force at ``at``."""
    shift = _offset_blocks(to_tz, at) - _offset_blocks(from_tz, at)
    blocks = blocks_from_bytes(data)
    if shift:
        blocks = [blocks[(i - shift) % WEEK_BLOCKS] for i in range(WEEK_BLOCKS)]
    return bytes_from_blocks(blocks)


def _clock(block: int) -> str:
    minutes = block * 30
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def as_ranges(data: bytes | memoryview | None) -> dict[str, list[str]]:
    """The pattern as the matching engine's weekday → "HH:MM-HH:MM" ranges."""
    blocks = blocks_from_bytes(data)
    ranges: dict[str, list[str]] = {}
    for d, day in enumerate(DAYS):
        day_blocks = blocks[d * BLOCKS_PER_DAY : (d + 1) * BLOCKS_PER_DAY]
        start: int | None = None
        for i, on in enumerate([*day_blocks, False]):
            if on and start is None:
                start = i
            elif not on and start is not None:
                ranges.setdefault(day, []).append(f"{_clock(start)}-{_clock(i)}")
                start = None
    return ranges


def from_ranges(ranges: dict[str, list[str]]) -> bytes:
    """Inverse of :func:`as_ranges`, used by the demo data and imports.

    The engine's parser does the reading, so "HH:MM-HH:MM" means one thing
    everywhere; a bad range raises its ``MatchingInputError`` (a ValueError).
    """
    return bytes_from_blocks([bool(on) for on in parse_week(ranges)])
