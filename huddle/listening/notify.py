"""Notifications of peer listening: never a student's name, never a word of a conversation."""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from huddle.accounts.models import Role, User
from huddle.notifications.services import notification_create, words


def wellbeing_staff() -> Iterable[User]:
    return User.objects.filter(is_active=True, roles__role=Role.WELLBEING).distinct()


def request_waiting(*, listeners: Iterable[Any], conversation_id: int) -> None:
    for listener in listeners:
        notification_create(
            user=listener,
            kind="listening.request",
            title=words(_("A student is waiting for a peer listener")),
            body=words(_("The first listener on duty who accepts takes the conversation.")),
            url=reverse("listening:home"),
            once=f"listening.request.{conversation_id}.{listener.pk}",
        )


def request_accepted(*, student: Any, conversation_id: int) -> None:
    notification_create(
        user=student,
        kind="listening.accepted",
        title=words(_("A peer listener accepted your request")),
        url=reverse("listening:conversation", args=[conversation_id]),
        once=f"listening.accepted.{conversation_id}",
    )


def handoff_waiting(*, conversation_id: int) -> None:
    for staff in wellbeing_staff():
        notification_create(
            user=staff,
            kind="listening.handoff",
            title=words(_("A student agreed to talk with well-being staff")),
            body=words(_("A peer listener asked for a warm handoff. Join the conversation from the listening queue.")),
            url=reverse("listening:staff"),
            once=f"listening.handoff.{conversation_id}.{staff.pk}",
        )


def report_filed(*, report_id: int) -> None:
    for staff in wellbeing_staff():
        notification_create(
            user=staff,
            kind="listening.report",
            title=words(_("A peer listening conversation was reported")),
            url=reverse("listening:staff"),
            once=f"listening.report.{report_id}.{staff.pk}",
        )


def debrief_requested(*, debrief_id: int) -> None:
    for staff in wellbeing_staff():
        notification_create(
            user=staff,
            kind="listening.debrief",
            title=words(_("A peer listener asked for a debrief")),
            url=reverse("listening:staff"),
            once=f"listening.debrief.{debrief_id}.{staff.pk}",
        )
