"""The safety net behind anonymity: staff may learn who wrote one anonymous post, never quietly.

A reveal needs a reason, is written to the audit log, and the author is
told that staff saw their name (not which staff member, to spare a student
the chill of a name on a serious concern — the audit log keeps it).
"""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from huddle.accounts.models import User
from huddle.audit.services import audit_record
from huddle.forum import policy
from huddle.forum.authorship import Byline, byline
from huddle.forum.models import Post, Reveal, Thread
from huddle.lib.errors import HuddleError
from huddle.notifications.services import notification_create, words


@transaction.atomic
def author_reveal(*, user: User, thread: Thread, post: Post | None, reason: str) -> Byline:
    """Show ``user`` who wrote the anonymous thread (or post); audited, and the author is told."""
    item: Thread | Post = post if post is not None else thread
    if not policy.can_reveal(user, thread.space):
        raise HuddleError(_("Only the space's faculty and moderators may see who wrote an anonymous post."))
    if not item.anonymous:
        raise HuddleError(_("This post is not anonymous."))
    reason = " ".join(reason.replace("\x00", "").split())
    if len(reason) < 10:
        raise HuddleError(_("Say why you need to know who wrote it (at least 10 characters)."), field="reason")
    if len(reason) > 500:
        raise HuddleError(_("Keep the reason under 500 characters."), field="reason")
    Reveal.objects.create(thread=thread, post=post, revealed_by=user, reason=reason)
    audit_record(
        actor=user,
        action="forum.reveal",
        target=f"forum-thread:{thread.pk}" + (f"/post:{post.pk}" if post else ""),
        detail={"reason": reason},
    )
    url = reverse("forum:thread", args=[thread.pk]) + (f"#post-{post.pk}" if post else "")
    notification_create(
        user=item.author,
        kind="forum.revealed",
        title=words(_("Staff saw that you wrote an anonymous post in: %(t)s"), t=thread.title),
        body=words(_("The reason they gave: %(reason)s"), reason=reason),
        url=url,
    )
    return byline(viewer=user, author=item.author, anonymous=True, revealed=True)
