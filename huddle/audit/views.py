"""The audit log page, for coordinators."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from huddle.accounts import policy
from huddle.audit.models import AuditEvent


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not policy.can_view_audit_log(request.user):
        raise PermissionDenied
    events = AuditEvent.objects.all()
    action = request.GET.get("action", "")
    if action in AuditEvent.Action.values:
        events = events.filter(action=action)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/log.html",
        {"page": page, "actions": AuditEvent.Action.choices, "action": action},
    )
