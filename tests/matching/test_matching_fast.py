"""Fast paths equal their reference paths: vectorised deferred acceptance,
top-k preference prefixes, bit-packed availability descriptions."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from huddle.matching.assign import Market, solve_stable, solve_stable_reference
from huddle.matching.availability import describe, describe_bits, to_bits
from huddle.matching.fast import stable_from_scores, top_k


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
