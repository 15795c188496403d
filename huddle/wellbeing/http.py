"""Small request helpers the well-being views share."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import NoReverseMatch

from huddle.accounts.models import User
from huddle.lib import registry


def signed_in_user(request: HttpRequest) -> User:
    """The person behind a ``login_required`` view, typed as such."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def listening_url() -> str:
    """The peer listeners' page if that capability is installed; found through the registry, not an import."""
    try:
        return registry.nav.get("listening").url()
    except (LookupError, NoReverseMatch):
        return ""
