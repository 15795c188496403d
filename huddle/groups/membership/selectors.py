"""Reads for the membership views: one row with its group, and what happens to the organiser role on leaving."""

from collections.abc import Iterable
from dataclasses import dataclass

from huddle.accounts.models import User
from huddle.groups.models import Membership


def membership_get(*, membership_id: int) -> Membership | None:
    """A membership with its group and person (and the person's profile, for their name): one query."""
    return Membership.objects.select_related("group", "person__profile").filter(pk=membership_id).first()


@dataclass(frozen=True)
class LeaveOutcome:
    """What leaving does to the organiser role: ``passes`` to ``heir``, or the group is ``flagged``."""

    passes: bool = False
    flagged: bool = False
    heir: Membership | None = None


def leave_outcome(*, members: Iterable[Membership], leaving: User) -> LeaveOutcome:
    """The rule of ``membership_leave``, read ahead for the Leave button's warning (no query).

    Nothing changes for a member or while another organiser stays; the last
    organiser's role passes to the longest-standing member, and with nobody
    left the group is flagged to the coordinators.
    """
    rows = [m for m in members if m.status == Membership.Status.ACTIVE]
    mine = next((m for m in rows if m.person_id == leaving.pk), None)
    if mine is None or mine.role != Membership.Role.ORGANISER:
        return LeaveOutcome()
    others = [m for m in rows if m.person_id != leaving.pk]
    if any(m.role == Membership.Role.ORGANISER for m in others):
        return LeaveOutcome()
    others.sort(key=lambda m: (m.joined_at is None, m.joined_at, m.pk))
    if not others:
        return LeaveOutcome(flagged=True)
    return LeaveOutcome(passes=True, heir=others[0])
