"""Random study groups: the baseline the engine's groups are measured against.

The coordinator-facing note compares the engine with what a coordinator
would get by dealing the same pool out at random, so this uses the same
planned sizes (:func:`.groups.plan_sizes`), the same objective and the same
stats and reasons (:func:`.groups.group_result`); only the choice of who goes
where differs.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .groups import checked_pool, group_result, plan_sizes
from .model import GroupResult, GroupRules, Student
from .objective import Objective


def random_groups(
    students: Sequence[Student], rules: GroupRules, *, seed: int, with_reasons: bool = True
) -> GroupResult:
    """The pool shuffled by a generator seeded with ``seed`` and cut into the
    planned sizes; the students past the placeable part are unplaced, as in
    :func:`.groups.form_groups`. Deterministic for a seed, whatever the input
    order. Raises :class:`.errors.MatchingInputError` like ``form_groups``."""
    pool = checked_pool(students, rules)
    n = len(pool)
    sizes, placed = plan_sizes(n, rules.min_size, rules.max_size)
    order = np.random.default_rng(seed).permutation(n).tolist()
    groups: list[list[int]] = []
    start = 0
    for size in sizes:
        groups.append(order[start : start + size])
        start += size
    obj = Objective.build(pool, rules)
    return group_result(pool, rules, obj, groups, order[placed:], seed=seed, proven=False, with_reasons=with_reasons)
