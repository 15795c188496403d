"""PostgreSQL: two tables with stored ``tsvector`` columns, created by migration 0002.

``forum_search`` (``document``: title A, tag names B, bodies C; ``facets``;
``created_at``) answers "these words anywhere"; ``forum_search_heading``
(``title``, ``tags``, ``facets``, ``created_at``) answers "in the title", "in
the tags". Each has one GIN index over its vectors, so words and filters
intersect inside one index scan. The heading table is there for speed: when
the planner walks the primary key and checks rows (a common word), rows of a
few hundred bytes are checked many to a page, where rows carrying bodies are
a handful. Vectors are computed here, at write time, never at query time.
The date filter is ``created_at >= since``: the planner weighs it from its
statistics (SQLite needs day tokens instead, see :mod:`huddle.forum.search.facets`).
Why the queries have this shape: :mod:`huddle.forum.search.plan`.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection

from huddle.forum.search import plan, rank
from huddle.forum.search.documents import Document
from huddle.forum.search.query import Terms

_UPSERT_HEADING = """
    INSERT INTO forum_search_heading (thread_id, title, tags, facets, created_at)
    VALUES (%(id)s, to_tsvector('english', %(title)s), to_tsvector('english', %(tags)s),
        array_to_tsvector(%(facets)s::text[]), %(created)s)
    ON CONFLICT (thread_id) DO UPDATE SET
        title = EXCLUDED.title, tags = EXCLUDED.tags, facets = EXCLUDED.facets, created_at = EXCLUDED.created_at
"""
_UPSERT_DOCUMENT = """
    INSERT INTO forum_search (thread_id, document, facets, created_at)
    VALUES (%(id)s,
        setweight(to_tsvector('english', %(title)s), 'A') || setweight(to_tsvector('english', %(tags)s), 'B')
        || setweight(to_tsvector('english', %(body)s), 'C'),
        array_to_tsvector(%(facets)s::text[]), %(created)s)
    ON CONFLICT (thread_id) DO UPDATE SET
        document = EXCLUDED.document, facets = EXCLUDED.facets, created_at = EXCLUDED.created_at
"""


def write(documents: Sequence[Document]) -> None:
    rows: list[dict[str, Any]] = [
        {"id": d.thread_id, "title": d.title, "tags": d.tags, "body": d.body, "facets": list(d.facets),
         "created": d.created_at}
        for d in documents
    ]
    with connection.cursor() as cursor:
        cursor.executemany(_UPSERT_HEADING, rows)
        cursor.executemany(_UPSERT_DOCUMENT, rows)


def delete(thread_ids: Sequence[int]) -> None:
    with connection.cursor() as cursor:
        for table in _TABLES:
            cursor.execute(f"DELETE FROM {table} WHERE thread_id = ANY(%s)", [list(thread_ids)])  # noqa: S608


def optimize() -> None:
    """After a bulk rebuild: GIN's pending list merged (reads scan it row by row) and fresh
    statistics (the planner's choice between bitmap and primary-key walk depends on them)."""
    with connection.cursor() as cursor:
        for table in _TABLES:
            cursor.execute(f"SELECT gin_clean_pending_list('{table}_match'::regclass)")
            cursor.execute(f"ANALYZE {table}")


_TABLES = ("forum_search", "forum_search_heading")
_COLUMNS = {plan.Column.TITLE: "title", plan.Column.TAGS: "tags", plan.Column.ANYWHERE: "document"}


def run(
    tiers: Sequence[plan.Tier], terms: Terms, filters: plan.Filters, *, among: Sequence[int] | None = None
) -> list[list[int]]:
    """Every tier's ids in one statement: each ``... @@ query ORDER BY thread_id DESC LIMIT bound``.

    The query texts are constants of immutable functions, so the planner sees
    the words and estimates from the column statistics how many rows match:
    few → GIN bitmap, then sort them; many → walk the primary key backwards
    and stop at the bound. Either way nothing is ranked or counted in SQL.
    ``among`` keeps only those thread ids (read through the primary key).
    """
    # The filters come first: PostgreSQL checks equally costly conditions in the
    # order written, and a small facets vector rejects a row without reading the
    # (often TOASTed) document: five times fewer buffers on a filtered walk.
    where, where_args = "", list[Any]()
    if filters.groups:
        where += "facets @@ %s::tsquery AND "
        where_args.append(_facets(filters))
    if filters.since is not None:
        where += "created_at >= %s AND "
        where_args.append(filters.since)
    if among:
        where += "thread_id = ANY(%s) AND "
        where_args.append(list(among))
    parts: list[str] = []
    args: list[Any] = []
    for number, tier in enumerate(tiers):
        table = "forum_search" if tier.column is plan.Column.ANYWHERE else "forum_search_heading"
        # Tags have a small vocabulary, so the statistics know every tag word and
        # guess 0.5 % of the threads for any other word: a primary-key walk through
        # every thread to find none. "+ 0" rules the walk out: the GIN bitmap then
        # reads exactly the tagged threads, a few percent at most.
        order = "thread_id + 0" if tier.column is plan.Column.TAGS else "thread_id"
        parts.append(  # only our constant fragments are formatted in; words are parameters
            f"(SELECT {number}, thread_id FROM {table} WHERE {where}{_COLUMNS[tier.column]} "  # noqa: S608
            f"@@ to_tsquery('english', %s) ORDER BY {order} DESC LIMIT %s)"
        )
        args += [*where_args, _words(terms, tier.words), tier.bound]
    return rank.tiers_found(" UNION ALL ".join(parts), args, len(tiers))


def span() -> rank.Span:
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(thread_id), max(thread_id) FROM forum_search")
        low, high = cursor.fetchone()
    return rank.Span(low=low or 0, high=high or 0)


def _quoted(word: str) -> str:
    """A tsquery operand; quotes keep any character literal (query.parse keeps letters and digits)."""
    return "'" + word.replace("'", "''").replace("\\", "\\\\") + "'"


def _words(terms: Terms, indexes: Iterable[int]) -> str:
    """Input for ``to_tsquery('english', …)``: it stems each quoted word and drops stop words."""
    last = len(terms.words) - 1
    return " & ".join(_quoted(terms.words[i]) + (":*" if i == last and terms.prefix_last else "") for i in indexes)


def _facets(filters: plan.Filters) -> str:
    """A ``tsquery`` over facet lexemes, which are stored as is (no stemming): cast, not parsed."""
    return " & ".join(
        "(" + " | ".join("(" + " & ".join(_quoted(t) for t in tokens) + ")" for tokens in group) + ")"
        for group in filters.groups
    )
