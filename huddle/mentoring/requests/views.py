"""Self-select pages: browse mentors with reasons, ask one, answer or cancel a request."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from huddle.accounts.selectors import request_user
from huddle.lib.errors import HuddleError
from huddle.mentoring.models import (
    Enrollment,
    MatchingMode,
    MentorRequest,
    Mentorship,
    Tier,
)
from huddle.mentoring.requests import selectors, services
from huddle.mentoring.requests.forms import MentorRequestForm


def _my_mentee_enrollment(request: HttpRequest, pk: int) -> Enrollment:
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("cycle", "user__profile"),
        cycle_id=pk,
        user=request_user(request),
        side=Enrollment.Side.MENTEE,
        status=Enrollment.Status.ACTIVE,
    )
    if enrollment.cycle.mode != MatchingMode.SELF_SELECT:
        raise Http404
    return enrollment


@login_required
@require_GET
def browse_mentors(request: HttpRequest, pk: int) -> HttpResponse:
    """Self-select: mentors with room, best fit first, with the reasons."""
    mentee = _my_mentee_enrollment(request, pk)
    cycle = mentee.cycle
    tiers = cycle.tiers()
    tier = request.GET.get("tier") or tiers[0]
    if tier not in tiers:
        raise Http404
    query = (request.GET.get("q") or "").strip().lower()
    has_mentor = Mentorship.objects.filter(
        cycle=cycle, tier=tier, mentee=mentee, status=Mentorship.Status.ACTIVE
    ).exists()
    choices = [] if has_mentor else selectors.mentor_choices(cycle, mentee, tier)
    if query:
        choices = [
            c
            for c in choices
            if query in c.candidate.mentor.user.get_full_name().lower()
            or any(query in text.lower() for text in c.reason_texts)
        ]
    context = {
        "cycle": cycle,
        "mentee": mentee,
        "tier": tier,
        "tiers": [(t, dict(Tier.choices)[t]) for t in tiers],
        "choices": choices[:60],
        "total": len(choices),
        "query": query,
        "has_mentor": has_mentor,
        "open": services.self_select_open(cycle),
        "form": MentorRequestForm(),
    }
    return render(request, "mentoring/browse_mentors.html", context)


@login_required
@require_POST
def request_create(request: HttpRequest, pk: int, mentor_pk: int) -> HttpResponse:
    mentee = _my_mentee_enrollment(request, pk)
    mentor = get_object_or_404(Enrollment.objects.select_related("user"), pk=mentor_pk, cycle_id=pk)
    form = MentorRequestForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    try:
        services.mentor_request_create(mentee=mentee, mentor=mentor, message=message, by=request.user)
    except HuddleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your request is on its way to %(name)s.") % {"name": mentor.user})
    return redirect(f"{reverse('mentoring:browse_mentors', args=[pk])}?tier={mentor.tier}")


@login_required
@require_POST
def request_decide(request: HttpRequest, request_pk: int, decision: str) -> HttpResponse:
    item = get_object_or_404(MentorRequest.objects.select_related("mentor", "mentee", "cycle"), pk=request_pk)
    if request.user.pk not in (item.mentor.user_id, item.mentee.user_id):
        raise Http404
    try:
        if decision == "cancel":
            services.mentor_request_cancel(request=item, by=request.user)
            messages.success(request, _("Your request is cancelled."))
        elif decision in ("accept", "decline"):
            services.mentor_request_decide(request=item, accept=decision == "accept", by=request.user)
            messages.success(request, _("Your answer is sent."))
        else:
            raise Http404
    except HuddleError as error:
        messages.error(request, error.message)
    return redirect("mentoring:home")
