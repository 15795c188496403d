"""Faculty verification of answers, and "possibly outdated" requests that bring faculty back.

An endorsement is for a version: after an edit it reads "for an earlier
version" until the faculty member verifies the new text.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huddle.accounts.models import User
from huddle.forum import policy
from huddle.forum.models import Endorsement, Post, ReviewRequest, SpaceStaff, Status
from huddle.forum.threads.services import thread_endorsed_refresh
from huddle.lib.errors import HuddleError
from huddle.notifications.services import notification_create, words


def _post_url(post: Post) -> str:
    return reverse("forum:thread", args=[post.thread_id]) + f"#post-{post.pk}"


@transaction.atomic
def answer_endorse(*, user: User, post: Post) -> Endorsement:
    """Verify the answer as it reads now (again, after an edit); open review requests are settled."""
    post = Post.objects.select_for_update().select_related("thread__space").get(pk=post.pk)
    if not policy.can_verify(user, post.thread.space):
        raise HuddleError(_("Only the space's faculty verify answers."))
    if post.kind != Post.Kind.ANSWER or post.status != Status.PUBLISHED:
        raise HuddleError(_("Only published answers can be verified."))
    endorsement, _created = Endorsement.objects.update_or_create(
        post=post, defaults={"endorsed_by": user, "version": post.version, "created_at": timezone.now()}
    )
    ReviewRequest.objects.filter(post=post, resolved_at__isnull=True).update(resolved_at=timezone.now())
    Post.objects.filter(pk=post.pk).update(needs_review=False)
    thread_endorsed_refresh(thread_id=post.thread_id)
    from huddle.forum.search import index_thread

    index_thread(thread_id=post.thread_id)
    if post.author_id != user.pk:
        notification_create(
            user=post.author,
            kind="forum.endorsed",
            title=words(_("Faculty verified your answer: %(t)s"), t=post.thread.title),
            url=_post_url(post),
            once=f"forum.endorsed:{post.pk}:{post.version}",
        )
    return endorsement


@transaction.atomic
def endorsement_withdraw(*, user: User, post: Post) -> None:
    if not policy.can_verify(user, post.thread.space):
        raise HuddleError(_("Only the space's faculty verify answers."))
    Endorsement.objects.filter(post=post).delete()
    thread_endorsed_refresh(thread_id=post.thread_id)
    from huddle.forum.search import index_thread

    index_thread(thread_id=post.thread_id)


@transaction.atomic
def review_request_create(*, user: User, post: Post, note: str = "") -> ReviewRequest:
    """ "Possibly outdated / needs review": marked on the answer, the space's faculty told once per request."""
    if not policy.can_ask_for_review(user, post):
        raise HuddleError(_("Only published answers can be marked for review."))
    note = note.replace("\x00", "").strip()
    if len(note) > 500:
        raise HuddleError(_("Keep the note under 500 characters."), field="note")
    request, created = ReviewRequest.objects.get_or_create(
        post=post, requested_by=user, resolved_at=None, defaults={"note": note}
    )
    Post.objects.filter(pk=post.pk).update(needs_review=True)
    if created:
        faculty = SpaceStaff.objects.filter(space_id=post.thread.space_id, duty=SpaceStaff.Duty.FACULTY)
        for duty in faculty.select_related("user"):
            notification_create(
                user=duty.user,
                kind="forum.review",
                title=words(_("An answer may be outdated: %(t)s"), t=post.thread.title),
                body=note,
                url=_post_url(post),
                once=f"forum.review:{request.pk}:{duty.user_id}",
            )
    return request
