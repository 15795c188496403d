"""The signed-in person behind a request, typed as the project's ``User``."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from huddle.accounts.models import User


def signed_in_user(request: HttpRequest) -> User:
    """The person behind a ``login_required`` view or an authenticated API call (refused if somehow not a person)."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user
