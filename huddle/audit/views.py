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
from huddle.lib import registry

PAGE_SIZE = 50


@login_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    if not policy.can_view_audit_log(request.user):
        raise PermissionDenied
    labels = action_labels()
    action = request.GET.get("action", "")
    if action not in labels:
        action = ""
    page = Paginator(audit_events(action=action), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(event, labels.get(event.action, event.action)) for event in page.object_list]
    context = {"page": page, "rows": rows, "actions": sorted(labels.items()), "action": action}
    return render(request, "audit/log.html", context)


def action_labels() -> dict[str, str]:
    """The log's own actions and those the apps register (``registry.audit_actions``), by key."""
    labels = {key: str(label) for key, label in AuditEvent.Action.choices}
    labels.update((a.key, str(a.label)) for a in registry.audit_actions.items())
    return labels
