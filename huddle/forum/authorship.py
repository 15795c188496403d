"""Who a reader sees as the author of a thread or post: the one place every channel asks.

Pages, the API, notifications, e-mails, search results, exports, the
review queue and the edit history all show an author through
:func:`byline`; none reads ``author`` to display it. An anonymous post
shows, to everyone but its author, "Anonymous student N", N stable within
the thread; faculty and moderators see only that it is anonymous. A staff
member who used the audited *reveal* action sees the name on that post.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from huddle.accounts.models import User
from huddle.accounts.policy import Viewer, is_same_person
from huddle.forum import policy
from huddle.forum.models import Alias, Post, Reveal, Thread


@dataclass(frozen=True)
class Byline:
    """An author as one reader may see them. ``profile_url`` is empty when the reader may not follow it."""

    name: str
    profile_url: str = ""
    anonymous: bool = False
    is_you: bool = False
    revealed: bool = False


def _named(author: User, *, is_you: bool, revealed: bool = False) -> Byline:
    profile = getattr(author, "profile", None)
    name = profile.name if profile is not None else author.get_full_name() or author.email
    return Byline(name, reverse("accounts:profile", args=[author.pk]), is_you=is_you, revealed=revealed)


def alias_label(number: int | None) -> str:
    if number is None:
        return _("Anonymous student")
    return _("Anonymous student %(n)d") % {"n": number}


def byline(
    *, viewer: Viewer, author: User, anonymous: bool, alias: int | None = None, revealed: bool = False
) -> Byline:
    """What ``viewer`` may know of ``author``. ``revealed``: this viewer used the reveal action on it."""
    is_you = is_same_person(viewer, author)
    if not anonymous:
        return _named(author, is_you=is_you)
    if revealed and not is_you:
        return _named(author, is_you=False, revealed=True)
    label = alias_label(alias)
    if is_you:
        label = _("%(alias)s (you)") % {"alias": label}
    return Byline(label, anonymous=True, is_you=is_you)


@dataclass
class ThreadAuthors:
    """Everything a thread page needs to write its bylines, read in two queries."""

    aliases: dict[int, int]
    #: (thread_id, post_id or None) the viewer has revealed.
    revealed: set[tuple[int, int | None]]

    def of(self, viewer: Viewer, item: Thread | Post) -> Byline:
        thread_id = item.pk if isinstance(item, Thread) else item.thread_id
        post_id = None if isinstance(item, Thread) else item.pk
        return byline(
            viewer=viewer,
            author=item.author,
            anonymous=item.anonymous,
            alias=self.aliases.get(item.author_id),
            revealed=(thread_id, post_id) in self.revealed,
        )


def thread_authors(
    *, viewer: Viewer, thread_ids: Iterable[int], anonymous_ids: Iterable[int] | None = None
) -> dict[int, ThreadAuthors]:
    """Aliases and the viewer's reveals for several threads (lists, search results, the queue).

    ``anonymous_ids``: the threads that have anything anonymous in what is
    shown (by default all); only those need their aliases read. Only staff
    with a forum duty can have revealed anything, so nobody else pays that query.
    """
    ids = list(thread_ids)
    found: dict[int, ThreadAuthors] = {tid: ThreadAuthors({}, set()) for tid in ids}
    with_aliases = ids if anonymous_ids is None else list(anonymous_ids)
    if with_aliases:
        for thread_id, user_id, number in Alias.objects.filter(thread_id__in=with_aliases).values_list(
            "thread_id", "user_id", "number"
        ):
            found[thread_id].aliases[user_id] = number
    if policy.can_reveal_somewhere(viewer):
        for thread_id, post_id in Reveal.objects.filter(thread_id__in=ids, revealed_by_id=viewer.pk).values_list(
            "thread_id", "post_id"
        ):
            found[thread_id].revealed.add((thread_id, post_id))
    return found


def author_of(*, viewer: Viewer, item: Thread | Post) -> Byline:
    """One byline, for a single item (a notification, an API object)."""
    thread_id = item.pk if isinstance(item, Thread) else item.thread_id
    return thread_authors(viewer=viewer, thread_ids=[thread_id])[thread_id].of(viewer, item)
