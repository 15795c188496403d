"""Forum rows for tests, written straight to the database (services are tested on their own)."""

from itertools import count

from huddle.accounts.models import User
from huddle.forum.models import Alias, Post, Space, SpaceStaff, Status, Thread

_serial = count(1)


def make_space(name: str = "", *, faculty: User | None = None, moderator: User | None = None) -> Space:
    n = next(_serial)
    space = Space.objects.create(name=name or f"Space {n}", slug=f"space-{n}")
    if faculty is not None:
        SpaceStaff.objects.create(space=space, user=faculty, duty=SpaceStaff.Duty.FACULTY)
    if moderator is not None:
        SpaceStaff.objects.create(space=space, user=moderator, duty=SpaceStaff.Duty.MODERATOR)
    return space


def _alias(thread: Thread, user: User) -> None:
    if not Alias.objects.filter(thread=thread, user=user).exists():
        Alias.objects.create(thread=thread, user=user, number=Alias.objects.filter(thread=thread).count() + 1)


def make_thread(
    space: Space,
    author: User,
    *,
    title: str = "How does the loop of Henle concentrate urine?",
    body: str = "Countercurrent multiplication confuses me.",
    anonymous: bool = False,
    status: str = Status.PUBLISHED,
    kind: str = Thread.Kind.QUESTION,
) -> Thread:
    thread = Thread.objects.create(
        space=space, author=author, title=title, body=body, body_html=f"<p>{body}</p>",
        anonymous=anonymous, status=status, kind=kind,
    )
    if anonymous:
        _alias(thread, author)
    return thread


def make_post(
    thread: Thread,
    author: User,
    *,
    body: str = "The descending limb is permeable to water.",
    anonymous: bool = False,
    kind: str = Post.Kind.ANSWER,
    parent: Post | None = None,
    status: str = Status.PUBLISHED,
) -> Post:
    post = Post.objects.create(
        thread=thread, author=author, body=body, body_html=f"<p>{body}</p>", anonymous=anonymous,
        kind=kind, parent=parent, status=status,
    )
    if anonymous:
        _alias(thread, author)
    if kind == Post.Kind.ANSWER and status == Status.PUBLISHED:
        Thread.objects.filter(pk=thread.pk).update(answer_count=thread.answer_count + 1)
        thread.answer_count += 1
    return post
