"""Exact steps for small pools, as integer programs solved by HiGHS (scipy).

Two places where a local search is weak and a solver is strong:

* :func:`best_packing` chooses the most groups meeting the minimum common
  time (none leaving a protected member alone, none all one class year when
  years are to be mixed) from a short candidate list,
  so that the students left over can still fill the other groups and no
  protected attribute is left with exactly one member among them.
* :func:`polish` takes the best partition found by the heuristics and proves
  or improves it over *every* possible group, when the pool is small enough
  to list them all (``C(40, 4) = 91,390``). Listing them is vectorised; the
  program is a set partition. Its LP relaxation gives, for each group, the
  most any partition using that group could score (LP value plus reduced
  cost); groups that cannot beat the heuristic's partition are dropped before
  the integer solve ("reduced-cost fixing"), which leaves a few thousand
  columns instead of ~90,000.

HiGHS is deterministic for a given problem; the node limit only guards
against a pathological instance, and when it is hit the heuristic's answer
stands unless the solver found a better one.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_matrix, hstack

from .availability import BLOCKS_PER_WEEK
from .objective import (
    BELOW_MIN_POINTS,
    BLOCK_POINTS,
    LONE_MEMBER_POINTS,
    MODALITY_CLASH_POINTS,
    NO_TIME_POINTS,
    SAME_COURSE_POINTS,
    SAME_GOAL_POINTS,
    SAME_YEAR_POINTS,
    Objective,
)

#: Pools whose every possible group fits in this many columns are polished.
POLISH_MAX_GROUPS = 100_000
#: After reduced-cost fixing, solve only when at most this many groups remain.
POLISH_MAX_SURVIVORS = 15_000
#: Candidate lists of at most this length are packed exactly (sparse
#: timetables give a few dozen; dense ones, where the packing matters least
#: and symmetric programs are slow, give thousands).
PACK_MAX_CANDIDATES = 400
#: Branch-and-bound nodes before HiGHS stops with its best so far.
NODE_LIMIT = 20_000
PACK_NODE_LIMIT = 1_000

#: What one more packed group is worth: more than any quality difference.
_PER_GROUP = 10_000
_WORDS = (BLOCKS_PER_WEEK + 63) // 64
_WORD = (1 << 64) - 1


def packed_words(obj: Objective) -> np.ndarray:
    """Weeks as an (n, 6) array of uint64, for vectorised ANDs and popcounts."""
    rows = [[(b >> (64 * w)) & _WORD for w in range(_WORDS)] for b in obj.bits]
    return np.array(rows, dtype=np.uint64).reshape(len(obj.bits), _WORDS)


def _solve(
    cost: np.ndarray, constraints: list[LinearConstraint], integrality: np.ndarray, nodes: int = NODE_LIMIT
) -> tuple[np.ndarray | None, bool]:
    """Maximise ``cost @ x`` over binaries: the best solution found (or None),
    and whether it is proven optimal (False when the node limit stopped it)."""
    res = milp(
        -cost,
        constraints=constraints,
        integrality=integrality,
        bounds=Bounds(0, 1),
        options={"node_limit": nodes, "mip_rel_gap": 0.0},
    )
    return (None if res.x is None else np.asarray(res.x)), res.status == 0


def _membership(groups: Sequence[Sequence[int]], n: int) -> csr_matrix:
    """Student x group incidence matrix."""
    rows = np.fromiter((s for g in groups for s in g), dtype=np.int64)
    cols = np.repeat(np.arange(len(groups)), [len(g) for g in groups])
    return csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, len(groups)))


def best_packing(obj: Objective, candidates: list[tuple[int, ...]], sizes: Sequence[int]) -> list[list[int]] | None:
    """The most candidate groups (then the best quality) that can be formed at
    once, leaving students who fit the other groups; None if not solved."""
    n, k, lo, hi = len(obj.bits), len(sizes), min(sizes), max(sizes)
    m = len(candidates)
    if m == 0:
        return []
    attrs = sorted({a for p in obj.protected for a in p})
    a_count = len(attrs)
    # Variables: one per candidate, then one "some left over" flag per attribute.
    cost = np.concatenate([[obj.quality(g) + _PER_GROUP for g in candidates], np.zeros(a_count)])
    width = np.array([len(g) for g in candidates], dtype=np.float64)
    pad = np.zeros(a_count)
    cons = [
        LinearConstraint(_hstack(_membership(candidates, n), a_count), 0, 1),
        LinearConstraint(np.concatenate([np.ones(m), pad])[None, :], 0, k),
        # Students left over fit the groups left over: lo <= per group <= hi.
        LinearConstraint(np.concatenate([width - lo, pad])[None, :], -np.inf, n - lo * k),
        LinearConstraint(np.concatenate([width - hi, pad])[None, :], n - hi * k, np.inf),
    ]
    for i, a in enumerate(attrs):
        holders = np.array([sum(a in obj.protected[s] for s in g) for g in candidates], dtype=np.float64)
        total = sum(a in p for p in obj.protected)
        if total < 2:
            continue  # a single holder is alone wherever it goes
        flag = np.zeros(a_count)
        flag[i] = 1.0
        # Left over L = total - holders.x is 0 (flag off) or at least 2 (flag on).
        cons.append(LinearConstraint(np.concatenate([holders, 2 * flag])[None, :], -np.inf, total))
        cons.append(LinearConstraint(np.concatenate([holders, total * flag])[None, :], total, np.inf))
    x, _optimal = _solve(cost, cons, np.ones(m + a_count), PACK_NODE_LIMIT)
    if x is None:
        return None
    return [list(candidates[j]) for j in np.flatnonzero(x[:m] > 0.5)]


def _hstack(a: csr_matrix, extra: int) -> csr_matrix:
    """``a`` with ``extra`` zero columns on the right."""
    return csr_matrix(hstack([a, csr_matrix((a.shape[0], extra))]))


def _all_groups(n: int, sizes: set[int]) -> list[np.ndarray]:
    return [
        np.fromiter(itertools.chain.from_iterable(itertools.combinations(range(n), r)), dtype=np.int32).reshape(-1, r)
        for r in sorted(sizes)
    ]


def group_scores(obj: Objective, words: np.ndarray, members: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:meth:`Objective.quality` of every row of ``members`` at once, and the
    penalty part of it (below the minimum, lone members, one class year) as a
    positive number."""
    common = words[members[:, 0]].copy()
    for j in range(1, members.shape[1]):
        common &= words[members[:, j]]
    blocks = np.bitwise_count(common).sum(axis=1).astype(np.int64)
    q = BLOCK_POINTS * np.minimum(blocks, obj.cap_blocks)
    for values, points in ((np.array(obj.course), SAME_COURSE_POINTS), (np.array(obj.goal), SAME_GOAL_POINTS)):
        v = values[members]
        q += points * ((v == v[:, :1]).all(axis=1) & (v[:, 0] >= 0))
    clash = np.array(obj.virtual)[members].any(axis=1) & np.array(obj.in_person)[members].any(axis=1)
    q += MODALITY_CLASH_POINTS * clash
    penalty = -BELOW_MIN_POINTS * (blocks < obj.min_blocks)
    penalty -= NO_TIME_POINTS * ((blocks == 0) & (obj.min_blocks > 0) & (members.shape[1] > 1))
    for a in sorted({a for p in obj.protected for a in p}):
        holds = np.array([a in p for p in obj.protected])
        penalty -= LONE_MEMBER_POINTS * (holds[members].sum(axis=1) == 1)
    if obj.mix_years:
        # Same as Objective.same_year: two known years or more, all equal.
        years = np.array(obj.year)[members]
        known = years >= 0
        top = np.where(known, years, -1).max(axis=1)
        bottom = np.where(known, years, np.iinfo(np.int64).max).min(axis=1)
        penalty -= SAME_YEAR_POINTS * ((known.sum(axis=1) >= 2) & (top == bottom))
    return q - penalty, penalty


def polish(obj: Objective, groups: list[list[int]], lo: int, hi: int) -> tuple[list[list[int]], bool] | None:
    """The best partition into ``len(groups)`` groups of sizes in [lo, hi],
    and whether it is proven optimal; None when the pool is too large or the
    solver leaves too much open (the heuristic's partition then stands)."""
    n, k = len(obj.bits), len(groups)
    if sum(len(g) for g in groups) != n:
        return None
    # Only sizes that leave the other k - 1 groups within the bounds.
    sizes = {r for r in range(lo, hi + 1) if lo * (k - 1) <= n - r <= hi * (k - 1)}
    if sum(math.comb(n, r) for r in sizes) > POLISH_MAX_GROUPS:
        return None
    blocks = _all_groups(n, sizes)
    words = packed_words(obj)
    scored = [group_scores(obj, words, b) for b in blocks]
    score = np.concatenate([sc for sc, _ in scored]).astype(np.float64)
    penalty = np.concatenate([pe for _, pe in scored]).astype(np.float64)
    incumbent = float(sum(obj.quality(g) for g in groups))
    # No partition beating the incumbent pays more penalty than the best k
    # penalty-free scores could make up: drop groups that alone pay more.
    slack = float(np.sort(score + penalty)[-k:].sum()) - incumbent
    first = np.flatnonzero(penalty <= slack)
    members = [tuple(row) for b in blocks for row in b.tolist()]
    members = [members[j] for j in first]
    score, penalty = score[first], penalty[first]
    a = _membership(members, n)
    lp = linprog(-score, A_ub=penalty[None, :], b_ub=[slack], A_eq=a, b_eq=np.ones(n), bounds=(0, 1), method="highs")
    if lp.status != 0:
        return None
    # The most any partition using a group can score is the LP bound minus
    # that group's reduced cost (the k-groups constraint is left out of the
    # LP: a looser bound, still a valid one).
    reduced = -score - a.T @ lp.eqlin.marginals - penalty * lp.ineqlin.marginals[0]
    keep = np.flatnonzero(-lp.fun - np.maximum(reduced, 0) >= incumbent - 1e-6)
    if not 0 < len(keep) <= POLISH_MAX_SURVIVORS:
        return None
    kept = [members[j] for j in keep]
    ones = np.ones((1, len(keep)))
    x, optimal = _solve(
        score[keep],
        [
            LinearConstraint(_membership(kept, n), 1, 1),
            LinearConstraint(ones, k, k),
            LinearConstraint(penalty[keep][None, :], 0, slack),
        ],
        np.ones(len(keep)),
    )
    if x is None:
        return None
    chosen = [list(kept[j]) for j in np.flatnonzero(x > 0.5)]
    if sum(obj.quality(g) for g in chosen) < incumbent:
        return None
    return chosen, optimal
