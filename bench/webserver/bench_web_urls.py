"""Huddle's URLs plus the benchmark's bare view (see ``bench_web_settings``).

``/bench/ok`` is the floor every page is compared with: it goes through every
middleware and touches ``request.user``, so with a session cookie it costs
exactly the session-and-auth stack (session row, user row, roles for the
two-factor check) and nothing of a page (no queries of its own, no template).
"""

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path
from django.views.decorators.http import require_GET

from huddle import urls as huddle_urls


@require_GET
def ok(request: HttpRequest) -> HttpResponse:
    """A bare answer that still loads the signed-in person, as every page does."""
    signed_in = request.user.is_authenticated
    return HttpResponse(b"ok" if signed_in else b"ok (anonymous)", content_type="text/plain")


urlpatterns: list[URLPattern | URLResolver] = [path("bench/ok", ok, name="bench_ok"), *huddle_urls.urlpatterns]

# Django looks the error handlers up on the root URLconf; keep Huddle's.
handler400 = getattr(huddle_urls, "handler400", "django.views.defaults.bad_request")
handler403 = getattr(huddle_urls, "handler403", "django.views.defaults.permission_denied")
handler404 = getattr(huddle_urls, "handler404", "django.views.defaults.page_not_found")
handler500 = getattr(huddle_urls, "handler500", "django.views.defaults.server_error")
