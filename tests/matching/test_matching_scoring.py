"""Compatibility scores: vectorised == scalar, hard rules, reasons as codes with data."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from huddle.matching import (
    Criteria,
    Mentor,
    Person,
    Profile,
    Reason,
    Weights,
    pair_breakdown,
    reasons,
    score_matrix,
)
from huddle.matching import ReasonCode as C
from huddle.matching.availability import parse_week, to_bits
from huddle.matching.scoring import reasons_from_bits, score_bound
from huddle.matching.wording import texts


def _mentee(**kw: object) -> Person:
    return Person("ana", Profile(**kw))  # type: ignore[arg-type]


def _mentor(**kw: object) -> Mentor:
    return Mentor("dr-okafor", Profile(**kw), capacity=1)  # type: ignore[arg-type]


def test_it_explains_a_pair_with_codes_and_the_data_behind_them() -> None:
    week = parse_week({"mon": ["18:00-20:00"], "wed": ["07:00-09:30"]})
    e = _mentee(
        specialties=("Emergency Medicine",),
        languages=("en", "es"),
        class_year=1,
        modality="virtual",
        availability=week,
    )
    m = _mentor(
        specialties=("Emergency Medicine", "Surgery"),
        languages=("es",),
        class_year=3,
        modality="virtual",
        availability=week,
    )
    got = reasons(e, m, Criteria())
    monday, wednesday = range(36, 40), range(2 * 48 + 14, 2 * 48 + 19)
    assert got == [
        Reason(C.SHARED_SPECIALTIES, {"specialties": ("Emergency Medicine",)}),
        Reason(C.SHARED_LANGUAGES, {"languages": ("es",)}),
        # The blocks themselves, so the web app can decide whether to show *which* hours.
        Reason(C.COMMON_HOURS, {"hours": 4.5, "blocks": (*monday, *wednesday)}),
        Reason(C.SENIORITY, {"years": 2}),
        Reason(C.SAME_MODALITY, {"modality": "virtual"}),
    ]
    assert texts(got) == [
        "both interested in Emergency Medicine",
        "both speak es",
        "4.5 h/week in common (Mon 18:00\u201320:00, Wed 07:00\u201309:30)",
        "mentor is 2 years senior",
        "both prefer virtual",
    ]
    assert got[2].as_dict() == {"code": "common_hours", "hours": 4.5, "blocks": [*monday, *wednesday]}


def test_hard_rules_exclude_a_pair() -> None:
    e = _mentee(languages=("English",), class_year=2)
    m = _mentor(languages=("Spanish",), class_year=3)
    crit = Criteria(require_shared_language=True, min_year_gap=2)
    why = pair_breakdown(e, m, crit).excluded_because
    assert why == (Reason(C.NO_SHARED_LANGUAGE), Reason(C.YEAR_GAP_BELOW_MIN, {"min_years": 2, "years": 1}))
    assert texts(why) == ["no shared language", "mentor is not at least 2 years senior"]
    _, ok = score_matrix([e], [m], crit)
    assert not ok[0, 0]


def test_a_block_on_either_side_is_always_hard() -> None:
    e = Person("ana", Profile(blocks=("dr-okafor",)))
    m = Mentor("dr-okafor", Profile(), capacity=1)
    _, ok = score_matrix([e], [m], Criteria())
    assert not ok[0, 0]


def test_faculty_count_as_year_eight() -> None:
    e = _mentee(class_year=1)
    m = Mentor("dr", Profile(is_faculty=True), capacity=1)
    assert pair_breakdown(e, m, Criteria(min_year_gap=5)).excluded_because == ()


SPECS = ["EM", "Peds", "Surgery", "IM"]
LANGS = ["English", "Spanish", "Hindi"]


@st.composite
def profiles(draw: st.DrawFn, other_ids: list[str]) -> Profile:
    slots = draw(st.lists(st.tuples(st.integers(0, 6), st.integers(30, 44), st.integers(1, 6)), max_size=3))
    week = np.zeros(336, dtype=np.bool_)
    for day, start, length in slots:
        week[day * 48 + start : day * 48 + min(48, start + length)] = True
    return Profile(
        specialties=tuple(draw(st.lists(st.sampled_from(SPECS), max_size=3, unique=True))),
        languages=tuple(draw(st.lists(st.sampled_from(LANGS), max_size=2, unique=True))),
        class_year=draw(st.none() | st.integers(1, 4)),
        is_faculty=draw(st.booleans()),
        modality=draw(st.sampled_from(["virtual", "in_person", "either"])),
        availability=week,
        requests=tuple(draw(st.lists(st.sampled_from(other_ids), max_size=1))),
        blocks=tuple(draw(st.lists(st.sampled_from(other_ids), max_size=1))),
    )


criteria_st = st.builds(
    Criteria,
    weights=st.builds(Weights, *[st.integers(0, 5).map(float) for _ in range(6)]),
    require_shared_language=st.booleans(),
    require_compatible_modality=st.booleans(),
    min_year_gap=st.none() | st.integers(0, 3),
    max_year_gap=st.none() | st.integers(2, 7),
    min_common_hours=st.sampled_from([0.0, 0.5, 1.0, 1.5]),
    overlap_target_hours=st.sampled_from([0.0, 1.0, 2.5, 4.0]),
)


@settings(max_examples=30, deadline=None)
@given(st.data(), criteria_st)
def test_vectorised_scores_equal_the_scalar_formula(data: st.DataObject, crit: Criteria) -> None:
    e_ids, m_ids = ["e0", "e1", "e2"], ["m0", "m1"]
    mentees = [Person(i, data.draw(profiles(m_ids))) for i in e_ids]
    mentors = [Mentor(j, data.draw(profiles(e_ids)), capacity=1) for j in m_ids]
    scores, ok = score_matrix(mentees, mentors, crit)
    for i, e in enumerate(mentees):
        for j, m in enumerate(mentors):
            b = pair_breakdown(e, m, crit)
            assert ok[i, j] == (not b.excluded_because)
            if ok[i, j]:
                assert scores[i, j] == b.units
                assert 0 <= b.units <= 10_000
                assert abs(int(scores[i, j])) <= score_bound(crit)
            both = to_bits(e.profile.availability) & to_bits(m.profile.availability)  # type: ignore[union-attr]
            got = reasons_from_bits(e, m, crit, both)
            assert got == reasons(e, m, crit)
            hours = [r for r in got if r.code == C.COMMON_HOURS]
            common = np.flatnonzero(e.profile.availability & m.profile.availability).tolist()  # type: ignore[union-attr]
            assert [list(r.data["blocks"]) for r in hours] == ([common] if common else [])
