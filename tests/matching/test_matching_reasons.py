"""Reasons: every code worded once in English, data ready for JSON, and
results identical whether reasons are built or skipped."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from huddle.matching import (
    Criteria,
    GroupRules,
    Mentor,
    Person,
    Profile,
    Reason,
    Student,
    form_groups,
    match_mentors,
    parse_group_input,
)
from huddle.matching import ReasonCode as C
from huddle.matching.availability import parse_week
from huddle.matching.wording import text

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "matching"
SAT_10_11 = tuple(range(5 * 48 + 20, 5 * 48 + 22))

#: One reason of every code, with its English wording.
SAMPLES: dict[C, tuple[dict[str, Any], str]] = {
    C.LOCKED: ({}, "locked by coordinator"),
    C.SCORE_GIVEN: ({"score": 0.6}, "score 0.6 given in input"),
    C.MENTEE_RANKED: ({"mentee": "ana", "mentor": "dr", "rank": 2, "of": 3}, "ana ranked dr #2 of 3"),
    C.MENTOR_RANKED: ({"mentor": "dr", "mentee": "ana", "rank": 1, "of": 4}, "dr ranked ana #1 of 4"),
    C.REQUESTED_BY_MENTEE: ({"mentee": "ana", "mentor": "dr"}, "ana asked for dr"),
    C.REQUESTED_BY_MENTOR: ({"mentor": "dr", "mentee": "ana"}, "dr asked for ana"),
    C.SHARED_SPECIALTIES: ({"specialties": ("EM", "IM", "Surgery")}, "both interested in EM, IM and Surgery"),
    C.SHARED_LANGUAGES: ({"languages": ("es",)}, "both speak es"),
    C.COMMON_HOURS: ({"hours": 1.0, "blocks": SAT_10_11}, "1 h/week in common (Sat 10:00\u201311:00)"),
    C.FACULTY: ({}, "faculty mentor"),
    C.SENIORITY: ({"years": 1}, "mentor is 1 year senior"),
    C.SAME_MODALITY: ({"modality": "in_person"}, "both prefer in person"),
    C.COMPATIBLE_MODALITY: ({}, "meeting modes compatible"),
    C.NO_CRITERION: ({}, "no criterion in common; matched to place the mentee"),
    C.NO_ACCEPTABLE_MENTOR: ({}, "no acceptable mentor"),
    C.MENTORS_FULL: ({}, "all acceptable mentors are at capacity"),
    C.BLOCKED_BY_MENTEE: ({"mentee": "ana", "mentor": "dr"}, "ana blocked dr"),
    C.BLOCKED_BY_MENTOR: ({"mentor": "dr", "mentee": "ana"}, "dr blocked ana"),
    C.NO_SHARED_LANGUAGE: ({}, "no shared language"),
    C.MODALITY_CLASH: (
        {"mentee_modality": "virtual", "mentor_modality": "in_person"},
        "modalities clash (virtual vs in_person)",
    ),
    C.YEAR_GAP_BELOW_MIN: ({"min_years": 2, "years": None}, "mentor is not at least 2 years senior"),
    C.YEAR_GAP_ABOVE_MAX: ({"max_years": 3, "years": 7}, "mentor is more than 3 years senior"),
    C.TOO_FEW_COMMON_HOURS: ({"min_hours": 1.5, "hours": 0.5}, "fewer than 1.5 h/week in common"),
    C.GROUP_COMMON_HOURS: (
        {"members": 3, "hours": 1.0, "blocks": SAT_10_11},
        "all 3 share 1 h/week: Sat 10:00\u201311:00",
    ),
    C.GROUP_NO_COMMON_TIME: ({"members": 4}, "the 4 members have no weekly time in common"),
    C.BELOW_MIN_HOURS: ({"min_hours": 1.0, "hours": 0.5}, "below the 1 h/week minimum of common time"),
    C.SAME_COURSE: ({"course": "Renal"}, "all studying Renal"),
    C.SAME_GOAL: ({"goal": "Step 1"}, "all aiming for Step 1"),
    C.ALL_EITHER_MODALITY: ({}, "all happy to meet virtually or in person"),
    C.MIXED_MODALITIES: ({}, "mixed meeting modes: some virtual-only, some in-person-only"),
    C.ALL_PREFER_MODALITY: ({"modality": "virtual"}, "all prefer to meet virtually"),
    C.ALL_CAN_MEET: ({"modality": "in_person"}, "all can meet in person"),
    C.PROTECTED_TOGETHER: ({"attribute": "first-generation", "count": 2}, "2 first-generation members together"),
    C.PROTECTED_ALONE: ({"attribute": "first-generation"}, "only one first-generation member in this group"),
    C.MIXED_YEARS: ({"years": (1, 2, 3)}, "mixes class years 1, 2 and 3"),
    C.SAME_YEAR_ONLY: ({"year": 2}, "all in class year 2: years not mixed"),
    C.POOL_DOES_NOT_SPLIT: (
        {"students": 5, "min_size": 3, "max_size": 4, "unplaced": 1},
        "5 students cannot all be split into groups of 3-4; 1 left unplaced",
    ),
}


def test_every_code_is_worded_in_english() -> None:
    assert set(SAMPLES) == set(C)
    for code, (data, english) in SAMPLES.items():
        assert text(Reason(code, data)) == english


def test_a_reason_is_hashable_and_turns_into_json_as_it_is() -> None:
    for code, (data, _english) in SAMPLES.items():
        r = Reason(code, data)
        assert hash(r) == hash(Reason(code, dict(reversed(list(data.items())))))
        assert json.loads(json.dumps(r.as_dict())) == r.as_dict() | {"code": code.value}


def _mentor_pool() -> tuple[list[Person], list[Mentor]]:
    rng = np.random.default_rng(5)
    evenings = [parse_week({d: ["18:00-20:00"]}) for d in ("mon", "tue", "wed")]

    def profile(k: int, year: int) -> Profile:
        return Profile(
            specialties=(("EM", "IM", "Peds")[k % 3],),
            languages=("en",) if k % 4 else ("en", "es"),
            class_year=year,
            modality=("virtual", "in_person", "either")[int(rng.integers(3))],  # type: ignore[arg-type]
            availability=evenings[int(rng.integers(3))],
        )

    mentees = [Person(f"e{k:02d}", profile(k, 1)) for k in range(12)]
    mentors = [Mentor(f"m{k}", profile(k, 3), capacity=2) for k in range(4)]
    return mentees, mentors


def test_skipping_reasons_changes_nothing_else() -> None:
    mentees, mentors = _mentor_pool()
    for mode in ("optimal", "stable"):
        full = match_mentors(mentees, mentors, Criteria(), mode)  # type: ignore[arg-type]
        bare = match_mentors(mentees, mentors, Criteria(), mode, with_reasons=False)  # type: ignore[arg-type]
        assert all(m.reasons for m in full.matches) and not any(m.reasons for m in bare.matches)
        assert [(m.mentee, m.mentor, m.score) for m in bare.matches] == [
            (m.mentee, m.mentor, m.score) for m in full.matches
        ]
        assert bare.unmatched == full.unmatched and bare.unmatched  # 12 mentees, 8 places
        assert bare.stats == full.stats
    data = parse_group_input(json.loads((EXAMPLES / "groups.json").read_text()))
    full_groups = form_groups(data.students, data.rules)
    bare_groups = form_groups(data.students, data.rules, with_reasons=False)
    assert [g.reasons for g in bare_groups.groups] == [(), ()]
    assert [g.members for g in bare_groups.groups] == [g.members for g in full_groups.groups]
    assert bare_groups.stats == full_groups.stats


def test_group_reasons_carry_the_common_blocks() -> None:
    sat = parse_week({"sat": ["10:00-11:00"]})
    students = [
        Student("a", sat, course="Renal", modality="virtual", attributes=("first-generation",)),
        Student("b", sat | parse_week({"sun": ["09:00-10:00"]}), course="Renal", attributes=("first-generation",)),
        Student("c", sat, course="Renal", goal="Step 1"),
    ]
    (group,) = form_groups(students, GroupRules(3, 3, min_common_hours=1.5)).groups
    assert group.reasons == (
        Reason(C.GROUP_COMMON_HOURS, {"members": 3, "hours": 1.0, "blocks": SAT_10_11}),
        Reason(C.BELOW_MIN_HOURS, {"min_hours": 1.5, "hours": 1.0}),
        Reason(C.SAME_COURSE, {"course": "Renal"}),
        Reason(C.ALL_CAN_MEET, {"modality": "virtual"}),
        Reason(C.PROTECTED_TOGETHER, {"attribute": "first-generation", "count": 2}),
    )
