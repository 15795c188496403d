"""Availability algebra: parsing, common hours, pairwise overlap."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huddle.matching import MatchingInputError, common_hours, pairwise_overlap_blocks, parse_week
from huddle.matching.availability import as_matrix, bit_blocks, blocks_bits, describe, from_bits, to_bits


def test_it_maps_monday_midnight_to_block_zero() -> None:
    week = parse_week({"mon": ["00:00-00:30"]})
    assert week.shape == (336,)
    assert np.flatnonzero(week).tolist() == [0]


def test_it_allows_24_00_as_an_end() -> None:
    week = parse_week({"sun": ["23:00-24:00"]})
    assert np.flatnonzero(week).tolist() == [334, 335]


@pytest.mark.parametrize(
    "text",
    ["25:00-26:00", "18:00-17:00", "18:15-19:00", "18:00", "24:00-24:30", "18:00-18:00", "ab"],
)
def test_it_rejects_malformed_times(text: str) -> None:
    with pytest.raises(MatchingInputError, match=r"students\[0\].availability.mon\[0\]"):
        parse_week({"mon": [text]}, where="students[0].availability")


def test_it_rejects_unknown_weekdays() -> None:
    with pytest.raises(MatchingInputError, match="unknown weekday"):
        parse_week({"funday": ["10:00-11:00"]})


def test_it_computes_common_hours_of_a_pair_and_a_group() -> None:
    a = parse_week({"mon": ["18:00-21:00"]})
    b = parse_week({"mon": ["19:00-22:00"]})
    c = parse_week({"mon": ["18:30-20:00"]})
    assert common_hours(a, b) == 2.0
    assert common_hours(a, b, c) == 1.0
    assert describe(np.logical_and.reduce([a, b, c])) == "Mon 19:00\u201320:00"


weeks = st.lists(st.booleans(), min_size=336, max_size=336).map(lambda x: np.array(x, dtype=np.bool_))


@settings(max_examples=30, deadline=None)
@given(st.lists(weeks, min_size=1, max_size=5), st.lists(weeks, min_size=1, max_size=5))
def test_pairwise_overlap_equals_pairwise_and(left: list[np.ndarray], right: list[np.ndarray]) -> None:
    got = pairwise_overlap_blocks(as_matrix(left), as_matrix(right))
    for i, a in enumerate(left):
        for j, b in enumerate(right):
            assert got[i, j] == np.logical_and(a, b).sum()


@settings(max_examples=30, deadline=None)
@given(weeks)
def test_bits_round_trip(week: np.ndarray) -> None:
    assert np.array_equal(from_bits(to_bits(week)), week)
    assert to_bits(week).bit_count() == int(week.sum())
    assert bit_blocks(to_bits(week)) == tuple(np.flatnonzero(week).tolist())
    assert blocks_bits(bit_blocks(to_bits(week))) == to_bits(week)
