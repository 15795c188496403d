"""The groups home (my groups, my requests) and Find a group."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from huddle.accounts.http import signed_in_user
from huddle.groups import policy
from huddle.groups.find import selectors
from huddle.groups.find.forms import FindForm
from huddle.groups.find.selectors import FindFilters
from huddle.lib.http import deny_unless, is_htmx
from huddle.lib.zones import zone_of


@login_required
@require_http_methods(["GET"])
def groups_home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    deny_unless(policy.can_use_groups(user))
    zone = zone_of(user)
    context = {
        "mine": selectors.my_groups(person=user, now=timezone.now()),
        "requests": selectors.my_requests(person=user),
        "can_create": policy.can_create_group(user),
        "can_manage_pools": policy.can_manage_pools(user),
        "can_read_activity": policy.can_read_activity(user),
        "can_read_problems": policy.can_read_problem_reports(user),
        "zone_name": zone.key,
    }
    # Session times read on the viewer's own clock, whatever zone the sign-in remembered.
    with timezone.override(zone):
        return render(request, "groups/find/home.html", context)


@login_required
@require_http_methods(["GET"])
def groups_find(request: HttpRequest) -> HttpResponse:
    """Listed groups with the hours each shares with the viewer's week; htmx asks only for the results."""
    user = signed_in_user(request)
    deny_unless(policy.can_use_groups(user))
    zone = zone_of(user)
    form = FindForm(request.GET)
    filters = form.filters() if form.is_valid() else FindFilters()
    results = selectors.find_groups(
        viewer=user, filters=filters, now=timezone.now(), zone=zone.key, page=request.GET.get("page")
    )
    context = {
        "form": form,
        "filters": filters,
        "results": results,
        "can_create": policy.can_create_group(user),
    }
    template = "groups/find/find.html" + ("#results" if is_htmx(request) else "")
    return render(request, template, context, status=400 if form.errors else 200)
