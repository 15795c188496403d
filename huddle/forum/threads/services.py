"""Asking, answering, commenting, editing, accepting, voting and following.

Every write runs in one transaction with its search entry, its alias and
its notifications, so nothing is half-saved. Notifications never name an
author: they say what happened and where, so a post made anonymous later
cannot have been named in an e-mail already sent.
"""

import uuid
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huddle.accounts.models import User
from huddle.forum import policy
from huddle.forum.markdown import render_post
from huddle.forum.models import Alias, Citation, Follow, Post, Revision, Space, Status, Tag, Thread, ThreadVote, Vote
from huddle.forum.moderation.screening import posting_check, screen_text, screening_apply
from huddle.forum.search import index_thread
from huddle.forum.text import clean_body, clean_title
from huddle.lib.errors import HuddleError
from huddle.notifications.services import notification_create, words

MAX_TAGS = 5


def _refuse(message: Any, field: str | None = None) -> HuddleError:
    return HuddleError(str(message), field=field)


def _tags(names: Iterable[str]) -> list[Tag]:
    cleaned = sorted({n.strip().lower().lstrip("#") for n in names if n.strip()})
    if len(cleaned) > MAX_TAGS:
        raise _refuse(_("Use at most five tags."), "tags")
    for name in cleaned:
        if len(name) > 40 or not all(c.isalnum() or c in "-_" for c in name):
            raise _refuse(_("Tags are single words of letters, digits and dashes: %(tag)s") % {"tag": name}, "tags")
    return [Tag.objects.get_or_create(name=name)[0] for name in cleaned]


def _anonymous(user: User, wanted: bool) -> bool:
    if wanted and not policy.can_post_anonymously(user):
        raise _refuse(_("Only students post anonymously; staff post under their names."), "anonymous")
    return wanted


def _alias_for(thread: Thread, user: User) -> None:
    """Give an anonymous author their number in this thread, once; two at once both get a distinct one."""
    for _attempt in range(5):
        if Alias.objects.filter(thread=thread, user=user).exists():
            return
        number = (Alias.objects.filter(thread=thread).aggregate(n=Max("number"))["n"] or 0) + 1
        try:
            with transaction.atomic():
                Alias.objects.create(thread=thread, user=user, number=number)
            return
        except IntegrityError:
            continue
    raise _refuse(_("Too many people are posting at once; send it again."))


def _follow(user: User, thread: Thread) -> None:
    Follow.objects.get_or_create(user=user, thread=thread)


def _thread_url(thread: Thread, post: Post | None = None) -> str:
    url = reverse("forum:thread", args=[thread.pk])
    return f"{url}#post-{post.pk}" if post is not None else url


def _notify_followers(*, thread: Thread, actor: User, kind: str, title: Any, url: str, space: bool = False) -> None:
    followers = Follow.objects.filter(space=thread.space) if space else Follow.objects.filter(thread=thread)
    for follower in followers.exclude(user=actor).select_related("user__profile"):
        notification_create(
            user=follower.user,
            kind=kind,
            title=words(title, title_text=thread.title),
            url=url,
            once=f"{kind}:{url}",
        )


def _existing(model: type[Thread] | type[Post], submission: uuid.UUID | None) -> Any:
    return model.objects.filter(submission=submission).first() if submission else None


@transaction.atomic
def thread_create(
    *,
    author: User,
    space: Space,
    title: str,
    body: str,
    kind: str = Thread.Kind.QUESTION,
    tags: Iterable[str] = (),
    anonymous: bool = False,
    submission: uuid.UUID | None = None,
) -> tuple[Thread, bool]:
    """A new thread; returns it and whether the poster should see crisis help now."""
    if (earlier := _existing(Thread, submission)) is not None:
        return earlier, False
    if not policy.can_ask(author, space):
        raise _refuse(_("This space is archived; it no longer takes new threads."))
    if kind not in Thread.Kind.values:
        raise _refuse(_("Choose a question, a note or an announcement."), "kind")
    if kind == Thread.Kind.ANNOUNCEMENT and not policy.can_announce(author, space):
        raise _refuse(_("Only the space's faculty and moderators post announcements."), "kind")
    title, body = clean_title(title), clean_body(body)
    anonymous = _anonymous(author, anonymous)
    posting_check(author=author, space=space, kind="thread")
    screening = screen_text(author=author, space=space, text=f"{title}\n{body}")
    thread = Thread.objects.create(
        space=space,
        kind=kind,
        title=title,
        body=body,
        body_html=render_post(body),
        author=author,
        anonymous=anonymous,
        status=screening.status,
        submission=submission,
    )
    thread.tags.set(_tags(tags))
    if anonymous:
        _alias_for(thread, author)
    _follow(author, thread)
    screening_apply(screening=screening, thread=thread, post=None)
    index_thread(thread_id=thread.pk)
    if thread.status == Status.PUBLISHED:
        thread_followers_tell(thread=thread)
    return thread, screening.crisis


@transaction.atomic
def post_create(
    *,
    author: User,
    thread: Thread,
    body: str,
    parent: Post | None = None,
    anonymous: bool = False,
    citations: Iterable[tuple[str, str]] = (),
    submission: uuid.UUID | None = None,
    comment: bool = False,
) -> tuple[Post, bool]:
    """An answer, or a comment (on the thread, or on ``parent``); returns it and whether to show crisis help.

    In a note or an announcement, every reply is a comment: there is nothing to answer.
    """
    if (earlier := _existing(Post, submission)) is not None:
        return earlier, False
    thread = Thread.objects.select_for_update().select_related("space").get(pk=thread.pk)
    if not policy.can_reply(author, thread):
        raise _refuse(_("This thread is closed to new answers and comments."))
    if parent is not None and (parent.thread_id != thread.pk or parent.kind != Post.Kind.ANSWER):
        raise _refuse(_("Comment on an answer of this thread."), "parent")
    is_comment = comment or parent is not None or thread.kind != Thread.Kind.QUESTION
    kind = Post.Kind.COMMENT if is_comment else Post.Kind.ANSWER
    body, anonymous = clean_body(body), _anonymous(author, anonymous)
    posting_check(author=author, space=thread.space, kind="reply")
    screening = screen_text(author=author, space=thread.space, text=body)
    post = Post.objects.create(
        thread=thread,
        parent=parent,
        kind=kind,
        body=body,
        body_html=render_post(body),
        author=author,
        anonymous=anonymous,
        status=screening.status,
        submission=submission,
    )
    _citations_set(post, citations)
    if anonymous:
        _alias_for(thread, author)
    _follow(author, thread)
    screening_apply(screening=screening, thread=thread, post=post)
    if post.status == Status.PUBLISHED:
        changes: dict[str, Any] = {"last_activity_at": timezone.now()}
        if post.kind == Post.Kind.ANSWER:
            changes["answer_count"] = F("answer_count") + 1
        Thread.objects.filter(pk=thread.pk).update(**changes)
        index_thread(thread_id=thread.pk)
        post_followers_tell(thread=thread, post=post)
    return post, screening.crisis


def post_followers_tell(*, thread: Thread, post: Post) -> None:
    """A post reached readers (at once, or when a moderator approved it): the thread's followers hear of it."""
    title = _("New answer: %(title_text)s") if post.kind == Post.Kind.ANSWER else _("New comment: %(title_text)s")
    _notify_followers(thread=thread, actor=post.author, kind="forum.answer", title=title, url=_thread_url(thread, post))


def thread_followers_tell(*, thread: Thread) -> None:
    """A thread reached readers: the followers of its space hear of it."""
    _notify_followers(
        thread=thread,
        actor=thread.author,
        kind="forum.thread",
        title=_("New in your space: %(title_text)s"),
        url=_thread_url(thread),
        space=True,
    )


def _citations_set(post: Post, citations: Iterable[tuple[str, str]]) -> None:
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    rows = []
    for url, title in citations:
        url = url.strip()
        if not url:
            continue
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as exc:
            raise _refuse(
                _("A source must be a web address starting with https:// (%(url)s).") % {"url": url[:80]}, "sources"
            ) from exc
        rows.append(Citation(post=post, url=url[:500], title=title.strip()[:200]))
    if len(rows) > 10:
        raise _refuse(_("Cite at most ten sources."), "sources")
    post.citations.all().delete()
    Citation.objects.bulk_create(rows)


def _keep_revision(item: Thread | Post, editor: User) -> None:
    thread = item if isinstance(item, Thread) else item.thread
    Revision.objects.create(
        thread=thread,
        post=None if isinstance(item, Thread) else item,
        version=item.version,
        title=item.title if isinstance(item, Thread) else "",
        body=item.body,
        anonymous=item.anonymous,
        edited_by=editor,
    )


@transaction.atomic
def thread_edit(*, editor: User, thread: Thread, title: str, body: str, tags: Iterable[str], anonymous: bool) -> Thread:
    """The author's edit: the old text joins the history, the search entry follows."""
    thread = Thread.objects.select_for_update().select_related("space").get(pk=thread.pk)
    if not policy.can_edit(editor, thread):
        raise _refuse(_("Only the author edits a thread."))
    title, body = clean_title(title), clean_body(body)
    anonymous = _anonymous(editor, anonymous)
    screening = screen_text(author=editor, space=thread.space, text=f"{title}\n{body}")
    _keep_revision(thread, editor)
    thread.title, thread.body, thread.body_html = title, body, render_post(body)
    thread.anonymous, thread.version, thread.edited_at = anonymous, thread.version + 1, timezone.now()
    if screening.status == Status.PENDING:
        thread.status = Status.PENDING
    thread.save()
    thread.tags.set(_tags(tags))
    if anonymous:
        _alias_for(thread, editor)
    screening_apply(screening=screening, thread=thread, post=None)
    index_thread(thread_id=thread.pk)
    return thread


@transaction.atomic
def post_edit(
    *, editor: User, post: Post, body: str, anonymous: bool, citations: Iterable[tuple[str, str]] = ()
) -> Post:
    """The author's edit. An endorsed answer's endorsement now reads "for an earlier version"."""
    post = Post.objects.select_for_update().select_related("thread__space").get(pk=post.pk)
    if not policy.can_edit(editor, post):
        raise _refuse(_("Only the author edits a post."))
    body, anonymous = clean_body(body), _anonymous(editor, anonymous)
    screening = screen_text(author=editor, space=post.thread.space, text=body)
    _keep_revision(post, editor)
    post.body, post.body_html, post.anonymous = body, render_post(body), anonymous
    post.version, post.edited_at = post.version + 1, timezone.now()
    if screening.status == Status.PENDING:
        post.status = Status.PENDING
    post.save()
    _citations_set(post, citations)
    if anonymous:
        _alias_for(post.thread, editor)
    screening_apply(screening=screening, thread=post.thread, post=post)
    thread_endorsed_refresh(thread_id=post.thread_id)
    index_thread(thread_id=post.thread_id)
    return post


def thread_endorsed_refresh(*, thread_id: int) -> None:
    """Keep the thread's "has a verified answer" in step with its answers' current endorsements."""
    endorsed = Post.objects.filter(
        thread_id=thread_id, status=Status.PUBLISHED, endorsement__version=F("version")
    ).exists()
    Thread.objects.filter(pk=thread_id).update(has_endorsed_answer=endorsed)


@transaction.atomic
def answer_accept(*, user: User, thread: Thread, post: Post | None) -> Thread:
    """The asker marks the answer that solved it (or, with ``None``, takes the mark back)."""
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if not policy.can_accept(user, thread):
        raise _refuse(_("Only the person who asked accepts an answer."))
    if post is not None and (
        post.thread_id != thread.pk or post.kind != Post.Kind.ANSWER or post.status != Status.PUBLISHED
    ):
        raise _refuse(_("Accept a published answer of this thread."), "post")
    thread.accepted_answer = post
    thread.save(update_fields=["accepted_answer"])
    if post is not None and post.author_id != user.pk:
        notification_create(
            user=post.author,
            kind="forum.accepted",
            title=words(_("Your answer was accepted: %(t)s"), t=thread.title),
            url=_thread_url(thread, post),
            once=f"forum.accepted:{post.pk}",
        )
    return thread


@transaction.atomic
def post_vote(*, user: User, post: Post, value: int) -> Post:
    """Up (1), down (-1) or take back (0) one's vote; the counts are recomputed from the rows."""
    if value not in (-1, 0, 1):
        raise _refuse(_("A vote is up or down."), "value")
    if not policy.can_vote(user, post):
        raise _refuse(_("You cannot vote on your own post."))
    Vote.objects.filter(post=post, user=user).delete()
    if value:
        Vote.objects.create(post=post, user=user, value=value)
    up = Vote.objects.filter(post=post, value=1).count()
    down = Vote.objects.filter(post=post, value=-1).count()
    Post.objects.filter(pk=post.pk).update(upvotes=up, downvotes=down)
    post.upvotes, post.downvotes = up, down
    return post


@transaction.atomic
def thread_vote(*, user: User, thread: Thread, on: bool) -> int:
    """ "I have this question too"; returns how many people say so."""
    if on:
        ThreadVote.objects.get_or_create(thread=thread, user=user)
        _follow(user, thread)
    else:
        ThreadVote.objects.filter(thread=thread, user=user).delete()
    return ThreadVote.objects.filter(thread=thread).count()


def follow_set(*, user: User, thread: Thread | None = None, space: Space | None = None, on: bool) -> None:
    if (thread is None) == (space is None):
        raise _refuse(_("Follow a thread or a space."))
    if on:
        Follow.objects.get_or_create(user=user, thread=thread, space=space)
    else:
        Follow.objects.filter(user=user, thread=thread, space=space).delete()
