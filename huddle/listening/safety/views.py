"""Reporting and blocking in a conversation; the well-being staff queue and settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huddle.accounts.http import signed_in_user
from huddle.lib.errors import HuddleError
from huddle.lib.forms import add_service_error
from huddle.lib.http import bad_request
from huddle.listening import names, policy
from huddle.listening.conversations.selectors import staff_queue
from huddle.listening.forms import ReportForm, SettingsForm
from huddle.listening.http import readable_conversation
from huddle.listening.models import Debrief, Report
from huddle.listening.safety import services
from huddle.listening.settings_row import listening_settings


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, conversation_id: int) -> HttpResponse:
    user = signed_in_user(request)
    conversation = readable_conversation(request, conversation_id)
    if not policy.can_report(user, conversation):
        raise Http404
    form = ReportForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.report_file(
                    user=user,
                    conversation=conversation,
                    reason=form.cleaned_data["reason"],
                    details=form.cleaned_data["details"],
                )
                if request.POST.get("block"):
                    services.block_other_side(user=user, conversation=conversation)
            except HuddleError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Thank you. Well-being staff will look at this."))
                return redirect("listening:home")
        return render(request, "listening/report.html", {"form": form, "conversation": conversation}, status=400)
    return render(request, "listening/report.html", {"form": form, "conversation": conversation})


@login_required
@require_POST
def block(request: HttpRequest, conversation_id: int) -> HttpResponse:
    user = signed_in_user(request)
    conversation = readable_conversation(request, conversation_id)
    try:
        services.block_other_side(user=user, conversation=conversation)
    except HuddleError as error:
        return bad_request(request, error)
    messages.success(request, _("Blocked. You will not be matched with this person again."))
    return redirect("listening:home")


@login_required
@require_GET
def staff(request: HttpRequest) -> HttpResponse:
    """Handoffs waiting to be joined, open reports and debrief requests; names only where the student shared them."""
    user = signed_in_user(request)
    if not policy.can_manage(user):
        raise PermissionDenied
    queue = staff_queue(user)
    context = {
        "handoffs": [{"c": c, "student": names.student_name(user, c)} for c in queue.handoffs],
        "joined": [{"c": c, "student": names.student_name(user, c)} for c in queue.joined],
        "reports": [
            {
                "r": r,
                "student": names.student_name(user, r.conversation),
                "by": _reporter_side(r),
            }
            for r in queue.reports
        ],
        "debriefs": queue.debriefs,
    }
    return render(request, "listening/staff.html", context)


def _reporter_side(report: Report) -> str:
    if report.reporter_id is None:
        return _("Huddle")
    if report.reporter_id == report.conversation.student_id:
        return _("the student")
    return _("the listener")


@login_required
@require_POST
def report_close(request: HttpRequest, report_id: int) -> HttpResponse:
    user = signed_in_user(request)
    if not policy.can_manage(user):
        raise PermissionDenied
    found = get_object_or_404(Report, pk=report_id)
    try:
        services.report_close(staff=user, report=found)
    except HuddleError as error:
        return bad_request(request, error)
    return redirect("listening:staff")


@login_required
@require_POST
def debrief_done(request: HttpRequest, debrief_id: int) -> HttpResponse:
    user = signed_in_user(request)
    if not policy.can_manage(user):
        raise PermissionDenied
    found = get_object_or_404(Debrief, pk=debrief_id)
    try:
        services.debrief_done(staff=user, debrief=found)
    except HuddleError as error:
        return bad_request(request, error)
    return redirect("listening:staff")


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not policy.can_manage(user):
        raise PermissionDenied
    row = listening_settings()
    form = SettingsForm(
        request.POST or None, initial={"retention_days": row.retention_days, "wait_minutes": row.wait_minutes}
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                services.settings_update(
                    staff=user,
                    retention_days=form.cleaned_data["retention_days"],
                    wait_minutes=form.cleaned_data["wait_minutes"],
                )
            except HuddleError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Listening settings saved."))
                return redirect("listening:settings")
        return render(request, "listening/settings.html", {"form": form}, status=400)
    return render(request, "listening/settings.html", {"form": form})
