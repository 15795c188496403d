"""The access matrix: every URL name × every persona, with the exact status expected.

Rows live in ``rows_*.py`` beside this file, one module per part of the
product; a later app adds its own module. Each row fills its URL from the
access world (real ids, so a view that skipped its check finds something to
show) and states, for GET and POST, the status each persona gets, in the
order of :data:`PERSONAS`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from tests.access.world import World

#: The order of the statuses in every row.
PERSONAS = ("anonymous", "ms1", "ms3", "mentor", "faculty", "coordinator", "wellbeing")

Fill = Callable[[World], str]


@dataclass(frozen=True)
class Row:
    """A URL's expected statuses, and optionally who sees a piece of its GET page.

    ``marker`` is text from the world (a private note, hidden accessibility
    notes) and ``sees`` says, persona by persona, whether the page shows it
    (``x``) or not (``.``): access is also what a page reveals, not only
    whether it opens.
    """

    fill: Fill
    get: str
    post: str
    marker: Callable[[World], str] | None = None
    sees: str = ""

    def expected_sight(self) -> dict[str, bool]:
        assert len(self.sees) == len(PERSONAS), f"sees needs {len(PERSONAS)} marks: {self.sees!r}"
        return {persona: mark == "x" for persona, mark in zip(PERSONAS, self.sees, strict=True)}

    def expected(self, method: str) -> dict[str, int]:
        statuses = [int(s) for s in getattr(self, method).split()]
        assert len(statuses) == len(PERSONAS), f"a row needs {len(PERSONAS)} statuses: {getattr(self, method)!r}"
        return dict(zip(PERSONAS, statuses, strict=True))


def url(name: str, *args: Callable[[World], object]) -> Fill:
    """``reverse(name)`` with arguments taken from the world."""
    return lambda w: reverse(name, args=[arg(w) for arg in args])


def pk(attr: str) -> Callable[[World], object]:
    return lambda w: getattr(w, attr).pk


def value(v: object) -> Callable[[World], object]:
    return lambda w: v


def path(p: str) -> Fill:
    """A fixed path, for third-party pages whose arguments are not Huddle's ids."""
    return lambda w: p
