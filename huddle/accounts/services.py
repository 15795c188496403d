"""Writes to people, roles and profiles."""

from typing import Any

from django.db import transaction

from huddle.accounts import policy
from huddle.accounts.models import Profile, Role, RoleAssignment, User
from huddle.audit.models import AuditEvent
from huddle.audit.services import audit_record
from huddle.core.errors import HuddleError


def profile_for(user: User) -> Profile:
    """The person's profile, created empty on first use."""
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


def role_grant(*, user: User, role: str, by: Any) -> bool:
    """Give ``user`` a role; returns False when they already had it."""
    if not policy.can_grant_roles(by):
        raise HuddleError("Only coordinators may change roles.")
    if role not in Role.values:
        raise HuddleError(f"Unknown role {role!r}.", field="role")
    with transaction.atomic():
        _assignment, created = RoleAssignment.objects.get_or_create(
            user=user, role=role, defaults={"granted_by": by if getattr(by, "pk", None) else None}
        )
        if created:
            audit_record(actor=by, action=AuditEvent.Action.ROLE_GRANTED, target=user.email, detail={"role": role})
    return created


def role_revoke(*, user: User, role: str, by: Any) -> bool:
    """Take a role away; a coordinator cannot remove the school's last coordinator."""
    if not policy.can_grant_roles(by):
        raise HuddleError("Only coordinators may change roles.")
    with transaction.atomic():
        if role == Role.COORDINATOR:
            # Lock the coordinator rows so two concurrent revocations cannot
            # both see "another coordinator remains".
            holders = list(RoleAssignment.objects.select_for_update().filter(role=Role.COORDINATOR))
            if len(holders) <= 1 and any(h.user_id == user.pk for h in holders):
                raise HuddleError("The school must keep at least one coordinator.", field="role")
        deleted, _rows = RoleAssignment.objects.filter(user=user, role=role).delete()
        if deleted:
            audit_record(actor=by, action=AuditEvent.Action.ROLE_REVOKED, target=user.email, detail={"role": role})
    return bool(deleted)
