"""The coordinator's page for one rematch request: the request and mentors with room."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from huddle.accounts.selectors import request_user
from huddle.mentoring import adapter, policy
from huddle.mentoring.models import Cycle, RematchRequest
from huddle.mentoring.proposals.selectors import CandidateRow, candidate_rows
from huddle.mentoring.proposals.views import mentor_choice_attempt
from huddle.mentoring.rematch import services


@login_required
@require_http_methods(["GET", "POST"])
def rematch(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    """One rematch request (reading it is audited) and mentors with room for that mentee."""
    cycle = get_object_or_404(Cycle, pk=pk)
    if not policy.can_view_rematch_requests(request.user, cycle):
        raise PermissionDenied
    rematch_request = get_object_or_404(
        RematchRequest.objects.select_related(
            "mentorship__mentee__user__profile", "mentorship__mentor__user", "requested_by"
        ),
        pk=request_pk,
        mentorship__cycle=cycle,
    )
    error = None
    if request.method == "POST":
        mentor, error = mentor_choice_attempt(
            request,
            cycle,
            lambda mentor: services.rematch_confirm(request=rematch_request, mentor=mentor, by=request.user),
        )
        if mentor is not None:
            messages.success(request, _("The mentee is paired with %(name)s.") % {"name": mentor.user})
            return redirect("mentoring:cycle_detail", cycle.pk)
    services.rematch_request_read(request=rematch_request, by=request.user)
    old = rematch_request.mentorship
    rows: list[CandidateRow] = []
    if not rematch_request.resolved_at and cycle.status == Cycle.Status.ACTIVE:
        pool = adapter.pool_load(cycle, old.tier, mentee_ids=[old.mentee_id])
        load = adapter.active_load(cycle, old.tier)
        candidates = adapter.candidates_for(pool, str(old.mentee_id), adapter.criteria_for(cycle), load=load)
        others = [c for c in candidates if c.mentor.pk != old.mentor_id]
        rows = candidate_rows(others, viewer=request_user(request), mentee=old.mentee.user)
    context = {"cycle": cycle, "item": rematch_request, "old": old, "rows": rows[:40], "error": error}
    return render(request, "mentoring/rematch.html", context, status=400 if error else 200)
