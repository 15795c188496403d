"""Becoming a listener (or seeing what training is missing), the protocol, and asking for a debrief."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from huddle.accounts.http import signed_in_user
from huddle.lib.errors import HuddleError
from huddle.lib.forms import add_service_error
from huddle.lib.qualification import PeerRole, qualification_for
from huddle.listening import policy
from huddle.listening.forms import DebriefForm, HoursForm
from huddle.listening.hours import ranges_from_hours, school_zone
from huddle.listening.models import NO_HOURS
from huddle.listening.safety.services import debrief_request
from huddle.listening.volunteers import services


@login_required
@require_http_methods(["GET", "POST"])
def volunteer(request: HttpRequest) -> HttpResponse:
    """Opt in with listening hours, change them, pause, or step down; unqualified students see what is missing."""
    user = signed_in_user(request)
    if not policy.can_volunteer(user):
        raise PermissionDenied
    qualification = qualification_for(person=user, role=PeerRole.LISTENER)
    row = policy.listener_row(user)
    if request.method == "POST" and request.POST.get("action") == "step_down":
        services.listener_step_down(user=user)
        messages.success(request, _("You stepped down as a peer listener. Thank you for listening."))
        return redirect("listening:home")
    initial = HoursForm.initial_for(ranges_from_hours(row.hours if row else NO_HOURS), row.paused if row else False)
    form = HoursForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.listener_opt_in(user=user, hours=form.hours(), paused=form.cleaned_data["paused"])
            except HuddleError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Your listening hours are saved."))
                return redirect("listening:home")
        status = 400
    context = {
        "form": form,
        "qualification": qualification,
        "listener": row if row and row.active else None,
        "zone": str(school_zone()),
    }
    return render(request, "listening/volunteer.html", context, status=status)


@login_required
@require_GET
def protocol(request: HttpRequest) -> HttpResponse:
    if not policy.can_see_protocol(signed_in_user(request)):
        raise PermissionDenied
    return render(request, "listening/protocol.html", {"campus_lines": settings.HUDDLE_CAMPUS_CRISIS_LINES})


@login_required
@require_http_methods(["GET", "POST"])
def debrief(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not policy.can_ask_debrief(user):
        raise PermissionDenied
    form = DebriefForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                debrief_request(listener=user, summary=form.cleaned_data["summary"])
            except HuddleError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Well-being staff have your request and will reach out to you."))
                return redirect("listening:home")
        return render(request, "listening/debrief.html", {"form": form}, status=400)
    return render(request, "listening/debrief.html", {"form": form})
