"""Small view helpers shared by the training pages."""

from typing import cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from huddle.accounts.models import User


def signed_in_user(request: HttpRequest) -> User:
    if not request.user.is_authenticated:
        raise PermissionDenied
    return cast(User, request.user)


def deny_unless(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
