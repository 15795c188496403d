"""Study groups, "mix of class years": the rule in the objective and every
solver that optimises it, its reasons and stats, the random baseline the
coordinator's note compares against, and the JSON fields."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huddle.matching import (
    GroupRules,
    MatchingInputError,
    Reason,
    Student,
    form_groups,
    parse_group_input,
    random_groups,
)
from huddle.matching import ReasonCode as C
from huddle.matching.exact import group_scores, packed_words, polish
from huddle.matching.groups import _anneal, _local_search, plan_sizes
from huddle.matching.objective import SAME_YEAR_POINTS, Objective

ROOT = Path(__file__).resolve().parents[2]
MIX = GroupRules(4, 4, min_common_hours=1.0, mix_years=True)


def _week(slots: list[tuple[int, int, int]]) -> np.ndarray:
    """(day, start block, length in blocks) -> a week of 336 blocks."""
    week = np.zeros(336, dtype=np.bool_)
    for day, start, length in slots:
        week[day * 48 + start : day * 48 + start + length] = True
    return week


def _by_year_pool() -> list[Student]:
    """Year 1 shares two hours on Monday, year 2 two hours on Tuesday, and
    everyone one hour on Wednesday: time alone puts each year together."""
    wed = (2, 36, 2)
    return [Student(f"s{k}", _week([(0 if k < 4 else 1, 36, 4), wed]), class_year=1 if k < 4 else 2) for k in range(8)]


def _random_pool(n: int, seed: int) -> list[Student]:
    """Evening slots, a few first-generation students, years 1-3 or unknown."""
    rng = np.random.default_rng(seed)
    students = []
    for k in range(n):
        slots = [(int(rng.integers(3)), int(rng.integers(36, 42)), int(rng.integers(2, 5))) for _ in range(2)]
        year = [1, 2, 3, None][int(rng.integers(4))]
        attrs = ("first-generation",) if k % 4 == 0 else ()
        students.append(Student(f"s{k:02d}", _week(slots), course=["A", "B"][k % 2], attributes=attrs, class_year=year))
    return students


def _year_codes(reasons: tuple[Reason, ...]) -> list[Reason]:
    return [r for r in reasons if r.code in (C.MIXED_YEARS, C.SAME_YEAR_ONLY)]


def _reference_violations(students: list[Student], members: tuple[str, ...]) -> int:
    """A lone first-generation member, plus two known years or more all equal."""
    people = [s for s in students if s.id in members]
    holders = sum("first-generation" in s.attributes for s in people)
    years = [s.class_year for s in people if s.class_year is not None]
    return (holders == 1) + (len(years) >= 2 and len(set(years)) == 1)


def test_the_rule_mixes_years_that_common_time_alone_keeps_apart() -> None:
    pool = _by_year_pool()
    off = form_groups(pool, GroupRules(4, 4, min_common_hours=1.0), seed=0)
    assert [g.members for g in off.groups] == [("s0", "s1", "s2", "s3"), ("s4", "s5", "s6", "s7")]
    assert all(not _year_codes(g.reasons) for g in off.groups)  # the rule is off: no year reasons
    assert off.stats["rule_violations"] == 0  # nor violations

    on = form_groups(pool, MIX, seed=0)
    for g in on.groups:
        assert 0 < sum(m in ("s0", "s1", "s2", "s3") for m in g.members) < 4
        assert _year_codes(g.reasons) == [Reason(C.MIXED_YEARS, {"years": (1, 2)})]
    assert on.stats["rule_violations"] == 0
    assert on.stats["worst_common_hours"] == 1.0 and off.stats["worst_common_hours"] == 3.0
    assert on.stats["proven_optimal"] is True


def test_a_pool_that_cannot_mix_every_group_counts_the_violation_and_says_which() -> None:
    # Seven year-1 students and one year-2: one of the two groups is all year 1.
    pool = [Student(f"s{k}", _week([(0, 36, 4)]), class_year=2 if k == 7 else 1) for k in range(8)]
    result = form_groups(pool, MIX, seed=0)
    assert result.stats["rule_violations"] == 1
    assert sorted(_year_codes(g.reasons)[0].code for g in result.groups) == [C.MIXED_YEARS, C.SAME_YEAR_ONLY]
    same = next(g for g in result.groups if _year_codes(g.reasons)[0].code == C.SAME_YEAR_ONLY)
    assert _year_codes(same.reasons) == [Reason(C.SAME_YEAR_ONLY, {"year": 1})]
    worded = {tuple(g["members"]): g["reasons"] for g in result.to_json()["groups"]}  # type: ignore[attr-defined]
    assert "all in class year 1: years not mixed" in worded[same.members]


def test_unknown_years_never_count_toward_same_year() -> None:
    years = [1, 1, None, None, 2, None]
    pool = [Student(f"s{k}", class_year=y) for k, y in enumerate(years)]
    obj = Objective.build(pool, GroupRules(3, 3, mix_years=True))
    plain = Objective.build(pool, GroupRules(3, 3))
    assert obj.mix_years and not plain.mix_years
    assert not obj.same_year([0, 2, 3])  # one known year: nothing to judge
    assert not obj.same_year([2, 3, 5])  # none known
    assert not obj.same_year([0, 4, 2])  # 1 and 2
    assert obj.same_year([0, 1, 2])  # 1, 1 and an unknown
    for members in ([0, 2, 3], [2, 3, 5], [0, 4, 2]):
        assert obj.quality(members) == plain.quality(members)
    assert obj.quality([0, 1, 2]) == plain.quality([0, 1, 2]) + SAME_YEAR_POINTS
    # One known year in the whole pool: the rule cannot apply, and says nothing.
    single = [Student(f"s{k}", _week([(0, 36, 4)]), class_year=1 if k % 2 else None) for k in range(6)]
    result = form_groups(single, GroupRules(3, 3, mix_years=True), seed=0)
    assert not Objective.build(single, GroupRules(3, 3, mix_years=True)).mix_years
    assert all(not _year_codes(g.reasons) for g in result.groups)
    assert result.stats["rule_violations"] == 0


def test_the_rule_off_gives_the_groups_of_a_pool_without_years() -> None:
    pool = _random_pool(14, seed=3)
    rules = GroupRules(3, 4, min_common_hours=1.0)
    no_years = [Student(s.id, s.availability, s.course, s.goal, s.modality, s.attributes) for s in pool]
    assert form_groups(pool, rules, seed=1).to_json() == form_groups(no_years, rules, seed=1).to_json()


def test_the_vectorised_scores_and_the_polish_agree_with_the_objective_when_years_mix() -> None:
    pool = _random_pool(12, seed=4)
    obj = Objective.build(pool, MIX)
    assert obj.mix_years
    words = packed_words(obj)
    members = np.array(list(itertools.combinations(range(12), 4)), dtype=np.int32)
    score, penalty = group_scores(obj, words, members)
    assert score.tolist() == [obj.quality(g) for g in members.tolist()]
    plain = Objective.build(pool, GroupRules(4, 4, min_common_hours=1.0))
    _, without = group_scores(plain, words, members)
    assert set((penalty - without).tolist()) == {0, -SAME_YEAR_POINTS}
    rows = members.tolist()
    assert [obj.quality(g) - plain.quality(g) for g in rows] == [SAME_YEAR_POINTS * obj.same_year(g) for g in rows]
    # The polish reaches the exhaustive optimum: every split of 12 into threes of four.
    best = max(
        sum(obj.quality(g) for g in split)
        for a in itertools.combinations(range(1, 12), 3)
        for split in _splits_with((0, *a), [x for x in range(1, 12) if x not in a])
    )
    polished = polish(obj, [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]], 4, 4)
    assert polished is not None and polished[1]
    assert sum(obj.quality(g) for g in polished[0]) == best


def _splits_with(first: tuple[int, ...], rest: list[int]) -> list[list[tuple[int, ...]]]:
    head, tail = rest[0], rest[1:]
    out = []
    for others in itertools.combinations(tail, 3):
        second = (head, *others)
        third = tuple(x for x in tail if x not in others)
        out.append([first, second, third])
    return out


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from([(12, 3, 4), (12, 4, 4), (10, 2, 3)]))
def test_local_search_annealing_and_polish_never_lose_with_the_rule_on(seed: int, shape: tuple[int, int, int]) -> None:
    n, lo, hi = shape
    pool = _random_pool(n, seed=seed % 1000)
    obj = Objective.build(pool, GroupRules(lo, hi, min_common_hours=1.0, mix_years=True))
    sizes, _ = plan_sizes(n, lo, hi)
    rng = np.random.default_rng(seed)
    order = rng.permutation(n).tolist()
    start = [order[sum(sizes[:g]) : sum(sizes[: g + 1])] for g in range(len(sizes))]
    before = sum(obj.quality(g) for g in start)
    searched = [list(g) for g in start]
    _local_search(obj, searched, [], lo, hi, None, rng, 50)
    assert sum(obj.quality(g) for g in searched) >= before
    annealed = _anneal(obj, start, lo, hi, rng, 2000, 500.0)
    assert sum(obj.quality(g) for g in annealed) >= before
    polished = polish(obj, searched, lo, hi)
    if polished is not None:
        assert sum(obj.quality(g) for g in polished[0]) >= sum(obj.quality(g) for g in searched)
    for groups in (searched, annealed, *(() if polished is None else (polished[0],))):
        assert sorted(s for g in groups for s in g) == list(range(n))
        assert all(lo <= len(g) <= hi for g in groups)


def test_form_groups_with_the_rule_on_is_never_worse_than_random_and_counts_violations() -> None:
    pool = _random_pool(24, seed=7)
    rules = GroupRules(3, 4, min_common_hours=1.0, mix_years=True)
    ours = form_groups(pool, rules, seed=0)
    for seed in range(5):
        rnd = random_groups(pool, rules, seed=seed)
        assert int(ours.stats["objective"]) >= int(rnd.stats["objective"])  # type: ignore[call-overload]
        for result in (ours, rnd):
            assert result.stats["rule_violations"] == sum(_reference_violations(pool, g.members) for g in result.groups)
            assert result.stats["worst_common_hours"] == min(g.common_hours for g in result.groups)


def test_random_groups_is_deterministic_and_uses_the_planned_sizes() -> None:
    pool = _random_pool(11, seed=2)
    rules = GroupRules(3, 4, min_common_hours=1.0, mix_years=True)
    a = random_groups(pool, rules, seed=5)
    assert a.to_json() == random_groups(list(reversed(pool)), rules, seed=5).to_json()
    assert sorted(len(g.members) for g in a.groups) == sorted(plan_sizes(11, 3, 4)[0])
    assert sorted(m for g in a.groups for m in g.members) == sorted(s.id for s in pool)
    assert len({tuple(g.members for g in random_groups(pool, rules, seed=s).groups) for s in range(4)}) > 1
    assert set(a.stats) == set(form_groups(pool, rules, seed=5).stats)
    assert a.stats["proven_optimal"] is False
    assert all(_year_codes(g.reasons) for g in a.groups if sum(_has_year(pool, g.members)) >= 2)
    # Five students in groups of 3-4: one is left out, with the engine's reason.
    five = random_groups(pool[:5], rules, seed=0)
    assert [len(g.members) for g in five.groups] == [4] and len(five.unplaced) == 1
    assert five.unplaced_reasons[five.unplaced[0]].code == C.POOL_DOES_NOT_SPLIT
    assert random_groups(pool[:2], rules, seed=0).stats["worst_common_hours"] == 0.0
    with pytest.raises(MatchingInputError, match="empty pool"):
        random_groups([], rules, seed=0)


def _has_year(pool: list[Student], members: tuple[str, ...]) -> list[bool]:
    return [s.class_year is not None for s in pool if s.id in members]


def _doc(student: dict[str, object] | None = None, **top: object) -> dict[str, object]:
    return {"group_size": {"min": 2, "max": 3}, "students": [{"id": "a", **(student or {})}, {"id": "b"}], **top}


def test_the_json_fields_are_parsed() -> None:
    data = parse_group_input(_doc({"class_year": 2}, mix_years=True))
    assert data.students[0].class_year == 2 and data.students[1].class_year is None
    assert data.rules.mix_years is True
    assert parse_group_input(_doc()).rules.mix_years is False


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        (_doc({"class_year": "two"}), "students[0].class_year: must be an integer (got 'two')"),
        (_doc({"class_year": True}), "students[0].class_year: must be an integer (got True)"),
        (_doc({"class_year": 0}), "students[0].class_year: must be >= 1 (got 0)"),
        (_doc(mix_years="yes"), "mix_years: must be true or false (got 'yes')"),
        (_doc(mix_years=1), "mix_years: must be true or false (got 1)"),
    ],
)
def test_bad_year_fields_are_refused_naming_the_field(doc: dict[str, object], message: str) -> None:
    with pytest.raises(MatchingInputError) as caught:
        parse_group_input(doc)
    assert caught.value.message == message


def test_the_command_line_words_the_year_reasons() -> None:
    wed = {"wed": ["18:00-19:00"]}
    students = [
        {
            "id": f"s{k}",
            "class_year": 1 if k < 4 else 2,
            "availability": {"mon" if k < 4 else "tue": ["18:00-20:00"]} | wed,
        }
        for k in range(8)
    ]
    doc = {"group_size": {"min": 4, "max": 4}, "min_common_hours": 1, "mix_years": True, "students": students}
    proc = subprocess.run(
        [sys.executable, "-m", "huddle.matching", "groups"],
        input=json.dumps(doc),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert all("mixes class years 1 and 2" in g["reasons"] for g in out["groups"])
    assert out["stats"]["rule_violations"] == 0 and out["stats"]["worst_common_hours"] == 1.0


def test_a_large_pool_clustered_by_year_is_mixed_through_the_neighbour_lists() -> None:
    # 260 students (neighbour lists, packing start, windows): each year has
    # its own evenings, so common time alone groups by year.
    rng = np.random.default_rng(5)
    pool = []
    for k in range(260):
        year = 1 + k % 2
        slots = [(int(rng.choice([0, 2, 4] if year == 1 else [1, 3, 5])), int(rng.integers(34, 40)), 4)]
        slots.append((6, int(rng.integers(18, 30)), 6))  # Sunday, shared by both years
        pool.append(Student(f"s{k:03d}", _week(slots), class_year=None if k % 13 == 0 else year))
    off = form_groups(pool, GroupRules(3, 4, min_common_hours=1.0), seed=0)
    on = form_groups(pool, GroupRules(3, 4, min_common_hours=1.0, mix_years=True), seed=0)
    obj = Objective.build(sorted(pool, key=lambda s: s.id), GroupRules(3, 4, mix_years=True))
    index = {s.id: k for k, s in enumerate(sorted(pool, key=lambda s: s.id))}
    same_year_off = sum(obj.same_year([index[m] for m in g.members]) for g in off.groups)
    assert same_year_off > len(off.groups) // 2
    assert on.stats["rule_violations"] == 0
    assert sum(_reference_violations(pool, g.members) for g in on.groups) == 0
