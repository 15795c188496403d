"""How a search runs, the same on both engines: bounded candidate tiers, filters as facet tokens.

Ranking every match is what makes a common word slow: ``ts_rank`` reads and
scores each matching row, and FTS5's bm25 scans every matching row of each
phrase to count them (its IDF), even under ``LIMIT``. So a search never
ranks or counts all matches. It runs a few *tiers*, each "the newest
``bound`` threads with these words in this column", which both engines
answer by walking an order they keep (FTS5 rowid, the primary key) and
stopping at the bound, at a cost that does not grow with the number of
matches. The tiers choose by relevance, not only by age: title matches get
their own tier, as do tag matches, and each word its own when a thread may
match any of them. :mod:`huddle.forum.search.rank` then scores the union
from what the tiers say about each candidate. A rare word's matches all
fit in the bounds, so its ranking is exact.

Filters never run after a bound: they are facet tokens in the same
full-text match (``space12answered``, ``ay2026``..., see
:mod:`huddle.forum.search.facets`), so the engine intersects posting lists
and every bound applies to the *filtered* matches; an old match in a small
space is found however many newer ones other spaces have. A "since" inside
a day also compares ``created`` exactly, in the same scan, before the bound.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from huddle.forum.search import facets
from huddle.forum.search.query import Terms

#: A reader's spaces can be many, but not thousands.
MAX_SPACES = 500
#: Per-word tiers never shrink below this, however many words there are.
MIN_PER_WORD = 20


@dataclass(frozen=True)
class Filters:
    """The filters as facet tokens: every group holds, a group by any of its conjunctions of tokens.

    ``days`` are the date's tokens (used by SQLite), ``since`` the date itself;
    ``exact_since`` is set when the day tokens are not exact (a time inside a
    day, or too far back for tokens) and ``created`` must be compared as well.
    """

    groups: tuple[facets.Alternatives, ...] = ()
    days: facets.Alternatives | None = None
    since: datetime | None = None
    exact_since: datetime | None = None
    matches_nothing: bool = False


def filters(
    *, space_ids: tuple[int, ...] | None, answered: bool | None, endorsed: bool | None, since: datetime | None
) -> Filters:
    """Facet token groups for the filters; a space goes with answered or endorsed as one pair token."""
    states: list[str] = []
    if answered is not None:
        states.append(facets.ANSWERED if answered else facets.UNANSWERED)
    if endorsed is not None:
        states.append(facets.ENDORSED if endorsed else facets.UNENDORSED)
    groups: list[facets.Alternatives] = []
    if space_ids is not None:
        if not space_ids:
            return Filters(matches_nothing=True)
        spaces = [facets.space_token(s) for s in dict.fromkeys(space_ids[:MAX_SPACES])]
        paired = states.pop(0) if states else ""
        groups.append(tuple((space + paired,) for space in spaces))
    groups += [((state,),) for state in states]
    if since is None:
        return Filters(tuple(groups))
    days = facets.since(since)
    exact = days is None or facets.needs_exact_time(since)
    return Filters(tuple(groups), days=days, since=since, exact_since=since if exact else None)


class Column(StrEnum):
    TITLE = "title"
    TAGS = "tags"
    ANYWHERE = "anywhere"  # title, tags or bodies


@dataclass(frozen=True)
class Tier:
    """The newest ``bound`` threads with every word of ``words`` (indexes into the query's) in ``column``.

    A tier that does not ``add`` only tells what the candidates of the others
    have: when all words are required, a thread with one of them in its
    title may lack the others.
    """

    column: Column
    words: tuple[int, ...]
    bound: int
    adds: bool = True


def tiers(terms: Terms, candidates: int) -> tuple[Tier, ...]:
    """Which tiers a query runs; ``candidates`` bounds the main ones."""
    every = tuple(range(len(terms.words)))
    per_word = max(MIN_PER_WORD, candidates // len(every))
    heading = max(MIN_PER_WORD, candidates // 2)  # older title or tag matches: enough to fill a page
    if terms.any_word:
        found: list[Tier] = [Tier(Column.TITLE, every, candidates)]
        if len(every) > 1:
            found += [Tier(Column.TITLE, (i,), per_word) for i in every]
        return (*found, *(Tier(Column.ANYWHERE, (i,), per_word) for i in every))
    found = [Tier(Column.ANYWHERE, every, candidates), Tier(Column.TITLE, every, heading)]
    if len(every) == 1:
        return (*found, Tier(Column.TAGS, every, heading))
    # Several words: which of them the candidates have in the title and tags
    # (all of them in the tags is rare: not worth a tier that scans to the end).
    flags = [Tier(column, (i,), per_word, adds=False) for column in (Column.TITLE, Column.TAGS) for i in every]
    return (*found, *flags)
