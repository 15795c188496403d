"""Finding the coordinators' watched words in a text.

Matching is on whole words, ignores case (Unicode case folding, so "STRASSE"
finds "straße") and treats any run of spaces or line breaks inside a phrase
as one space. It only routes a post to people; it never judges one alone.
"""

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from huddle.forum.models import WatchedWord


def normalized(text: str) -> str:
    """One form for comparing: compatibility-composed and case-folded."""
    return unicodedata.normalize("NFKC", text).casefold()


@lru_cache(maxsize=2048)
def _pattern(phrase: str) -> re.Pattern[str]:
    """A phrase as a regex bounded by non-word characters (``\\w`` is Unicode-aware)."""
    parts = [re.escape(part) for part in normalized(phrase).split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)")


def watched_words() -> list[tuple[str, str]]:
    """(phrase, action) of every watched word, read afresh so a change applies to the next post."""
    return list(WatchedWord.objects.values_list("phrase", "action"))


def matches(text: str, words: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """The phrases found in ``text``, by action."""
    folded = normalized(text)
    found: dict[str, list[str]] = {}
    for phrase, action in words:
        if phrase.strip() and _pattern(phrase).search(folded):
            found.setdefault(action, []).append(phrase)
    return found


def joined(phrases: Iterable[str]) -> str:
    """Phrases as one line for ``Flag.matched`` (200 characters)."""
    return ", ".join(phrases)[:200]
