"""The header's language switch: for everyone, remembered on the profile once signed in."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from huddle.accounts import services
from huddle.accounts.models import User
from huddle.lib.errors import HuddleError
from huddle.lib.http import bad_request


def _back(request: HttpRequest) -> str:
    """Where the switch was pressed, if it is a page of this site."""
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe and target.startswith("/") else "/"


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """Open to visitors too: the crisis page and the sign-in page must be readable first."""
    language = request.POST.get("language", "")
    try:
        if isinstance(request.user, User):
            services.user_language_set(user=request.user, language=language)
        else:
            services.language_checked(language)
    except HuddleError as error:
        return bad_request(request, error)
    translation.activate(language)
    response = HttpResponseRedirect(_back(request))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response
