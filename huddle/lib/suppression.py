"""Small-cell suppression for every table of person counts Huddle publishes.

One function, :func:`suppress_counts`, is the only way a report shows counts
of people to staff. Given a 2-D table of counts it adds the row, column and
grand totals and decides what may be shown:

1. **Primary suppression.** Any count from 1 to ``minimum - 1`` is hidden,
   in the body *and* in the totals (a class year with 7 respondents hides
   its total too).
2. **Zeros are published.** A zero says "nobody in this group", which names
   no one; hiding zeros would hide most of a sparse table for no gain. A zero
   is also never chosen as a complement: a hidden cell next to a hidden zero
   can be pinned down by non-negativity (the zero cannot go lower), so only
   cells of at least 1 ever hide another.
3. **Complementary suppression**, repeated until nothing changes:

   - a line (row or column, its total included) with exactly one hidden entry
     would give it away by subtraction, so the smallest non-zero shown entry of
     that line is hidden too;
   - a hidden entry whose line equations still pin it down, because it is a
     *bridge* in the graph of hidden entries (rows and columns are nodes,
     hidden entries the edges), is joined to a cycle by hiding the smallest
     non-zero entry that connects the two sides.

   When no hidden entry is a bridge, each lies on a cycle of hidden entries,
   all at least 1; adding +1 and -1 alternately round that cycle keeps every
   line sum and every count non-negative, so an attacker who knows all the
   shown numbers (and that counts are whole and non-negative) is left with at
   least three possible values for each hidden one.

The table's totals are computed here, never passed in, so a caller cannot
publish a total that disagrees with its body. This module imports no app.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

#: A position in the table with its margins: ``(row, column)``; the row index
#: ``rows`` is the line of column totals, the column index ``columns`` the
#: column of row totals, and ``(rows, columns)`` the grand total.
type Position = tuple[int, int]

MINIMUM = 10


@dataclass(frozen=True)
class SuppressedTable:
    """What may be published of a table of person counts.

    ``None`` marks a hidden count. ``primary`` holds the positions hidden
    because they are small, ``complementary`` those hidden only so that the
    small ones cannot be worked out by subtraction.
    """

    cells: list[list[int | None]]
    row_totals: list[int | None]
    column_totals: list[int | None]
    grand_total: int | None
    primary: frozenset[Position] = field(default_factory=frozenset)
    complementary: frozenset[Position] = field(default_factory=frozenset)
    minimum: int = MINIMUM

    @property
    def suppressed(self) -> frozenset[Position]:
        return self.primary | self.complementary

    @property
    def any_suppressed(self) -> bool:
        return bool(self.primary or self.complementary)


def _augmented(table: Sequence[Sequence[int]]) -> list[list[int]]:
    """The body with a column of row totals and a line of column totals (grand total in the corner)."""
    width = len(table[0]) if table else 0
    rows = [[*row, sum(row)] for row in table]
    totals = [sum(row[c] for row in rows) for c in range(width + 1)]
    return [*rows, totals]


def _validate(table: Sequence[Sequence[int]], minimum: int) -> None:
    if minimum < 1:
        raise ValueError("minimum must be at least 1")
    widths = {len(row) for row in table}
    if len(widths) > 1:
        raise ValueError("every row of the table must have the same number of columns")
    for row in table:
        for count in row:
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise ValueError(f"counts must be whole numbers of people, at least 0; got {count!r}")


def _lines(n_rows: int, n_cols: int) -> list[list[Position]]:
    rows = [[(r, c) for c in range(n_cols)] for r in range(n_rows)]
    columns = [[(r, c) for r in range(n_rows)] for c in range(n_cols)]
    return rows + columns


def _lonely_line_pass(values: list[list[int]], hidden: set[Position], lines: list[list[Position]]) -> set[Position]:
    """Positions to hide so that no line keeps exactly one hidden entry."""
    added: set[Position] = set()
    for line in lines:
        if sum(p in hidden or p in added for p in line) != 1:
            continue
        candidates = [p for p in line if p not in hidden and p not in added and values[p[0]][p[1]] > 0]
        if candidates:
            added.add(min(candidates, key=lambda p: (values[p[0]][p[1]], p)))
    return added


def _component(start: str, edges: set[Position], skip: Position) -> set[str]:
    """Nodes (``r3``, ``c1``) reachable from ``start`` through hidden entries other than ``skip``."""
    seen = {start}
    frontier = [start]
    while frontier:
        node = frontier.pop()
        for r, c in edges:
            if (r, c) == skip:
                continue
            row, col = f"r{r}", f"c{c}"
            if node == row and col not in seen:
                seen.add(col)
                frontier.append(col)
            elif node == col and row not in seen:
                seen.add(row)
                frontier.append(row)
    return seen


def _bridge_pass(values: list[list[int]], hidden: set[Position]) -> set[Position]:
    """One extra hidden entry that puts the first bridge found on a cycle (empty when there is none)."""
    n_rows, n_cols = len(values), len(values[0])
    for edge in sorted(hidden):
        r, c = edge
        side = _component(f"r{r}", hidden, edge)
        if f"c{c}" in side:
            continue
        other = _component(f"c{c}", hidden, edge)
        # A new entry (row on one side, column on the other) closes a cycle through the bridge.
        joins = [
            (rr, cc)
            for rr in range(n_rows)
            for cc in range(n_cols)
            if (rr, cc) not in hidden
            and values[rr][cc] > 0
            and ((f"r{rr}" in side and f"c{cc}" in other) or (f"r{rr}" in other and f"c{cc}" in side))
        ]
        if joins:
            return {min(joins, key=lambda p: (values[p[0]][p[1]], p))}
        # Nothing can close the cycle: hide every non-zero count rather than risk one.
        rest = {(rr, cc) for rr in range(n_rows) for cc in range(n_cols) if values[rr][cc] > 0} - hidden
        if rest:
            return rest
    return set()


def suppress_counts(table: Sequence[Sequence[int]], *, minimum: int = MINIMUM) -> SuppressedTable:
    """Hide every count of fewer than ``minimum`` people, and whatever would give one away.

    ``table`` is rows × columns of person counts (each person counted once in
    the table). The result carries the body, the row, column and grand totals
    with ``None`` where hidden, and which positions were hidden for being
    small (``primary``) or to protect them (``complementary``).
    """
    _validate(table, minimum)
    values = _augmented(table)
    n_rows, n_cols = len(values), len(values[0])
    primary = {(r, c) for r in range(n_rows) for c in range(n_cols) if 0 < values[r][c] < minimum}
    hidden = set(primary)
    lines = _lines(n_rows, n_cols)
    while True:
        added = _lonely_line_pass(values, hidden, lines)
        if not added:
            added = _bridge_pass(values, hidden)
        if not added:
            break
        hidden |= added

    def shown(r: int, c: int) -> int | None:
        return None if (r, c) in hidden else values[r][c]

    body_rows, body_cols = n_rows - 1, n_cols - 1
    return SuppressedTable(
        cells=[[shown(r, c) for c in range(body_cols)] for r in range(body_rows)],
        row_totals=[shown(r, body_cols) for r in range(body_rows)],
        column_totals=[shown(body_rows, c) for c in range(body_cols)],
        grand_total=shown(body_rows, body_cols),
        primary=frozenset(primary),
        complementary=frozenset(hidden - primary),
        minimum=minimum,
    )
