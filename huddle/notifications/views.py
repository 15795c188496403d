"""The notification list, marking as read, and e-mail preferences."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from huddle.lib import registry
from huddle.lib.errors import HuddleError
from huddle.lib.http import bad_request, is_htmx, parse_id
from huddle.notifications import selectors, services
from huddle.notifications.models import EmailMode


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    context = {
        "notes": selectors.recent_notifications(user=request.user),
        "email_mode": services.email_mode_for(request.user),
        "modes": EmailMode.choices,
    }
    return render(request, "notifications/list.html", context)


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification (``id``) or, without an id, all of them as read."""
    raw_id = request.POST.get("id", "")
    try:
        ids = [parse_id(raw_id, field="id")] if raw_id else None
    except HuddleError as error:
        return bad_request(request, error)
    services.notifications_mark_read(user=request.user, ids=ids)
    if is_htmx(request):
        # The list fragment, plus the nav badge swapped out-of-band.
        context = {
            "notes": selectors.recent_notifications(user=request.user),
            "nav_link": registry.link_html(
                registry.nav_links(request.path, request.user, [registry.nav.get("notifications")])[0], oob=True
            ),
            "oob": True,
        }
        return render(request, "notifications/list.html#notes", context)
    return redirect("notifications:list")


@login_required
@require_POST
def preferences(request: HttpRequest) -> HttpResponse:
    try:
        services.preference_set(user=request.user, email_mode=request.POST.get("email_mode", ""))
    except HuddleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your e-mail preference is saved."))
    return redirect("notifications:list")
