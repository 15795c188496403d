"""The mentoring landing page: a person's pairs, open cycles, requests, and coordinators' cycles."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from huddle.accounts.selectors import request_user
from huddle.mentoring import policy
from huddle.mentoring.cycles import selectors as cycles_selectors
from huddle.mentoring.enrollment import selectors as enrollment_selectors
from huddle.mentoring.pairs import selectors as pairs_selectors
from huddle.mentoring.requests import selectors as requests_selectors


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    enrollments = enrollment_selectors.my_enrollments(user)
    requests = requests_selectors.requests_of(enrollments)
    context = {
        "offers": enrollment_selectors.offers_for(user, enrollments=enrollments)
        if policy.can_take_part_in_mentoring(user)
        else [],
        "mentorships": pairs_selectors.my_mentorships(user, enrollments=enrollments),
        "enrollments": enrollments,
        "survey_due": enrollment_selectors.surveys_due(user, enrollments),
        "pending_for_me": requests.waiting_for_me,
        "my_requests": requests.mine,
        "cycles": list(cycles_selectors.cycles_all()) if policy.can_create_cycle(user) else None,
        "can_create": policy.can_create_cycle(user),
    }
    return render(request, "mentoring/home.html", context)
