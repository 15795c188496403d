"""Coordinators and well-being staff must use two-factor authentication.

They can see who is in which program and handle sensitive requests, so a
stolen password alone must not be enough. Until they add an authenticator,
every page except the set-up pages sends them to set one up; the crisis page
stays open to everyone.
"""

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from huddle.accounts import policy
from huddle.lib.http import is_htmx

_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/media/", "/wellbeing/crisis/", "/healthz")
#: Session key set once the person is known to have an authenticator.
SESSION_KEY = "mfa_ok"


def has_totp(user: object) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.session.get(SESSION_KEY)
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and policy.requires_two_factor(user, settings.HUDDLE_MFA_REQUIRED_ROLES)
        ):
            if not has_totp(user):
                return self._set_up_first(request)
            # Checked once per session: the MFA adapter forbids removing it.
            request.session[SESSION_KEY] = True
        return self.get_response(request)

    def _set_up_first(self, request: HttpRequest) -> HttpResponse:
        url = reverse("mfa_activate_totp")
        if request.path.startswith("/api/"):
            message = _("Set up two-factor authentication in Huddle before using the API.")
            return JsonResponse({"detail": message}, status=403)
        if is_htmx(request):
            # htmx would swap the set-up page into a fragment; send the whole page there.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)


class UserLanguageMiddleware:
    """A signed-in person's chosen language wins over the browser's.

    Runs after authentication; the choice is a column of the user row that
    authentication loads anyway, so it costs no query.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        chosen = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        if chosen:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        return self.get_response(request)
