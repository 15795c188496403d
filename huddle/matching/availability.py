"""Weekly availability as 336 half-hour blocks (Mon 00:00 = block 0).

A week is held as a boolean numpy vector of length 336 so that the common
hours of a pair are one AND, the common hours of a group one reduction, and
the overlap of N people with M people one matrix product of 0/1 matrices
(BLAS does the work; counts of at most 336 are exact in float32).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from .errors import MatchingInputError

BLOCKS_PER_DAY = 48
DAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
BLOCKS_PER_WEEK = BLOCKS_PER_DAY * len(DAYS)  # 336
HOURS_PER_BLOCK = 0.5

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float32]

_DAY_ALIASES = {
    **{d: d for d in DAYS},
    **{
        full: d
        for d, full in zip(
            DAYS, ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"), strict=False
        )
    },
}

_RANGE = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


def _block_of(hh: int, mm: int, *, where: str, text: str, is_end: bool) -> int:
    if mm not in (0, 30) or hh > 24 or (hh == 24 and (mm != 0 or not is_end)):
        raise MatchingInputError(f"{where}: malformed time {text!r} (use HH:MM on a half-hour, 00:00-24:00)")
    return hh * 2 + mm // 30


def parse_range(text: str, *, where: str = "availability") -> tuple[int, int]:
    """Parse ``"18:00-20:30"`` into day-relative blocks ``[start, end)``.

    ``24:00`` is allowed as an end so that an evening can run to midnight.
    """
    match = _RANGE.match(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise MatchingInputError(f"{where}: malformed time range {text!r} (expected 'HH:MM-HH:MM')")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    start = _block_of(h1, m1, where=where, text=text, is_end=False)
    end = _block_of(h2, m2, where=where, text=text, is_end=True)
    if end <= start:
        raise MatchingInputError(f"{where}: time range {text!r} ends before it starts")
    return start, end


def parse_week(spec: object, *, where: str = "availability") -> BoolArray:
    """Turn ``{"mon": ["18:00-20:30"], ...}`` into a 336-long boolean vector."""
    week = np.zeros(BLOCKS_PER_WEEK, dtype=np.bool_)
    if spec is None:
        return week
    if not isinstance(spec, Mapping):
        raise MatchingInputError(f"{where}: must be an object mapping weekdays to time ranges")
    for day, ranges in spec.items():
        key = _DAY_ALIASES.get(str(day).lower())
        if key is None:
            raise MatchingInputError(f"{where}: unknown weekday {day!r} (use mon..sun)")
        if isinstance(ranges, str) or not isinstance(ranges, Sequence):
            raise MatchingInputError(f"{where}.{day}: must be a list of 'HH:MM-HH:MM' strings")
        offset = DAYS.index(key) * BLOCKS_PER_DAY
        for k, text in enumerate(ranges):
            start, end = parse_range(text, where=f"{where}.{day}[{k}]")
            week[offset + start : offset + end] = True
    return week


def hours(blocks: int | float) -> float:
    """Blocks to hours."""
    return float(blocks) * HOURS_PER_BLOCK


def common(*weeks: BoolArray) -> BoolArray:
    """Blocks in which everyone is free (the AND of the weeks)."""
    if not weeks:
        return np.zeros(BLOCKS_PER_WEEK, dtype=np.bool_)
    out: BoolArray = np.logical_and.reduce(np.stack(weeks), axis=0)
    return out


def common_hours(*weeks: BoolArray) -> float:
    """Weekly hours in which everyone is free."""
    return hours(int(common(*weeks).sum()))


def as_matrix(weeks: Sequence[BoolArray]) -> FloatArray:
    """Stack weeks into an (n, 336) float32 0/1 matrix, ready for BLAS."""
    if not weeks:
        return np.zeros((0, BLOCKS_PER_WEEK), dtype=np.float32)
    return np.asarray(np.stack(weeks), dtype=np.float32)


def pairwise_overlap_blocks(a: FloatArray, b: FloatArray) -> FloatArray:
    """Common blocks of every row of ``a`` with every row of ``b`` (N x M).

    One matrix product: exact, since the counts never exceed 336.
    """
    return np.asarray(a @ b.T, dtype=np.float32)


def to_bits(week: BoolArray) -> int:
    """Pack a week into a Python int (bit i = block i) for fast AND/popcount."""
    packed = np.packbits(week.astype(np.uint8), bitorder="little")
    return int.from_bytes(packed.tobytes(), "little")


def bit_blocks(bits: int) -> tuple[int, ...]:
    """The blocks set in a packed week, in order: pure Python, as it runs
    once per final match."""
    out: list[int] = []
    while bits:
        low = bits & -bits
        out.append(low.bit_length() - 1)
        bits ^= low
    return tuple(out)


def blocks_bits(blocks: Iterable[int]) -> int:
    """Inverse of :func:`bit_blocks`."""
    bits = 0
    for b in blocks:
        bits |= 1 << b
    return bits


def from_bits(bits: int) -> BoolArray:
    """Inverse of :func:`to_bits`."""
    raw = np.frombuffer(bits.to_bytes(BLOCKS_PER_WEEK // 8, "little"), dtype=np.uint8)
    return np.unpackbits(raw, bitorder="little").astype(np.bool_)


def _clock(block: int) -> str:
    return f"{block // 2:02d}:{(block % 2) * 30:02d}"


def describe(week: BoolArray, *, limit: int = 3) -> str:
    """Readable list of the runs of free blocks: ``Mon 18:30\u201320:00`` (en dash).

    Each day is shown on its own, so a run never crosses midnight.
    """
    days = np.zeros((len(DAYS), BLOCKS_PER_DAY + 2), dtype=np.int8)
    days[:, 1:-1] = np.asarray(week, dtype=np.int8).reshape(len(DAYS), BLOCKS_PER_DAY)
    edges = np.diff(days, axis=1)
    d_start, b_start = np.nonzero(edges == 1)
    _, b_end = np.nonzero(edges == -1)
    runs = [
        f"{DAYS[d].capitalize()} {_clock(int(b))}\u2013{_clock(int(e))}"
        for d, b, e in zip(d_start.tolist(), b_start.tolist(), b_end.tolist(), strict=False)
    ]
    if len(runs) > limit:
        return ", ".join(runs[:limit]) + f" and {len(runs) - limit} more"
    return ", ".join(runs)


def format_hours(h: float) -> str:
    """``4.5 h`` / ``4 h``."""
    return f"{h:g} h"


_DAY_MASK = (1 << BLOCKS_PER_DAY) - 1


def describe_bits(bits: int, *, limit: int = 3) -> str:
    """:func:`describe` for a week packed by :func:`to_bits`, in pure Python.

    Same text as ``describe(from_bits(bits))``, without numpy overhead (it is
    called once per final match, so it must cost microseconds).
    """
    runs: list[str] = []
    total = 0
    for d in range(len(DAYS)):
        day = (bits >> (d * BLOCKS_PER_DAY)) & _DAY_MASK
        name = DAYS[d].capitalize()
        while day:
            start = (day & -day).bit_length() - 1
            # Length of the run of ones starting at `start`.
            shifted = day >> start
            length = (~shifted & (shifted + 1)).bit_length() - 1
            total += 1
            if len(runs) < limit:
                runs.append(f"{name} {_clock(start)}\u2013{_clock(start + length)}")
            day &= ~(((1 << length) - 1) << start)
    if total > limit:
        return ", ".join(runs) + f" and {total - limit} more"
    return ", ".join(runs)
