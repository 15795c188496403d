"""The weakest group decides: no group is left with no time at all to meet while another grouping avoids it.

Four students in pairs, a minimum of 2 h: Ana and Ben share 2 h; Cy and Di
share nothing; Ana–Cy and Ben–Di share 1 h each. Counting only groups below
the minimum prefers {Ana, Ben} + {Cy, Di} (one group short); judged by the
weakest group, {Ana, Cy} + {Ben, Di} is better: both can meet for an hour.
"""

import numpy as np

from huddle.matching import GroupRules, Student, form_groups
from huddle.matching.availability import BLOCKS_PER_WEEK
from huddle.matching.exact import group_scores, packed_words
from huddle.matching.objective import NO_TIME_POINTS, Objective


def _week(*blocks: range) -> np.ndarray:
    week = np.zeros(BLOCKS_PER_WEEK, dtype=np.bool_)
    for r in blocks:
        week[r.start : r.stop] = True
    return week


MON, TUE = range(36, 40), range(84, 86)  # Monday 18:00–20:00; Tuesday 18:00–19:00
WED, THU = range(132, 134), range(180, 182)  # Wednesday 18:00–19:00; Thursday 18:00–19:00
POOL = [
    Student("ana", _week(MON, TUE)),
    Student("ben", _week(MON, WED)),
    Student("cy", _week(TUE, THU)),
    Student("di", _week(WED, range(228, 230))),
]
RULES = GroupRules(min_size=2, max_size=2, min_common_hours=2)


def test_no_group_is_left_without_time_when_another_grouping_gives_everyone_some() -> None:
    result = form_groups(POOL, RULES, seed=0)
    assert sorted(g.members for g in result.groups) == [("ana", "cy"), ("ben", "di")]
    assert result.stats["worst_common_hours"] == 1.0
    assert result.stats["groups_meeting_min_common_hours"] == 0


def test_the_vectorised_scores_charge_the_no_time_penalty_like_the_objective() -> None:
    pool = sorted(POOL, key=lambda s: s.id)
    obj = Objective.build(pool, RULES)
    pairs = np.array([[0, 1], [2, 3], [0, 2], [1, 3]])
    scores, _penalty = group_scores(obj, packed_words(obj), pairs)
    assert list(scores) == [obj.quality(list(p)) for p in pairs]
    assert obj.quality([2, 3]) - obj.quality([0, 1]) <= NO_TIME_POINTS
