"""Fast paths equal their reference paths: vectorised deferred acceptance,
top-k preference prefixes, bit-packed availability descriptions."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from huddle.matching import fast as fast_mod
from huddle.matching.assign import Market, solve_stable, solve_stable_reference
from huddle.matching.availability import describe, describe_bits, to_bits
from huddle.matching.fast import stable_from_scores, top_k, top_k_and_columns


@st.composite
def score_markets(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[int], int, bool]:
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    n, m = draw(st.integers(1, 40)), draw(st.integers(1, 12))
    spread = draw(st.sampled_from([2, 5, 10_000, 10**9]))  # ties galore .. int64 keys
    scores = rng.integers(-spread, spread + 1, size=(n, m))
    scores = scores.astype(np.int32 if spread < 2**31 else np.int64)
    acceptable = rng.random((n, m)) < draw(st.floats(0.0, 1.0))
    capacity = rng.integers(0, 4, size=m)
    active = sorted(rng.choice(n, size=int(rng.integers(0, n + 1)), replace=False).tolist())
    prefix = draw(st.integers(1, 5))
    give_bound = draw(st.booleans())
    return scores, acceptable, capacity, active, prefix, give_bound


@settings(max_examples=300, deadline=None)
@given(score_markets())
def test_vectorised_deferred_acceptance_equals_the_reference(
    market: tuple[np.ndarray, np.ndarray, np.ndarray, list[int], int, bool],
) -> None:
    scores, acceptable, capacity, active, prefix, give_bound = market
    bound = int(np.abs(scores).max()) if give_bound else None
    ref = solve_stable_reference(Market(scores, acceptable, capacity), active)
    fast = stable_from_scores(scores, acceptable, capacity, active, prefix=prefix, bound=bound)
    assert fast.tolist() == ref
    assert solve_stable(Market(scores, acceptable, capacity, score_bound=bound), active) == ref


def test_vectorised_deferred_acceptance_on_a_larger_market() -> None:
    rng = np.random.default_rng(5)
    n, m = 600, 150
    scores = rng.integers(0, 50, size=(n, m)).astype(np.int32)
    acceptable = rng.random((n, m)) < 0.2
    capacity = rng.integers(0, 6, size=m)
    ref = solve_stable_reference(Market(scores, acceptable, capacity), range(n))
    assert stable_from_scores(scores, acceptable, capacity, range(n), prefix=2).tolist() == ref


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 30))
def test_top_k_is_the_start_of_the_full_preference_order(seed: int, k: int) -> None:
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(1, 10)), int(rng.integers(1, 30))
    scores = rng.integers(-3, 4, size=(n, m)).astype(np.int32)
    acceptable = rng.random((n, m)) < 0.6
    cols, count = top_k(scores, acceptable, np.arange(n), k)
    for i in range(n):
        full = sorted(np.flatnonzero(acceptable[i]).tolist(), key=lambda j: (-scores[i, j], j))
        assert count[i] == len(full)
        got = [j for j in cols[i].tolist() if j >= 0]
        assert got == full[: min(k, m)]


def _column_lists_brute(
    scores: np.ndarray, acceptable: np.ndarray, rows: np.ndarray, want: np.ndarray
) -> list[tuple[int, int]]:
    out = []
    for j in range(scores.shape[1]):
        best = sorted((i for i in rows.tolist() if acceptable[i, j]), key=lambda i: (-scores[i, j], i))
        out += [(i, j) for i in best[: int(want[j])]]
    return sorted(out)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 5), st.integers(1, 7))
def test_column_lists_are_each_columns_best_rows(seed: int, k: int, chunk: int) -> None:
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(1, 60)), int(rng.integers(1, 15))
    scores = rng.integers(-3, 4, size=(n, m)).astype(np.int32)
    acceptable = rng.random((n, m)) < rng.random()
    rows = np.flatnonzero(rng.random(n) < 0.8)
    want = rng.integers(0, 9, size=m)
    old = fast_mod._CHUNK
    try:
        fast_mod._CHUNK = chunk  # many blocks, so the running thresholds matter
        cols, count, lists = top_k_and_columns(scores, acceptable, rows, k, 3 if seed % 2 else None, want)
    finally:
        fast_mod._CHUNK = old
    assert lists is not None
    ref_cols, ref_count = top_k(scores, acceptable, rows, k)
    assert np.array_equal(cols, ref_cols) and np.array_equal(count, ref_count)
    assert sorted(zip(lists[0].tolist(), lists[1].tolist(), strict=True)) == _column_lists_brute(
        scores, acceptable, rows, want
    )


def test_column_lists_on_two_threads_with_frequent_merges() -> None:
    rng = np.random.default_rng(11)
    n, m = 2100, 2000  # n * m >= 4e6: two threads, each over half the row blocks
    scores = rng.integers(0, 30, size=(n, m)).astype(np.int32)
    acceptable = rng.random((n, m)) < 0.15
    rows = np.arange(0, n, 2)
    want = rng.integers(0, 9, size=m)
    init = fast_mod._ColumnTop.__init__

    def small_limit(self: fast_mod._ColumnTop, *args: object) -> None:
        init(self, *args)  # type: ignore[arg-type]
        self.limit = 500

    old, fast_mod._CHUNK = fast_mod._CHUNK, 64
    fast_mod._ColumnTop.__init__ = small_limit  # type: ignore[method-assign]
    try:
        _, _, lists = top_k_and_columns(scores, acceptable, np.arange(n), 3, 30, want)
        _, _, half = top_k_and_columns(scores, acceptable, rows, 3, None, want)
    finally:
        fast_mod._ColumnTop.__init__ = init  # type: ignore[method-assign]
        fast_mod._CHUNK = old
    assert lists is not None and half is not None
    got = sorted(zip(lists[0].tolist(), lists[1].tolist(), strict=True))
    assert got == _column_lists_brute(scores, acceptable, np.arange(n), want)
    got = sorted(zip(half[0].tolist(), half[1].tolist(), strict=True))
    assert got == _column_lists_brute(scores, acceptable, rows, want)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**32 - 1), st.floats(0.0, 1.0), st.integers(0, 6))
def test_describe_bits_equals_describe(seed: int, density: float, limit: int) -> None:
    week = np.random.default_rng(seed).random(336) < density
    assert describe_bits(to_bits(week), limit=limit) == describe(week, limit=limit)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 3), st.booleans())
def test_pruned_optimal_with_certificate_equals_the_exact_flow(seed: int, k: int, tight: bool) -> None:
    from huddle.matching import assign

    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(1, 30)), int(rng.integers(1, 10))
    scores = rng.integers(0, 20, size=(n, m)).astype(np.int32)
    acceptable = rng.random((n, m)) < rng.random()
    capacity = rng.integers(0, 3 if tight else 6, size=m)
    active = sorted(rng.choice(n, size=int(rng.integers(0, n + 1)), replace=False).tolist())
    market = Market(scores, acceptable, capacity, score_bound=20 if seed % 2 else None)
    exact, info = assign.solve_optimal(market, active)
    assert info["certified_optimal"]
    old = (assign.EXACT_EDGE_LIMIT, assign.CANDIDATES_PER_MENTEE, assign.VIOLATORS_PER_MENTEE)
    try:
        assign.EXACT_EDGE_LIMIT, assign.CANDIDATES_PER_MENTEE, assign.VIOLATORS_PER_MENTEE = -1, k, k
        pruned, info = assign.solve_optimal(market, active)
    finally:
        assign.EXACT_EDGE_LIMIT, assign.CANDIDATES_PER_MENTEE, assign.VIOLATORS_PER_MENTEE = old
    assert info["certified_optimal"]

    def value(mentor_of: np.ndarray) -> tuple[int, int]:
        hit = np.flatnonzero(mentor_of >= 0)
        assert np.all(np.bincount(mentor_of[hit], minlength=m) <= capacity)
        assert np.all(acceptable[hit, mentor_of[hit]])
        return len(hit), int(scores[hit, mentor_of[hit]].sum())

    assert value(pruned) == value(exact)
