"""Joining, asking to join, leaving, deciding requests, removing members and handing the organiser role over.

Every change that gives someone a place runs with the group's row locked and
takes a numbered seat (unique per group), so a group never holds more people
than its size limit, even when the last place is taken at the same moment by
several people. A group is never left without an organiser: when the last
one leaves, the longest-standing member takes the role over; when nobody is
left, the group is flagged for the coordinators.
"""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huddle.accounts.models import User
from huddle.groups import policy
from huddle.groups.models import Membership, StudyGroup
from huddle.groups.notices import coordinators, group_url, organisers, tell
from huddle.groups.seats import active, free_seat, locked
from huddle.lib.errors import HuddleError, require

NOTE_LIMIT = 500


def _joinable(*, person: User, group: StudyGroup, token: str) -> StudyGroup:
    """The locked group, once it is clear this person may take a place or ask for one."""
    require(policy.can_join_groups(person), _("Only students join study groups."))
    group = locked(group)
    if group.status != StudyGroup.Status.ACTIVE:
        raise HuddleError(_("This group is archived and takes no new members."), field="group")
    if not policy.can_see_group(person, group, token=token):
        raise HuddleError(_("This invitation link is no longer valid; ask the organiser for a new one."), field="group")
    if Membership.objects.filter(group=group, person=person, status__in=("active", "requested")).exists():
        raise HuddleError(_("You are already in this group or have asked to join it."), field="group")
    return group


def _seat(group: StudyGroup) -> int:
    seat = free_seat(group)
    if seat is None:
        raise HuddleError(_("This group is full (%(n)d of %(n)d places).") % {"n": group.capacity}, field="group")
    return seat


def _insert(*, group: StudyGroup, person: User, **fields: object) -> Membership:
    """Insert under the constraints; a clash (a second tab, a racing request) becomes a message."""
    try:
        with transaction.atomic():
            return Membership.objects.create(group=group, person=person, **fields)
    except IntegrityError as error:
        live = Membership.objects.filter(group=group, person=person, status__in=("active", "requested"))
        if live.exists():
            raise HuddleError(_("You are already in this group or have asked to join it."), field="group") from error
        raise HuddleError(_("The last place in this group was just taken."), field="group") from error


@transaction.atomic
def membership_join(*, person: User, group: StudyGroup, token: str = "") -> Membership:
    """Take a place at once in an open group."""
    group = _joinable(person=person, group=group, token=token)
    if group.join_policy != StudyGroup.JoinPolicy.OPEN:
        raise HuddleError(_("This group's organisers approve new members: ask to join instead."), field="group")
    # Someone joining a group left without organisers takes the role (the flag clears).
    leaderless = not active(group).filter(role=Membership.Role.ORGANISER).exists()
    row = _insert(
        group=group,
        person=person,
        status=Membership.Status.ACTIVE,
        role=Membership.Role.ORGANISER if leaderless else Membership.Role.MEMBER,
        seat=_seat(group),
        joined_at=timezone.now(),
    )
    if leaderless and group.needs_organiser:
        group.needs_organiser = False
        group.save(update_fields=["needs_organiser", "updated_at"])
    tell(
        people=organisers(group),
        kind="groups.member_joined",
        title=gettext_lazy("%(name)s joined %(group)s"),
        url=group_url(group),
        name=person.get_full_name(),
        group=group.name,
    )
    return row


@transaction.atomic
def membership_request(*, person: User, group: StudyGroup, note: str = "", token: str = "") -> Membership:
    """Ask to join a group whose organisers approve members; the organisers are told."""
    group = _joinable(person=person, group=group, token=token)
    if group.join_policy != StudyGroup.JoinPolicy.REQUEST:
        raise HuddleError(_("This group is open: join it directly."), field="group")
    note = note.strip()
    if len(note) > NOTE_LIMIT:
        raise HuddleError(_("Keep the note under %(n)d characters.") % {"n": NOTE_LIMIT}, field="request_note")
    row = _insert(
        group=group, person=person, status=Membership.Status.REQUESTED, request_note=note, requested_at=timezone.now()
    )
    tell(
        people=organisers(group),
        kind="groups.request",
        title=gettext_lazy("%(name)s asks to join %(group)s"),
        url=group_url(group),
        once=f"groups.request:{row.pk}",
        name=person.get_full_name(),
        group=group.name,
    )
    return row


def _live(membership: Membership, status: str) -> Membership:
    row = Membership.objects.select_related("group", "person").get(pk=membership.pk)
    if row.status != status:
        raise HuddleError(_("This has already changed; reload the page."), field="membership")
    return row


@transaction.atomic
def membership_request_withdraw(*, person: User, membership: Membership) -> Membership:
    locked(membership.group)
    row = _live(membership, Membership.Status.REQUESTED)
    require(row.person_id == person.pk, _("Only the person who asked can withdraw the request."))
    row.status = Membership.Status.WITHDRAWN
    row.ended_at = timezone.now()
    row.save(update_fields=["status", "ended_at"])
    return row


@transaction.atomic
def membership_approve(*, actor: User, membership: Membership) -> Membership:
    """An organiser gives a requester a place, if one is free now."""
    group = locked(membership.group)
    require(policy.can_run_group(actor, group), _("Only the group's organisers decide on requests."))
    row = _live(membership, Membership.Status.REQUESTED)
    if group.status != StudyGroup.Status.ACTIVE:
        raise HuddleError(_("This group is archived and takes no new members."), field="group")
    try:
        with transaction.atomic():
            updated = Membership.objects.filter(pk=row.pk, status=Membership.Status.REQUESTED).update(
                status=Membership.Status.ACTIVE, seat=_seat(group), joined_at=timezone.now(), decided_by=actor
            )
    except IntegrityError as error:
        # Only reachable without the row lock: the unique seat refuses the second approval.
        raise HuddleError(_("The last place in this group was just taken."), field="group") from error
    if updated != 1:
        raise HuddleError(_("This has already changed; reload the page."), field="membership")
    row.refresh_from_db()
    tell(
        people=[row.person],
        kind="groups.request_decided",
        title=gettext_lazy("You are now a member of %(group)s"),
        url=group_url(group),
        once=f"groups.approved:{row.pk}",
        group=group.name,
    )
    return row


@transaction.atomic
def membership_decline(*, actor: User, membership: Membership) -> Membership:
    group = locked(membership.group)
    require(policy.can_run_group(actor, group), _("Only the group's organisers decide on requests."))
    row = _live(membership, Membership.Status.REQUESTED)
    row.status = Membership.Status.DECLINED
    row.decided_by = actor
    row.ended_at = timezone.now()
    row.save(update_fields=["status", "decided_by", "ended_at"])
    tell(
        people=[row.person],
        kind="groups.request_decided",
        title=gettext_lazy("%(group)s could not take you this time"),
        url=group_url(group),
        once=f"groups.declined:{row.pk}",
        group=group.name,
    )
    return row


def _end(row: Membership, status: str) -> None:
    row.status = status
    row.seat = None
    row.ended_at = timezone.now()
    row.save(update_fields=["status", "seat", "ended_at", "role"])


def _keep_an_organiser(group: StudyGroup) -> User | None:
    """After an organiser left: the longest-standing member takes the role over, or the group is flagged."""
    if active(group).filter(role=Membership.Role.ORGANISER).exists():
        return None
    heir = active(group).select_related("person").order_by("joined_at", "pk").first()
    if heir is None:
        group.needs_organiser = True
        group.save(update_fields=["needs_organiser", "updated_at"])
        tell(
            people=coordinators(),
            kind="groups.needs_organiser",
            title=gettext_lazy("%(group)s has no organiser left"),
            url=reverse("groups:problems"),
            once=f"groups.needs_organiser:{group.pk}:{timezone.now():%Y%m%d%H%M}",
            group=group.name,
        )
        return None
    heir.role = Membership.Role.ORGANISER
    heir.save(update_fields=["role"])
    tell(
        people=[heir.person],
        kind="groups.organiser",
        title=gettext_lazy("You are now an organiser of %(group)s"),
        url=group_url(group),
        group=group.name,
    )
    return heir.person


@transaction.atomic
def membership_leave(*, person: User, group: StudyGroup) -> Membership:
    """Leave a group; an organiser who was the last one passes the role on to the longest-standing member."""
    group = locked(group)
    row = Membership.objects.filter(group=group, person=person, status=Membership.Status.ACTIVE).first()
    if row is None:
        raise HuddleError(_("You are not a member of this group."), field="group")
    was_organiser = row.role == Membership.Role.ORGANISER
    row.role = Membership.Role.MEMBER
    _end(row, Membership.Status.LEFT)
    if was_organiser:
        _keep_an_organiser(group)
    return row


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership) -> Membership:
    """An organiser removes a member; only a coordinator removes an organiser."""
    group = locked(membership.group)
    require(policy.can_run_group(actor, group), _("Only the group's organisers remove members."))
    row = _live(membership, Membership.Status.ACTIVE)
    if row.person_id == actor.pk:
        raise HuddleError(_("To leave the group yourself, use Leave."), field="membership")
    was_organiser = row.role == Membership.Role.ORGANISER
    if was_organiser and not policy.is_coordinator_override(actor, group):
        raise HuddleError(_("An organiser cannot remove another organiser; ask a coordinator."), field="membership")
    row.role = Membership.Role.MEMBER
    _end(row, Membership.Status.REMOVED)
    if was_organiser:
        _keep_an_organiser(group)
    tell(
        people=[row.person],
        kind="groups.removed",
        title=gettext_lazy("You are no longer a member of %(group)s"),
        url=group_url(group),
        once=f"groups.removed:{row.pk}",
        group=group.name,
    )
    return row


@transaction.atomic
def organiser_hand_over(*, actor: User, group: StudyGroup, to: Membership) -> Membership:
    """The actor gives their organiser role to a member and stays on as a member."""
    group = locked(group)
    mine = Membership.objects.filter(
        group=group, person=actor, status=Membership.Status.ACTIVE, role=Membership.Role.ORGANISER
    ).first()
    require(mine is not None, _("Only an organiser hands the role over."))
    heir = _live(to, Membership.Status.ACTIVE)
    if heir.group_id != group.pk or heir.person_id == actor.pk:
        raise HuddleError(_("Choose another member of this group."), field="member")
    if heir.role == Membership.Role.ORGANISER:
        name = heir.person.get_full_name()
        raise HuddleError(_("%(name)s is already an organiser.") % {"name": name}, field="member")
    heir.role = Membership.Role.ORGANISER
    heir.save(update_fields=["role"])
    assert mine is not None
    mine.role = Membership.Role.MEMBER
    mine.save(update_fields=["role"])
    tell(
        people=[heir.person],
        kind="groups.organiser",
        title=gettext_lazy("You are now an organiser of %(group)s"),
        url=group_url(group),
        group=group.name,
    )
    return heir


@transaction.atomic
def organiser_add(*, actor: User, membership: Membership) -> Membership:
    """Make a member a co-organiser (the actor stays an organiser)."""
    group = locked(membership.group)
    require(policy.can_run_group(actor, group), _("Only the group's organisers add organisers."))
    row = _live(membership, Membership.Status.ACTIVE)
    if row.role == Membership.Role.ORGANISER:
        raise HuddleError(_("%(name)s is already an organiser.") % {"name": row.person.get_full_name()}, field="member")
    row.role = Membership.Role.ORGANISER
    row.save(update_fields=["role"])
    if group.needs_organiser:
        group.needs_organiser = False
        group.save(update_fields=["needs_organiser", "updated_at"])
    tell(
        people=[row.person],
        kind="groups.organiser",
        title=gettext_lazy("You are now an organiser of %(group)s"),
        url=group_url(group),
        group=group.name,
    )
    return row
