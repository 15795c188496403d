"""Who may do what with people, roles, profiles and the school's settings.

Roles are facts about a person; the rest of Huddle never tests a role, it
asks a ``can_…`` question here or in its own app's ``policy.py``. The
``is_…`` helpers below are the building blocks those policies use.
"""

from django.contrib.auth.models import AnonymousUser

from huddle.accounts.models import Role, User, Visibility

#: Whoever sent the request: a signed-in person or an anonymous visitor.
type Viewer = User | AnonymousUser


def _roles(user: Viewer | None) -> frozenset[str]:
    if not isinstance(user, User) or not user.is_authenticated:
        return frozenset()
    return user.role_set


def is_signed_in(user: Viewer | None) -> bool:
    return isinstance(user, User) and user.is_authenticated


def is_student(user: Viewer | None) -> bool:
    return Role.STUDENT in _roles(user)


def is_faculty(user: Viewer | None) -> bool:
    return Role.FACULTY in _roles(user)


def is_coordinator(user: Viewer | None) -> bool:
    return Role.COORDINATOR in _roles(user)


def is_wellbeing_staff(user: Viewer | None) -> bool:
    return Role.WELLBEING in _roles(user)


def is_program_staff(user: Viewer | None) -> bool:
    """Coordinators and faculty see fields shared with "program staff"."""
    return bool(_roles(user) & {Role.COORDINATOR, Role.FACULTY})


def is_same_person(viewer: Viewer | None, owner: User) -> bool:
    return is_signed_in(viewer) and viewer is not None and viewer.pk == owner.pk


def has_class_year(user: Viewer) -> bool:
    """Students belong to a class (MS1–MS4) and a graduation year; staff do not."""
    return is_student(user)


def can_import_roster(user: Viewer) -> bool:
    return is_coordinator(user)


def can_edit_taxonomy(user: Viewer) -> bool:
    return is_coordinator(user)


def can_grant_roles(user: Viewer) -> bool:
    return is_coordinator(user)


def requires_two_factor(user: Viewer, required_roles: list[str]) -> bool:
    return bool(_roles(user) & set(required_roles))


def can_see_field(viewer: Viewer | None, owner: User, field: str, visibility: str) -> bool:
    """Per-field profile visibility chosen by the owner."""
    if is_same_person(viewer, owner):
        return True
    if visibility == Visibility.EVERYONE:
        return is_signed_in(viewer)
    if visibility == Visibility.STAFF:
        return is_program_staff(viewer)
    return False


def can_see_accessibility_notes(viewer: Viewer, owner: User) -> bool:
    """Accessibility notes are private: the owner and coordinators only."""
    return is_same_person(viewer, owner) or is_coordinator(viewer)


def can_edit_profile(viewer: Viewer, owner: User) -> bool:
    """People edit only their own profile and availability."""
    return is_same_person(viewer, owner)


def visibilities_seen_by(viewer: Viewer) -> frozenset[str]:
    """The visibility levels ``viewer`` may see on other people's profiles.

    The query-side twin of :func:`can_see_field`, so the directory can filter
    by a field (class year, language) without revealing hidden values.
    """
    if not is_signed_in(viewer):
        return frozenset()
    if is_program_staff(viewer):
        return frozenset({Visibility.EVERYONE.value, Visibility.STAFF.value})
    return frozenset({Visibility.EVERYONE.value})


def can_see_inactive_people(viewer: Viewer) -> bool:
    """Deactivated accounts appear in the directory for coordinators only."""
    return is_coordinator(viewer)
