"""What each person sees of listening: their requests and conversations, waiting requests, the staff queue."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from huddle.accounts.models import User
from huddle.listening.models import Block, Conversation, Debrief, Message, Report

Status = Conversation.Status
Handoff = Conversation.Handoff


def conversation_get(conversation_id: int) -> Conversation | None:
    return Conversation.objects.select_related("student", "listener", "staff").filter(pk=conversation_id).first()


def is_reported(conversation: Conversation) -> bool:
    return Report.objects.filter(conversation=conversation).exists()


def messages_after(conversation: Conversation, after: int = 0) -> list[Message]:
    """Messages newer than ``after`` (the last id the page has), oldest first: one query whatever the length."""
    return list(Message.objects.filter(conversation=conversation, pk__gt=after).order_by("pk"))


def student_open(student: User) -> list[Conversation]:
    """The student's waiting request and open conversations."""
    now = timezone.now()
    return list(
        Conversation.objects.filter(student=student)
        .filter(Q(status=Status.WAITING, expires_at__gt=now) | Q(status=Status.ACTIVE))
        .select_related("listener")
        .order_by("-created_at")
    )


def student_recent(student: User, limit: int = 10) -> list[Conversation]:
    return list(
        Conversation.objects.filter(student=student, status=Status.ENDED)
        .select_related("listener")
        .order_by("-ended_at")[:limit]
    )


def waiting_for(listener: User) -> QuerySet[Conversation]:
    """Requests this listener may accept: waiting, not their own, nobody blocked either way."""
    blocked = Block.objects.filter(
        Q(blocker=listener, blocked=OuterRef("student")) | Q(blocker=OuterRef("student"), blocked=listener)
    )
    return (
        Conversation.objects.filter(status=Status.WAITING, expires_at__gt=timezone.now())
        .exclude(student=listener)
        .exclude(Exists(blocked))
        .order_by("created_at")
    )


def listener_open(listener: User) -> list[Conversation]:
    return list(
        Conversation.objects.filter(listener=listener, listener_left=False, status=Status.ACTIVE)
        .select_related("student")
        .order_by("-accepted_at")
    )


def listener_recent(listener: User, limit: int = 10) -> list[Conversation]:
    return list(
        Conversation.objects.filter(listener=listener, status=Status.ENDED)
        .select_related("student")
        .order_by("-ended_at")[:limit]
    )


@dataclass
class StaffQueue:
    handoffs: list[Conversation]
    joined: list[Conversation]
    reports: list[Report]
    debriefs: list[Debrief]


def staff_queue(staff: User) -> StaffQueue:
    return StaffQueue(
        handoffs=list(
            Conversation.objects.filter(status=Status.ACTIVE, handoff=Handoff.CONSENTED)
            .select_related("student", "listener")
            .order_by("created_at")
        ),
        joined=list(
            Conversation.objects.filter(status=Status.ACTIVE, staff=staff)
            .select_related("student", "listener", "staff")
            .order_by("-accepted_at")
        ),
        reports=list(
            Report.objects.filter(closed_at__isnull=True)
            .select_related("conversation", "conversation__student", "conversation__listener", "reporter")
            .order_by("created_at")
        ),
        debriefs=list(Debrief.objects.filter(done_at__isnull=True).select_related("listener").order_by("created_at")),
    )


def staff_waiting_count() -> int:
    handoffs = Conversation.objects.filter(status=Status.ACTIVE, handoff=Handoff.CONSENTED).count()
    return handoffs + Report.objects.filter(closed_at__isnull=True).count()
