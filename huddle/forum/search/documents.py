"""What a thread's search entry holds, read from its rows: texts by weight and filter tokens.

Both engines store the same :class:`Document`, so a thread is found for the
same reasons on SQLite and PostgreSQL. The filters (space, answered,
endorsed, date) are written as facet tokens (:mod:`huddle.forum.search.facets`)
next to the text, so the full-text engine intersects them with the words
itself instead of a join to ``forum_thread`` (the slow plan on both engines,
see docs/benchmarks.md).
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from huddle.forum.models import Post, Status, Thread
from huddle.forum.search import facets
from huddle.forum.search.query import fold

#: A thread with hundreds of long answers still indexes in bounded time;
#: what lies beyond this many characters of bodies is not searchable.
MAX_BODY_CHARS = 200_000


@dataclass(frozen=True)
class Document:
    """One thread's entry: title (weight A), tag names (B), bodies (C), facet and day tokens."""

    thread_id: int
    title: str
    tags: str
    body: str
    facets: tuple[str, ...]
    days: tuple[str, ...]
    created_at: datetime


def is_searchable(thread: Thread) -> bool:
    """Readers find published threads, except those closed as a duplicate (the original is found)."""
    return thread.status == Status.PUBLISHED and thread.state != Thread.State.DUPLICATE


def load_documents(thread_ids: Sequence[int]) -> dict[int, Document | None]:
    """Entries for ``thread_ids`` in three queries; ``None`` for a thread search must not find."""
    threads = Thread.objects.filter(pk__in=thread_ids).only(
        "id", "title", "body", "status", "state", "space_id", "answer_count", "has_endorsed_answer", "created_at"
    )
    found = {t.pk: t for t in threads}
    wanted = [pk for pk, t in found.items() if is_searchable(t)]
    tags = _tag_names(wanted)
    bodies = _post_bodies(wanted)
    result: dict[int, Document | None] = {pk: None for pk in thread_ids}
    for pk in wanted:
        result[pk] = build(found[pk], tags.get(pk, ()), bodies.get(pk, ()))
    return result


def build(thread: Thread, tag_names: Iterable[str], post_bodies: Iterable[str]) -> Document:
    return Document(
        thread_id=thread.pk,
        title=fold(thread.title),
        tags=fold(", ".join(tag_names)),
        body=fold(_capped("\n\n".join([thread.body, *post_bodies]))),
        facets=facets.for_thread(
            space_id=thread.space_id, answered=thread.answer_count > 0, endorsed=thread.has_endorsed_answer
        ),
        days=facets.days_for(thread.created_at),
        created_at=thread.created_at,
    )


def _capped(text: str) -> str:
    return text if len(text) <= MAX_BODY_CHARS else text[:MAX_BODY_CHARS]


def _tag_names(thread_ids: Sequence[int]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = defaultdict(list)
    through = Thread.tags.through.objects.filter(thread_id__in=thread_ids)
    for thread_id, name in through.order_by("tag__name").values_list("thread_id", "tag__name"):
        names[thread_id].append(name)
    return names


def _post_bodies(thread_ids: Sequence[int]) -> dict[int, list[str]]:
    """Published answers and comments; a comment under a hidden answer is not shown, so not searched."""
    bodies: dict[int, list[str]] = defaultdict(list)
    posts = (
        Post.objects.filter(thread_id__in=thread_ids, status=Status.PUBLISHED)
        .filter(Q(parent__isnull=True) | Q(parent__status=Status.PUBLISHED))
        .order_by("thread_id", "created_at", "id")
        .values_list("thread_id", "body")
    )
    for thread_id, body in posts:
        bodies[thread_id].append(body)
    return bodies
