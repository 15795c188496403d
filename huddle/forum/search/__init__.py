"""Full-text search over threads: one interface over SQLite FTS5 and PostgreSQL.

Titles, tag names and bodies (the thread's and its published answers' and
comments') are searched, weighted in that order; the filters of
:class:`SearchFilters` run inside the full-text match (see
:mod:`huddle.forum.search.plan` for why, and docs/benchmarks.md, "Forum
search", for the measurements). The index lives in the same database and is
written in the caller's transaction, so it is never behind the rows.

Callers: :func:`index_thread` after every write that changes what a thread
says or how it filters (title, body, tags, posts published or hidden, answer
count, endorsement, space, status, state); :func:`search_threads` and
:func:`similar_threads` to read.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from types import ModuleType
from typing import cast

from django.db import connection

from huddle.forum.models import Status, Thread
from huddle.forum.search import documents, execute, plan, postgres, query, sqlite

#: Threads per main tier (all words anywhere / in the title / in the tags), newest first, before
#: ranking: a common word's ranking weighs this many of its newest matches (docs/benchmarks.md).
CANDIDATES = 100
#: No page shows more results than this.
MAX_LIMIT = 100


@dataclass(frozen=True)
class SearchFilters:
    """What a reader narrowed the search to; ``None`` means "any"."""

    space_ids: tuple[int, ...] | None = None
    answered: bool | None = None
    endorsed: bool | None = None
    since: datetime | None = None


def _engine() -> ModuleType:
    """The backend for the default database: SQLite or PostgreSQL, the two Huddle supports."""
    if connection.vendor == "postgresql":
        return postgres
    if connection.vendor == "sqlite":
        return sqlite
    raise NotImplementedError(f"forum search supports SQLite and PostgreSQL, not {connection.vendor}")


def index_thread(*, thread_id: int) -> None:
    """(Re)write the thread's entry from its rows; call inside the writing transaction.

    A thread that is not published, or is closed as a duplicate, or no
    longer exists, loses its entry instead.
    """
    reindex_threads([thread_id])


def unindex_thread(*, thread_id: int) -> None:
    """Drop the thread from search (hidden, pending, closed as a duplicate, deleted)."""
    _engine().delete([thread_id])


def reindex_threads(thread_ids: Sequence[int]) -> None:
    """:func:`index_thread` for many threads, with a fixed number of queries per call."""
    found = documents.load_documents(thread_ids)
    engine = _engine()
    gone = [pk for pk, doc in found.items() if doc is None]
    if gone:
        engine.delete(gone)
    engine.write([doc for doc in found.values() if doc is not None])


def rebuild_index(*, batch_size: int = 1000) -> int:
    """Rewrite every thread's entry (after a restore or a change of what is indexed); returns the count."""
    ids = list(Thread.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        reindex_threads(ids[start : start + batch_size])
    _engine().optimize()
    return len(ids)


def search_threads(
    *, text: str, filters: SearchFilters | None = None, limit: int = 20, any_word: bool = False
) -> list[int]:
    """Ids of published threads matching ``text``, best first; ``[]`` when nothing can match.

    ``any_word`` matches threads with any of the words, the last one also as
    a prefix (similar questions while a title is typed); by default a thread
    needs all of them. Any text is safe: it is reduced to words first.
    """
    terms = query.parse(text, any_word=any_word)
    wanted = plan.filters(**vars(filters)) if filters is not None else plan.Filters()
    limit = min(limit, MAX_LIMIT)
    if terms is None or wanted.matches_nothing or limit <= 0:
        return []
    engine = cast(execute.Engine, _engine())
    return _still_readable(execute.ranked_ids(engine, terms, wanted, candidates=max(CANDIDATES, limit), limit=limit))


def similar_threads(*, title: str, space_id: int | None = None, limit: int = 5) -> list[int]:
    """Threads like the title being typed, for the "similar questions" list under the field."""
    filters = SearchFilters(space_ids=(space_id,)) if space_id is not None else None
    return search_threads(text=title, filters=filters, limit=limit, any_word=True)


def _still_readable(ids: list[int]) -> list[int]:
    """A last check on the few results: a row changed by a path that forgot :func:`index_thread`
    (a shell, a data migration, a dropped SQLite trigger) must still not leak a hidden thread.

    Rows are read by primary key only and checked here (raw SQL: the ORM's
    compiling cost as much as the search): with the status in the query,
    SQLite may prefer the status index and read every thread.
    """
    if not ids:
        return ids
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, status, state FROM forum_thread WHERE id IN ({', '.join(['%s'] * len(ids))})",  # noqa: S608 - placeholders only
            ids,
        )
        rows = cursor.fetchall()
    readable = {pk for pk, status, state in rows if status == Status.PUBLISHED and state != Thread.State.DUPLICATE}
    return [pk for pk in ids if pk in readable]
