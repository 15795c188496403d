"""The engine's reasons in English: the one place that words them.

Used by the results' ``to_json`` (the CLI's output). The web app words the
same codes itself, in each reader's language (see :mod:`.reasons`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from .availability import blocks_bits, describe_bits, format_hours
from .reasons import Reason, ReasonCode

C = ReasonCode


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _when(d: Mapping[str, Any]) -> str:
    return describe_bits(blocks_bits(d["blocks"]))


def _how(modality: str) -> str:
    return "virtually" if modality == "virtual" else "in person"


def _senior(years: int) -> str:
    return f"mentor is {years} {'year' if years == 1 else 'years'} senior"


_TEXT: dict[ReasonCode, Callable[[Mapping[str, Any]], str]] = {
    C.LOCKED: lambda d: "locked by coordinator",
    C.SCORE_GIVEN: lambda d: f"score {d['score']:g} given in input",
    C.MENTEE_RANKED: lambda d: f"{d['mentee']} ranked {d['mentor']} #{d['rank']} of {d['of']}",
    C.MENTOR_RANKED: lambda d: f"{d['mentor']} ranked {d['mentee']} #{d['rank']} of {d['of']}",
    C.REQUESTED_BY_MENTEE: lambda d: f"{d['mentee']} asked for {d['mentor']}",
    C.REQUESTED_BY_MENTOR: lambda d: f"{d['mentor']} asked for {d['mentee']}",
    C.SHARED_SPECIALTIES: lambda d: f"both interested in {_join(d['specialties'])}",
    C.SHARED_LANGUAGES: lambda d: f"both speak {_join(d['languages'])}",
    C.COMMON_HOURS: lambda d: f"{format_hours(d['hours'])}/week in common ({_when(d)})",
    C.FACULTY: lambda d: "faculty mentor",
    C.SENIORITY: lambda d: _senior(d["years"]),
    C.SAME_MODALITY: lambda d: f"both prefer {d['modality'].replace('_', ' ')}",
    C.COMPATIBLE_MODALITY: lambda d: "meeting modes compatible",
    C.NO_CRITERION: lambda d: "no criterion in common; matched to place the mentee",
    C.NO_ACCEPTABLE_MENTOR: lambda d: "no acceptable mentor",
    C.MENTORS_FULL: lambda d: "all acceptable mentors are at capacity",
    C.BLOCKED_BY_MENTEE: lambda d: f"{d['mentee']} blocked {d['mentor']}",
    C.BLOCKED_BY_MENTOR: lambda d: f"{d['mentor']} blocked {d['mentee']}",
    C.NO_SHARED_LANGUAGE: lambda d: "no shared language",
    C.MODALITY_CLASH: lambda d: f"modalities clash ({d['mentee_modality']} vs {d['mentor_modality']})",
    C.YEAR_GAP_BELOW_MIN: lambda d: f"mentor is not at least {d['min_years']} years senior",
    C.YEAR_GAP_ABOVE_MAX: lambda d: f"mentor is more than {d['max_years']} years senior",
    C.TOO_FEW_COMMON_HOURS: lambda d: f"fewer than {format_hours(d['min_hours'])}/week in common",
    C.GROUP_COMMON_HOURS: lambda d: f"all {d['members']} share {format_hours(d['hours'])}/week: {_when(d)}",
    C.GROUP_NO_COMMON_TIME: lambda d: f"the {d['members']} members have no weekly time in common",
    C.BELOW_MIN_HOURS: lambda d: f"below the {format_hours(d['min_hours'])}/week minimum of common time",
    C.SAME_COURSE: lambda d: f"all studying {d['course']}",
    C.SAME_GOAL: lambda d: f"all aiming for {d['goal']}",
    C.ALL_EITHER_MODALITY: lambda d: "all happy to meet virtually or in person",
    C.MIXED_MODALITIES: lambda d: "mixed meeting modes: some virtual-only, some in-person-only",
    C.ALL_PREFER_MODALITY: lambda d: f"all prefer to meet {_how(d['modality'])}",
    C.ALL_CAN_MEET: lambda d: f"all can meet {_how(d['modality'])}",
    C.PROTECTED_TOGETHER: lambda d: f"{d['count']} {d['attribute']} members together",
    C.PROTECTED_ALONE: lambda d: f"only one {d['attribute']} member in this group",
    C.MIXED_YEARS: lambda d: f"mixes class years {_join([str(y) for y in d['years']])}",
    C.SAME_YEAR_ONLY: lambda d: f"all in class year {d['year']}: years not mixed",
    C.POOL_DOES_NOT_SPLIT: lambda d: (
        f"{d['students']} students cannot all be split into groups of {d['min_size']}-{d['max_size']};"
        f" {d['unplaced']} left unplaced"
    ),
}


def text(reason: Reason) -> str:
    """One reason as a short English phrase."""
    return _TEXT[reason.code](reason.data)


def texts(reasons: Iterable[Reason]) -> list[str]:
    return [text(r) for r in reasons]
