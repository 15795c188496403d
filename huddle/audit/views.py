"""The audit log page, for coordinators."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from huddle.audit import policy
from huddle.audit.models import AuditEvent
from huddle.audit.selectors import audit_events

PAGE_SIZE = 50


@login_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    if not policy.can_view_audit_log(request.user):
        raise PermissionDenied
    action = request.GET.get("action", "")
    if action not in AuditEvent.Action.values:
        action = ""
    page = Paginator(audit_events(action=action), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/log.html",
        {"page": page, "actions": AuditEvent.Action.choices, "action": action},
    )
