"""SQLite: three FTS5 tables created by migration 0002, rowid = thread id.

``forum_search`` (``created``, ``title``, ``tags``, ``body``, ``facets``)
answers "these words anywhere"; ``forum_search_title`` (``created``,
``title``, ``facets``) "in the title"; ``forum_search_tags`` (``created``,
``tags``, ``facets``) "in the tags". The small tables are there for speed:
FTS5 checks a column filter row by row along the word's posting list, and a
common word's list in the big table is mostly body hits, so "a common word
in titles of one space" walked far (1.4 ms against 0.2); a word that is in
no tag has no list at all in the tags table.

The date filter: the big table carries day tokens (see
:mod:`huddle.forum.search.facets`); the small ones compare ``created``
(UNINDEXED, Unix seconds, first so reading it skips the rest) row by row,
cheap on their short lists, where opening day tokens is not (about 0.1 ms
each per query). Why the queries have this shape: :mod:`huddle.forum.search.plan`.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection

from huddle.forum.search import plan, rank
from huddle.forum.search.documents import Document
from huddle.forum.search.query import Terms

_TABLES = {
    plan.Column.ANYWHERE: "forum_search",
    plan.Column.TITLE: "forum_search_title",
    plan.Column.TAGS: "forum_search_tags",
}
_COLUMNS = {plan.Column.TITLE: "{title}", plan.Column.TAGS: "{tags}", plan.Column.ANYWHERE: "{title tags body}"}


def write(documents: Sequence[Document]) -> None:
    """Replace the entries of these threads (FTS5 has no upsert: delete, then insert)."""
    delete([d.thread_id for d in documents])
    rows = [(d.thread_id, int(d.created_at.timestamp()), " ".join(d.facets)) for d in documents]
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO forum_search (rowid, created, facets, title, tags, body) VALUES (%s, %s, %s, %s, %s, %s)",
            [
                (i, at, f"{facets} {' '.join(d.days)}", d.title, d.tags, d.body)
                for (i, at, facets), d in zip(rows, documents, strict=True)
            ],
        )
        cursor.executemany(
            "INSERT INTO forum_search_title (rowid, created, facets, title) VALUES (%s, %s, %s, %s)",
            [(*row, d.title) for row, d in zip(rows, documents, strict=True)],
        )
        cursor.executemany(
            "INSERT INTO forum_search_tags (rowid, created, facets, tags) VALUES (%s, %s, %s, %s)",
            [(*row, d.tags) for row, d in zip(rows, documents, strict=True) if d.tags],
        )


def delete(thread_ids: Sequence[int]) -> None:
    with connection.cursor() as cursor:
        for table in _TABLES.values():
            cursor.executemany(f"DELETE FROM {table} WHERE rowid = %s", [(i,) for i in thread_ids])  # noqa: S608


def optimize() -> None:
    """Merge each index's segments into one: after a bulk rebuild, as FTS5 recommends."""
    with connection.cursor() as cursor:
        for table in _TABLES.values():
            cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")  # noqa: S608


def run(
    tiers: Sequence[plan.Tier], terms: Terms, filters: plan.Filters, *, among: Sequence[int] | None = None
) -> list[list[int]]:
    """Every tier's ids in one statement: each one ``MATCH ... ORDER BY rowid DESC LIMIT bound``,
    which FTS5 answers by walking its posting lists from the newest row and stopping at the bound.

    ``among`` keeps only those thread ids: FTS5 seeks to their id range and
    checks the list on the matches in it.
    """
    parts: list[str] = []
    args: list[Any] = []
    for number, tier in enumerate(tiers):
        table = _TABLES[tier.column]
        extra, extra_args = _residuals(tier, filters, among)
        parts.append(  # only our constant fragments are formatted in; the match is a parameter
            f"SELECT {number}, rowid FROM (SELECT rowid FROM {table} WHERE {table} MATCH %s{extra} "  # noqa: S608
            "ORDER BY rowid DESC LIMIT %s)"
        )
        args += [_expression(tier, terms, filters), *extra_args, tier.bound]
    return rank.tiers_found(" UNION ALL ".join(parts), args, len(tiers))


def span() -> rank.Span:
    with connection.cursor() as cursor:
        # Two subqueries: SQLite reads an index end only for a lone min() or max().
        cursor.execute("SELECT (SELECT min(id) FROM forum_thread), (SELECT max(id) FROM forum_thread)")
        low, high = cursor.fetchone()
    return rank.Span(low=low or 0, high=high or 0)


def _residuals(tier: plan.Tier, filters: plan.Filters, among: Sequence[int] | None) -> tuple[str, list[Any]]:
    """Conditions besides the match: the exact date where tokens do not give it, the ids ``among``."""
    since = filters.since if tier.column is not plan.Column.ANYWHERE else filters.exact_since
    extra, args = "", list[Any]()
    if since is not None:
        extra, args = " AND created >= %s", [int(since.timestamp())]
    if among:
        extra += f" AND rowid BETWEEN %s AND %s AND rowid IN ({', '.join(['%s'] * len(among))})"
        args += [min(among), max(among), *among]
    return extra, args


def _expression(tier: plan.Tier, terms: Terms, filters: plan.Filters) -> str:
    """The tier as an FTS5 query: words quoted, column filters and facets written by us alone."""
    expression = f"({_COLUMNS[tier.column]} : ({_words(terms, tier.words)}))"
    facets = _facets(filters, days=tier.column is plan.Column.ANYWHERE)
    return f"{expression} AND ({facets})" if facets else expression


def _facets(filters: plan.Filters, *, days: bool = True) -> str:
    """Every group of the filters, each by any of its conjunctions, in the ``facets`` column;
    ``days``: with the date's tokens (only the big table has them)."""
    groups = (*filters.groups, filters.days) if days and filters.days else filters.groups
    if not groups:
        return ""
    return "{facets} : (" + " AND ".join(
        "(" + " OR ".join("(" + " AND ".join(_quoted(t) for t in tokens) + ")" for tokens in group) + ")"
        for group in groups
    ) + ")"


def _words(terms: Terms, indexes: Iterable[int]) -> str:
    last = len(terms.words) - 1
    return " AND ".join(_quoted(terms.words[i]) + ("*" if i == last and terms.prefix_last else "") for i in indexes)


def _quoted(word: str) -> str:
    """An FTS5 string: the word cannot hold a double quote (query.parse keeps letters and digits)."""
    return '"' + word.replace('"', '""') + '"'
