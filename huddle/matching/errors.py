"""The one error the engine raises for bad input.

Callers (the CLI, the Django apps) catch a single type and show its message;
the message always names the offending item, e.g.
``mentors[3].capacity: must be >= 0 (got -1)``.
"""

from __future__ import annotations


class MatchingInputError(ValueError):
    """Input that the engine refuses, with a one-line message naming the item."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
