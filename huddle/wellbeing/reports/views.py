"""Well-being staff's totals: every number passes through ``suppress_counts``; no person appears."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from huddle.lib.http import deny_unless
from huddle.wellbeing import policy
from huddle.wellbeing.reports import selectors


@login_required
@require_GET
def aggregates(request: HttpRequest) -> HttpResponse:
    deny_unless(policy.can_see_wellbeing_totals(request.user))
    try:
        weeks = int(request.GET.get("weeks", "4"))
    except ValueError:
        weeks = 4
    if weeks not in selectors.PERIODS:
        weeks = 4
    weekly, shares = selectors.burned_out_by_week(weeks=max(weeks, 13))
    context = {
        "weeks": weeks,
        "periods": selectors.PERIODS.items(),
        "by_year": selectors.burnout_by_class_year(weeks=weeks),
        "weekly": weekly,
        "shares": shares,
        "bars": selectors.share_bars(shares),
    }
    return render(request, "wellbeing/aggregates.html", context)
