"""The home dashboard, planned sections, the calendar feed, health check and error pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from huddle.home import feed
from huddle.home.dashboard import dashboard_for
from huddle.home.planned import planned_section
from huddle.lib import calendar, registry
from huddle.lib.http import signed_in_id
from huddle.lib.urls import absolute_url


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home/home.html", {"dash": dashboard_for(request.user)})


@login_required
@require_GET
def section(request: HttpRequest, section: str) -> HttpResponse:
    """A planned section's landing page, until an app provides the section."""
    entry = planned_section(section, {e.key for e in registry.nav.items()})
    if entry is None:
        raise Http404
    return render(request, "home/section.html", {"section": entry, "slug": section})


@login_required
@require_http_methods(["GET", "POST"])
def calendar_settings(request: HttpRequest) -> HttpResponse:
    """The person's secret calendar address, and a way to reset it."""
    if request.method == "POST":
        feed.feed_reset(user_id=signed_in_id(request))
        messages.success(request, _("Your calendar address is new; the old one no longer works."))
        return redirect("calendar")
    token = feed.feed_for(user_id=signed_in_id(request)).token
    url = absolute_url(reverse("calendar_feed", args=[token]))  # the school's address, as e-mails use
    webcal = url.replace("https://", "webcal://", 1)  # plain http (development) stays a download link
    return render(request, "home/calendar.html", {"feed_url": url, "webcal_url": webcal})


@require_GET
@never_cache
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself: no session, the secret address is the key."""
    subscribed = feed.feed_by_token(token=token)
    if subscribed is None:
        raise Http404
    response = HttpResponse(feed.feed_ics(feed=subscribed), content_type=calendar.CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="huddle.ics"'
    return response


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For the load balancer: answers only when the database does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No request context or context processors: the database may be what failed.
    return HttpResponse(loader.get_template("errors/500.html").render({}), status=500)
