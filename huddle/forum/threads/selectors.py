"""What the forum's pages read: fixed numbers of queries, whatever the number of threads."""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from huddle.accounts.models import User
from huddle.accounts.policy import Viewer
from huddle.forum import policy
from huddle.forum.authorship import Byline, ThreadAuthors, thread_authors
from huddle.forum.models import Endorsement, Follow, Post, Space, SpaceStaff, Status, Thread, ThreadVote, Vote
from huddle.forum.threads.ranking import wilson_lower_bound

PAGE_SIZE = 25


def _viewer_id(viewer: Viewer) -> int:
    """The viewer's id, or 0 (no one's) for an anonymous visitor: filters stay plain integers."""
    pk = getattr(viewer, "pk", None)
    return int(pk) if pk else 0


#: The list filters a reader can choose, by name in the query string.
FILTERS = ("all", "unanswered", "answered", "verified", "mine", "following")


def _visible(viewer: Viewer) -> Q:
    """Published threads, and the viewer's own while they wait for a moderator."""
    return Q(status=Status.PUBLISHED) | Q(author_id=_viewer_id(viewer))


def _filtered(qs: QuerySet[Thread], viewer: Viewer, name: str) -> QuerySet[Thread]:
    match name:
        case "unanswered":
            return qs.filter(kind=Thread.Kind.QUESTION, answer_count=0)
        case "answered":
            return qs.filter(answer_count__gt=0)
        case "verified":
            return qs.filter(has_endorsed_answer=True)
        case "mine":
            return qs.filter(author_id=_viewer_id(viewer))
        case "following":
            return qs.filter(Exists(Follow.objects.filter(thread=OuterRef("pk"), user_id=_viewer_id(viewer))))
    return qs


@dataclass
class ThreadRow:
    thread: Thread
    byline: Byline


def thread_rows(*, viewer: Viewer, threads: list[Thread]) -> list[ThreadRow]:
    """Bylines for a list of threads (two queries for all of them)."""
    anonymous = [t.pk for t in threads if t.anonymous]
    authors = thread_authors(viewer=viewer, thread_ids=[t.pk for t in threads], anonymous_ids=anonymous)
    return [ThreadRow(t, authors[t.pk].of(viewer, t)) for t in threads]


def thread_page_list(
    *, viewer: Viewer, space: Space | None = None, filter_name: str = "all", page: int | str = 1
) -> tuple[Page, list[ThreadRow]]:
    """A page of threads, newest activity first, with their bylines and tags."""
    qs = Thread.objects.filter(_visible(viewer))
    if space is not None:
        qs = qs.filter(space=space)
    qs = _filtered(qs, viewer, filter_name if filter_name in FILTERS else "all")
    qs = qs.select_related("space", "author__profile").prefetch_related("tags").order_by("-last_activity_at", "-id")
    paged = Paginator(qs, PAGE_SIZE).get_page(page)
    return paged, thread_rows(viewer=viewer, threads=list(paged.object_list))


@dataclass
class SpaceRow:
    space: Space
    threads: int
    unanswered: int
    following: bool


def space_rows(*, viewer: Viewer) -> list[SpaceRow]:
    """Every open space with its counts and whether the viewer follows it (one query)."""
    published = Q(threads__status=Status.PUBLISHED)
    spaces = Space.objects.filter(is_archived=False).annotate(
        n_threads=Count("threads", filter=published),
        n_unanswered=Count(
            "threads", filter=published & Q(threads__kind=Thread.Kind.QUESTION, threads__answer_count=0)
        ),
        followed=Exists(Follow.objects.filter(space=OuterRef("pk"), user_id=_viewer_id(viewer))),
    )
    return [SpaceRow(s, s.n_threads, s.n_unanswered, s.followed) for s in spaces]


@dataclass
class AnswerView:
    post: Post
    byline: Byline
    comments: list[tuple[Post, Byline]]
    endorsement: Endorsement | None
    endorsed_by: str
    endorsement_current: bool
    my_vote: int
    accepted: bool
    score: float = 0.0


@dataclass
class ThreadPage:
    thread: Thread
    byline: Byline
    answers: list[AnswerView]
    comments: list[tuple[Post, Byline]]
    me_too: int
    my_me_too: bool
    following: bool
    authors: ThreadAuthors = field(repr=False)


def _endorser_name(endorsement: Endorsement | None) -> str:
    if endorsement is None:
        return ""
    profile = getattr(endorsement.endorsed_by, "profile", None)
    return profile.name if profile is not None else str(endorsement.endorsed_by)


def _posts(viewer: Viewer, thread: Thread) -> list[Post]:
    """Published posts; the viewer's own held ones; everything for the space's moderators."""
    visible = Q(status=Status.PUBLISHED) | Q(author_id=_viewer_id(viewer))
    if policy.can_moderate(viewer, thread.space):
        visible = Q()
    return _posts_with_endorsements(thread, visible)


def _posts_with_endorsements(thread: Thread, visible: Q) -> list[Post]:
    posts = list(thread.posts.filter(visible).select_related("author__profile").prefetch_related("citations"))
    found = {
        e.post_id: e for e in Endorsement.objects.filter(post__thread=thread).select_related("endorsed_by__profile")
    }
    for post in posts:
        post.current_endorsement = found.get(post.pk)  # type: ignore[attr-defined]
    return posts


def thread_page(*, viewer: Viewer, thread: Thread) -> ThreadPage:
    """The thread, its answers in rank order with their comments, and what the viewer did here."""
    posts = _posts(viewer, thread)
    anonymous = [thread.pk] if thread.anonymous or any(p.anonymous for p in posts) else []
    authors = thread_authors(viewer=viewer, thread_ids=[thread.pk], anonymous_ids=anonymous)[thread.pk]
    user_id = _viewer_id(viewer)
    my_votes = dict(Vote.objects.filter(post__thread=thread, user_id=user_id).values_list("post_id", "value"))
    counts = ThreadVote.objects.filter(thread=thread).aggregate(
        n=Count("pk"), mine=Count("pk", filter=Q(user_id=user_id))
    )
    following = Follow.objects.filter(thread=thread, user_id=user_id).exists()
    comments_of: dict[int | None, list[tuple[Post, Byline]]] = {}
    for post in posts:
        if post.kind == Post.Kind.COMMENT:
            comments_of.setdefault(post.parent_id, []).append((post, authors.of(viewer, post)))
    answers = [
        _answer(viewer, post, authors, comments_of, my_votes, thread) for post in posts if post.kind == Post.Kind.ANSWER
    ]
    answers.sort(key=lambda a: (not a.endorsement_current, -a.score, a.post.created_at, a.post.pk))
    return ThreadPage(
        thread,
        authors.of(viewer, thread),
        answers,
        comments_of.get(None, []),
        counts["n"],
        bool(counts["mine"]),
        following,
        authors,
    )


def _answer(
    viewer: Viewer,
    post: Post,
    authors: ThreadAuthors,
    comments_of: dict[int | None, list[tuple[Post, Byline]]],
    my_votes: dict[int, int],
    thread: Thread,
) -> AnswerView:
    endorsement: Endorsement | None = post.current_endorsement  # type: ignore[attr-defined]
    return AnswerView(
        post=post,
        byline=authors.of(viewer, post),
        comments=comments_of.get(post.pk, []),
        endorsement=endorsement,
        endorsed_by=_endorser_name(endorsement),
        endorsement_current=endorsement is not None and endorsement.version == post.version,
        my_vote=my_votes.get(post.pk, 0),
        accepted=thread.accepted_answer_id == post.pk,
        score=wilson_lower_bound(post.upvotes, post.downvotes),
    )


def threads_by_ids(*, viewer: Viewer, ids: list[int]) -> list[ThreadRow]:
    """Search results in the order search gave them, only what the viewer may read."""
    found = {
        t.pk: t
        for t in Thread.objects.filter(pk__in=ids, status=Status.PUBLISHED)
        .select_related("space", "author__profile")
        .prefetch_related("tags")
    }
    return thread_rows(viewer=viewer, threads=[found[i] for i in ids if i in found])


def thread_get(*, thread_id: int) -> Thread:
    return Thread.objects.select_related("space", "author__profile").get(pk=thread_id)


def post_get(*, post_id: int, thread: Thread) -> Post:
    return Post.objects.select_related("author__profile", "thread__space").get(pk=post_id, thread=thread)


def revisions(*, item: Thread | Post) -> list[tuple[int, str, str, datetime]]:
    """The edit history: version, title, text and when — never who edited."""
    rows = item.revisions.all() if isinstance(item, Post) else item.revisions.filter(post__isnull=True)
    return [(r.version, r.title, r.body, r.created_at) for r in rows]


def user_label(user: User) -> str:
    profile = getattr(user, "profile", None)
    return profile.name if profile is not None else str(user)


def space_export_rows(*, viewer: Viewer, space: Space) -> list[tuple[object, ...]]:
    """Every published thread of a space, authors as ``viewer`` may see them, in batches of bylines."""
    rows: list[tuple[object, ...]] = []
    threads = Thread.objects.filter(space=space, status=Status.PUBLISHED).select_related("author__profile")
    batch: list[Thread] = []
    for thread in threads.order_by("pk").iterator(chunk_size=500):
        batch.append(thread)
        if len(batch) == 500:
            rows.extend(_export_batch(viewer, batch))
            batch = []
    rows.extend(_export_batch(viewer, batch))
    return rows


def _export_batch(viewer: Viewer, threads: list[Thread]) -> list[tuple[object, ...]]:
    return [
        (
            row.thread.pk,
            row.thread.get_kind_display(),
            row.thread.title,
            row.byline.name,
            row.thread.created_at.isoformat(),
            row.thread.answer_count,
            row.thread.has_endorsed_answer,
        )
        for row in thread_rows(viewer=viewer, threads=threads)
    ]


@dataclass(frozen=True)
class Waiting:
    to_verify: int = 0
    to_moderate: int = 0
    unanswered_followed: int = 0


def forum_waiting(*, viewer: Viewer) -> Waiting:
    """The counts behind a person's forum cards, in one query (plus the duties every forum page reads)."""
    user_id = _viewer_id(viewer)
    mine = policy.duties(viewer)
    verify_in = [space_id for space_id, d in mine.items() if SpaceStaff.Duty.FACULTY in d]
    moderate_in = [space_id for space_id, d in mine.items() if SpaceStaff.Duty.MODERATOR in d]
    pending = Q(status=Status.PENDING)
    if not policy.can_manage_spaces(viewer):
        pending &= Q(space_id__in=moderate_in)
    published = Q(status=Status.PUBLISHED)
    to_verify = Q(space_id__in=verify_in, kind=Thread.Kind.QUESTION, answer_count__gt=0, has_endorsed_answer=False)
    followed = Exists(Follow.objects.filter(space_id=OuterRef("space_id"), user_id=user_id))
    unanswered = Q(kind=Thread.Kind.QUESTION, answer_count=0, state=Thread.State.OPEN) & Q(followed)
    counts = Thread.objects.aggregate(
        to_verify=Count("pk", filter=published & to_verify),
        pending=Count("pk", filter=pending),
        unanswered=Count("pk", filter=published & unanswered & ~Q(author_id=user_id)),
    )
    return Waiting(counts["to_verify"], counts["pending"], counts["unanswered"])
