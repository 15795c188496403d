"""The mentoring landing page: a person's pairs, open cycles, requests, and coordinators' cycles."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from huddle.accounts.selectors import request_user
from huddle.mentoring import policy
from huddle.mentoring.cycles import selectors as cycles_selectors
from huddle.mentoring.enrollment import selectors as enrollment_selectors
from huddle.mentoring.models import (
    Cycle,
    SurveyResponse,
)
from huddle.mentoring.pairs import selectors as pairs_selectors
from huddle.mentoring.requests import selectors as requests_selectors


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    enrollments = enrollment_selectors.my_enrollments(user)
    answered = set(SurveyResponse.objects.filter(user=user).values_list("cycle_id", flat=True))
    context = {
        "offers": enrollment_selectors.offers_for(user) if policy.can_take_part_in_mentoring(user) else [],
        "mentorships": pairs_selectors.my_mentorships(user),
        "enrollments": enrollments,
        "survey_due": [
            e.cycle for e in enrollments if e.cycle.status == Cycle.Status.CLOSED and e.cycle_id not in answered
        ],
        "pending_for_me": requests_selectors.pending_requests_for_mentor(user),
        "my_requests": requests_selectors.my_requests(user),
        "cycles": list(cycles_selectors.cycles_all()) if policy.can_create_cycle(user) else None,
        "can_create": policy.can_create_cycle(user),
    }
    return render(request, "mentoring/home.html", context)
