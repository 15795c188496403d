"""The home dashboard, section landing pages and error pages."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from huddle.home import dashboard

#: The product's sections; each later issue replaces its landing page.
SECTIONS: dict[str, dict[str, Any]] = {
    "groups": {
        "title": _("Study groups"),
        "blurb": _("Find, create and join study groups by course, goal, modality and schedule."),
    },
    "tutoring": {"title": _("Peer tutoring"), "blurb": _("Book trained peer tutors for 1:1 or small-group sessions.")},
    "forum": {
        "title": _("Q&A"),
        "blurb": _(
            "Ask and answer course questions, anonymously to peers if you prefer, with faculty-verified answers."
        ),
    },
    "wellbeing": {
        "title": _("Well-being"),
        "blurb": _("Private check-ins, trained peer listeners and stories that normalise asking for help."),
    },
    "training": {
        "title": _("Training"),
        "blurb": _("Modules on active listening, tutoring and mentoring; workshops with RSVP."),
    },
    "initiatives": {
        "title": _("Initiatives"),
        "blurb": _("Student-led initiatives and events with a faculty sponsor."),
    },
    "analytics": {
        "title": _("Analytics"),
        "blurb": _("Participation and outcomes, with small numbers suppressed so nobody is re-identified."),
    },
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home/home.html", {"dash": dashboard.for_user(request.user)})


@login_required
def section(request: HttpRequest, section: str) -> HttpResponse:
    if section not in SECTIONS:
        raise Http404
    return render(request, "home/section.html", {"section": SECTIONS[section], "slug": section})


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
