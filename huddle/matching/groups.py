"""Study-group formation: constructions, local search, annealing, and for
small pools an exact finish.

The pool is split into ``k = ceil(n / max)`` groups (the fewest that fit),
sizes balanced within [min, max]; if no such split exists, the largest
placeable sub-pool is grouped and the rest is reported as unplaced. Quality
is a sum over groups of an integer score (:class:`.objective.Objective`), so exact
solvers (the polish in :mod:`.exact`, the benchmark's CP-SAT model) optimise
the very same number. Sparse timetables get a start that packs groups
meeting the minimum first (:mod:`.packing`).

Weeks are Python ints (bit b = block b): a group's common time is an AND of
at most ``max`` ints and a popcount, which keeps each move evaluation in the
microseconds. Everything random goes through one seeded
``numpy.random.Generator``, and HiGHS is deterministic, so a seed always
gives the same groups.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np

from .availability import as_matrix, bit_blocks, hours, pairwise_overlap_blocks
from .errors import MatchingInputError
from .exact import polish
from .model import Group, GroupResult, GroupRules, Student
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
from .packing import fill_by_common_time, packed_start
from .reasons import Reason, reason
from .reasons import ReasonCode as C

#: Below this size the restarts already search the pool well (no annealing).
ANNEAL_MIN_STUDENTS = 16
#: Simulated annealing runs on pools up to this size, for a fixed budget of
#: moves (proportional to the pool, capped), from a seeded generator.
ANNEAL_MAX_STUDENTS = 250
ANNEAL_ITERATIONS_PER_STUDENT = 3000
ANNEAL_MAX_ITERATIONS = 150_000
#: Start temperatures of the chains (objective points; all chains on pools up
#: to ANNEAL_CHAINS_MAX_STUDENTS, else the first), cooled geometrically to T1.
ANNEAL_T0 = (1500.0, 500.0, 3000.0)
ANNEAL_T1 = 3.0
ANNEAL_CHAINS_MAX_STUDENTS = 60
#: Pools above this size search moves only among each student's NEIGHBOURS
#: most promising partners.
NEIGHBOUR_LISTS_MIN_STUDENTS = 150
NEIGHBOURS = 24
#: Larger pools: the failing groups and this many groups around them are
#: annealed as one window, from this start temperature.
WINDOW_NEIGHBOUR_GROUPS = 40
WINDOW_T0 = 500.0
#: Windows annealed one after the other, each around the groups still failing.
WINDOW_ROUNDS = 3
#: Neighbour lists when years are to be mixed: a partner of another known
#: class year gains this much affinity (four common half hours' worth), so
#: that the lists also offer moves that mix years.
MIXED_YEAR_AFFINITY = 4 * BLOCK_POINTS
#: A group scoring below this pays a penalty (below the minimum, lone member,
#: one class year).
_PENALTY_FLOOR = max(BELOW_MIN_POINTS, LONE_MEMBER_POINTS, SAME_YEAR_POINTS) // 2


def nearest(affinity: np.ndarray, k: int) -> list[list[int]]:
    """Per row of a square integer matrix (>= 0), the ``k`` other columns of
    highest value, best first, lower index on ties.

    Why not ``argpartition`` alone: among ties it picks by its selection
    kernel, which numpy chooses by CPU (AVX-512, AVX2, none), so the same
    seed gave different groups on different machines. Folding the index into
    the key makes every key distinct, so the choice and order are unique.
    """
    n = affinity.shape[0]
    key = affinity * n + (n - 1 - np.arange(n))  # higher is better, distinct per row
    np.fill_diagonal(key, -1)
    top = np.argpartition(-key, k, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(key, top, axis=1), axis=1)
    return np.take_along_axis(top, order, axis=1).tolist()


def plan_sizes(n: int, lo: int, hi: int) -> tuple[list[int], int]:
    """Balanced group sizes for the largest placeable part of ``n`` students.

    Returns (sizes, placed). ``placed < n`` only when no split of all ``n``
    within [lo, hi] exists; then the rest is left unplaced.
    """
    for placed in range(n, 0, -1):
        k = math.ceil(placed / hi)
        if k * lo <= placed:
            base, extra = divmod(placed, k)
            return [base + 1] * extra + [base] * (k - extra), placed
    return [], 0


def _greedy(obj: Objective, avail: np.ndarray, sizes: Sequence[int], rng: np.random.Generator) -> list[list[int]]:
    """Build groups one by one: hardest student first, then best marginal fit."""
    n = len(obj.bits)
    tiebreak = rng.permutation(n).astype(np.float64) / (n + 1)
    free = np.ones(n, dtype=np.bool_)
    free_blocks = avail.sum(axis=1)
    course = np.array(obj.course)
    goal = np.array(obj.goal)
    virt = np.array(obj.virtual)
    inp = np.array(obj.in_person)
    year = np.array(obj.year)
    groups: list[list[int]] = []
    for size in sizes:
        cand = np.flatnonzero(free)
        seed = int(cand[np.argmin(free_blocks[cand] + tiebreak[cand])])
        members = [seed]
        free[seed] = False
        common = avail[seed].copy()
        while len(members) < size:
            cand = np.flatnonzero(free)
            blocks = (avail[cand] & common).sum(axis=1)
            gain = BLOCK_POINTS * np.minimum(blocks, obj.cap_blocks).astype(np.float64)
            gain += np.where(blocks < obj.min_blocks, BELOW_MIN_POINTS, 0)
            gain += np.where((blocks == 0) & (obj.min_blocks > 0), NO_TIME_POINTS, 0)
            gain += np.where(course[cand] == obj.course[seed], SAME_COURSE_POINTS, 0)
            gain += np.where(goal[cand] == obj.goal[seed], SAME_GOAL_POINTS, 0)
            clash_v = any(obj.virtual[s] for s in members)
            clash_p = any(obj.in_person[s] for s in members)
            gain += np.where((clash_v & inp[cand]) | (clash_p & virt[cand]), MODALITY_CLASH_POINTS, 0)
            if obj.mix_years:
                # One known year so far: another of it would keep the group one year.
                known = {obj.year[s] for s in members if obj.year[s] >= 0}
                if len(known) == 1:
                    gain += np.where(year[cand] == next(iter(known)), SAME_YEAR_POINTS, 0)
            best = int(cand[np.argmax(gain + tiebreak[cand])])
            members.append(best)
            free[best] = False
            common &= avail[best]
        groups.append(members)
    return groups


def _greedy_hours(obj: Objective, sizes: Sequence[int]) -> list[list[int]]:
    """Second construction, time first: fill groups in index order, each time
    adding the student who keeps the most common time."""
    return fill_by_common_time(obj, list(range(len(obj.bits))), sizes)


def _local_search(
    obj: Objective,
    groups: list[list[int]],
    bin_: list[int],
    lo: int,
    hi: int,
    neighbours: list[list[int]] | None,
    rng: np.random.Generator,
    max_passes: int,
) -> None:
    """Best-improvement moves and swaps per student until a pass finds none.

    ``bin_`` holds unplaced students; they may swap with placed ones (so the
    worst fits are the ones left out) but never join a group by a move.
    """
    n = len(obj.bits)
    where = [-1] * n
    for g, members in enumerate(groups):
        for s in members:
            where[s] = g
    quality = [obj.quality(m) for m in groups]
    everyone = list(range(n))
    for _ in range(max_passes):
        improved = False
        for s in rng.permutation(n).tolist():
            gs = where[s]
            src = groups[gs] if gs >= 0 else bin_
            others = neighbours[s] if neighbours is not None else everyone
            best_delta, best_move = 0, None
            rest = [x for x in src if x != s]
            q_rest = obj.quality(rest) if gs >= 0 else 0
            seen_groups: set[int] = set()
            for t in others:
                gt = where[t]
                if gt == gs or gt in seen_groups:
                    continue
                seen_groups.add(gt)
                dst = groups[gt] if gt >= 0 else bin_
                q_s, q_t = (quality[gs] if gs >= 0 else 0), (quality[gt] if gt >= 0 else 0)
                # Move s into gt (group to group only, sizes permitting).
                if gs >= 0 and gt >= 0 and len(src) > lo and len(dst) < hi:
                    delta = q_rest + obj.quality([*dst, s]) - q_s - q_t
                    if delta > best_delta:
                        best_delta, best_move = delta, (gt, -1)
                # Swap s with each member u of gt.
                for u in dst:
                    new_src = obj.quality([*rest, u]) if gs >= 0 else 0
                    new_dst = obj.quality([x if x != u else s for x in dst]) if gt >= 0 else 0
                    delta = new_src + new_dst - q_s - q_t
                    if delta > best_delta:
                        best_delta, best_move = delta, (gt, u)
            if best_move is None:
                continue
            gt, u = best_move
            dst = groups[gt] if gt >= 0 else bin_
            src.remove(s)
            dst.append(s)
            where[s] = gt
            if u >= 0:
                dst.remove(u)
                src.append(u)
                where[u] = gs
            if gs >= 0:
                quality[gs] = obj.quality(src)
            if gt >= 0:
                quality[gt] = obj.quality(dst)
            improved = True
        if not improved:
            break


def _reasons(
    obj: Objective,
    students: Sequence[Student],
    members: Sequence[int],
    min_hours: float,
    protect: tuple[str, ...] | None,
) -> list[Reason]:
    blocks = bit_blocks(obj.common_bits(members))
    h = hours(len(blocks))
    n = len(members)
    out: list[Reason] = []
    if blocks:
        out.append(reason(C.GROUP_COMMON_HOURS, members=n, hours=h, blocks=blocks))
    else:
        out.append(reason(C.GROUP_NO_COMMON_TIME, members=n))
    if h < min_hours:
        out.append(reason(C.BELOW_MIN_HOURS, min_hours=min_hours, hours=h))
    courses = {students[s].course for s in members}
    if len(courses) == 1 and None not in courses:
        out.append(reason(C.SAME_COURSE, course=students[members[0]].course))
    goals = {students[s].goal for s in members}
    if len(goals) == 1 and None not in goals:
        out.append(reason(C.SAME_GOAL, goal=students[members[0]].goal))
    modes = {students[s].modality for s in members}
    if modes == {"either"}:
        out.append(reason(C.ALL_EITHER_MODALITY))
    elif "virtual" in modes and "in_person" in modes:
        out.append(reason(C.MIXED_MODALITIES))
    else:
        only = next(m for m in modes if m != "either")
        out.append(reason(C.ALL_PREFER_MODALITY if len(modes) == 1 else C.ALL_CAN_MEET, modality=only))
    if obj.mix_years:
        years = sorted({y for s in members if (y := students[s].class_year) is not None})
        if obj.same_year(members):
            out.append(reason(C.SAME_YEAR_ONLY, year=years[0]))
        elif len(years) >= 2:
            out.append(reason(C.MIXED_YEARS, years=tuple(years)))
    counts: dict[str, int] = {}
    for s in members:
        for a in students[s].attributes:
            counts[a] = counts.get(a, 0) + 1
    for a, c in sorted(counts.items()):
        if protect is not None and a not in protect:
            continue
        if c >= 2:
            out.append(reason(C.PROTECTED_TOGETHER, attribute=a, count=c))
        else:
            out.append(reason(C.PROTECTED_ALONE, attribute=a))
    return out


def form_groups(
    students: Sequence[Student],
    rules: GroupRules,
    *,
    seed: int = 0,
    restarts: int | None = None,
    max_passes: int = 50,
    with_reasons: bool = True,
) -> GroupResult:
    """Partition students into study groups (see module doc for the method).

    Deterministic for a given ``seed``. Each group carries its reasons (codes
    with data, :mod:`.reasons`) unless ``with_reasons`` is false; each
    unplaced student has one. Raises :class:`MatchingInputError` for an
    empty pool, duplicate ids or impossible size bounds.
    """
    pool = checked_pool(students, rules)
    n = len(pool)
    lo, hi = rules.min_size, rules.max_size
    sizes, _placed = plan_sizes(n, lo, hi)
    obj = Objective.build(pool, rules)
    weeks = as_matrix([s.availability for s in pool])
    avail = weeks.astype(np.bool_)
    overlap = pairwise_overlap_blocks(weeks, weeks)

    best: tuple[int, list[list[int]], list[int]] | None = None
    if sizes:
        if restarts is None:
            restarts = max(1, min(12, 600 // n))
        neighbours: list[list[int]] | None = None
        if n > NEIGHBOUR_LISTS_MIN_STUDENTS:
            # Candidate lists: the students most worth sharing a group with.
            affinity = np.minimum(overlap, obj.cap_blocks).astype(np.int64) * BLOCK_POINTS
            course = np.array(obj.course)
            affinity += np.where((course[:, None] == course[None, :]) & (course[:, None] >= 0), SAME_COURSE_POINTS, 0)
            if obj.mix_years:
                year = np.array(obj.year)
                other_year = (year[:, None] != year[None, :]) & (year[:, None] >= 0) & (year[None, :] >= 0)
                affinity += np.where(other_year, MIXED_YEAR_AFFINITY, 0)
            neighbours = nearest(affinity, NEIGHBOURS)
        rng = np.random.default_rng(seed)
        packed = packed_start(obj, overlap, sizes)
        # A large sparse pool starts from the packing alone: one local search
        # there costs seconds, and on sparse timetables the packing wins.
        first = 1 if packed is not None and n > ANNEAL_MAX_STUDENTS else 0
        for r in range(first, restarts + 1):
            if r == 0:
                groups = _greedy(obj, avail, sizes, rng)
            elif r == 1:
                # Sparse timetables: the packing; dense ones: time first.
                groups = _greedy_hours(obj, sizes) if packed is None else packed
            else:
                assert best is not None
                groups = _shuffled(best[1], rng)
            placed_set = {s for g in groups for s in g}
            bin_ = [s for s in range(n) if s not in placed_set]
            _local_search(obj, groups, bin_, lo, hi, neighbours, rng, max_passes)
            total = sum(obj.quality(g) for g in groups)
            if best is None or total > best[0]:
                best = (total, [list(g) for g in groups], list(bin_))
        if best is not None and ANNEAL_MIN_STUDENTS <= n <= ANNEAL_MAX_STUDENTS and len(best[1]) >= 2:
            # Small pools: simulated annealing chains, each from the best so
            # far at its own start temperature, each followed by a polish.
            iterations = min(ANNEAL_MAX_ITERATIONS, ANNEAL_ITERATIONS_PER_STUDENT * n)
            for t0 in ANNEAL_T0 if n <= ANNEAL_CHAINS_MAX_STUDENTS else ANNEAL_T0[:1]:
                groups = _anneal(obj, best[1], lo, hi, rng, iterations, t0)
                bin_ = list(best[2])
                _local_search(obj, groups, bin_, lo, hi, neighbours, rng, max_passes)
                total = sum(obj.quality(g) for g in groups)
                if total > best[0]:
                    best = (total, groups, bin_)
        elif best is not None and n > ANNEAL_MAX_STUDENTS and neighbours is not None:
            for _ in range(WINDOW_ROUNDS):
                gain = _anneal_failing_window(obj, best[1], lo, hi, neighbours, rng)
                if gain == 0:
                    break
                best = (best[0] + gain, best[1], best[2])
    proven = False
    if best is not None and not best[2]:
        polished = polish(obj, best[1], lo, hi)
        if polished is not None:
            proven = polished[1]
            best = (sum(obj.quality(g) for g in polished[0]), polished[0], [])
    if best is None:
        return group_result(pool, rules, obj, [], range(n), seed=seed, proven=False, with_reasons=with_reasons)
    return group_result(pool, rules, obj, best[1], best[2], seed=seed, proven=proven, with_reasons=with_reasons)


def checked_pool(students: Sequence[Student], rules: GroupRules) -> list[Student]:
    """The students in id order (so that results do not depend on the input
    order), after the checks every grouping needs."""
    if not students:
        raise MatchingInputError("students: empty pool")
    if rules.min_size < 1 or rules.max_size < rules.min_size:
        raise MatchingInputError(f"group_size: impossible bounds (min {rules.min_size}, max {rules.max_size})")
    seen: set[str] = set()
    for k, s in enumerate(students):
        if s.id in seen:
            raise MatchingInputError(f"students[{k}].id: duplicate id {s.id!r}")
        seen.add(s.id)
    return sorted(students, key=lambda s: s.id)


def group_result(
    pool: Sequence[Student],
    rules: GroupRules,
    obj: Objective,
    groups: Sequence[Sequence[int]],
    unplaced: Iterable[int],
    *,
    seed: int,
    proven: bool,
    with_reasons: bool,
) -> GroupResult:
    """The result of a partition of ``pool`` (indices into it), with the
    stats and reasons every grouping reports, so that a baseline
    (:func:`.baseline.random_groups`) is measured exactly like the engine.

    ``rule_violations`` counts the groups with a protected member alone plus
    the groups all one class year while the year rule is in force (a group
    breaking both counts twice).
    """
    out_groups: list[Group] = []
    violations = 0
    for members in groups:
        members = sorted(members)
        h = hours(obj.common_bits(members).bit_count())
        violations += (obj.lone_members(members) > 0) + (obj.mix_years and obj.same_year(members))
        out_groups.append(
            Group(
                members=tuple(pool[s].id for s in members),
                common_hours=h,
                meets_min_common_hours=h >= rules.min_common_hours,
                reasons=tuple(_reasons(obj, pool, members, rules.min_common_hours, rules.protect_attributes))
                if with_reasons
                else (),
            )
        )
    out_groups.sort(key=lambda g: g.members)
    left = sorted(pool[s].id for s in unplaced)
    n = len(pool)
    stats: dict[str, object] = {
        "students": n,
        "groups": len(out_groups),
        "placed": n - len(left),
        "unplaced": len(left),
        "groups_meeting_min_common_hours": sum(g.meets_min_common_hours for g in out_groups),
        "mean_common_hours": round(sum(g.common_hours for g in out_groups) / len(out_groups), 2) if out_groups else 0.0,
        "worst_common_hours": min((g.common_hours for g in out_groups), default=0.0),
        "rule_violations": violations,
        "objective": sum(obj.quality(g) for g in groups),
        "proven_optimal": proven,
        "seed": seed,
    }
    why = reason(
        C.POOL_DOES_NOT_SPLIT, students=n, min_size=rules.min_size, max_size=rules.max_size, unplaced=len(left)
    )
    return GroupResult(tuple(out_groups), tuple(left), stats, {s: why for s in left})


def _anneal_failing_window(
    obj: Objective,
    groups: list[list[int]],
    lo: int,
    hi: int,
    neighbours: list[list[int]],
    rng: np.random.Generator,
    iterations: int = ANNEAL_MAX_ITERATIONS,
) -> int:
    """Large pools: anneal only where groups fail (below the minimum, with a
    lone protected member, or all one class year under the year rule) plus
    the groups holding those students' nearest candidates; replace that
    window in place when it improves. Returns the gain. Why: annealing the
    whole pool is too slow, while the failing groups are few and need several
    coordinated moves with their neighbours."""
    failing = [g for g, members in enumerate(groups) if obj.quality(members) < _PENALTY_FLOOR]
    if not failing:
        return 0
    where = {s: g for g, members in enumerate(groups) for s in members}
    ties: dict[int, int] = {}
    for g in failing:
        for s in groups[g]:
            for t in neighbours[s]:
                h = where.get(t, -1)  # -1: an unplaced student
                ties[h] = ties.get(h, 0) + 1
    skip = {-1, *failing}
    near = sorted((h for h in ties if h not in skip), key=lambda h: (-ties[h], h))
    window = failing + near[:WINDOW_NEIGHBOUR_GROUPS]
    if len(window) < 2:
        return 0
    before = sum(obj.quality(groups[g]) for g in window)
    out = _anneal(obj, [groups[g] for g in window], lo, hi, rng, iterations, WINDOW_T0)
    gain = sum(obj.quality(m) for m in out) - before
    if gain <= 0:
        return 0
    for g, members in zip(window, out, strict=True):
        groups[g] = members
    return gain


def _shuffled(groups: list[list[int]], rng: np.random.Generator) -> list[list[int]]:
    """A perturbed copy of a solution: a few random swaps between groups."""
    out = [list(g) for g in groups]
    if len(out) < 2:
        return out
    for _ in range(max(2, len(out) // 2)):
        a, b = rng.choice(len(out), size=2, replace=False).tolist()
        i, j = int(rng.integers(len(out[a]))), int(rng.integers(len(out[b])))
        out[a][i], out[b][j] = out[b][j], out[a][i]
    return out


def _anneal(
    obj: Objective,
    start: list[list[int]],
    lo: int,
    hi: int,
    rng: np.random.Generator,
    iterations: int,
    t0: float,
) -> list[list[int]]:
    """Simulated annealing over moves and swaps between groups; the best seen.

    Each step picks a student and another group, then moves the student there
    (when both sizes allow, half of the time) or swaps it with a random member;
    a change of ``delta`` points is taken when ``delta >= 0`` or with
    probability ``exp(delta / T)``. Deterministic for a given generator.
    """
    groups = [list(g) for g in start]
    k = len(groups)
    where: dict[int, int] = {s: g for g, members in enumerate(groups) for s in members}
    people = sorted(where)
    quality = [obj.quality(g) for g in groups]
    total = best_total = sum(quality)
    best = [list(g) for g in groups]
    pick = rng.integers(0, len(people), size=iterations).tolist()
    other = rng.integers(0, k - 1, size=iterations).tolist()
    member = rng.integers(0, hi, size=iterations).tolist()
    coin = rng.random(size=iterations).tolist()
    accept = rng.random(size=iterations).tolist()
    ratio = (ANNEAL_T1 / t0) ** (1.0 / max(1, iterations))
    temp = t0
    for it in range(iterations):
        temp *= ratio
        s = people[pick[it]]
        gs = where[s]
        gt = other[it] + (other[it] >= gs)
        src, dst = groups[gs], groups[gt]
        if coin[it] < 0.5 and len(src) > lo and len(dst) < hi:
            new_src = [x for x in src if x != s]
            new_dst = [*dst, s]
            u = -1
        else:
            u = dst[member[it] % len(dst)]
            new_src = [x if x != s else u for x in src]
            new_dst = [x if x != u else s for x in dst]
        q_src, q_dst = obj.quality(new_src), obj.quality(new_dst)
        delta = q_src + q_dst - quality[gs] - quality[gt]
        if delta < 0 and accept[it] >= math.exp(delta / temp):
            continue
        groups[gs], groups[gt] = new_src, new_dst
        quality[gs], quality[gt] = q_src, q_dst
        where[s] = gt
        if u >= 0:
            where[u] = gs
        total += delta
        if total > best_total:
            best_total = total
            best = [list(g) for g in groups]
    return best
