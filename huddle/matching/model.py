"""Typed, immutable inputs and results of the engine.

Everything the algorithms touch is validated into these dataclasses once, at
the edge (:mod:`huddle.matching.parse` for JSON, or the Django apps building
them directly), so the algorithms themselves never re-check types.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from .availability import BLOCKS_PER_WEEK, BoolArray
from .reasons import Reason
from .wording import text, texts

Modality = Literal["virtual", "in_person", "either"]
Mode = Literal["optimal", "stable"]
MODALITIES: tuple[str, ...] = ("virtual", "in_person", "either")

#: Faculty have no class year; for year-gap rules they count as this year.
FACULTY_YEAR = 8

#: Scores are kept as integers in units of 1e-4 so that every comparison,
#: tie and objective is exact and identical across modes and baselines.
SCORE_SCALE = 10_000


def _empty_week() -> BoolArray:
    return np.zeros(BLOCKS_PER_WEEK, dtype=np.bool_)


@dataclass(frozen=True)
class Profile:
    """What the scoring criteria look at for one person.

    ``class_year`` is 1..4 for MS1..MS4; faculty set ``is_faculty`` and count
    as year :data:`FACULTY_YEAR`. ``requests``/``blocks`` hold ids of people
    on the other side.
    """

    specialties: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    class_year: int | None = None
    is_faculty: bool = False
    modality: Modality = "either"
    availability: BoolArray = field(default_factory=_empty_week, compare=False, repr=False)
    requests: tuple[str, ...] = ()
    blocks: tuple[str, ...] = ()

    @property
    def year(self) -> int | None:
        """Effective year for year-gap rules (faculty count as year 8)."""
        return FACULTY_YEAR if self.is_faculty else self.class_year


@dataclass(frozen=True)
class Person:
    """A mentee (or, through :class:`Mentor`, a mentor).

    ``ranking`` lists ids on the other side, best first; ``None`` means the
    preferences come from scores.
    """

    id: str
    profile: Profile | None = None
    ranking: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Mentor(Person):
    """A mentor who can take up to ``capacity`` mentees."""

    capacity: int = 1


@dataclass(frozen=True)
class Weights:
    """Relative weight of each soft criterion; the score is their weighted mean."""

    specialty: float = 3.0
    language: float = 2.0
    overlap: float = 2.0
    year_gap: float = 1.0
    modality: float = 1.0
    request: float = 3.0

    def total(self) -> float:
        return self.specialty + self.language + self.overlap + self.year_gap + self.modality + self.request


@dataclass(frozen=True)
class Criteria:
    """How a mentee-mentor pair is scored and which pairs are excluded.

    Soft criteria each give a component in [0, 1]; the score is their mean
    weighted by :attr:`weights`, rounded to 1e-4. Hard rules exclude a pair
    outright; a ``blocks`` entry on either side is always hard.
    """

    weights: Weights = Weights()
    #: Hard: the pair must share at least one language.
    require_shared_language: bool = False
    #: Hard: a virtual-only person is never paired with an in-person-only one.
    require_compatible_modality: bool = False
    #: Hard: mentor year minus mentee year must be at least this (None = no rule).
    min_year_gap: int | None = None
    #: Hard: mentor year minus mentee year must be at most this (None = no rule).
    max_year_gap: int | None = None
    #: Hard: at least this many weekly hours in common (0 = no rule).
    min_common_hours: float = 0.0
    #: Soft: a year gap in this closed range scores 1, otherwise 0.
    preferred_year_gap: tuple[int, int] = (1, 3)
    #: Soft: overlap scores hours / target, capped at 1.
    overlap_target_hours: float = 4.0


@dataclass(frozen=True)
class ScoreEntry:
    """An explicit score for one allowed pair."""

    mentee: str
    mentor: str
    score: float


Pair = tuple[str, str]  # (mentee id, mentor id)


@dataclass(frozen=True)
class Match:
    """A pair and why (empty ``reasons`` when the caller asked for none)."""

    mentee: str
    mentor: str
    score: float
    reasons: tuple[Reason, ...]
    locked: bool = False


@dataclass(frozen=True)
class Unmatched:
    mentee: str
    reason: Reason


@dataclass(frozen=True)
class MentorResult:
    """Matches sorted by mentee id, unmatched mentees with a reason, stats."""

    matches: tuple[Match, ...]
    unmatched: tuple[Unmatched, ...]
    stats: Mapping[str, object]

    def to_json(self) -> dict[str, object]:
        return {
            "matches": [
                {"mentee": m.mentee, "mentor": m.mentor, "score": m.score, "reasons": texts(m.reasons)}
                | ({"locked": True} if m.locked else {})
                for m in self.matches
            ],
            "unmatched_mentees": [u.mentee for u in self.unmatched],
            "unmatched_reasons": {u.mentee: text(u.reason) for u in self.unmatched},
            "stats": dict(self.stats),
        }


@dataclass(frozen=True)
class Student:
    """A student to be placed in a study group."""

    id: str
    availability: BoolArray = field(default_factory=_empty_week, compare=False, repr=False)
    course: str | None = None
    goal: str | None = None
    modality: Modality = "either"
    attributes: tuple[str, ...] = ()
    #: 1..4 for MS1..MS4 (any int works: only equality is used); None = unknown.
    class_year: int | None = None


@dataclass(frozen=True)
class GroupRules:
    """Size bounds and quality rules for study-group formation.

    ``protect_attributes`` lists the opted-in attributes (e.g.
    ``"first-generation"``) whose members must never be the only one in a
    group; ``None`` means every attribute that appears is protected.

    ``mix_years`` asks that no group be all one class year: a group in which
    at least two members have a known year, and all known years are the
    same, breaks it. Unknown years count for nothing, either way. It applies
    only when the pool holds at least two known years (otherwise no group
    could keep it, and no year reasons are given).
    """

    min_size: int
    max_size: int
    min_common_hours: float = 0.0
    protect_attributes: tuple[str, ...] | None = None
    mix_years: bool = False


@dataclass(frozen=True)
class Group:
    members: tuple[str, ...]
    common_hours: float
    meets_min_common_hours: bool
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class GroupResult:
    """Groups sorted by members, unplaced students (by id) with a reason each, stats."""

    groups: tuple[Group, ...]
    unplaced: tuple[str, ...]
    stats: Mapping[str, object]
    unplaced_reasons: Mapping[str, Reason] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        stats = dict(self.stats)
        if self.unplaced_reasons:
            # Every unplaced student has the one reason of the pool; say it once.
            stats["message"] = text(self.unplaced_reasons[self.unplaced[0]])
        return {
            "groups": [
                {
                    "members": list(g.members),
                    "common_hours": g.common_hours,
                    "meets_min_common_hours": g.meets_min_common_hours,
                    "reasons": texts(g.reasons),
                }
                for g in self.groups
            ],
            "unplaced": list(self.unplaced),
            "unplaced_reasons": {s: text(r) for s, r in self.unplaced_reasons.items()},
            "stats": stats,
        }
