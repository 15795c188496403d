"""Scoring the candidates from what the tiers found, the same on both engines.

A candidate scores, for each query word, its weight × (10 if in the title,
4 if in the tags, 1 if anywhere): titles, then tags, then bodies, as the
forum asks. What a thread has is read from the tiers that returned it; a
tier that did not return it either checked it and found no match (it is
newer than the tier's last row) or stopped before it (then it is older
than every row the tier did return, and counts as no match: it ranks below
them anyway, or only misses a common word's small weight).

Words weigh the same when all are required (every candidate has all of
them). When any word will do (similar questions), a rarer word weighs more,
``ln(1 + threads / threads with the word)``, with the count read off the
word's own tier: exact when the tier did not fill up, otherwise estimated
from how far back its last row lies. Equal scores go to the newer thread.
"""

import heapq
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection

from huddle.forum.search.plan import Column, Tier
from huddle.forum.search.query import Terms

WEIGHTS = {Column.TITLE: 10.0, Column.TAGS: 4.0, Column.ANYWHERE: 1.0}


@dataclass(frozen=True)
class Found:
    """One tier's answer: thread ids, newest first."""

    tier: Tier
    ids: Sequence[int]


@dataclass(frozen=True)
class Span:
    """The lowest and highest thread id in the index: how many threads there are, about."""

    low: int
    high: int

    @property
    def size(self) -> int:
        return max(1, self.high - self.low + 1)


def order(terms: Terms, found: Sequence[Found], *, span: Span, limit: int) -> list[int]:
    """The best ``limit`` candidates, best first."""
    # Per candidate a bit per word found in the title, in the tags, anywhere. When
    # all words are required, every candidate has every word somewhere.
    required = 0 if terms.any_word else (1 << len(terms.words)) - 1
    title: dict[int, int] = {}
    tags: dict[int, int] = {}
    anywhere: dict[int, int] = {}
    for answer in sorted(found, key=lambda answer: not answer.tier.adds):  # candidates first, then what they have
        bits = sum(1 << word for word in answer.tier.words)
        column = {Column.TITLE: title, Column.TAGS: tags, Column.ANYWHERE: anywhere}[answer.tier.column]
        for thread_id in answer.ids:
            known = anywhere.get(thread_id)
            if known is None:
                if not answer.tier.adds:
                    continue
                known = required
            anywhere[thread_id] = known | bits  # a word in the title or tags is in the thread
            if column is not anywhere:
                column[thread_id] = column.get(thread_id, 0) | bits
    value = _mask_values(word_weights(terms, found, span))
    w_title, w_tags, w_anywhere = WEIGHTS[Column.TITLE], WEIGHTS[Column.TAGS], WEIGHTS[Column.ANYWHERE]
    scored = [
        (w_anywhere * value(mask) + w_title * value(title.get(tid, 0)) + w_tags * value(tags.get(tid, 0)), tid)
        for tid, mask in anywhere.items()
    ]
    return [thread_id for _, thread_id in heapq.nlargest(limit, scored)]  # ties: the higher id, the newer thread


def _mask_values(weight: Sequence[float]) -> Callable[[int], float]:
    """The summed weight of the words whose bits are set, remembered per mask (few distinct masks)."""
    if all(w == 1.0 for w in weight):
        return int.bit_count
    known: dict[int, float] = {0: 0.0}

    def value(mask: int) -> float:
        found = known.get(mask)
        if found is None:
            found = known[mask] = sum(w for i, w in enumerate(weight) if mask >> i & 1)
        return found

    return value


def word_weights(terms: Terms, found: Sequence[Found], span: Span) -> list[float]:
    if not terms.any_word or len(terms.words) == 1:
        return [1.0] * len(terms.words)
    weights = [1.0] * len(terms.words)
    for answer in found:
        tier = answer.tier
        if tier.column is Column.ANYWHERE and len(tier.words) == 1 and answer.ids:
            weights[tier.words[0]] = math.log1p(span.size / estimated_count(answer, span))
    return weights


def estimated_count(answer: Found, span: Span) -> float:
    """Threads with the tier's words: counted when it did not fill up, else extrapolated by id range."""
    if len(answer.ids) < answer.tier.bound:
        return float(len(answer.ids))
    reached = max(1, span.high - answer.ids[-1] + 1)
    return len(answer.ids) * span.size / reached


def tiers_found(sql: str, args: Sequence[Any], tiers: int) -> list[list[int]]:
    """Run one ``UNION ALL`` of the tiers' bounded lookups; rows are (tier number, thread id)."""
    found: list[list[int]] = [[] for _ in range(tiers)]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        for number, thread_id in cursor.fetchall():
            found[number].append(thread_id)
    return found
