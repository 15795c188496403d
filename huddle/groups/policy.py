"""Who may do what with study groups.

Students find, create and join groups; a group's organisers run it (approve
requests, remove members, hand the role over, schedule sessions, take
attendance). Members read the group page, its board and its sessions, and
may report a problem to the coordinators. Coordinators run auto-formation
pools, read the activity report and the problem reports, and may step in on
any group. A pool entry's attributes (e.g. first-generation) are read only by
the student who gave them and by coordinators; no group page shows them.
"""

from huddle.accounts.models import User
from huddle.accounts.policy import Viewer, is_coordinator, is_signed_in, is_student
from huddle.groups.models import Membership, Pool, StudyGroup


def _person_id(user: Viewer) -> int | None:
    return int(user.pk) if isinstance(user, User) else None


def can_use_groups(user: Viewer) -> bool:
    return is_signed_in(user)


def can_create_group(user: Viewer) -> bool:
    return is_student(user)


def can_join_groups(user: Viewer) -> bool:
    return is_student(user)


def membership_of(user: Viewer, group: StudyGroup) -> Membership | None:
    """The viewer's live row (member or request) in the group; one query unless prefetched as ``viewer_rows``."""
    pid = _person_id(user)
    if pid is None:
        return None
    rows = getattr(group, "viewer_rows", None)
    if rows is None:
        rows = list(group.memberships.filter(person_id=pid, status__in=("active", "requested")))
    return next((m for m in rows if m.person_id == pid), None)


def is_member(user: Viewer, group: StudyGroup) -> bool:
    row = membership_of(user, group)
    return row is not None and row.status == Membership.Status.ACTIVE


def is_organiser(user: Viewer, group: StudyGroup) -> bool:
    row = membership_of(user, group)
    return row is not None and row.status == Membership.Status.ACTIVE and row.role == Membership.Role.ORGANISER


def can_see_group(user: Viewer, group: StudyGroup, *, token: str = "") -> bool:
    """A listed group is seen by everyone signed in; an invite-only one by its members, coordinators and
    whoever holds the current invitation link."""
    if not is_signed_in(user):
        return False
    if group.listed and group.status == StudyGroup.Status.ACTIVE:
        return True
    if is_coordinator(user) or membership_of(user, group) is not None:
        return True
    return bool(token) and bool(group.invite_token) and token == group.invite_token


def can_read_inside(user: Viewer, group: StudyGroup) -> bool:
    """The board, the members' list and the sessions' details: members and coordinators."""
    return is_member(user, group) or is_coordinator(user)


def can_run_group(user: Viewer, group: StudyGroup) -> bool:
    """Edit the group, decide requests, remove members, hand over, schedule sessions, take attendance."""
    return is_organiser(user, group) or is_coordinator(user)


def can_post(user: Viewer, group: StudyGroup) -> bool:
    return is_member(user, group)


def can_report_problem(user: Viewer, group: StudyGroup) -> bool:
    return is_member(user, group)


def can_read_problem_reports(user: Viewer) -> bool:
    return is_coordinator(user)


def can_manage_pools(user: Viewer) -> bool:
    return is_coordinator(user)


def can_opt_in(user: Viewer, pool: Pool) -> bool:
    """Students of the pool's cohort (any student when the pool names no class year) while it is open."""
    if not is_student(user) or pool.status != Pool.Status.OPEN:
        return False
    if pool.class_year is None:
        return True
    profile = getattr(user, "profile", None)
    return getattr(profile, "class_year", None) == pool.class_year


def can_read_activity(user: Viewer) -> bool:
    return is_coordinator(user)


def is_coordinator_override(user: Viewer, group: StudyGroup) -> bool:
    """A coordinator stepping in on a group they do not organise (remove an organiser, fix a flagged group)."""
    return is_coordinator(user)
