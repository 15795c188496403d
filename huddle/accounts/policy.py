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
