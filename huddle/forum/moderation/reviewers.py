"""Who reviews a space's flagged and held posts, and how they are told.

Every message says what happened and where, never who wrote the post or
who flagged it: an anonymous author stays anonymous in every inbox.
"""

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from huddle.accounts.models import Role, User
from huddle.forum.models import Post, Space, SpaceStaff, Thread
from huddle.forum.moderation.items import item_url
from huddle.notifications.services import notification_create, words


def moderators_of(space: Space) -> QuerySet[User]:
    """The space's moderators and every coordinator (they moderate everywhere)."""
    return (
        User.objects.filter(
            Q(forum_duties__space=space, forum_duties__duty=SpaceStaff.Duty.MODERATOR)
            | Q(roles__role=Role.COORDINATOR),
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def wellbeing_staff() -> QuerySet[User]:
    return User.objects.filter(roles__role=Role.WELLBEING, is_active=True).distinct().order_by("pk")


def queue_url(space: Space) -> str:
    return reverse("forum:review_queue", args=[space.slug])


def _author_id(thread: Thread, post: Post | None) -> int:
    return (post or thread).author_id


def tell_moderators(
    *, thread: Thread, post: Post | None, title: Promise | str, once: str = "", **params: object
) -> None:
    """One ``forum.flag`` notice to each reviewer of the space (not to the author), linking the queue."""
    space = thread.space
    for user in moderators_of(space).exclude(pk=_author_id(thread, post)):
        notification_create(
            user=user,
            kind="forum.flag",
            title=words(title, space=space.name, **params),
            url=queue_url(space),
            once=f"{once}:{user.pk}" if once else "",
        )


def tell_crisis(*, thread: Thread, post: Post | None, once: str) -> None:
    """A possible crisis: the space's reviewers and the well-being staff, at once, each with a way in."""
    space = thread.space
    title = words(_("Someone may need support: a post in %(space)s"), space=space.name)
    body = words(
        _(
            "A post may show someone in crisis. Please read it soon and reach out through the school's "
            "usual process. Keyword matches miss most risk and misread some posts: a person decides."
        )
    )
    author_id = _author_id(thread, post)
    moderators = list(moderators_of(space).exclude(pk=author_id))
    for user in moderators:
        notification_create(
            user=user, kind="forum.crisis", title=title, body=body, url=queue_url(space), once=f"{once}:{user.pk}"
        )
    seen = {user.pk for user in moderators}
    for user in wellbeing_staff().exclude(pk=author_id):
        if user.pk not in seen:
            notification_create(
                user=user,
                kind="forum.crisis",
                title=title,
                body=body,
                url=item_url(thread, post),
                once=f"{once}:{user.pk}",
            )
