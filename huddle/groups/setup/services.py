"""Creating and editing a group, its invitation link, and archiving it.

Every field is checked here with a message naming it, so the form, the API
and the pool's publication refuse the same things in the same words.
"""

import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huddle.accounts.models import Language, Topic, User
from huddle.groups import policy
from huddle.groups.models import MAX_GROUP_SIZE, MIN_GROUP_SIZE, Goal, Membership, Modality, StudyGroup
from huddle.groups.seats import active, locked
from huddle.groups.sessions.services import sessions_cancel_ahead
from huddle.lib.errors import HuddleError, require
from huddle.lib.zones import zone_of


@dataclass(frozen=True)
class GroupDetails:
    """What a person chooses about a group (the create and edit forms, the API)."""

    name: str
    goal: str
    modality: str
    capacity: int
    description: str = ""
    topic: Topic | None = None
    place: str = ""
    meeting_link: str = ""
    language: Language | None = None
    join_policy: str = StudyGroup.JoinPolicy.OPEN
    listed: bool = True
    #: Usual meeting times in the school's zone (42 bytes), or None to keep them.
    meeting_week: bytes | None = None


def _checked(details: GroupDetails) -> GroupDetails:
    name = details.name.strip()
    if not name:
        raise HuddleError(_("Give the group a name."), field="name")
    if len(name) > 120:
        raise HuddleError(_("Keep the name under 120 characters."), field="name")
    if len(details.description) > 2000:
        raise HuddleError(_("Keep the description under 2000 characters."), field="description")
    if details.goal not in Goal.values:
        raise HuddleError(_("Choose a goal from the list."), field="goal")
    if details.modality not in Modality.values:
        raise HuddleError(_("Choose virtual, in person or hybrid."), field="modality")
    if details.join_policy not in StudyGroup.JoinPolicy.values:
        raise HuddleError(_("Choose open or by request."), field="join_policy")
    if not MIN_GROUP_SIZE <= details.capacity <= MAX_GROUP_SIZE:
        raise HuddleError(
            _("The size limit must be between %(lo)d and %(hi)d people.")
            % {"lo": MIN_GROUP_SIZE, "hi": MAX_GROUP_SIZE},
            field="capacity",
        )
    in_person = details.modality in ("in_person", "hybrid")
    virtual = details.modality in ("virtual", "hybrid")
    if in_person and not details.place.strip():
        raise HuddleError(_("Say where the group meets in person."), field="place")
    if details.meeting_link and not details.meeting_link.startswith("https://"):
        raise HuddleError(_("The meeting link must start with https://."), field="meeting_link")
    if virtual and not details.meeting_link:
        raise HuddleError(_("Add the link the group meets on."), field="meeting_link")
    return GroupDetails(**{**details.__dict__, "name": name, "description": details.description.strip()})


@transaction.atomic
def group_create(*, organiser: User, details: GroupDetails) -> StudyGroup:
    """A new group with its creator as organiser in seat 1."""
    require(policy.can_create_group(organiser), _("Only students create study groups."))
    d = _checked(details)
    fields = {k: v for k, v in d.__dict__.items() if k != "meeting_week"}
    group = StudyGroup.objects.create(
        **fields,
        meeting_week=d.meeting_week or bytes(42),
        time_zone=zone_of(organiser).key,
        created_by=organiser,
    )
    Membership.objects.create(
        group=group,
        person=organiser,
        role=Membership.Role.ORGANISER,
        status=Membership.Status.ACTIVE,
        seat=1,
        joined_at=timezone.now(),
    )
    return group


@transaction.atomic
def group_update(*, actor: User, group: StudyGroup, details: GroupDetails) -> StudyGroup:
    """Change a group; the size limit never goes below the members it has."""
    group = locked(group)
    require(policy.can_run_group(actor, group), _("Only the group's organisers edit it."))
    d = _checked(details)
    members = active(group).count()
    if d.capacity < members:
        raise HuddleError(
            _("The group has %(n)d members; the size limit cannot be lower.") % {"n": members}, field="capacity"
        )
    for key, value in d.__dict__.items():
        if key != "meeting_week" or value is not None:
            setattr(group, key, value)
    group.save()
    return group


@transaction.atomic
def invite_link_renew(*, actor: User, group: StudyGroup) -> str:
    """A new invitation secret; the old link stops working at once."""
    group = locked(group)
    require(policy.can_run_group(actor, group), _("Only the group's organisers share invitation links."))
    group.invite_token = secrets.token_urlsafe(32)
    group.save(update_fields=["invite_token", "updated_at"])
    return group.invite_token


@transaction.atomic
def invite_link_revoke(*, actor: User, group: StudyGroup) -> None:
    group = locked(group)
    require(policy.can_run_group(actor, group), _("Only the group's organisers share invitation links."))
    group.invite_token = ""
    group.save(update_fields=["invite_token", "updated_at"])


@transaction.atomic
def group_archive(*, actor: User, group: StudyGroup) -> StudyGroup:
    """Archive a group: it leaves Find a group and takes no one new; members keep its page and history."""
    group = locked(group)
    require(policy.can_run_group(actor, group), _("Only the group's organisers archive it."))
    group.status = StudyGroup.Status.ARCHIVED
    group.invite_token = ""
    group.save(update_fields=["status", "invite_token", "updated_at"])
    sessions_cancel_ahead(group=group)
    return group
