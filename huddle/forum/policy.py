"""Who may do what in the Q&A forum.

Everyone signed in reads and asks. Students may post anonymously to
classmates. A space's faculty verify answers; its moderators (and every
coordinator) keep it safe. Who may *see an author* is not here but in
:mod:`huddle.forum.authorship`, the one place every channel asks.
"""

from huddle.accounts.models import User
from huddle.accounts.policy import Viewer, is_coordinator, is_faculty, is_signed_in, is_student
from huddle.forum.models import Post, Space, SpaceStaff, Status, Thread


def duties(user: Viewer) -> dict[int, frozenset[str]]:
    """The person's duties per space id, read once per request object and kept on it."""
    if not is_signed_in(user):
        return {}
    cached: dict[int, frozenset[str]] | None = getattr(user, "_forum_duties", None)
    if cached is None:
        found: dict[int, set[str]] = {}
        for space_id, duty in SpaceStaff.objects.filter(user_id=int(user.pk or 0)).values_list("space_id", "duty"):
            found.setdefault(space_id, set()).add(duty)
        cached = {space_id: frozenset(d) for space_id, d in found.items()}
        user._forum_duties = cached  # type: ignore[union-attr]
    return cached


def _has_duty(user: Viewer, space: Space, duty: str) -> bool:
    return duty in duties(user).get(space.pk, frozenset())


def can_use_forum(user: Viewer) -> bool:
    return is_signed_in(user)


def can_manage_spaces(user: Viewer) -> bool:
    """Coordinators create spaces and assign their faculty and moderators."""
    return is_coordinator(user)


def can_moderate(user: Viewer, space: Space) -> bool:
    return is_coordinator(user) or _has_duty(user, space, SpaceStaff.Duty.MODERATOR)


def can_moderate_somewhere(user: Viewer) -> bool:
    return is_coordinator(user) or any(SpaceStaff.Duty.MODERATOR in d for d in duties(user).values())


def can_verify(user: Viewer, space: Space) -> bool:
    """The space's faculty endorse answers and re-verify edited ones."""
    return is_faculty(user) and _has_duty(user, space, SpaceStaff.Duty.FACULTY)


def can_reveal(user: Viewer, space: Space) -> bool:
    """The safety net behind anonymity: the space's faculty and moderators may ask who wrote a post."""
    return can_moderate(user, space) or can_verify(user, space)


def can_reveal_somewhere(user: Viewer) -> bool:
    """Whether this person could have used the reveal action anywhere (coordinators, faculty, moderators)."""
    return is_coordinator(user) or bool(duties(user))


def can_post_anonymously(user: Viewer) -> bool:
    """Anonymity is for students, toward their classmates; staff post under their names."""
    return is_student(user)


def can_ask(user: Viewer, space: Space) -> bool:
    return is_signed_in(user) and not space.is_archived


def can_announce(user: Viewer, space: Space) -> bool:
    return can_ask(user, space) and (can_moderate(user, space) or can_verify(user, space))


def can_read_thread(user: Viewer, thread: Thread) -> bool:
    """Published threads are for everyone signed in; a held or hidden one for its author and moderators."""
    if not is_signed_in(user):
        return False
    if thread.status == Status.PUBLISHED:
        return True
    return is_author(user, thread) or can_moderate(user, thread.space)


def is_author(user: Viewer, item: Thread | Post) -> bool:
    return is_signed_in(user) and isinstance(user, User) and item.author_id == user.pk


def can_reply(user: Viewer, thread: Thread) -> bool:
    return thread.status == Status.PUBLISHED and thread.state == Thread.State.OPEN and can_ask(user, thread.space)


def can_edit(user: Viewer, item: Thread | Post) -> bool:
    """Authors edit their own words; moderators edit through a logged moderation action."""
    return is_author(user, item)


def can_accept(user: Viewer, thread: Thread) -> bool:
    return thread.kind == Thread.Kind.QUESTION and is_author(user, thread)


def can_vote(user: Viewer, post: Post) -> bool:
    return is_signed_in(user) and not is_author(user, post) and post.status == Status.PUBLISHED


def can_ask_for_review(user: Viewer, post: Post) -> bool:
    """Anyone may say an answer looks outdated; its faculty are told."""
    return is_signed_in(user) and post.kind == Post.Kind.ANSWER and post.status == Status.PUBLISHED
