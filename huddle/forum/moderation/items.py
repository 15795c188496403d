"""The item a moderator acts on: a thread (its opening post) or one answer or comment.

Changing whether an item is visible also keeps the thread's counts and its
search entry true, in the caller's transaction.
"""

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from huddle.audit.services import audit_record
from huddle.forum.models import Flag, Post, Status, Thread
from huddle.forum.search import index_thread, unindex_thread
from huddle.notifications.services import notification_create, words

type Item = Thread | Post


def item_of(thread: Thread, post: Post | None) -> Item:
    return post if post is not None else thread


def target(thread: Thread, post: Post | None) -> str:
    """The audit log's name for the item: ids of the thread and post, never of a person."""
    return f"forum-thread:{thread.pk}" + (f"/post:{post.pk}" if post is not None else "")


def item_url(thread: Thread, post: Post | None = None) -> str:
    url = reverse("forum:thread", args=[thread.pk])
    return f"{url}#post-{post.pk}" if post is not None else url


def search_sync(thread: Thread) -> None:
    """Only a published thread that is not a duplicate belongs in search."""
    if thread.status == Status.PUBLISHED and thread.state != Thread.State.DUPLICATE:
        index_thread(thread_id=thread.pk)
    else:
        unindex_thread(thread_id=thread.pk)


def counts_refresh(thread_id: int) -> None:
    """Answer count and "has a verified answer" from the rows, after an answer appeared or vanished.

    Recounted rather than adjusted, so a hide followed by a restore can never drift.
    """
    answers = Post.objects.filter(thread_id=thread_id, kind=Post.Kind.ANSWER, status=Status.PUBLISHED)
    Thread.objects.filter(pk=thread_id).update(
        answer_count=answers.count(),
        has_endorsed_answer=answers.filter(endorsement__version=F("version")).exists(),
    )


def status_set(thread: Thread, post: Post | None, status: str) -> None:
    """Publish, hold or hide the item, with the thread's counts and search entry following."""
    item = item_of(thread, post)
    item.status = status
    fields = ["status"]
    if status == Status.PUBLISHED and isinstance(item, Thread):
        item.last_activity_at = timezone.now()
        fields.append("last_activity_at")
    item.save(update_fields=fields)
    if post is not None:
        counts_refresh(thread.pk)
        if status == Status.PUBLISHED:
            Thread.objects.filter(pk=thread.pk).update(last_activity_at=timezone.now())
    search_sync(thread)


def flags_resolve(thread: Thread, post: Post | None, resolution: str) -> int:
    """Close the item's open flags; returns how many."""
    return Flag.objects.filter(thread=thread, post=post, resolution=Flag.Resolution.OPEN).update(
        resolution=resolution, resolved_at=timezone.now()
    )


def tell_author(
    *,
    thread: Thread,
    post: Post | None,
    title: Promise | str,
    body: Promise | str = "",
    url: str = "",
    **params: object,
) -> None:
    """A ``forum.moderation`` notice to the item's author alone, in their language."""
    item = item_of(thread, post)
    notification_create(
        user=item.author,
        kind="forum.moderation",
        title=words(title, title_text=thread.title, **params),
        body=words(body, **params) if body else "",
        url=url or item_url(thread, post),
    )


def distinct_flaggers(thread: Thread, post: Post | None) -> int:
    """People (not the watched words) with an open flag on the item.

    Crisis concerns do not count: they send the post to people who can help,
    and hiding it would only tell someone who may be struggling that they
    were silenced.
    """
    return (
        Flag.objects.filter(thread=thread, post=post, resolution=Flag.Resolution.OPEN, flagged_by__isnull=False)
        .exclude(reason=Flag.Reason.CRISIS)
        .values("flagged_by")
        .distinct()
        .count()
    )


def auto_hide_if_due(thread: Thread, post: Post | None) -> bool:
    """Hide a published item once enough distinct people flagged it; its author is told."""
    item = item_of(thread, post)
    if item.status != Status.PUBLISHED:
        return False
    flaggers = distinct_flaggers(thread, post)
    if flaggers < thread.space.auto_hide_flaggers:
        return False
    status_set(thread, post, Status.HIDDEN)
    audit_record(
        actor=None,
        action="forum.auto_hide",
        target=target(thread, post),
        detail={"space": thread.space_id, "flaggers": flaggers},
    )
    tell_author(
        thread=thread,
        post=post,
        title=_("Your post in “%(title_text)s” is hidden until a moderator reviews it"),
        body=_("Several people flagged it. A moderator will look at it and restore it if it is fine."),
    )
    return True
