"""Vectorised kernels behind :mod:`huddle.matching.assign` for large markets.

* :func:`top_k` -- each mentee's k best acceptable mentors in the strict
  order "score desc, then mentor index asc", on two threads;
  :func:`top_k_and_columns` also finds each mentor's best mentees in the
  same pass (the pruned optimal mode's first graph).
* :func:`stable_from_scores` -- mentee-proposing deferred acceptance when
  both sides' preferences come from one score matrix, as rounds of numpy
  operations: every free mentee proposes to its next mentor at once, each
  mentor keeps its best ``capacity`` among its holds and the new proposals,
  and the rejected advance. Deferred acceptance gives the same (mentee-optimal
  stable) matching whatever the order of proposals, so this equals the
  one-at-a-time reference :func:`~huddle.matching.assign.deferred_acceptance`
  (a property test pins it). Preference lists are built lazily: a short
  prefix per mentee first, widened 4x for the few who run through theirs.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
ScoreMatrix = npt.NDArray[np.int64] | npt.NDArray[np.int32]

#: First width of each mentee's lazily built preference list.
PREFIX = 16
_CHUNK = 512


def top_k(
    scores: ScoreMatrix, acceptable: npt.NDArray[np.bool_], rows: IntArray, k: int, bound: int | None = None
) -> tuple[IntArray, IntArray]:
    """See :func:`top_k_and_columns` (this is it without the column lists)."""
    cols, count, _ = top_k_and_columns(scores, acceptable, rows, k, bound)
    return cols, count


def rank_in_runs(ids: IntArray) -> IntArray:
    """Each entry's position within its run of equal ``ids`` (ids sorted), so
    ``rank < k`` keeps the first k of every group after a sort."""
    if len(ids) == 0:
        return np.zeros(0, dtype=np.int64)
    first = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
    return np.arange(len(ids)) - np.repeat(first, np.diff(np.r_[first, len(ids)]))


class _ColumnTop:
    """A running top ``want[j]`` rows of every column, in one pass over row blocks.

    Order is score desc, then row asc. Each block is compared against a
    per-column threshold key (the ``want``-th best score seen so far, ties
    kept), so after the first blocks only a few entries per column pass; the
    survivors are merged and cut back now and then. Exact: an entry below a
    column's threshold has ``want`` better entries already.
    """

    def __init__(self, want: IntArray, m: int, dtype: type[np.signedinteger], n_rows: int, bound: int) -> None:
        self.want, self.m, self.dtype = want, m, dtype
        # Sort keys: scores lie in [-bound, bound], row ids in [0, n_rows).
        self.n_rows, self.bound, self.span = max(n_rows, 1), bound, 2 * bound + 1
        info = np.iinfo(dtype)
        # Keys are score * m + (m - 1 - col) (the mentee-side keys); the
        # sentinel marks unacceptable pairs, info.max is never reached.
        self.thr = np.where(want > 0, info.min + 1, info.max).astype(dtype)
        self.parts: list[tuple[IntArray, IntArray, IntArray]] = []
        self.pending = 0
        self.limit = max(4 * int(want.sum()), 1 << 16)

    def add(self, key: npt.NDArray[np.signedinteger], row_ids: IntArray) -> None:
        rr, cc = np.nonzero(key >= self.thr[None, :])
        if len(rr) == 0:
            return
        s = key[rr, cc].astype(np.int64) // self.m
        self.parts.append((row_ids[rr].astype(np.int64), cc.astype(np.int64), s))
        self.pending += len(rr)
        if self.pending > self.limit:
            self.prune()

    def prune(self) -> tuple[IntArray, IntArray, IntArray]:
        if not self.parts:
            z = np.zeros(0, dtype=np.int64)
            return z, z, z
        r = np.concatenate([p[0] for p in self.parts])
        c = np.concatenate([p[1] for p in self.parts])
        s = np.concatenate([p[2] for p in self.parts])
        n_rows, span = self.n_rows, self.span
        if self.m * span * n_rows < 2**62:
            # One int64 sort on (column, score desc, row) beats a lexsort.
            order = np.argsort((c * span + (span - 1 - (s + self.bound))) * n_rows + r)
        else:  # pragma: no cover - only for huge explicit scores on huge markets
            order = np.lexsort((r, -s, c))
        r, c, s = r[order], c[order], s[order]
        rank = rank_in_runs(c)
        keep = rank < self.want[c]
        r, c, s = r[keep], c[keep], s[keep]
        full = rank[keep] == self.want[c] - 1
        fc = c[full]
        self.thr[fc] = (s[full] * self.m + (self.m - 1 - fc)).astype(self.dtype)
        self.parts = [(r, c, s)]
        self.pending = len(r)
        return r, c, s


def top_k_and_columns(
    scores: ScoreMatrix,
    acceptable: npt.NDArray[np.bool_],
    rows: IntArray,
    k: int,
    bound: int | None = None,
    column_want: IntArray | None = None,
) -> tuple[IntArray, IntArray, tuple[IntArray, IntArray] | None]:
    """For each row in ``rows``: its ``k`` best acceptable columns, best first.

    Order is score desc, then column asc (a strict order, so the result is
    exactly the start of the full preference list). Returns ``(cols, count,
    column_lists)``: ``cols[r, :]`` padded with -1 and ``count[r]`` = all
    acceptable columns of the row (so the list is complete when ``count <=
    k``). ``bound`` is a bound on ``|score|`` over acceptable pairs (the whole
    matrix if None). With ``column_want``, the same pass also finds each
    column ``j``'s ``column_want[j]`` best acceptable rows among ``rows``
    (score desc, row asc), returned as ``(row_ids, col_ids)`` pairs.
    """
    m = acceptable.shape[1]
    kk = max(1, min(k, m))
    out = np.full((len(rows), kk), -1, dtype=np.int64)
    count = np.zeros(len(rows), dtype=np.int64)
    # Score desc, column asc == key desc, with key = score * m + (m - 1 - col):
    # distinct keys, so a plain (SIMD) sort of the keys recovers the columns.
    # int32 keys when they fit (twice as fast to build and sort).
    if bound is None:
        bound = max(abs(int(scores.min())), abs(int(scores.max()))) if scores.size else 0
    dtype = np.int32 if (bound + 2) * m < 2**31 - 1 else np.int64
    sentinel = np.iinfo(dtype).min
    tie = np.arange(m - 1, -1, -1, dtype=dtype)

    def work(r0: int, col_top: _ColumnTop | None = None) -> None:
        r1 = min(len(rows), r0 + _CHUNK)
        idx = rows[r0:r1]
        acc = acceptable[idx]
        key: npt.NDArray[np.signedinteger] = scores[idx].astype(dtype)
        key *= m
        key += tie
        key = np.where(acc, key, sentinel)
        count[r0:r1] = np.count_nonzero(acc, axis=1)
        if col_top is not None:
            col_top.add(key, idx)
        if kk < m:
            # Partition first (linear), then sort only the k largest keys.
            key = np.partition(key, m - kk, axis=1)[:, m - kk :]
        best = np.sort(key, axis=1)[:, ::-1][:, :kk].astype(np.int64)
        cols = (m - 1) - best % m
        out[r0:r1] = np.where(best == sentinel, -1, cols)

    starts = list(range(0, len(rows), _CHUNK))
    two = len(rows) * m >= 4_000_000
    if column_want is None:
        if two:
            with ThreadPoolExecutor(max_workers=2) as pool:
                list(pool.map(work, starts))
        else:
            for r0 in starts:
                work(r0)
        return out, count, None
    # Column lists: each thread keeps its own running top over a contiguous
    # half of the row blocks; the halves are merged at the end.
    want = np.minimum(np.maximum(np.asarray(column_want, dtype=np.int64), 0), len(rows))
    halves = [starts[: len(starts) // 2], starts[len(starts) // 2 :]] if two else [starts]
    tops = [_ColumnTop(want, m, dtype, acceptable.shape[0], bound) for _ in halves]

    def run(h: int) -> None:
        for r0 in halves[h]:
            work(r0, tops[h])

    if two:
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(run, range(len(halves))))
    else:
        run(0)
    merged = tops[0]
    for other in tops[1:]:
        merged.parts.extend(other.parts)
    r, c, _s = merged.prune()
    return out, count, (r, c)


class _Lists:
    """Lazily widened preference lists in one flat buffer (CSR-like)."""

    def __init__(
        self, scores: ScoreMatrix, acceptable: npt.NDArray[np.bool_], rows: IntArray, k: int, bound: int | None
    ) -> None:
        n = acceptable.shape[0]
        if bound is None:
            bound = max(abs(int(scores.min())), abs(int(scores.max()))) if scores.size else 0
        self.scores, self.acceptable, self.bound = scores, acceptable, bound
        self.start = np.zeros(n, dtype=np.int64)
        self.length = np.zeros(n, dtype=np.int64)
        self.width = np.zeros(n, dtype=np.int64)
        self.complete = np.ones(n, dtype=np.bool_)
        self.buf = np.zeros(0, dtype=np.int64)
        self.used = 0
        self._add(rows, k)

    def _add(self, rows: IntArray, k: int) -> None:
        cols, count = top_k(self.scores, self.acceptable, rows, k, self.bound)
        width = cols.shape[1]
        need = self.used + cols.size
        if need > len(self.buf):
            grown = np.zeros(max(need, 2 * len(self.buf)), dtype=np.int64)
            grown[: self.used] = self.buf[: self.used]
            self.buf = grown
        self.buf[self.used : need] = cols.ravel()
        self.start[rows] = self.used + width * np.arange(len(rows))
        self.length[rows] = np.minimum(count, width)
        self.width[rows] = k
        self.complete[rows] = count <= width
        self.used = need

    def next(self, rows: IntArray, ptr: IntArray) -> IntArray:
        """Column at position ``ptr`` of each row's list, -1 when exhausted."""
        short = (ptr >= self.length[rows]) & ~self.complete[rows]
        if short.any():
            grow = rows[short]
            # Widen 4x (rows of one width at a time, so each batch is rectangular).
            for w in np.unique(self.width[grow]).tolist():
                batch = grow[self.width[grow] == w]
                self._add(batch, 4 * int(w))
        out = np.full(len(rows), -1, dtype=np.int64)
        ok = ptr < self.length[rows]
        out[ok] = self.buf[self.start[rows[ok]] + ptr[ok]]
        return out


def stable_from_scores(
    scores: ScoreMatrix,
    acceptable: npt.NDArray[np.bool_],
    capacity: Sequence[int] | IntArray,
    active: Sequence[int] | IntArray,
    prefix: int = PREFIX,
    bound: int | None = None,
) -> IntArray:
    """Mentee-optimal stable matching of ``active`` mentees (mentor index or -1).

    Both sides rank by ``scores`` (higher first); mentees break ties by the
    smaller mentor index, mentors by the smaller mentee index. ``bound``: see
    :func:`top_k`.
    """
    n, m = acceptable.shape
    mentor_of = np.full(n, -1, dtype=np.int64)
    free = np.unique(np.asarray(active, dtype=np.int64))
    if len(free) == 0 or m == 0:
        return mentor_of
    # Each mentor's holds live in its own slots of two flat arrays (mentee,
    # score), best first, so a round only touches the mentors proposed to.
    cap = np.minimum(np.maximum(np.asarray(capacity, dtype=np.int64), 0), len(free))
    off = np.concatenate([[0], np.cumsum(cap)])
    slot_i = np.full(int(off[-1]), -1, dtype=np.int64)
    slot_v = np.zeros(int(off[-1]), dtype=np.int64)
    held = np.zeros(m, dtype=np.int64)
    lists = _Lists(scores, acceptable, free, prefix, bound)
    ptr = np.zeros(n, dtype=np.int64)
    while len(free):
        j = lists.next(free, ptr[free])
        ptr[free] += 1
        live = j >= 0
        i, j = free[live], j[live]
        if len(i) == 0:
            break
        v = scores[i, j].astype(np.int64)
        uj, n_new = np.unique(j, return_counts=True)
        h = held[uj]
        total = int(h.sum())
        # Current holders of the touched mentors.
        within = np.arange(total) - np.repeat(np.cumsum(h) - h, h)
        slots = np.repeat(off[uj], h) + within
        ci = np.concatenate([slot_i[slots], i])
        cj = np.concatenate([np.repeat(uj, h), j])
        cv = np.concatenate([slot_v[slots], v])
        order = np.lexsort((ci, -cv, cj))
        ci, cj, cv = ci[order], cj[order], cv[order]
        rank = rank_in_runs(cj)
        keep = rank < cap[cj]
        dest = off[cj[keep]] + rank[keep]
        slot_i[dest] = ci[keep]
        slot_v[dest] = cv[keep]
        held[uj] = np.minimum(cap[uj], h + n_new)
        free = ci[~keep]
    filled = slot_i >= 0
    mentor_of[slot_i[filled]] = np.repeat(np.arange(m), cap)[filled]
    return mentor_of
