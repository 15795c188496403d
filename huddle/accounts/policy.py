"""Who may do what: every permission question in Huddle is answered here.

Views, the API and services ask these functions instead of testing roles
themselves, so a rule changes in one place.
"""

from typing import Any

from huddle.accounts.models import Role, Visibility


def _roles(user: Any) -> frozenset[str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    return user.role_set  # type: ignore[no-any-return]


def is_student(user: Any) -> bool:
    return Role.STUDENT in _roles(user)


def is_faculty(user: Any) -> bool:
    return Role.FACULTY in _roles(user)


def is_coordinator(user: Any) -> bool:
    return Role.COORDINATOR in _roles(user)


def is_wellbeing_staff(user: Any) -> bool:
    return Role.WELLBEING in _roles(user)


def is_program_staff(user: Any) -> bool:
    """Coordinators and faculty see fields shared with "program staff"."""
    return bool(_roles(user) & {Role.COORDINATOR, Role.FACULTY})


def can_manage_school(user: Any) -> bool:
    """Import rosters, grant roles, edit taxonomies, read the audit log."""
    return is_coordinator(user)


def can_import_roster(user: Any) -> bool:
    return is_coordinator(user)


def can_view_audit_log(user: Any) -> bool:
    return is_coordinator(user)


def can_edit_taxonomy(user: Any) -> bool:
    return is_coordinator(user)


def can_grant_roles(user: Any) -> bool:
    return is_coordinator(user)


def requires_two_factor(user: Any, required_roles: list[str]) -> bool:
    return bool(_roles(user) & set(required_roles))


def can_see_field(viewer: Any, owner: Any, field: str, visibility: str) -> bool:
    """Per-field profile visibility chosen by the owner."""
    if viewer is not None and getattr(viewer, "pk", None) == getattr(owner, "pk", None):
        return True
    if visibility == Visibility.EVERYONE:
        return bool(getattr(viewer, "is_authenticated", False))
    if visibility == Visibility.STAFF:
        return is_program_staff(viewer)
    return False


def can_see_accessibility_notes(viewer: Any, owner: Any) -> bool:
    """Accessibility notes are private: the owner and coordinators only."""
    return getattr(viewer, "pk", None) == getattr(owner, "pk", None) or is_coordinator(viewer)


def can_edit_profile(viewer: Any, owner: Any) -> bool:
    """People edit only their own profile and availability."""
    signed_in = bool(getattr(viewer, "is_authenticated", False))
    return signed_in and getattr(viewer, "pk", None) == getattr(owner, "pk", None)


def visibilities_seen_by(viewer: Any) -> frozenset[str]:
    """The visibility levels ``viewer`` may see on other people's profiles.

    The query-side twin of :func:`can_see_field`, so the directory can filter
    by a field (class year, language) without revealing hidden values.
    """
    if not getattr(viewer, "is_authenticated", False):
        return frozenset()
    if is_program_staff(viewer):
        return frozenset({Visibility.EVERYONE.value, Visibility.STAFF.value})
    return frozenset({Visibility.EVERYONE.value})


def can_see_inactive_people(viewer: Any) -> bool:
    """Deactivated accounts appear in the directory for coordinators only."""
    return is_coordinator(viewer)


# Mentoring pair space. ``mentorship`` is a mentoring.Mentorship with its
# mentee and mentor enrollments loaded; typed Any to keep accounts free of
# an import cycle.


def is_pair_member(user: Any, mentorship: Any) -> bool:
    """The mentee or the mentor of this pair."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.pk in (mentorship.mentee.user_id, mentorship.mentor.user_id)


def can_view_pair(user: Any, mentorship: Any) -> bool:
    """The pair themselves; coordinators get the staff view (no notes)."""
    return is_pair_member(user, mentorship) or is_coordinator(user)


def can_see_pair_notes(user: Any, mentorship: Any) -> bool:
    """Meeting notes, goals' text and topics belong to the pair alone — never to staff."""
    return is_pair_member(user, mentorship)


def can_view_pair_staff(user: Any, mentorship: Any) -> bool:
    """Counts, dates, check-in scores and comments, fit checks, rematch requests."""
    return is_coordinator(user)


def can_log_meeting(user: Any, mentorship: Any) -> bool:
    """Either side of a running pair logs meetings, goals and the next meeting."""
    return is_pair_member(user, mentorship) and mentorship.status == "active"


def can_check_in(user: Any, mentorship: Any) -> bool:
    """Check-ins, the early fit check and rematch requests: either side, while running."""
    return is_pair_member(user, mentorship) and mentorship.status == "active"


def can_end_mentorship(user: Any, mentorship: Any, status: str) -> bool:
    """Either side or a coordinator completes a pair; only coordinators mark it withdrawn."""
    if mentorship.status != "active":
        return False
    if status == "withdrawn":
        return is_coordinator(user)
    return status in ("completed", "completed_early") and (is_pair_member(user, mentorship) or is_coordinator(user))


# Mentoring programs. Coordinators run cycles; proposals and rematch
# requests are theirs alone (a mentee never sees a proposed mentor).


def can_create_cycle(user: Any) -> bool:
    return is_coordinator(user)


def can_manage_cycle(user: Any, cycle: Any) -> bool:
    return is_coordinator(user)


def can_view_proposal(user: Any, cycle: Any) -> bool:
    return is_coordinator(user)


def can_view_rematch_requests(user: Any, cycle: Any) -> bool:
    return is_coordinator(user)


def can_export_cycle(user: Any, cycle: Any) -> bool:
    return is_coordinator(user)


def can_take_part_in_mentoring(user: Any) -> bool:
    """Students and faculty enroll; eligibility per cycle is checked by the service."""
    return is_student(user) or is_faculty(user)
