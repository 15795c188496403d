"""The coordinators' activity report."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from huddle.accounts.selectors import request_user
from huddle.groups import policy
from huddle.groups.activity import selectors
from huddle.lib.http import deny_unless
from huddle.lib.zones import zone_of


@login_required
@require_GET
def activity(request: HttpRequest) -> HttpResponse:
    """Groups and members by course, sessions held per week, attendance where it was taken."""
    user = request_user(request)
    deny_unless(policy.can_read_activity(user))
    report = selectors.activity_report(now=timezone.now(), zone=zone_of(user))
    return render(request, "groups/activity/activity.html", {"report": report})
