"""The well-being section's front page: what this person can do here."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from huddle.wellbeing import policy


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "can_check_in": policy.can_check_in(user),
        "can_share": policy.can_share_story(user),
        "can_review": policy.can_review_stories(user),
        "can_see_totals": policy.can_see_wellbeing_totals(user),
        "can_edit_crisis": policy.can_edit_crisis_resources(user),
    }
    return render(request, "wellbeing/home.html", context)
