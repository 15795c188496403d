"""Reasons: every engine code for groups is worded for coordinators, on their clock; a hand-made change is
measured exactly as the engine measures its own groups."""

from datetime import UTC, datetime

import pytest

from huddle.groups.pools import adapter
from huddle.groups.pools.reasons import Reader, reason, reason_text, when_text
from huddle.matching import GroupRules, ReasonCode, form_groups
from tests.groups.factories import evenings

GROUP_CODES = [
    code
    for code in ReasonCode
    if code.value
    in {
        "group_common_hours",
        "group_no_common_time",
        "below_min_hours",
        "same_course",
        "same_goal",
        "all_either_modality",
        "mixed_modalities",
        "all_prefer_modality",
        "all_can_meet",
        "protected_together",
        "protected_alone",
        "mixed_years",
        "same_year_only",
        "pool_does_not_split",
    }
]
JANUARY = datetime(2027, 1, 11, 12, tzinfo=UTC)
READER = Reader(zone="America/New_York", at=JANUARY)


@pytest.mark.parametrize("code", GROUP_CODES)
def test_every_group_code_is_worded(code):
    data = {"members": 4, "hours": 2.0, "blocks": [36, 37, 38, 39], "min_hours": 2.0, "course": "Cardiology"}
    data |= {"goal": "osce", "modality": "virtual", "attribute": "Carer", "count": 2, "years": [1, 2], "year": 1}
    data |= {"students": 9, "min_size": 4, "max_size": 4, "unplaced": 1}
    assert reason_text(reason(code.value, **data), READER)


def test_common_time_is_said_on_the_readers_clock():
    monday = evenings(0)  # 18:00-20:00 in the school's zone (New York)
    assert when_text(monday, zone="America/New_York", at=JANUARY) == "Monday 18:00–20:00"
    assert when_text(monday, zone="Europe/Madrid", at=JANUARY) == "Tuesday 00:00–02:00"
    text = reason_text(reason("group_common_hours", members=3, hours=2.0, blocks=[36, 37, 38, 39]), READER)
    assert text == "All 3 share 2 h a week: Monday 18:00–20:00"


def test_judging_the_engines_own_groups_gives_the_engines_reasons():
    rules = GroupRules(min_size=3, max_size=3, min_common_hours=2, protect_attributes=("Carer",), mix_years=True)
    members = {
        k: adapter.Member(
            entry_id=k,
            week=evenings(k % 3) | (evenings(5) if k < 3 else 0),
            goal="osce" if k % 2 else "step1",
            modality=("virtual", "either", "in_person")[k % 3],
            attributes=("Carer",) if k in (1, 4, 7) else (),
            class_year=1 + k % 2,
        )
        for k in range(1, 10)
    }
    result = form_groups([adapter.student(m, course="Cardiology") for m in members.values()], rules, seed=3)
    partition = [[int(s) for s in g.members] for g in result.groups]
    judged = adapter.judge(partition, members, rules=rules, course="Cardiology")
    assert [adapter.reasons_of(g) for g in judged.groups] == [adapter.reasons_of(g) for g in result.groups]
    assert judged.stats["rule_violations"] == result.stats["rule_violations"]
    assert judged.stats["worst_common_hours"] == result.stats["worst_common_hours"]
