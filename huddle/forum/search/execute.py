"""One search from parsed words to ranked ids, on whichever engine: the tiers, then the scores.

All words required (the search page): the first tier, "all the words
anywhere", runs alone. No match: done, nothing else runs. Fewer matches
than its bound: it holds every match, filters included, so the other tiers
only have to say which of those have the words in the title or tags: they
run over those ids alone and without the filter tokens (opening a filter
token costs about as much as a rare word's whole search). Otherwise the
other tiers run with the filters, each adding the newest matches by title,
by tags.

Any word (similar questions): every tier at once, then the id span for the
word weights.
"""

from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from huddle.forum.search import plan, rank
from huddle.forum.search.query import Terms


class Engine(Protocol):
    def run(
        self,
        tiers: list[plan.Tier],
        terms: Terms,
        filters: plan.Filters,
        *,
        among: Sequence[int] | None = None,
    ) -> list[list[int]]: ...

    def span(self) -> rank.Span: ...


def ranked_ids(engine: Engine, terms: Terms, filters: plan.Filters, *, candidates: int, limit: int) -> list[int]:
    """The best ``limit`` thread ids for ``terms`` under ``filters``, best first (not yet re-checked)."""
    tiers = list(plan.tiers(terms, candidates))
    if terms.any_word:
        found = engine.run(tiers, terms, filters)
        return rank.order(terms, _answers(tiers, found), span=engine.span(), limit=limit)
    first, rest = tiers[0], tiers[1:]
    (matches,) = engine.run([first], terms, filters)
    if not matches:
        return []
    if len(matches) < first.bound:
        rest = [replace(tier, adds=False, bound=len(matches)) for tier in rest]
        found = engine.run(rest, terms, plan.Filters(), among=matches)
    else:
        found = engine.run(rest, terms, filters)
    return rank.order(terms, _answers([first, *rest], [matches, *found]), span=rank.Span(0, 0), limit=limit)


def _answers(tiers: list[plan.Tier], found: list[list[int]]) -> list[rank.Found]:
    return [rank.Found(tier, ids) for tier, ids in zip(tiers, found, strict=True)]
