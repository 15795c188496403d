"""Mentor assignment with capacities: ``optimal`` and ``stable`` modes.

``optimal`` matches the most mentees and, among those, maximises the total
score: a maximum flow of minimum cost (OR-Tools ``SimpleMinCostFlow``) on the
graph source -> mentee -> mentor (capacity) -> sink, exact on every acceptable
pair up to :data:`EXACT_EDGE_LIMIT` pairs. Above that the graph keeps each
mentee's :data:`CANDIDATES_PER_MENTEE` best mentors, and the answer is checked
with an LP-duality certificate over *all* pairs (see :func:`_certify`); pairs
that violate it are added back and the flow is solved again, so the final
answer is exact whenever ``stats.certified_optimal`` is true.

``stable`` is mentee-proposing deferred acceptance with capacities (the
hospitals/residents algorithm behind the NRMP Match). With strict preferences
it yields the unique mentee-optimal stable matching, whatever the order of
proposals. Mentors hold their current mentees in a min-heap keyed by how much
they like them, so each proposal costs O(log capacity).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow

from . import fast, scoring
from .availability import hours, to_bits
from .errors import MatchingInputError
from .model import (
    SCORE_SCALE,
    Criteria,
    Match,
    Mentor,
    MentorResult,
    Mode,
    Pair,
    Person,
    ScoreEntry,
    Unmatched,
)
from .reasons import Reason, reason
from .reasons import ReasonCode as C

IntArray = npt.NDArray[np.int64]

#: Up to this many acceptable pairs, the flow sees every pair.
EXACT_EDGE_LIMIT = 4_000_000
#: Above it, each mentee first keeps this many best mentors (ties by id).
CANDIDATES_PER_MENTEE = 10
#: Plus each mentor's (this x capacity) best mentees (at 20k x 5k, 4 leaves 7x fewer
#: violators after the first flow than 2, and a smaller final graph).
MENTOR_LIST_FACTOR = 4
#: Each certificate round adds at most this many violating pairs per mentee
#: (the most violating ones), so the graph grows only where it must.
VIOLATORS_PER_MENTEE = 10
#: Pairs within (score spread / this) of violating are added with the violators.
NEAR_SLACK_DIVISOR = 256
#: Give up certifying (``certified_optimal: false``) after this many rounds.
CERTIFICATE_ROUNDS = 30
#: Rows per block of the certificate scan (a few MB of temporaries per thread).
_SCAN_CHUNK = 1024
#: Mentee preference lists are built lazily, this many entries at first.
_PREFIX = 16
#: Explicit scores must lie within +-this, so integer units never overflow.
MAX_ABS_SCORE = 100_000.0


@dataclass
class Market:
    """Everything the two algorithms need, in index space (sorted by id).

    ``scores[i, j]`` is in units of 1e-4; ``acceptable[i, j]`` says whether
    the pair may be matched at all. ``mentee_prefs``/``mentor_rank`` hold the
    explicit rankings when the input gave them.
    """

    scores: npt.NDArray[np.int64] | npt.NDArray[np.int32]
    acceptable: npt.NDArray[np.bool_]
    capacity: IntArray
    mentee_prefs: list[list[int]] | None = None
    mentor_rank: list[dict[int, int]] | None = None
    #: A bound on |score| over acceptable pairs, when known (speeds up sorting).
    score_bound: int | None = None


# ---------------------------------------------------------------- stable


class _ScorePrefs:
    """Each mentee's acceptable mentors by score desc, then mentor index.

    Most mentees are placed within their first few proposals, so a row is
    sorted only as far as needed: a short prefix first (ties at the cut are
    kept whole so the prefix is exactly the start of the full order), the
    whole row only if the mentee exhausts it.
    """

    def __init__(self, market: Market) -> None:
        self.market = market
        self.rows: dict[int, tuple[npt.NDArray[np.int64], bool]] = {}

    def _build(self, i: int, full: bool) -> tuple[npt.NDArray[np.int64], bool]:
        acc = np.flatnonzero(self.market.acceptable[i])
        vals = self.market.scores[i, acc].astype(np.int64)
        if not full and len(acc) > _PREFIX:
            cut = np.partition(vals, len(vals) - _PREFIX)[len(vals) - _PREFIX]
            keep = vals >= cut
            acc, vals = acc[keep], vals[keep]
            complete = False
        else:
            complete = True
        order = np.lexsort((acc, -vals))
        return acc[order].astype(np.int64), complete

    def __call__(self, i: int, k: int) -> int:
        entry = self.rows.get(i)
        if entry is None:
            entry = self._build(i, full=False)
            self.rows[i] = entry
        lst, complete = entry
        if k >= len(lst):
            if complete:
                return -1
            entry = self._build(i, full=True)
            self.rows[i] = entry
            lst = entry[0]
            if k >= len(lst):
                return -1
        return int(lst[k])


def deferred_acceptance(
    n_mentees: int,
    capacity: Sequence[int],
    choice: Callable[[int, int], int],
    liking: Callable[[int, int], tuple[int, int]],
    active: Iterable[int] | None = None,
) -> list[int]:
    """Mentee-proposing deferred acceptance with capacities.

    ``choice(i, k)`` is mentee i's k-th acceptable mentor (-1 when none is
    left); ``liking(j, i)`` is how much mentor j likes mentee i, higher is
    better and never equal for two mentees. Returns each mentee's mentor or -1.
    """
    mentor_of = [-1] * n_mentees
    nxt = [0] * n_mentees
    held: list[list[tuple[tuple[int, int], int]]] = [[] for _ in capacity]
    free = sorted(range(n_mentees) if active is None else active, reverse=True)
    while free:
        i = free.pop()
        while True:
            j = choice(i, nxt[i])
            if j < 0:
                break
            nxt[i] += 1
            cap = capacity[j]
            if cap <= 0:
                continue
            like = liking(j, i)
            heap = held[j]
            if len(heap) < cap:
                heapq.heappush(heap, (like, i))
                mentor_of[i] = j
                break
            if heap[0][0] < like:
                _, out = heapq.heapreplace(heap, (like, i))
                mentor_of[i] = j
                mentor_of[out] = -1
                free.append(out)
                break
    return mentor_of


def solve_stable(market: Market, active: Sequence[int]) -> list[int]:
    """The mentee-optimal stable matching of the mentees in ``active``.

    Score-derived preferences go to the vectorised rounds of
    :func:`huddle.matching.fast.stable_from_scores`; explicit rankings (small
    by nature) to the one-proposal-at-a-time :func:`deferred_acceptance`.
    Both give the same unique matching (pinned by property tests).
    """
    if market.mentee_prefs is None:
        return fast.stable_from_scores(
            market.scores, market.acceptable, market.capacity, active, bound=market.score_bound
        ).tolist()
    return solve_stable_reference(market, active)


def solve_stable_reference(market: Market, active: Sequence[int]) -> list[int]:
    """:func:`solve_stable` by the plain heap-based :func:`deferred_acceptance`."""
    n = market.acceptable.shape[0]
    if market.mentee_prefs is not None and market.mentor_rank is not None:
        prefs, rank = market.mentee_prefs, market.mentor_rank

        def choice(i: int, k: int) -> int:
            return prefs[i][k] if k < len(prefs[i]) else -1

        def liking(j: int, i: int) -> tuple[int, int]:
            return (-rank[j][i], 0)

        return deferred_acceptance(n, market.capacity.tolist(), choice, liking, active)
    scores = market.scores

    def score_liking(j: int, i: int) -> tuple[int, int]:
        # Higher score first, then the smaller mentee id (index order = id order).
        return (int(scores[i, j]), -i)

    return deferred_acceptance(n, market.capacity.tolist(), _ScorePrefs(market), score_liking, active)


# ---------------------------------------------------------------- optimal


def _solve_flow(
    n: int, m: int, rows: IntArray, cols: IntArray, vals: IntArray, capacity: IntArray
) -> IntArray:
    """Max-cardinality, then max-score b-matching on the given edges."""
    mentor_of = np.full(n, -1, dtype=np.int64)
    if len(rows) == 0:
        return mentor_of
    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = n + m, n + m + 1
    tails = np.concatenate([np.full(n, source), rows, n + np.arange(m)]).astype(np.int32)
    heads = np.concatenate([np.arange(n), n + cols, np.full(m, sink)]).astype(np.int32)
    caps = np.concatenate([np.ones(n), np.ones(len(rows)), capacity]).astype(np.int64)
    costs = np.concatenate([np.zeros(n), -vals, np.zeros(m)]).astype(np.int64)
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    supplies = np.zeros(n + m + 2, dtype=np.int64)
    supplies[source], supplies[sink] = n, -n
    flow.set_nodes_supplies(np.arange(n + m + 2, dtype=np.int32), supplies)
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:  # pragma: no cover - OR-Tools only fails on overflow
        raise RuntimeError(f"min-cost flow failed with status {status}")
    used = flow.flows(np.arange(n, n + len(rows), dtype=np.int32)) > 0
    mentor_of[rows[used]] = cols[used]
    return mentor_of


def _min_prices(
    m: int,
    rows: IntArray,
    cols: IntArray,
    weights: IntArray,
    mentor_of: IntArray,
    max_rounds: int = 5000,
) -> IntArray | None:
    """The least LP dual prices of the mentors for a given optimal matching.

    Dual of max sum(w x) with mentee rows <= 1 and mentor columns <= capacity:
    profits u_i, prices v_j >= 0 with u_i + v_j >= w_ij on every edge, tight
    on matched edges, and v_j = 0 at a mentor with spare capacity. With
    u_i = w_i,M(i) - v_M(i) the conditions become lower bounds on prices:
    ``v_j >= w_ij`` for a free mentee's edge and
    ``v_j >= v_M(i) + w_ij - w_i,M(i)`` for a matched one; the least prices
    are their longest-path closure (Bellman-Ford, vectorised by rounds).
    Least prices leave every mentee the most profit, which is what lets the
    fewest left-out pairs fail the certificate. None if not settled in time.
    """
    matched = mentor_of[rows] >= 0
    own = np.zeros(len(mentor_of), dtype=np.int64)
    hit = mentor_of[rows] == cols
    own[rows[hit]] = weights[hit]
    v = np.zeros(m, dtype=np.int64)
    free = ~matched
    if free.any():
        np.maximum.at(v, cols[free], weights[free])
    sel = matched & ~hit
    src = mentor_of[rows[sel]]
    dst = cols[sel]
    gain = weights[sel] - own[rows[sel]]
    order = np.argsort(dst, kind="stable")
    src, dst, gain = src[order], dst[order], gain[order]
    if len(dst) == 0:
        return v
    starts = np.flatnonzero(np.r_[True, dst[1:] != dst[:-1]])
    targets = dst[starts]
    for _ in range(max_rounds):
        best = np.maximum.reduceat(v[src] + gain, starts)
        up = best > v[targets]
        if not up.any():
            return v
        v[targets[up]] = best[up]
    return None


def solve_optimal(market: Market, active: Sequence[int]) -> tuple[IntArray, dict[str, object]]:
    """Most mentees matched, then maximum total score; exact (see module doc)."""
    n, m = market.acceptable.shape
    act = np.zeros(n, dtype=np.bool_)
    act[np.asarray(active, dtype=np.int64)] = True
    usable = market.capacity > 0
    info: dict[str, object] = {}
    # The usual case (no locks, no zero capacities) needs no masked copy of
    # the acceptability matrix; ``acc`` is only read from here on.
    everyone = bool(act.all() and usable.all())
    acc = market.acceptable if everyone else market.acceptable & act[:, None] & usable[None, :]
    n_edges = int(np.count_nonzero(acc))
    if n_edges <= EXACT_EDGE_LIMIT:
        rows, cols = np.nonzero(acc)
        rows, cols = rows.astype(np.int64), cols.astype(np.int64)
        vals = market.scores[rows, cols].astype(np.int64)
        info["pairs_considered"] = len(rows)
        info["certified_optimal"] = True
        return _solve_flow(n, m, rows, cols, vals, market.capacity), info
    # Large instance: candidate pruning + duality certificate.
    if market.score_bound is not None:
        lo, hi = -market.score_bound, market.score_bound
    else:
        lo, hi = _score_range(market.scores, acc)
    # Any bonus above n * spread makes one more match worth more than any
    # change in total score, so max weight == most matches, then best score.
    bonus = (n + 1) * (hi - lo + abs(hi) + abs(lo) + 1)
    act_rows = np.flatnonzero(act)
    # Plus each mentor's best 4 x capacity mentees, so that mentors nobody
    # ranks high still get edges and the first flow already matches the most
    # (found in the same pass over the score matrix).
    top, _count, col_lists = fast.top_k_and_columns(
        market.scores,
        acc,
        act_rows,
        CANDIDATES_PER_MENTEE,
        market.score_bound,
        MENTOR_LIST_FACTOR * market.capacity,
    )
    assert col_lists is not None
    m_rows, m_cols = col_lists
    ok = top >= 0
    rows = np.repeat(act_rows, top.shape[1]).reshape(top.shape)[ok]
    cols = top[ok]
    keys = np.unique(np.concatenate([rows * m + cols, m_rows * m + m_cols]))
    # Pairs whose reduced profit is within ``slack`` of violating are added
    # with the violators, so the next flow rarely needs another round.
    slack = max(1, (hi - lo) // NEAR_SLACK_DIVISOR)
    certified = False
    mentor_of = np.full(n, -1, dtype=np.int64)
    for _round in range(CERTIFICATE_ROUNDS):
        rows, cols = keys // m, keys % m
        vals = market.scores[rows, cols].astype(np.int64)
        mentor_of = _solve_flow(n, m, rows, cols, vals, market.capacity)
        found = _certify(market, acc, keys, vals, bonus, mentor_of, slack, max(len(keys), 8 * n))
        if found is None:
            break
        add, n_violating = found
        if n_violating == 0:
            certified = True
            break
        keys = np.union1d(keys, add)
    info["certificate_rounds"] = _round + 1
    info["pairs_considered"] = len(rows)
    info["candidate_pruning"] = (
        f"top {CANDIDATES_PER_MENTEE} mentors per mentee + each mentor's {MENTOR_LIST_FACTOR} x capacity"
        " best mentees"
        " + duality certificate"
    )
    info["certified_optimal"] = certified
    return mentor_of, info


def _score_range(
    scores: npt.NDArray[np.int64] | npt.NDArray[np.int32], acc: npt.NDArray[np.bool_]
) -> tuple[int, int]:
    lo, hi = 0, 0
    for r0 in range(0, acc.shape[0], 2048):
        block = scores[r0 : r0 + 2048][acc[r0 : r0 + 2048]]
        if block.size:
            lo, hi = min(lo, int(block.min())), max(hi, int(block.max()))
    return lo, hi


def _certify(
    market: Market,
    acc: npt.NDArray[np.bool_],
    keys: IntArray,
    vals: IntArray,
    bonus: int,
    mentor_of: IntArray,
    slack: int,
    budget: int,
) -> tuple[IntArray, int] | None:
    """Left-out pairs that violate, or nearly violate, the dual of the pruned optimum.

    ``keys`` (sorted ``i * m + j``) are the graph's pairs, ``vals`` their
    scores. Returns ``(keys to add, number of violating pairs)``; zero
    violators means LP duality proves the pruned optimum optimal on the full
    graph (weights include ``bonus`` so cardinality comes first). None means
    no prices could be computed in time. Added are all left-out acceptable
    pairs with reduced profit ``> -slack`` (at most ``budget`` of them; past
    that only the violators, and past that each mentee's
    :data:`VIOLATORS_PER_MENTEE` most violating ones). The scan is one
    subtraction and one comparison per pair, int32 when the duals fit, on row
    chunks over two threads; graph membership is checked only on the hits.
    """
    n, m = acc.shape
    rows, cols = keys // m, keys % m
    weights = vals + bonus
    v = _min_prices(m, rows, cols, weights, mentor_of)
    if v is None:
        return None
    u = np.zeros(n, dtype=np.int64)
    hit = mentor_of[rows] == cols
    u[rows[hit]] = weights[hit] - v[cols[hit]]
    # Violation: score > (u - bonus) + v, i.e. a positive reduced profit.
    base = u - bonus
    big = max(int(np.abs(v).max(initial=0)), int(np.abs(base).max(initial=0))) + slack
    scores = market.scores
    dt = np.int32 if scores.dtype == np.int32 and big < 2**30 else np.int64
    vv: npt.NDArray[np.signedinteger] = v.astype(dt)
    thr: npt.NDArray[np.signedinteger] = (base - slack).astype(dt)
    chunk = _SCAN_CHUNK
    starts = list(range(0, n, chunk))
    found: list[tuple[IntArray, IntArray, IntArray]] = [
        (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64))
    ] * len(starts)

    def work(k: int) -> None:
        r0 = starts[k]
        r1 = min(n, r0 + chunk)
        block: npt.NDArray[np.signedinteger] = scores[r0:r1].astype(dt, copy=False)
        excess = block - vv[None, :]
        near = excess > thr[r0:r1, None]
        near &= acc[r0:r1]
        rr, cc = np.nonzero(near)
        ex = excess[rr, cc].astype(np.int64) - base[r0 + rr]
        found[k] = ((r0 + rr).astype(np.int64), cc.astype(np.int64), ex)

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(work, range(len(starts))))
    r = np.concatenate([f[0] for f in found])
    c = np.concatenate([f[1] for f in found])
    ex = np.concatenate([f[2] for f in found])
    key = r * m + c
    pos = np.minimum(np.searchsorted(keys, key), max(len(keys) - 1, 0))
    new = keys[pos] != key if len(keys) else np.ones(len(key), dtype=np.bool_)
    key, r, ex = key[new], r[new], ex[new]
    violating = ex > 0
    n_violating = int(np.count_nonzero(violating))
    if len(key) > budget:
        key, r, ex = key[violating], r[violating], ex[violating]
    if len(key) > budget:
        # Each mentee's most violating pairs (ties by column).
        order = np.lexsort((key, -ex, r))
        key, r = key[order], r[order]
        key = key[fast.rank_in_runs(r) < VIOLATORS_PER_MENTEE]
    return key, n_violating


# ---------------------------------------------------------------- front door


def _check_ids(people: Sequence[Person], side: str) -> dict[str, int]:
    index: dict[str, int] = {}
    for k, p in enumerate(people):
        if not isinstance(p.id, str) or not p.id:
            raise MatchingInputError(f"{side}[{k}].id: must be a non-empty string")
        if p.id in index:
            raise MatchingInputError(f"{side}[{k}].id: duplicate id {p.id!r}")
        index[p.id] = k
    return index


def _check_refs(people: Sequence[Person], side: str, other: Mapping[str, int], other_side: str) -> None:
    for k, p in enumerate(people):
        refs: list[tuple[str, Iterable[str]]] = [("ranking", p.ranking or ())]
        if p.profile is not None:
            refs += [("profile.requests", p.profile.requests), ("profile.blocks", p.profile.blocks)]
        for field_name, ids in refs:
            seen: set[str] = set()
            for r in ids:
                if r not in other:
                    raise MatchingInputError(f"{side}[{k}].{field_name}: unknown {other_side[:-1]} id {r!r}")
                if field_name == "ranking" and r in seen:
                    raise MatchingInputError(f"{side}[{k}].ranking: {r!r} listed twice")
                seen.add(r)


def _check_pairs(
    pairs: Sequence[Pair], what: str, mentees: Mapping[str, int], mentors: Mapping[str, int]
) -> None:
    for k, (e, r) in enumerate(pairs):
        if e not in mentees:
            raise MatchingInputError(f"{what}[{k}]: unknown mentee id {e!r}")
        if r not in mentors:
            raise MatchingInputError(f"{what}[{k}]: unknown mentor id {r!r}")


def _histogram(values: Sequence[float]) -> list[dict[str, float | int]]:
    counts = [0] * 10
    for x in values:
        counts[min(9, max(0, math.floor(x * 10)))] += 1
    return [{"from": b / 10, "to": (b + 1) / 10, "count": counts[b]} for b in range(10)]


def match_mentors(
    mentees: Sequence[Person],
    mentors: Sequence[Mentor],
    criteria: Criteria | None = None,
    mode: Mode = "optimal",
    *,
    scores: Sequence[ScoreEntry] | None = None,
    locked: Sequence[Pair] = (),
    forbidden: Sequence[Pair] = (),
    with_reasons: bool = True,
) -> MentorResult:
    """Assign mentees to mentors within capacities.

    Preferences come from, in order of precedence for the score: explicit
    ``scores`` (only listed pairs allowed), profiles scored by ``criteria``,
    or explicit ``ranking``s (a pair is allowed only if both list each other).
    Hard rules of ``criteria`` apply whenever profiles are given. ``locked``
    pairs are kept as they are and consume capacity (the "re-run around the
    locks" case); ``forbidden`` pairs are never matched. Each match carries
    its reasons (codes with data, :mod:`.reasons`) unless ``with_reasons`` is
    false; an unmatched mentee always has one. Raises
    :class:`MatchingInputError` for bad input.
    """
    criteria = criteria or Criteria()
    if mode not in ("optimal", "stable"):
        raise MatchingInputError(f"mode: must be 'optimal' or 'stable' (got {mode!r})")
    if not mentees:
        raise MatchingInputError("mentees: empty pool")
    if not mentors:
        raise MatchingInputError("mentors: empty pool")
    e_index = _check_ids(mentees, "mentees")
    m_index = _check_ids(mentors, "mentors")
    for k, mentor in enumerate(mentors):
        if isinstance(mentor.capacity, bool) or not isinstance(mentor.capacity, int) or mentor.capacity < 0:
            raise MatchingInputError(
                f"mentors[{k}].capacity: must be an integer >= 0 (got {mentor.capacity!r})"
            )
    _check_refs(mentees, "mentees", m_index, "mentors")
    _check_refs(mentors, "mentors", e_index, "mentees")
    _check_pairs(locked, "locked", e_index, m_index)
    _check_pairs(forbidden, "forbidden", e_index, m_index)

    # Work in id order so that "ties broken by id" is "ties broken by index".
    es = sorted(mentees, key=lambda p: p.id)
    ms = sorted(mentors, key=lambda p: p.id)
    ei = {p.id: i for i, p in enumerate(es)}
    mi = {p.id: j for j, p in enumerate(ms)}
    n, m = len(es), len(ms)

    ranked = [p for p in (*es, *ms) if p.ranking is not None]
    use_rankings = bool(ranked)
    if use_rankings and len(ranked) != n + m:
        missing = next(
            f"{side}[{k}]"
            for side, people in (("mentees", mentees), ("mentors", mentors))
            for k, p in enumerate(people)
            if p.ranking is None
        )
        raise MatchingInputError(f"{missing}.ranking: missing; when rankings are given, everyone needs one")
    use_profiles = any(p.profile is not None for p in (*es, *ms))

    score_source: str
    s_mat: npt.NDArray[np.int64] | npt.NDArray[np.int32]
    if scores is not None:
        score_source = "scores"
        s64 = np.zeros((n, m), dtype=np.int64)
        acc = np.zeros((n, m), dtype=np.bool_)
        for k, entry in enumerate(scores):
            if entry.mentee not in ei:
                raise MatchingInputError(f"scores[{k}].mentee: unknown mentee id {entry.mentee!r}")
            if entry.mentor not in mi:
                raise MatchingInputError(f"scores[{k}].mentor: unknown mentor id {entry.mentor!r}")
            x = entry.score
            if (
                not isinstance(x, (int, float))
                or isinstance(x, bool)
                or not math.isfinite(x)
                or abs(x) > MAX_ABS_SCORE
            ):
                raise MatchingInputError(
                    f"scores[{k}].score: must be a number within +-{MAX_ABS_SCORE:g} (got {x!r})"
                )
            i, j = ei[entry.mentee], mi[entry.mentor]
            if acc[i, j]:
                raise MatchingInputError(f"scores[{k}]: duplicate pair ({entry.mentee!r}, {entry.mentor!r})")
            acc[i, j] = True
            s64[i, j] = round(x * SCORE_SCALE)
        s_mat = s64
        if use_profiles:
            _, hard = scoring.score_matrix(es, ms, criteria)
            acc &= hard
    elif use_profiles or not use_rankings:
        score_source = "criteria"
        s_mat, acc = scoring.score_matrix(es, ms, criteria)
    else:
        score_source = "rankings"
        s_mat = np.zeros((n, m), dtype=np.int64)
        acc = np.ones((n, m), dtype=np.bool_)

    prefs: list[list[int]] | None = None
    mrank: list[dict[int, int]] | None = None
    if use_rankings:
        prefs = [[mi[r] for r in (p.ranking or ())] for p in es]
        mrank = [{ei[r]: pos for pos, r in enumerate(p.ranking or ())} for p in ms]
        listed = np.zeros((n, m), dtype=np.bool_)
        for j, ranks in enumerate(mrank):
            for i in ranks:
                listed[i, j] = True
        mutual = np.zeros((n, m), dtype=np.bool_)
        for i, lst in enumerate(prefs):
            for j in lst:
                mutual[i, j] = listed[i, j]
        acc &= mutual
        if score_source == "rankings":
            for i, lst in enumerate(prefs):
                for pos, j in enumerate(lst):
                    if mutual[i, j]:
                        a = (len(lst) - pos) / len(lst)
                        b = (len(mrank[j]) - mrank[j][i]) / len(mrank[j])
                        s_mat[i, j] = round((a + b) / 2 * SCORE_SCALE)

    for e, r in forbidden:
        acc[ei[e], mi[r]] = False
    had_acceptable = acc.any(axis=1)

    capacity = np.array([p.capacity for p in ms], dtype=np.int64)
    lock_of: dict[int, int] = {}
    for k, (e, r) in enumerate(locked):
        i, j = ei[e], mi[r]
        if i in lock_of:
            raise MatchingInputError(f"locked[{k}]: mentee {e!r} is locked twice")
        if (e, r) in set(forbidden):
            raise MatchingInputError(f"locked[{k}]: pair ({e!r}, {r!r}) is also forbidden")
        if capacity[j] <= 0:
            raise MatchingInputError(f"locked[{k}]: mentor {r!r} has no capacity left for this lock")
        capacity[j] -= 1
        lock_of[i] = j
    active = [i for i in range(n) if i not in lock_of]

    if use_rankings and prefs is not None:
        prefs = [[j for j in lst if acc[i, j]] for i, lst in enumerate(prefs)]
    market = Market(
        s_mat,
        acc,
        capacity,
        prefs if use_rankings else None,
        mrank if use_rankings else None,
        scoring.score_bound(criteria) if score_source == "criteria" else None,
    )
    info: dict[str, object] = {}
    if mode == "stable":
        mentor_of = np.asarray(solve_stable(market, active), dtype=np.int64)
    else:
        mentor_of, info = solve_optimal(market, active)
    for i, j in lock_of.items():
        mentor_of[i] = j

    matches: list[Match] = []
    unmatched: list[Unmatched] = []
    common: list[float] = []
    has_avail = any(p.profile is not None and p.profile.availability.any() for p in (*es, *ms))
    mentor_bits: dict[int, int] = {}
    for i, p in enumerate(es):
        j = int(mentor_of[i])
        if j < 0:
            why = C.MENTORS_FULL if had_acceptable[i] else C.NO_ACCEPTABLE_MENTOR
            unmatched.append(Unmatched(p.id, reason(why)))
            continue
        mentor = ms[j]
        why_list: list[Reason] = []
        both = 0  # the pair's common week; nobody painted any: none
        if use_profiles and has_avail:
            if j not in mentor_bits:
                mentor_bits[j] = to_bits(scoring.profile_of(mentor).availability)
            both = to_bits(scoring.profile_of(p).availability) & mentor_bits[j]
            common.append(hours(both.bit_count()))
        if with_reasons:
            if i in lock_of:
                why_list.append(reason(C.LOCKED))
            if score_source == "scores":
                why_list.append(reason(C.SCORE_GIVEN, score=int(s_mat[i, j]) / SCORE_SCALE))
            if use_rankings and prefs is not None and mrank is not None:
                own_list = p.ranking or ()
                their = mrank[j].get(i)
                if mentor.id in own_list:
                    rank = own_list.index(mentor.id) + 1
                    why_list.append(reason(C.MENTEE_RANKED, mentee=p.id, mentor=mentor.id, rank=rank, of=len(own_list)))
                if their is not None:
                    why_list.append(
                        reason(C.MENTOR_RANKED, mentor=mentor.id, mentee=p.id, rank=their + 1, of=len(mrank[j]))
                    )
            if use_profiles:
                why_list.extend(scoring.reasons_from_bits(p, mentor, criteria, both))
        matches.append(Match(p.id, mentor.id, int(s_mat[i, j]) / SCORE_SCALE, tuple(why_list), i in lock_of))

    score_values = [mt.score for mt in matches]
    stats: dict[str, object] = {
        "mode": mode,
        "score_source": score_source,
        "mentees": n,
        "mentors": m,
        "capacity": int(sum(p.capacity for p in ms)),
        "acceptable_pairs": int(np.count_nonzero(acc)),
        "matched": len(matches),
        "matched_percent": round(100.0 * len(matches) / n, 1),
        "locked": len(lock_of),
        "total_score": round(
            sum(int(s_mat[ei[mt.mentee], mi[mt.mentor]]) for mt in matches) / SCORE_SCALE, 4
        ),
        "mean_score": round(sum(score_values) / len(score_values), 4) if score_values else None,
        "score_histogram": _histogram(score_values),
    }
    if common:
        stats["mean_common_hours"] = round(sum(common) / len(common), 2)
    stats.update(info)
    return MentorResult(tuple(matches), tuple(unmatched), stats)
