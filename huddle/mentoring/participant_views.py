"""Mentoring pages for students and faculty: home, enrollment, choosing a mentor, survey.

A participant never sees a proposal: before publication their pages say
that matching is under way, nothing more.
"""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huddle.accounts import policy
from huddle.accounts.models import User
from huddle.lib.errors import HuddleError
from huddle.mentoring import selectors, services
from huddle.mentoring.forms import EnrollmentForm, MentorRequestForm, SurveyForm
from huddle.mentoring.models import (
    Cycle,
    Enrollment,
    MatchingMode,
    MentorRequest,
    Mentorship,
    SurveyResponse,
    Tier,
)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    enrollments = selectors.my_enrollments(user)
    answered = set(SurveyResponse.objects.filter(user=user).values_list("cycle_id", flat=True))
    context = {
        "offers": selectors.offers_for(user) if policy.can_take_part_in_mentoring(user) else [],
        "mentorships": selectors.my_mentorships(user),
        "enrollments": enrollments,
        "survey_due": [
            e.cycle for e in enrollments if e.cycle.status == Cycle.Status.CLOSED and e.cycle_id not in answered
        ],
        "pending_for_me": selectors.pending_requests_for_mentor(user),
        "my_requests": selectors.my_requests(user),
        "cycles": list(selectors.cycles_all()) if policy.can_create_cycle(user) else None,
        "can_create": policy.can_create_cycle(user),
    }
    return render(request, "mentoring/home.html", context)


def _visible_cycle(request: HttpRequest, pk: int) -> Cycle:
    cycle = get_object_or_404(Cycle, pk=pk)
    if cycle.status == Cycle.Status.DRAFT and not policy.can_manage_cycle(request.user, cycle):
        raise Http404
    return cycle


@login_required
def enroll(request: HttpRequest, pk: int, side: str) -> HttpResponse:
    if side not in Enrollment.Side.values:
        raise Http404
    if not policy.can_take_part_in_mentoring(request.user):
        raise PermissionDenied
    cycle = _visible_cycle(request, pk)
    user = _user(request)
    existing = Enrollment.objects.filter(cycle=cycle, user=user, side=side).first()
    refusal = services.enrollment_refusal(cycle=cycle, user=user, side=side)
    is_open = services.enrollment_open(cycle)
    other = Enrollment.Side.MENTOR if side == Enrollment.Side.MENTEE else Enrollment.Side.MENTEE
    form = None
    if refusal is None and is_open:
        others = list(
            User.objects.filter(pk__in=services.eligible_user_ids(cycle=cycle, side=other))
            .exclude(pk=user.pk or 0)
            .order_by("last_name", "first_name")
        )
        initial = {}
        if existing:
            picks = [*existing.requests, None, None, None]
            initial = {
                "goals": existing.goals,
                "focus_areas": existing.focus_areas,
                "capacity": existing.capacity or None,
                "request_1": picks[0],
                "request_2": picks[1],
                "request_3": picks[2],
                "blocks": existing.blocks,
            }
        form = EnrollmentForm(request.POST or None, cycle=cycle, side=side, others=others, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.enrollment_save(
                    cycle=cycle,
                    user=user,
                    side=side,
                    goals=form.cleaned_data["goals"],
                    focus_areas=form.cleaned_data["focus_areas"],
                    capacity=form.cleaned_data.get("capacity"),
                    requests=form.requests(),
                    blocks=form.cleaned_data["blocks"],
                )
            except HuddleError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("You are enrolled in %(cycle)s.") % {"cycle": cycle.name})
                return redirect("mentoring:home")
    elif request.method == "POST":
        raise PermissionDenied
    context = {
        "cycle": cycle,
        "side": side,
        "side_label": Enrollment.Side(side).label,
        "form": form,
        "existing": existing,
        "refusal": refusal,
        "is_open": is_open,
    }
    return render(request, "mentoring/enroll.html", context, status=403 if refusal and not existing else 200)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int, side: str) -> HttpResponse:
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("cycle"), cycle_id=pk, user=_user(request), side=side
    )
    try:
        services.enrollment_withdraw(enrollment=enrollment, by=request.user)
    except HuddleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You have withdrawn from %(cycle)s.") % {"cycle": enrollment.cycle.name})
    return redirect("mentoring:home")


def _my_mentee_enrollment(request: HttpRequest, pk: int) -> Enrollment:
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("cycle"),
        cycle_id=pk,
        user=_user(request),
        side=Enrollment.Side.MENTEE,
        status=Enrollment.Status.ACTIVE,
    )
    if enrollment.cycle.mode != MatchingMode.SELF_SELECT:
        raise Http404
    return enrollment


@login_required
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


@login_required
def survey(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _visible_cycle(request, pk)
    user = _user(request)
    if not Enrollment.objects.filter(cycle=cycle, user=user).exists():
        raise PermissionDenied
    answered = SurveyResponse.objects.filter(cycle=cycle, user=user).exists()
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and not answered and form.is_valid():
        try:
            services.survey_submit(
                cycle=cycle,
                user=request.user,
                rating=form.cleaned_data["rating"],
                would_recommend=form.cleaned_data["would_recommend"],
                comment=form.cleaned_data["comment"],
            )
        except HuddleError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Thank you for your answers."))
            return redirect("mentoring:home")
    context = {"cycle": cycle, "form": form, "answered": answered}
    return render(request, "mentoring/survey.html", context)
