"""Why the engine decided as it did: a code and the data behind it.

The engine says *what* holds (these members share these blocks, this mentee
asked for this mentor) and leaves the words to its readers: the CLI words
every code in English in :mod:`.wording`, the web app in each reader's own
language, deciding for itself what it may show (a partner may hide *which*
hours they are free, so a reason carries the blocks, not a sentence naming
them). Data values are plain and immutable (str, int, float, tuples of
them) so a reason is hashable and turns into JSON as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class ReasonCode(StrEnum):
    """Every reason the engine gives; the comment names the keys of ``data``."""

    # Why a mentee was matched with this mentor, strongest first.
    LOCKED = "locked"  # -
    SCORE_GIVEN = "score_given"  # score: float (the input's score for the pair)
    MENTEE_RANKED = "mentee_ranked"  # mentee, mentor: ids; rank, of: int (1 = first)
    MENTOR_RANKED = "mentor_ranked"  # mentor, mentee: ids; rank, of: int
    REQUESTED_BY_MENTEE = "requested_by_mentee"  # mentee, mentor: ids
    REQUESTED_BY_MENTOR = "requested_by_mentor"  # mentor, mentee: ids
    SHARED_SPECIALTIES = "shared_specialties"  # specialties: tuple[str, ...] (names, sorted)
    SHARED_LANGUAGES = "shared_languages"  # languages: tuple[str, ...] (as given, e.g. codes; sorted)
    COMMON_HOURS = "common_hours"  # hours: float; blocks: tuple[int, ...] (half hours, Mon 00:00 = 0)
    FACULTY = "faculty"  # - (a faculty mentor senior to the mentee)
    SENIORITY = "seniority"  # years: int (mentor year minus mentee year, > 0)
    SAME_MODALITY = "same_modality"  # modality: "virtual" | "in_person"
    COMPATIBLE_MODALITY = "compatible_modality"  # -
    NO_CRITERION = "no_criterion"  # - (matched only so that the mentee is placed)
    # Why a mentee is unmatched.
    NO_ACCEPTABLE_MENTOR = "no_acceptable_mentor"  # -
    MENTORS_FULL = "mentors_full"  # - (every acceptable mentor is at capacity)
    # Why the hard rules exclude a pair (``Breakdown.excluded_because``).
    BLOCKED_BY_MENTEE = "blocked_by_mentee"  # mentee, mentor: ids
    BLOCKED_BY_MENTOR = "blocked_by_mentor"  # mentor, mentee: ids
    NO_SHARED_LANGUAGE = "no_shared_language"  # -
    MODALITY_CLASH = "modality_clash"  # mentee_modality, mentor_modality: str
    YEAR_GAP_BELOW_MIN = "year_gap_below_min"  # min_years: int; years: int | None (None: a year unknown)
    YEAR_GAP_ABOVE_MAX = "year_gap_above_max"  # max_years: int; years: int | None
    TOO_FEW_COMMON_HOURS = "too_few_common_hours"  # min_hours, hours: float
    # What a study group has in common, or lacks.
    GROUP_COMMON_HOURS = "group_common_hours"  # members: int; hours: float; blocks: tuple[int, ...]
    GROUP_NO_COMMON_TIME = "group_no_common_time"  # members: int
    BELOW_MIN_HOURS = "below_min_hours"  # min_hours, hours: float
    SAME_COURSE = "same_course"  # course: str
    SAME_GOAL = "same_goal"  # goal: str
    ALL_EITHER_MODALITY = "all_either_modality"  # - (everyone meets virtually or in person)
    MIXED_MODALITIES = "mixed_modalities"  # - (some virtual-only, some in-person-only)
    ALL_PREFER_MODALITY = "all_prefer_modality"  # modality: str (everyone wants it)
    ALL_CAN_MEET = "all_can_meet"  # modality: str (some want it, the rest do not mind)
    PROTECTED_TOGETHER = "protected_together"  # attribute: str; count: int (>= 2)
    PROTECTED_ALONE = "protected_alone"  # attribute: str
    MIXED_YEARS = "mixed_years"  # years: tuple[int, ...] (the known class years, sorted; two or more)
    SAME_YEAR_ONLY = "same_year_only"  # year: int (every member with a known year is in it)
    # Why a student is in no group.
    POOL_DOES_NOT_SPLIT = "pool_does_not_split"  # students, min_size, max_size, unplaced: int


@dataclass(frozen=True)
class Reason:
    """One reason: its code and the facts a reader needs to word it."""

    code: ReasonCode
    data: Mapping[str, Any] = field(default_factory=dict)

    def __hash__(self) -> int:
        return hash((self.code, tuple(sorted(self.data.items()))))

    def as_dict(self) -> dict[str, Any]:
        """``{"code": ..., **data}``, tuples as lists: ready for JSON."""
        return {"code": self.code.value} | {k: list(v) if isinstance(v, tuple) else v for k, v in self.data.items()}


def reason(code: ReasonCode, **data: Any) -> Reason:
    return Reason(code, data)
