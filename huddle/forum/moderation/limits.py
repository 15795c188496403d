"""Who may post right now: suspensions and the school's rate limits.

Counts come from the author's own Thread and Post rows in the window, so
every process (and every worker behind a load balancer) sees the same
number, and nothing is lost on a restart.
"""

from datetime import datetime, timedelta

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from huddle.accounts.models import User
from huddle.forum.models import ForumRules, Post, Space, Suspension, Thread
from huddle.forum.moderation.rules import local_when
from huddle.lib.errors import HuddleError

#: How far back each limit counts.
WINDOWS = {"thread": timedelta(days=1), "reply": timedelta(hours=1)}


def is_new_account(author: User, rules: ForumRules, now: datetime) -> bool:
    """An account is new for ``new_account_days`` after it joined; zero days turns the stricter limits off."""
    days = rules.new_account_days
    return days > 0 and author.date_joined > now - timedelta(days=days)


def suspension_check(*, author: User, space: Space, now: datetime) -> None:
    """Refuse while a suspension for this space (or for the whole forum) runs; say until when, and why."""
    suspension = (
        Suspension.objects.filter(Q(space=space) | Q(space__isnull=True), user=author, until__gt=now)
        .order_by("-until")
        .first()
    )
    if suspension is None:
        return
    params = {"space": space.name, "when": local_when(suspension.until, author), "reason": suspension.reason}
    if suspension.space_id is None:
        message = _("A moderator suspended your posting in the forum until %(when)s. Their reason: %(reason)s")
    else:
        message = _("A moderator suspended your posting in %(space)s until %(when)s. Their reason: %(reason)s")
    raise HuddleError(message % params)


def rate_check(*, author: User, kind: str, rules: ForumRules, now: datetime) -> None:
    """Refuse the post past the limit, naming the limit and when the next post is allowed."""
    if kind not in WINDOWS:
        raise ValueError(f"kind must be 'thread' or 'reply', not {kind!r}")
    new = is_new_account(author, rules, now)
    if kind == "thread":
        limit = rules.new_threads_per_day if new else rules.threads_per_day
    else:
        limit = rules.new_replies_per_hour if new else rules.replies_per_hour
    limit, window = max(limit, 1), WINDOWS[kind]
    model: type[Thread] | type[Post] = Thread if kind == "thread" else Post
    recent = list(
        model.objects.filter(author=author, created_at__gt=now - window)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:limit]
    )
    if len(recent) < limit:
        return
    # The window slides: the next post is allowed once the oldest of the last ``limit`` leaves it.
    when = local_when(recent[-1] + window, author)
    raise HuddleError(_limit_message(kind=kind, new=new, limit=limit) % {"n": limit, "when": when})


def _limit_message(*, kind: str, new: bool, limit: int) -> str:
    if kind == "thread" and new:
        return ngettext(
            "New accounts may start %(n)d thread a day. You can start another on %(when)s.",
            "New accounts may start %(n)d threads a day. You can start another on %(when)s.",
            limit,
        )
    if kind == "thread":
        return ngettext(
            "You may start %(n)d thread a day. You can start another on %(when)s.",
            "You may start %(n)d threads a day. You can start another on %(when)s.",
            limit,
        )
    if new:
        return ngettext(
            "New accounts may post %(n)d answer or comment an hour. You can post again on %(when)s.",
            "New accounts may post %(n)d answers and comments an hour. You can post again on %(when)s.",
            limit,
        )
    return ngettext(
        "You may post %(n)d answer or comment an hour. You can post again on %(when)s.",
        "You may post %(n)d answers and comments an hour. You can post again on %(when)s.",
        limit,
    )
