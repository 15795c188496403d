"""Listening rows for tests: listeners on duty all week, conversations in each state, a qualification checker."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.utils import timezone

from huddle.accounts.models import User
from huddle.lib import qualification
from huddle.lib.qualification import Qualification
from huddle.listening.models import HOURS_IN_WEEK, NO_HOURS, Conversation, Listener

ALL_WEEK = "1" * HOURS_IN_WEEK


@contextmanager
def qualified(*people: User) -> Iterator[None]:
    """Only these people pass the listener training while the block runs (as the training app's checker would say)."""
    ids = {person.pk for person in people}

    def check(person: object, role: str) -> Qualification:
        if getattr(person, "pk", None) in ids:
            return Qualification(role=role, qualified=True)
        return Qualification(
            role=role,
            qualified=False,
            missing=("Complete Active listening", "Complete Crisis response"),
            url="/training/",
        )

    with qualification.checkers.scoped() as hook:
        hook._items.clear()
        hook.register(check)
        yield


def make_listener(user: User, hours: str = ALL_WEEK, paused: bool = False) -> Listener:
    return Listener.objects.create(user=user, hours=hours, paused=paused)


def make_off_duty_listener(user: User) -> Listener:
    return Listener.objects.create(user=user, hours=NO_HOURS)


def make_conversation(
    student: User, listener: User | None = None, *, anonymous: bool = True, status: str = "active", opening: str = ""
) -> Conversation:
    now = timezone.now()
    return Conversation.objects.create(
        student=student,
        listener=listener,
        anonymous=anonymous,
        opening=opening,
        status=status,
        expires_at=now + timedelta(hours=2),
        accepted_at=now if listener else None,
        ended_at=now if status == "ended" else None,
    )
