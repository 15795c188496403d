"""Report rows about well-being roles, through the school's one suppression rule.

Each row is a partition of people (current, expired, awaiting sign-off:
everyone counted once), so it is one table row for
:func:`huddle.lib.suppression.suppress_counts`, whose row total is
"completed". Rows are suppressed one by one because a person appears in
several module rows, and the rule expects each person counted once.
"""

from huddle.lib.suppression import suppress_counts


def suppressed(counts: dict[str, int]) -> dict[str, int | None]:
    """``counts`` (``completed`` plus its parts) with small cells, and what would reveal them, as None."""
    parts = [key for key in counts if key != "completed"]
    table = suppress_counts([[counts[key] for key in parts]])
    shown: dict[str, int | None] = dict(zip(parts, table.cells[0], strict=True))
    shown["completed"] = table.row_totals[0]
    return shown
