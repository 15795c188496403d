"""The forum in the JSON API: spaces, thread lists, a thread with its answers, and search.

Authors appear only as the ``Byline`` the reader may see (name, whether
anonymous, a profile link when allowed): no user id, e-mail or alias
mapping is ever serialised.
"""

from datetime import datetime
from typing import Annotated

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from huddle.forum import policy
from huddle.forum import search as forum_search
from huddle.forum.authorship import Byline
from huddle.forum.models import Space, Thread
from huddle.forum.threads import selectors
from huddle.lib.http import MAX_ID

router = Router(tags=["forum"])


class AuthorOut(Schema):
    name: str
    anonymous: bool
    profile_url: str


class SpaceOut(Schema):
    id: int
    slug: str
    name: str
    kind: str
    threads: int
    unanswered: int


class ThreadOut(Schema):
    id: int
    space: str
    kind: str
    title: str
    author: AuthorOut
    created_at: datetime
    last_activity_at: datetime
    answer_count: int
    verified: bool
    tags: list[str]


class PostOut(Schema):
    id: int
    body_html: str
    author: AuthorOut
    created_at: datetime
    upvotes: int
    downvotes: int
    accepted: bool
    verified: bool
    verified_for_earlier_version: bool
    needs_review: bool
    comments: list["CommentOut"]


class CommentOut(Schema):
    id: int
    body_html: str
    author: AuthorOut
    created_at: datetime


class ThreadDetailOut(ThreadOut):
    body_html: str
    answers: list[PostOut]
    comments: list[CommentOut]


PostOut.model_rebuild()


def _author(byline: Byline) -> AuthorOut:
    return AuthorOut(name=byline.name, anonymous=byline.anonymous, profile_url=byline.profile_url)


def _thread(row: selectors.ThreadRow) -> dict[str, object]:
    t = row.thread
    return {
        "id": t.pk,
        "space": t.space.slug,
        "kind": t.kind,
        "title": t.title,
        "author": _author(row.byline),
        "created_at": t.created_at,
        "last_activity_at": t.last_activity_at,
        "answer_count": t.answer_count,
        "verified": t.has_endorsed_answer,
        "tags": [tag.name for tag in t.tags.all()],
    }


@router.get("/spaces", response=list[SpaceOut])
def forum_spaces(request: HttpRequest) -> list[SpaceOut]:
    return [
        SpaceOut(
            id=r.space.pk,
            slug=r.space.slug,
            name=r.space.name,
            kind=r.space.kind,
            threads=r.threads,
            unanswered=r.unanswered,
        )
        for r in selectors.space_rows(viewer=request.user)
    ]


@router.get("/spaces/{slug}/threads", response=list[ThreadOut])
def forum_space_threads(
    request: HttpRequest, slug: str, page: Annotated[int, Field(gt=0, le=10_000)] = 1, show: str = "all"
) -> list[dict[str, object]]:
    space = get_object_or_404(Space, slug=slug)
    _page, rows = selectors.thread_page_list(viewer=request.user, space=space, filter_name=show, page=page)
    return [_thread(row) for row in rows]


@router.get("/threads/{thread_id}", response=ThreadDetailOut)
def forum_thread(request: HttpRequest, thread_id: int) -> dict[str, object]:
    if not 0 < thread_id <= MAX_ID:
        raise Http404
    thread = get_object_or_404(Thread.objects.select_related("space", "author__profile"), pk=thread_id)
    if not policy.can_read_thread(request.user, thread):
        raise Http404
    page = selectors.thread_page(viewer=request.user, thread=thread)
    out = _thread(selectors.ThreadRow(thread, page.byline))
    out["body_html"] = thread.body_html
    out["comments"] = [_comment(p, b) for p, b in page.comments]
    out["answers"] = [
        {
            "id": a.post.pk,
            "body_html": a.post.body_html,
            "author": _author(a.byline),
            "created_at": a.post.created_at,
            "upvotes": a.post.upvotes,
            "downvotes": a.post.downvotes,
            "accepted": a.accepted,
            "verified": a.endorsement_current,
            "verified_for_earlier_version": a.endorsement is not None and not a.endorsement_current,
            "needs_review": a.post.needs_review,
            "comments": [_comment(p, b) for p, b in a.comments],
        }
        for a in page.answers
    ]
    return out


def _comment(post: object, byline: Byline) -> dict[str, object]:
    return {"id": post.pk, "body_html": post.body_html, "author": _author(byline), "created_at": post.created_at}  # type: ignore[attr-defined]


class SearchIn(Schema):
    q: Annotated[str, Field(max_length=200)]
    space: Annotated[int, Field(gt=0, le=MAX_ID)] | None = None
    answered: bool | None = None
    verified: bool | None = None
    since: datetime | None = None


@router.get("/search", response=list[ThreadOut])
def forum_search_threads(request: HttpRequest, params: Query[SearchIn]) -> list[dict[str, object]]:
    filters = forum_search.SearchFilters(
        space_ids=(params.space,) if params.space else None,
        answered=params.answered,
        endorsed=True if params.verified else None,
        since=params.since,
    )
    ids = forum_search.search_threads(text=params.q, filters=filters, limit=50)
    return [_thread(row) for row in selectors.threads_by_ids(viewer=request.user, ids=ids)]
