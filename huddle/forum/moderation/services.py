"""What people and moderators do about a post: flag it; dismiss, hide, restore, edit, warn, suspend, approve, close.

Each write runs in one transaction with its ``ModerationAction`` (the space's
log), its audit event and the author's notice, so nothing is half-done.
Nothing here names an author to anyone but that author: audit targets and
details carry thread and post ids, and a moderator acts on "the author of
this post" without learning who that is.
"""

from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huddle.accounts.models import User
from huddle.audit.services import audit_record
from huddle.forum import policy
from huddle.forum.markdown import render_post
from huddle.forum.models import (
    Flag,
    Follow,
    ModerationAction,
    Post,
    Revision,
    Status,
    Suspension,
    Thread,
    ThreadVote,
)
from huddle.forum.moderation import reviewers
from huddle.forum.moderation.items import (
    auto_hide_if_due,
    counts_refresh,
    flags_resolve,
    item_of,
    item_url,
    search_sync,
    status_set,
    target,
    tell_author,
)
from huddle.forum.moderation.rules import local_when
from huddle.forum.moderation.school import (
    RULE_RANGES,
    forum_rules_update,
    watched_word_create,
    watched_word_delete,
)
from huddle.forum.text import clean_body, clean_title
from huddle.forum.threads.services import post_followers_tell, thread_followers_tell
from huddle.lib.errors import HuddleError, require

#: The coordinators' settings are written in ``school``; they are part of this module's interface too.
__all__ = [
    "RULE_RANGES",
    "author_suspend",
    "author_warn",
    "flag_create",
    "flags_dismiss",
    "forum_rules_update",
    "item_approve",
    "post_edit_by_moderator",
    "post_hide",
    "post_restore",
    "thread_close",
    "thread_close_as_duplicate",
    "watched_word_create",
    "watched_word_delete",
]

MAX_SUSPENSION_DAYS = 90
Action = ModerationAction.Action


def _text(value: str, *, field: str, required: bool, limit: int = 500) -> str:
    """One line of plain text from a form: trimmed, no NULs, within ``limit``."""
    value = " ".join(value.replace("\x00", "").split())
    if required and not value:
        raise HuddleError(_("Write a note: the author reads it."), field=field)
    if len(value) > limit:
        raise HuddleError(_("Keep it under %(n)d characters.") % {"n": limit}, field=field)
    return value


def _locked(moderator: User, thread: Thread, post: Post | None) -> tuple[Thread, Post | None]:
    """The item re-read under a row lock, once the moderator's right to act on it is checked."""
    thread = Thread.objects.select_for_update(of=("self",)).select_related("space", "author").get(pk=thread.pk)
    require(policy.can_moderate(moderator, thread.space), _("Only the space's moderators and coordinators do that."))
    if post is not None:
        try:
            post = Post.objects.select_for_update(of=("self",)).select_related("author").get(pk=post.pk, thread=thread)
        except Post.DoesNotExist as exc:
            raise HuddleError(_("That post is not in this thread."), field="post") from exc
    return thread, post


def _record(
    *, moderator: User, action: str, thread: Thread, post: Post | None, note: str = "", **detail: Any
) -> ModerationAction:
    """The space's log entry and the audit event, both naming the item, never its author."""
    entry = ModerationAction.objects.create(
        space=thread.space, moderator=moderator, action=action, thread=thread, post=post, note=note
    )
    audit_record(
        actor=moderator,
        action=f"forum.{action}",
        target=target(thread, post),
        detail={"space": thread.space_id, "note": note, **detail},
    )
    return entry


def _not_self(moderator: User, thread: Thread, post: Post | None) -> None:
    require(item_of(thread, post).author_id != moderator.pk, _("You cannot do that to your own post."))


# Flagging -----------------------------------------------------------------


def _may_see(user: User, thread: Thread, post: Post | None) -> bool:
    if not policy.can_read_thread(user, thread):
        return False
    return (
        post is None
        or post.status == Status.PUBLISHED
        or policy.is_author(user, post)
        or (policy.can_moderate(user, thread.space))
    )


@transaction.atomic
def flag_create(*, user: User, thread: Thread, post: Post | None, reason: str, note: str = "") -> Flag:
    """One person's report; a second report of the same item by the same person returns the first.

    Reviewers are told (a crisis concern also reaches the well-being staff),
    and enough distinct people flagging hides the item until a moderator looks.
    """
    thread = Thread.objects.select_for_update(of=("self",)).select_related("space").get(pk=thread.pk)
    if post is not None:
        post = Post.objects.filter(pk=post.pk, thread=thread).first()
        if post is None:
            raise HuddleError(_("That post is not in this thread."), field="post")
    require(_may_see(user, thread, post), _("You can only flag what you can read."))
    if reason not in Flag.Reason.values:
        raise HuddleError(_("Choose what is wrong with the post."), field="reason")
    note = _text(note, field="note", required=False)
    mine = Flag.objects.filter(thread=thread, post=post, flagged_by=user, resolution=Flag.Resolution.OPEN).first()
    if mine is not None:
        return mine
    try:
        with transaction.atomic():
            flag = Flag.objects.create(
                space=thread.space, thread=thread, post=post, flagged_by=user, reason=reason, note=note
            )
    except IntegrityError:  # the same person, twice at once
        return Flag.objects.get(thread=thread, post=post, flagged_by=user, resolution=Flag.Resolution.OPEN)
    audit_record(
        actor=user,
        action="forum.flag",
        target=target(thread, post),
        detail={"space": thread.space_id, "reason": reason},
    )
    _flag_news(flag, thread, post)
    auto_hide_if_due(thread, post)
    return flag


def _flag_news(flag: Flag, thread: Thread, post: Post | None) -> None:
    """Tell the reviewers once per batch of open flags on an item; a crisis concern every time."""
    if flag.reason == Flag.Reason.CRISIS:
        reviewers.tell_crisis(thread=thread, post=post, once=f"forum.crisis:{flag.pk}")
        return
    first = (
        Flag.objects.filter(thread=thread, post=post, resolution=Flag.Resolution.OPEN).order_by("pk").first() or flag
    )
    reviewers.tell_moderators(
        thread=thread,
        post=post,
        title=_("A post in %(space)s was flagged: %(reason)s"),
        reason=Flag.Reason(flag.reason).label,
        once=f"forum.flag:{first.pk}",
    )


# Acting on an item ----------------------------------------------------------


@transaction.atomic
def flags_dismiss(*, moderator: User, thread: Thread, post: Post | None, note: str = "") -> int:
    """The flags were wrong: close them. The author is not told, since nothing happened to their post."""
    thread, post = _locked(moderator, thread, post)
    note = _text(note, field="note", required=False)
    count = flags_resolve(thread, post, Flag.Resolution.DISMISSED)
    require(count > 0, _("This post has no open flags."))
    _record(moderator=moderator, action=Action.DISMISS, thread=thread, post=post, note=note, flags=count)
    return count


@transaction.atomic
def post_hide(*, moderator: User, thread: Thread, post: Post | None, note: str = "") -> None:
    """Hide the thread or post from everyone but its author and moderators; out of search too."""
    thread, post = _locked(moderator, thread, post)
    note = _text(note, field="note", required=False)
    require(item_of(thread, post).status != Status.HIDDEN, _("This post is already hidden."))
    status_set(thread, post, Status.HIDDEN)
    flags_resolve(thread, post, Flag.Resolution.ACTED)
    _record(moderator=moderator, action=Action.HIDE, thread=thread, post=post, note=note)
    tell_author(
        thread=thread,
        post=post,
        title=_("A moderator hid your post in “%(title_text)s”"),
        body=_("Their note: %(note)s") if note else "",
        note=note,
    )


@transaction.atomic
def post_restore(*, moderator: User, thread: Thread, post: Post | None, note: str = "") -> None:
    """Show a hidden item again; flags still open on it were wrong, so they are dismissed."""
    thread, post = _locked(moderator, thread, post)
    note = _text(note, field="note", required=False)
    require(item_of(thread, post).status == Status.HIDDEN, _("This post is not hidden."))
    status_set(thread, post, Status.PUBLISHED)
    flags_resolve(thread, post, Flag.Resolution.DISMISSED)
    _record(moderator=moderator, action=Action.RESTORE, thread=thread, post=post, note=note)
    tell_author(thread=thread, post=post, title=_("A moderator restored your post in “%(title_text)s”"))


@transaction.atomic
def item_approve(*, moderator: User, thread: Thread, post: Post | None, note: str = "") -> None:
    """Publish an item held for approval (watched words or a new account's first posts)."""
    thread, post = _locked(moderator, thread, post)
    note = _text(note, field="note", required=False)
    require(item_of(thread, post).status == Status.PENDING, _("This post is not waiting for approval."))
    status_set(thread, post, Status.PUBLISHED)
    _record(moderator=moderator, action=Action.APPROVE, thread=thread, post=post, note=note)
    tell_author(thread=thread, post=post, title=_("Your post in “%(title_text)s” is approved and now visible"))
    if post is None:
        thread_followers_tell(thread=thread)
    else:
        post_followers_tell(thread=thread, post=post)


@transaction.atomic
def post_edit_by_moderator(
    *, moderator: User, thread: Thread, post: Post | None, body: str, title: str = "", note: str = ""
) -> Thread | Post:
    """Rewrite an item (say, to remove private information); the old text joins its history.

    The version goes up, so a faculty verification of the old text now reads
    "for an earlier version". ``title`` applies to a thread and may be left
    empty to keep it.
    """
    thread, post = _locked(moderator, thread, post)
    body, note = clean_body(body), _text(note, field="note", required=False)
    new_title = clean_title(title) if title.strip() and post is None else thread.title
    item = item_of(thread, post)
    Revision.objects.create(
        thread=thread,
        post=post,
        version=item.version,
        title=thread.title if post is None else "",
        body=item.body,
        anonymous=item.anonymous,
        edited_by=moderator,
    )
    item.body, item.body_html = body, render_post(body)
    item.version, item.edited_at = item.version + 1, timezone.now()
    if isinstance(item, Thread):
        item.title = new_title
    item.save()
    if post is not None:
        counts_refresh(thread.pk)
    search_sync(thread)
    flags_resolve(thread, post, Flag.Resolution.ACTED)
    _record(moderator=moderator, action=Action.EDIT, thread=thread, post=post, note=note, version=item.version)
    tell_author(
        thread=thread,
        post=post,
        title=_("A moderator edited your post in “%(title_text)s”"),
        body=_("Their note: %(note)s") if note else _("Your earlier text is kept in the post's history."),
        note=note,
    )
    return item


@transaction.atomic
def author_warn(*, moderator: User, thread: Thread, post: Post | None, note: str) -> None:
    """A private warning to the item's author; the moderator never learns who received it."""
    thread, post = _locked(moderator, thread, post)
    _not_self(moderator, thread, post)
    note = _text(note, field="note", required=True)
    flags_resolve(thread, post, Flag.Resolution.ACTED)
    _record(moderator=moderator, action=Action.WARN, thread=thread, post=post, note=note)
    tell_author(
        thread=thread,
        post=post,
        title=_("A moderator warned you about your post in “%(title_text)s”"),
        body=_("Their note: %(note)s"),
        note=note,
    )


@transaction.atomic
def author_suspend(
    *, moderator: User, thread: Thread, post: Post | None, days: int, note: str, everywhere: bool = False
) -> Suspension:
    """Stop the item's author posting in the space (coordinators: in the whole forum) for 1–90 days."""
    thread, post = _locked(moderator, thread, post)
    _not_self(moderator, thread, post)
    if not 1 <= days <= MAX_SUSPENSION_DAYS:
        raise HuddleError(_("Suspend for 1 to %(n)d days.") % {"n": MAX_SUSPENSION_DAYS}, field="days")
    if everywhere and not policy.can_manage_spaces(moderator):
        raise HuddleError(_("Only coordinators suspend posting in the whole forum."), field="everywhere")
    note = _text(note, field="note", required=True)
    author = item_of(thread, post).author
    suspension = Suspension.objects.create(
        user=author,
        space=None if everywhere else thread.space,
        until=timezone.now() + timedelta(days=days),
        reason=note,
        created_by=moderator,
    )
    flags_resolve(thread, post, Flag.Resolution.ACTED)
    _record(
        moderator=moderator,
        action=Action.SUSPEND,
        thread=thread,
        post=post,
        note=note,
        days=days,
        everywhere=everywhere,
    )
    where = _("the forum") if everywhere else thread.space.name
    tell_author(
        thread=thread,
        post=post,
        title=_("A moderator suspended your posting in %(where)s"),
        body=_("You can post again on %(when)s. Their note: %(note)s"),
        where=where,
        when=_When(suspension.until, author),
        note=note,
    )
    return suspension


class _When:
    """A time written when the notice is, so it reads in the recipient's own zone and language."""

    def __init__(self, at: Any, person: User) -> None:
        self.at, self.person = at, person

    def __str__(self) -> str:
        return local_when(self.at, self.person)


# Closing ------------------------------------------------------------------


@transaction.atomic
def thread_close(*, moderator: User, thread: Thread, note: str = "") -> Thread:
    """No more answers or comments; the thread stays readable and searchable."""
    thread, _post = _locked(moderator, thread, None)
    note = _text(note, field="note", required=False)
    require(thread.state == Thread.State.OPEN, _("This thread is already closed."))
    thread.state = Thread.State.CLOSED
    thread.save(update_fields=["state"])
    _record(moderator=moderator, action=Action.CLOSE, thread=thread, post=None, note=note)
    tell_author(thread=thread, post=None, title=_("A moderator closed your thread “%(title_text)s”"))
    return thread


@transaction.atomic
def thread_close_as_duplicate(*, moderator: User, thread: Thread, original: Thread, note: str = "") -> Thread:
    """Close as a duplicate: out of search, its followers and "me too" votes moved to the original.

    Someone who followed (or voted on) both keeps one row, on the original;
    threads already pointing here as their original now point there too.
    """
    first, second = sorted([thread.pk, original.pk])
    list(Thread.objects.select_for_update(of=("self",)).filter(pk__in=[first, second]).order_by("pk"))
    thread, _post = _locked(moderator, thread, None)
    original = Thread.objects.select_related("space").get(pk=original.pk)
    note = _text(note, field="note", required=False)
    _may_be_original(thread, original)
    thread.state, thread.duplicate_of = Thread.State.DUPLICATE, original
    thread.save(update_fields=["state", "duplicate_of"])
    Thread.objects.filter(duplicate_of=thread).update(duplicate_of=original)
    search_sync(thread)
    moved = {"followers": _merge(Follow, thread, original), "votes": _merge(ThreadVote, thread, original)}
    _record(
        moderator=moderator, action=Action.DUPLICATE, thread=thread, post=None, note=note, original=original.pk, **moved
    )
    tell_author(
        thread=thread,
        post=None,
        title=_("Your question “%(title_text)s” was answered in an earlier thread"),
        body=_("A moderator closed it as a duplicate of “%(original)s”; you now follow that thread."),
        url=item_url(original),
        original=original.title,
    )
    return thread


def _may_be_original(thread: Thread, original: Thread) -> None:
    if original.pk == thread.pk:
        raise HuddleError(_("A thread cannot be a duplicate of itself."), field="original")
    if original.status != Status.PUBLISHED or original.state == Thread.State.DUPLICATE:
        raise HuddleError(
            _("The original must be a published thread that is not itself a duplicate."), field="original"
        )
    if thread.state == Thread.State.DUPLICATE:
        raise HuddleError(_("This thread is already closed as a duplicate."))


def _merge(model: type[Follow] | type[ThreadVote], duplicate: Thread, original: Thread) -> int:
    """Move rows to the original unless the person already has one there; drop the rest. Returns rows moved."""
    there = model.objects.filter(thread=original).values("user_id")
    moved = model.objects.filter(thread=duplicate).exclude(user_id__in=Subquery(there)).update(thread=original)
    model.objects.filter(thread=duplicate).delete()
    return moved
