"""Small-cell suppression: nothing hidden can be worked out from what is shown.

The property test plays the attacker: it knows every published count and
margin, that counts are whole and at least 0, and the table's shape. For
each hidden count it asks a linear program for the smallest and largest
value consistent with all that. The constraint matrix (each count in one
row line and one column line) is totally unimodular, so the LP's optimum is
whole and is exactly what an integer attacker could reach: if the minimum
equals the maximum, the count is recovered, and the test fails.
"""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from huddle.lib.suppression import SuppressedTable, suppress_counts


def _augmented(result: SuppressedTable) -> list[list[int | None]]:
    rows = [[*row, total] for row, total in zip(result.cells, result.row_totals, strict=True)]
    return [*rows, [*result.column_totals, result.grand_total]]


def feasible_range(result: SuppressedTable, position: tuple[int, int]) -> tuple[float, float]:
    """The smallest and largest value the hidden count at ``position`` can take, given what is shown."""
    shown = _augmented(result)
    n_rows, n_cols = len(shown), len(shown[0])
    unknown = [(r, c) for r in range(n_rows) for c in range(n_cols) if shown[r][c] is None]
    index = {p: i for i, p in enumerate(unknown)}
    equations, constants = [], []

    def line(cells: list[tuple[int, int]], total: tuple[int, int]) -> None:
        row = np.zeros(len(unknown))
        constant = 0.0
        for p, sign in [*((cell, 1.0) for cell in cells), (total, -1.0)]:
            value = shown[p[0]][p[1]]
            if value is None:
                row[index[p]] += sign
            else:
                constant -= sign * value
        equations.append(row)
        constants.append(constant)

    for r in range(n_rows):
        line([(r, c) for c in range(n_cols - 1)], (r, n_cols - 1))
    for c in range(n_cols):
        line([(r, c) for r in range(n_rows - 1)], (n_rows - 1, c))
    objective = np.zeros(len(unknown))
    objective[index[position]] = 1.0
    bounds = [(0, None)] * len(unknown)
    low = linprog(objective, A_eq=np.array(equations), b_eq=constants, bounds=bounds, method="highs")
    high = linprog(-objective, A_eq=np.array(equations), b_eq=constants, bounds=bounds, method="highs")
    assert low.status == 0 and high.status in (0, 3), "the true table must be feasible"
    return (low.fun, float("inf") if high.status == 3 else -high.fun)


tables = st.integers(min_value=1, max_value=4).flatmap(
    lambda rows: st.integers(min_value=1, max_value=4).flatmap(
        lambda cols: st.lists(
            st.lists(st.one_of(st.just(0), st.integers(1, 9), st.integers(10, 40)), min_size=cols, max_size=cols),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables)
def test_no_hidden_count_can_be_worked_out_from_the_published_table(table):
    result = suppress_counts(table)
    truth = [[*row, sum(row)] for row in table]
    truth.append([sum(row[c] for row in truth) for c in range(len(truth[0]))])
    for r, c in result.suppressed:
        low, high = feasible_range(result, (r, c))
        assert low <= truth[r][c] <= high
        assert high - low >= 1, f"hidden count at {(r, c)} (= {truth[r][c]}) is recoverable from {result}"


@settings(max_examples=300, deadline=None)
@given(tables)
def test_small_counts_are_hidden_and_large_ones_only_to_protect_them(table):
    result = suppress_counts(table)
    shown = _augmented(result)
    for row in shown:
        for value in row:
            assert value is None or value == 0 or value >= 10
    if not result.primary:
        assert not result.complementary


def test_nine_students_are_hidden_and_their_complement_too():
    # Burnout answers (columns) by class year (rows): MS2 has 9 "burned out".
    table = [[30, 12, 11], [25, 20, 9], [40, 15, 10]]
    result = suppress_counts(table)
    assert result.cells[1][2] is None and (1, 2) in result.primary
    assert result.complementary, "a lone hidden 9 would be its row total minus the rest"
    # The row and the column of the 9 each hide a second entry.
    assert sum(v is None for v in [*result.cells[1], result.row_totals[1]]) >= 2
    assert sum(v is None for v in [row[2] for row in result.cells] + [result.column_totals[2]]) >= 2
    assert result.grand_total == sum(map(sum, table))


def test_zeros_are_shown_and_never_hide_another_count():
    result = suppress_counts([[0, 5, 20], [0, 30, 12]])
    assert result.cells[0][0] == 0 and result.cells[1][0] == 0
    assert result.column_totals[0] == 0
    assert all((r, c) not in result.complementary for r, c in [(0, 0), (1, 0), (2, 0)])


def test_a_table_of_nothing_but_large_counts_shows_everything():
    result = suppress_counts([[10, 20], [30, 40]])
    assert not result.any_suppressed and result.grand_total == 100
    assert result.row_totals == [30, 70] and result.column_totals == [40, 60]


def test_a_small_total_is_hidden_even_when_its_cells_are_zero_or_large():
    result = suppress_counts([[0, 0, 7], [10, 12, 30]])
    assert result.row_totals[0] is None and result.cells[0][2] is None


@pytest.mark.parametrize("bad", [[[1, -1]], [[1, 2], [3]], [[1.5]], [[True]]])
def test_it_refuses_what_is_not_a_table_of_counts(bad):
    with pytest.raises(ValueError):
        suppress_counts(bad)


def test_an_empty_table_is_an_empty_result():
    result = suppress_counts([])
    assert result.cells == [] and result.grand_total == 0 and not result.any_suppressed
