"""Coordinators and well-being staff must use two-factor authentication.

They can see who is in which program and handle sensitive requests, so a
stolen password alone must not be enough. Until they add an authenticator,
every page except the set-up pages sends them to set one up.
"""

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from huddle.accounts import policy

_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/media/", "/wellbeing/crisis/", "/healthz")


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and policy.requires_two_factor(user, settings.HUDDLE_MFA_REQUIRED_ROLES)
            and not request.session.get("mfa_ok")
        ):
            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                return redirect("mfa_activate_totp")
            request.session["mfa_ok"] = True
        return self.get_response(request)
