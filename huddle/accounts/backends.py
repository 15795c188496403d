"""Signing in with allauth, and loading the signed-in person with their roles in one query.

Every request of a signed-in person loads their row; nearly every page then
asks a role question (two-factor, navigation, policies). Reading the roles
in the same query as the person saves one query on every request.
"""

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.db.models import OuterRef, StringAgg, Subquery, Value

from huddle.accounts.models import RoleAssignment, User

ROLE_SEPARATOR = ","


def with_roles(users: Any) -> Any:
    """``users`` with each person's roles read in the same query (``roles_text``)."""
    roles = (
        RoleAssignment.objects.filter(user=OuterRef("pk"))
        .order_by()
        .values("user")
        .annotate(text=StringAgg("role", Value(ROLE_SEPARATOR)))
        .values("text")
    )
    return users.annotate(roles_text=Subquery(roles))


class HuddleAuthenticationBackend(AuthenticationBackend):
    """allauth's e-mail sign-in; the person comes back with their roles attached."""

    def get_user(self, user_id: Any) -> User | None:
        user = with_roles(User.objects.all()).filter(pk=user_id).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        text = user.roles_text or ""  # type: ignore[attr-defined]
        user.role_set_loaded(frozenset(role for role in text.split(ROLE_SEPARATOR) if role))
        return user
