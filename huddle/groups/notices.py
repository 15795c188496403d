"""Notifications a group sends, after commit, in each recipient's language."""

from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils.functional import Promise

from huddle.accounts.models import Role, User
from huddle.groups.models import Membership, StudyGroup
from huddle.notifications.services import notification_create, words


def group_url(group: StudyGroup) -> str:
    return reverse("groups:group", args=[group.pk])


def tell(
    *, people: Iterable[User], kind: str, title: str | Promise, url: str, once: str = "", **params: object
) -> None:
    """Queue one notification per person for after the commit (nothing leaves a rolled-back change)."""
    recipients = list(people)

    def send() -> None:
        for person in recipients:
            notification_create(
                user=person,
                kind=kind,
                title=words(title, **params),
                url=url,
                once=f"{once}:{person.pk}" if once else "",
            )

    transaction.on_commit(send)


def coordinators() -> list[User]:
    """Everyone who reads problem reports and looks after groups left without an organiser."""
    return list(User.objects.filter(roles__role=Role.COORDINATOR, is_active=True).distinct().order_by("pk"))


def organisers(group: StudyGroup) -> list[User]:
    rows = Membership.objects.filter(
        group=group, status=Membership.Status.ACTIVE, role=Membership.Role.ORGANISER
    ).select_related("person")
    return [m.person for m in rows]


def members(group: StudyGroup, *, excluding: User | None = None) -> list[User]:
    rows = Membership.objects.filter(group=group, status=Membership.Status.ACTIVE).select_related("person")
    return [m.person for m in rows if excluding is None or m.person_id != excluding.pk]
