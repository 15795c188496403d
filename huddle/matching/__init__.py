"""Huddle's matching engine: who is paired or grouped with whom.

Pure Python + numpy/scipy/OR-Tools; imports nothing from Django, so it can be
tested, benchmarked and run on its own (``python -m huddle.matching``). The
web apps build the dataclasses below and call :func:`match_mentors` or
:func:`form_groups` (and :func:`random_groups`, the baseline it is measured
against); all raise :class:`MatchingInputError` on bad input,
and explain their results with :class:`Reason` codes and data (worded in
English for the CLI by :mod:`.wording`).
"""

from .assign import match_mentors
from .availability import common_hours, pairwise_overlap_blocks, parse_week
from .baseline import random_groups
from .errors import MatchingInputError
from .groups import form_groups
from .model import (
    Criteria,
    Group,
    GroupResult,
    GroupRules,
    Match,
    Mentor,
    MentorResult,
    Person,
    Profile,
    ScoreEntry,
    Student,
    Unmatched,
    Weights,
)
from .objective import Objective
from .parse import parse_criteria, parse_group_input, parse_mentor_input, parse_profile
from .reasons import Reason, ReasonCode
from .scoring import pair_breakdown, reasons, score_matrix

__all__ = [
    "Criteria",
    "Group",
    "GroupResult",
    "GroupRules",
    "Match",
    "MatchingInputError",
    "Mentor",
    "MentorResult",
    "Objective",
    "Person",
    "Profile",
    "Reason",
    "ReasonCode",
    "ScoreEntry",
    "Student",
    "Unmatched",
    "Weights",
    "common_hours",
    "form_groups",
    "match_mentors",
    "pair_breakdown",
    "pairwise_overlap_blocks",
    "parse_criteria",
    "parse_group_input",
    "parse_mentor_input",
    "parse_profile",
    "parse_week",
    "random_groups",
    "reasons",
    "score_matrix",
]
