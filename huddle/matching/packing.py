"""A start for group formation that packs groups meeting the minimum first.

When weekly timetables are sparse, few sets of students share the minimum
common time, and a local search that starts from an arbitrary partition sits
on a plateau: every group below the minimum scores the same, so no single
move or swap shows the way to a group that meets it. Here the groups that
*do* meet it (and leave no protected member alone, nor are all one class
year when years are to be mixed) are listed directly, as
cliques of students whose pairwise and joint common time reach the minimum,
and a disjoint set of them is chosen: exactly (:func:`.exact.best_packing`)
when the list is short, else greedily, least-contested first (the classic
minimum-degree heuristic for set packing) with two-for-one swaps. The rest
of the pool fills the remaining groups; local search then works from there.

The listing is bounded: each student is extended only with the
``NEIGHBOURS`` students sharing the most time, and it stops at
``MAX_CANDIDATES_PER_STUDENT`` groups per student. On dense timetables
(where nearly any group meets the minimum) it gives up, returning ``None``:
the plain constructions already do well there.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .exact import PACK_MAX_CANDIDATES, best_packing
from .objective import Objective

#: Candidate partners per student, the ones sharing the most weekly time.
NEIGHBOURS = 40
#: Above this many candidate groups per student the timetables are dense
#: (most groups can meet the minimum anyway): no packing.
MAX_CANDIDATES_PER_STUDENT = 100


class _TooMany(Exception):
    """Raised inside the listing once it passes its limit."""


def _partners(obj: Objective, overlap: np.ndarray, cap: int) -> list[list[int]]:
    """Per student, the (at most ``cap``) others sharing at least the minimum;
    ``overlap`` is the pool's pairwise common blocks (N x N)."""
    shared = overlap.astype(np.int32)
    np.fill_diagonal(shared, -1)
    out: list[list[int]] = []
    for i in range(len(obj.bits)):
        ok = np.flatnonzero(shared[i] >= obj.min_blocks)
        if len(ok) > cap:
            # Most shared time first, lower index on ties (stable sort).
            ok = ok[np.argsort(-shared[i, ok], kind="stable")[:cap]]
        out.append(sorted(ok.tolist()))
    return out


def candidate_groups(obj: Objective, overlap: np.ndarray, sizes: set[int]) -> list[tuple[int, ...]] | None:
    """Every group (size in ``sizes``) meeting the minimum, within the bounds
    above; ``None`` when there are too many to be worth packing."""
    partners = _partners(obj, overlap, NEIGHBOURS)
    partner_set = [set(p) for p in partners]
    biggest = max(sizes)
    limit = MAX_CANDIDATES_PER_STUDENT * len(obj.bits)
    found: list[tuple[int, ...]] = []

    def extend(members: list[int], common: int, candidates: list[int]) -> None:
        if len(members) in sizes and obj.lone_members(members) == 0 and not (obj.mix_years and obj.same_year(members)):
            found.append(tuple(members))
            if len(found) > limit:
                raise _TooMany
        if len(members) == biggest:
            return
        for k, j in enumerate(candidates):
            c = common & obj.bits[j]
            if c.bit_count() >= obj.min_blocks:
                extend([*members, j], c, [x for x in candidates[k + 1 :] if x in partner_set[j]])

    try:
        for i in range(len(obj.bits)):
            extend([i], obj.bits[i], [j for j in partners[i] if j > i])
    except _TooMany:
        return None
    return found


def packed_start(obj: Objective, overlap: np.ndarray, sizes: Sequence[int]) -> list[list[int]] | None:
    """A full partition (one group per entry of ``sizes``, everyone placed)
    whose first groups are a packing of groups meeting the minimum; ``None``
    when the minimum is zero or the timetables are too dense. ``overlap`` is
    the pool's pairwise common blocks (N x N)."""
    n = len(obj.bits)
    if obj.min_blocks == 0 or sum(sizes) != n:
        return None
    lo, hi = min(sizes), max(sizes)
    candidates = candidate_groups(obj, overlap, set(range(lo, hi + 1)))
    if candidates is None:
        return None
    chosen = best_packing(obj, candidates, sizes) if len(candidates) <= PACK_MAX_CANDIDATES else None
    if chosen is None:
        chosen = _greedy_packing(obj, candidates, sizes)
    used = {s for g in chosen for s in g}
    free = [s for s in range(n) if s not in used]
    groups_left = len(sizes) - len(chosen)
    if groups_left == 0:
        return chosen
    base, extra = divmod(len(free), groups_left)
    sizes_left = [base + 1] * extra + [base] * (groups_left - extra)
    return chosen + fill_by_common_time(obj, free, sizes_left, _protected_seeds(obj, free, sizes_left))


def _greedy_packing(obj: Objective, candidates: list[tuple[int, ...]], sizes: Sequence[int]) -> list[list[int]]:
    """Least-contested candidates first, then two-for-one improvements."""
    n, k, lo, hi = len(obj.bits), len(sizes), min(sizes), max(sizes)
    contested = [0] * n
    for g in candidates:
        for s in g:
            contested[s] += 1
    order = sorted(candidates, key=lambda g: (sum(contested[s] for s in g), -obj.quality(g), g))
    chosen: list[list[int]] = []
    used: set[int] = set()
    for g in order:
        if len(chosen) == k:
            break
        rest, groups_left = n - len(used) - len(g), k - len(chosen) - 1
        if used.isdisjoint(g) and lo * groups_left <= rest <= hi * groups_left:
            chosen.append(list(g))
            used.update(g)
    return _two_for_one(chosen, candidates, n, sizes)


def _protected_seeds(obj: Objective, free: list[int], sizes: Sequence[int]) -> list[list[int]]:
    """Protected students left over, in twos (a three when odd and groups
    allow) per attribute set, each seeding one of the groups of ``sizes``,
    so that no one starts out alone."""
    smallest = min(sizes)
    if smallest < 2:
        return []
    by_key: dict[tuple[int, ...], list[int]] = {}
    for s in free:
        if obj.protected[s]:
            by_key.setdefault(obj.protected[s], []).append(s)
    seeds: list[list[int]] = []
    for key in sorted(by_key):
        members = by_key[key]
        chunks = [members[i : i + 2] for i in range(0, len(members) - 1, 2)]
        if len(members) % 2 and chunks and smallest >= 3:
            chunks[-1].append(members[-1])
        seeds.extend(chunks)
    return seeds[: len(sizes)]


def _two_for_one(
    chosen: list[list[int]], candidates: list[tuple[int, ...]], n: int, sizes: Sequence[int]
) -> list[list[int]]:
    """Improve a packing: replace one chosen group by two disjoint candidates
    that use only its members and free students, while any such pair exists
    and the students left over still fit the remaining groups."""
    lo, hi, k = min(sizes), max(sizes), len(sizes)
    touching: list[list[int]] = [[] for _ in range(n)]
    for j, cand in enumerate(candidates):
        for s in cand:
            touching[s].append(j)
    owner = [-1] * n
    for c, g in enumerate(chosen):
        for s in g:
            owner[s] = c
    placed = sum(len(g) for g in chosen)
    improved = True
    while improved and len(chosen) < k:
        improved = False
        for c, g in enumerate(chosen):
            left = k - len(chosen) - 1
            room = (n - placed + len(g) - hi * left, n - placed + len(g) - lo * left)
            options = sorted({j for s in g for j in touching[s] if all(owner[x] in (-1, c) for x in candidates[j])})
            pair = _disjoint_pair(candidates, options, room)
            if pair is None:
                continue
            for s in g:
                owner[s] = -1
            placed += len(candidates[pair[0]]) + len(candidates[pair[1]]) - len(g)
            chosen[c] = list(candidates[pair[0]])
            chosen.append(list(candidates[pair[1]]))
            for idx in (c, len(chosen) - 1):
                for s in chosen[idx]:
                    owner[s] = idx
            improved = True
            if len(chosen) == k:
                break
    return chosen


def _disjoint_pair(
    candidates: list[tuple[int, ...]], options: list[int], room: tuple[int, int]
) -> tuple[int, int] | None:
    """The first two disjoint candidates whose joint size is within ``room``."""
    for a, ja in enumerate(options):
        first = set(candidates[ja])
        for jb in options[a + 1 :]:
            if room[0] <= len(first) + len(candidates[jb]) <= room[1] and first.isdisjoint(candidates[jb]):
                return ja, jb
    return None


def fill_by_common_time(
    obj: Objective, free: list[int], sizes: Sequence[int], seeds: Sequence[list[int]] = ()
) -> list[list[int]]:
    """Groups of the given sizes from ``free`` (in order): group g starts from
    ``seeds[g]`` when given, else from the first free student, then takes
    whoever keeps the most common time (ties: earlier in ``free``). Seeded
    students are not offered to other groups. Local search repairs the other
    rules later."""
    seeded = {s for seed in seeds for s in seed}
    free = [s for s in free if s not in seeded]
    out: list[list[int]] = []
    for g, size in enumerate(sizes):
        members = list(seeds[g]) if g < len(seeds) else [free.pop(0)]
        common = obj.common_bits(members)
        while len(members) < size:
            k = max(range(len(free)), key=lambda i: ((common & obj.bits[free[i]]).bit_count(), -i))
            members.append(free.pop(k))
            common &= obj.bits[members[-1]]
        out.append(members)
    return out
