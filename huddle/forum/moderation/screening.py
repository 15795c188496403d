"""What happens to a new or edited post before it is published.

Watched words route a post to people; they never decide alone. A blocked
word refuses the post and names the word, so the writer can reword it. A
crisis word never refuses anything: the post goes through, the writer sees
the crisis resources at once, and a person reads it soon. When a text has
both, the crisis wins over the refusal (nobody in crisis is turned away)
but the blocked word still keeps it from readers until a moderator looks.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from huddle.accounts.models import User
from huddle.audit.services import audit_record
from huddle.forum import policy
from huddle.forum.models import Flag, Post, Space, Status, Thread, WatchedWord
from huddle.forum.moderation import limits, reviewers
from huddle.forum.moderation.items import auto_hide_if_due, target
from huddle.forum.moderation.rules import rules_current
from huddle.forum.moderation.watchwords import joined, matches, watched_words
from huddle.lib.errors import HuddleError


@dataclass(frozen=True)
class Screening:
    """The verdict on one text: publish or hold, whether to show crisis help, flags to raise."""

    status: str = Status.PUBLISHED
    crisis: bool = False
    #: (reason, matched words) of flags to raise once the post is saved.
    flags: tuple[tuple[Flag.Reason, str], ...] = field(default=())


def posting_check(*, author: User, space: Space, kind: str) -> None:
    """Raise ``HuddleError`` naming the rule (rate limit, suspension) and when it lifts. ``kind``: thread | reply.

    The space's moderators (and coordinators) are not rate-limited: they
    post announcements and clean-up notes in bursts.
    """
    now = timezone.now()
    limits.suspension_check(author=author, space=space, now=now)
    if policy.can_moderate(author, space):
        return
    limits.rate_check(author=author, kind=kind, rules=rules_current(), now=now)


def screen_text(*, author: User, space: Space, text: str) -> Screening:
    """Watched words and first-post approval; raise ``HuddleError(field="body")`` when a word blocks it."""
    found = matches(text, watched_words())
    crisis = found.get(WatchedWord.Action.CRISIS, [])
    blocked = found.get(WatchedWord.Action.BLOCK, [])
    if blocked and not crisis:
        raise HuddleError(_blocked_message(blocked), field="body")
    flags: list[tuple[Flag.Reason, str]] = []
    if crisis:
        flags.append((Flag.Reason.CRISIS, joined(crisis)))
    if flagged := found.get(WatchedWord.Action.FLAG, []) + blocked:
        flags.append((Flag.Reason.UNPROFESSIONAL, joined(flagged)))
    held = bool(blocked or found.get(WatchedWord.Action.APPROVAL)) or (
        not crisis and first_posts_held(author=author, space=space)
    )
    return Screening(status=Status.PENDING if held else Status.PUBLISHED, crisis=bool(crisis), flags=tuple(flags))


def _blocked_message(blocked: list[str]) -> str:
    words = ", ".join(f"“{word}”" for word in blocked)
    return ngettext(
        "Your post contains %(words)s, which this forum does not allow. Reword it and post again.",
        "Your post contains %(words)s, which this forum does not allow. Reword them and post again.",
        len(blocked),
    ) % {"words": words}


def first_posts_held(*, author: User, space: Space) -> bool:
    """A new account's first posts wait for a moderator until ``approve_first_posts`` of them are published.

    Counting published (approved) posts, not posts made, means a burst of
    held posts cannot earn the next one a way past review. The space's own
    staff are trusted from the start.
    """
    needed = rules_current().approve_first_posts
    if not needed or policy.can_moderate(author, space) or policy.can_verify(author, space):
        return False
    published = Q(author=author, status=Status.PUBLISHED)
    count = Thread.objects.filter(published).count()
    if count < needed:
        count += Post.objects.filter(published).count()
    return count < needed


def screening_apply(*, screening: Screening, thread: Thread, post: Post | None) -> None:
    """After saving: raise the screening's flags and tell the reviewers (crisis ones at once)."""
    if not screening.flags and screening.status != Status.PENDING:
        return
    raised = [_system_flag(thread, post, reason, words) for reason, words in screening.flags]
    for flag in raised:
        if flag.reason == Flag.Reason.CRISIS:
            reviewers.tell_crisis(thread=thread, post=post, once=f"forum.crisis:{flag.pk}")
    _tell_reviewers(screening, thread, post, raised)
    audit_record(
        actor=None,
        action="forum.screened",
        target=target(thread, post),
        detail={
            "space": thread.space_id,
            "status": str(screening.status),
            "flags": [[str(reason), words] for reason, words in screening.flags],
        },
    )
    if raised:
        auto_hide_if_due(thread, post)


def _system_flag(thread: Thread, post: Post | None, reason: Flag.Reason, words: str) -> Flag:
    """One open flag per item and reason from the watched words; an edit adds its words to it."""
    flag = Flag.objects.filter(
        thread=thread, post=post, flagged_by__isnull=True, reason=reason, resolution=Flag.Resolution.OPEN
    ).first()
    if flag is None:
        return Flag.objects.create(space=thread.space, thread=thread, post=post, reason=reason, matched=words)
    known = [w.strip() for w in flag.matched.split(",") if w.strip()]
    flag.matched = joined(known + [w.strip() for w in words.split(",") if w.strip() not in known])
    flag.save(update_fields=["matched"])
    return flag


def _tell_reviewers(screening: Screening, thread: Thread, post: Post | None, raised: list[Flag]) -> None:
    """The non-crisis news: held for approval, or flagged by the watched words."""
    others = [flag for flag in raised if flag.reason != Flag.Reason.CRISIS]
    if screening.status == Status.PENDING:
        title = _("A post in %(space)s waits for your approval")
    elif others:
        title = _("The watched words flagged a post in %(space)s")
    else:
        return
    version = (post or thread).version
    once = f"forum.flag:{target(thread, post)}:v{version}:{screening.status}:{others[0].pk if others else ''}"
    reviewers.tell_moderators(thread=thread, post=post, title=title, once=once)
