"""What a space's moderators review: open flags per item, held items, hidden items, recent actions.

The whole queue is read in a fixed number of queries however many flags
there are, and every author is shown through ``authorship``: an anonymous
author reaches the page as "Anonymous student N" and nothing else.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q

from huddle.accounts.policy import Viewer
from huddle.forum.authorship import Byline, thread_authors
from huddle.forum.models import Flag, ModerationAction, Post, Space, Status, Thread, WatchedWord
from huddle.forum.moderation.items import target
from huddle.forum.moderation.watchwords import matches, watched_words

#: Held and hidden items shown at once; a space with more has a backlog, not a page.
LIST_LIMIT = 100
RECENT_ACTIONS = 20
NOTES_SHOWN = 5

type Key = tuple[int, int | None]


@dataclass
class QueueItem:
    """One thread or post to review, with what was said about it (never who wrote it, beyond its byline)."""

    thread: Thread
    post: Post | None
    byline: Byline
    reasons: list[tuple[str, int]] = field(default_factory=list)
    flaggers: int = 0
    notes: list[str] = field(default_factory=list)
    matched: list[str] = field(default_factory=list)
    crisis: bool = False
    flagged_at: datetime | None = None

    @property
    def item(self) -> Thread | Post:
        return self.post if self.post is not None else self.thread

    @property
    def key(self) -> str:
        """A token for HTML ids, made of the item's own ids."""
        return f"{self.thread.pk}-{self.post.pk if self.post is not None else 't'}"

    @property
    def target(self) -> str:
        return target(self.thread, self.post)


@dataclass
class ReviewQueue:
    space: Space
    flagged: list[QueueItem]
    pending: list[QueueItem]
    hidden: list[QueueItem]
    actions: list[ModerationAction]

    def crisis_targets(self) -> list[str]:
        """Items flagged as a possible crisis: opening the queue shows them, and that read is audited."""
        return [entry.target for entry in self.flagged if entry.crisis]


@dataclass
class _Tally:
    reasons: Counter[str] = field(default_factory=Counter)
    flaggers: set[int] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    matched: list[str] = field(default_factory=list)
    first: datetime | None = None


def _open_flags(space: Space) -> dict[Key, _Tally]:
    """One query: every open flag of the space, tallied per item."""
    tallies: dict[Key, _Tally] = {}
    rows = Flag.objects.filter(space=space, resolution=Flag.Resolution.OPEN).order_by("created_at", "pk")
    for thread_id, post_id, reason, note, matched, flagger, created in rows.values_list(
        "thread_id", "post_id", "reason", "note", "matched", "flagged_by_id", "created_at"
    ):
        tally = tallies.setdefault((thread_id, post_id), _Tally(first=created))
        tally.reasons[reason] += 1
        if flagger is not None:
            tally.flaggers.add(flagger)
        if note and len(tally.notes) < NOTES_SHOWN:
            tally.notes.append(note)
        tally.matched += [w.strip() for w in matched.split(",") if w.strip() and w.strip() not in tally.matched]
    return tallies


def _limited(model: type[Thread] | type[Post], status: str, space: Space) -> Q:
    """``pk IN (the latest LIST_LIMIT ids with this status)``, as a subquery of the one items query."""
    in_space = Q(space=space) if model is Thread else Q(thread__space=space)
    ids = model.objects.filter(in_space, status=status).order_by("-pk").values("pk")[:LIST_LIMIT]
    return Q(pk__in=ids)


def _items(space: Space, keys: set[Key]) -> tuple[dict[int, Thread], dict[int, Post]]:
    """Two queries: the flagged items plus the space's latest held and hidden ones, with their authors."""
    thread_ids = {thread_id for thread_id, _post in keys}
    post_ids = {post_id for _thread, post_id in keys if post_id is not None}
    threads = Thread.objects.filter(
        Q(pk__in=thread_ids) | _limited(Thread, Status.PENDING, space) | _limited(Thread, Status.HIDDEN, space)
    ).select_related("author__profile")
    posts = Post.objects.filter(
        Q(pk__in=post_ids) | _limited(Post, Status.PENDING, space) | _limited(Post, Status.HIDDEN, space)
    ).select_related("author__profile", "thread")
    return {t.pk: t for t in threads}, {p.pk: p for p in posts}


class _Builder:
    """Turns rows into queue items, bylines included, without another query per item."""

    def __init__(self, *, space: Space, viewer: Viewer, threads: dict[int, Thread], posts: dict[int, Post]) -> None:
        self.space, self.viewer, self.posts = space, viewer, posts
        #: Threads read with their authors; a post's thread below is only its container.
        self.loaded = dict(threads)
        self.threads = {**{p.thread_id: p.thread for p in posts.values()}, **threads}
        self.authors = thread_authors(viewer=viewer, thread_ids=self.threads)

    def item(self, thread: Thread, post: Post | None) -> QueueItem:
        return QueueItem(thread=thread, post=post, byline=self.authors[thread.pk].of(self.viewer, post or thread))

    def flagged(self, tallies: dict[Key, _Tally]) -> list[QueueItem]:
        """Possible crises first, then the most flaggers, then the longest waiting."""
        found = []
        for (thread_id, post_id), tally in tallies.items():
            entry = self.item(self.threads[thread_id], self.posts[post_id] if post_id is not None else None)
            entry.reasons = [(str(Flag.Reason(r).label), n) for r, n in tally.reasons.most_common()]
            entry.flaggers, entry.notes, entry.matched = len(tally.flaggers), tally.notes, tally.matched
            entry.crisis, entry.flagged_at = Flag.Reason.CRISIS in tally.reasons, tally.first
            found.append(entry)
        found.sort(key=lambda e: (not e.crisis, -e.flaggers, e.flagged_at or e.item.created_at))
        return found

    def with_status(self, status: str, skip: set[Key]) -> list[QueueItem]:
        """The space's items in ``status`` that are not already listed among the flagged ones."""
        found = [self.item(t, None) for t in self.loaded.values() if t.status == status and t.space_id == self.space.pk]
        found += [
            self.item(self.threads[p.thread_id], p)
            for p in self.posts.values()
            if p.status == status and self.threads[p.thread_id].space_id == self.space.pk
        ]
        found = [e for e in found if (e.thread.pk, e.post.pk if e.post else None) not in skip]
        found.sort(key=lambda e: e.item.created_at, reverse=status == Status.HIDDEN)
        return found[:LIST_LIMIT]


def _held_because(items: list[QueueItem]) -> None:
    """Which watched words hold each item (none listed: a new account's first posts). One query."""
    words = [(p, a) for p, a in watched_words() if a in (WatchedWord.Action.APPROVAL, WatchedWord.Action.BLOCK)]
    for entry in items:
        text = f"{entry.thread.title}\n{entry.item.body}" if entry.post is None else entry.item.body
        entry.matched = [phrase for phrases in matches(text, words).values() for phrase in phrases]


def review_queue(*, space: Space, viewer: Viewer) -> ReviewQueue:
    """The space's queue as ``viewer`` (a moderator) may see it, in a fixed number of queries."""
    tallies = _open_flags(space)
    threads, posts = _items(space, set(tallies))
    build = _Builder(space=space, viewer=viewer, threads=threads, posts=posts)
    pending = build.with_status(Status.PENDING, set(tallies))
    _held_because(pending)
    actions = ModerationAction.objects.filter(space=space).select_related("moderator__profile", "thread", "post")
    return ReviewQueue(
        space=space,
        flagged=build.flagged(tallies),
        pending=pending,
        hidden=build.with_status(Status.HIDDEN, set(tallies)),
        actions=list(actions[:RECENT_ACTIONS]),
    )


def watched_word_list() -> list[WatchedWord]:
    return list(WatchedWord.objects.select_related("created_by__profile").order_by("action", "phrase"))
