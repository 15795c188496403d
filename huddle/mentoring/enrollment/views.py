"""The enrollment pages: join a cycle as mentee or mentor, or withdraw."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from huddle.accounts.models import User
from huddle.accounts.selectors import request_user
from huddle.lib.errors import HuddleError
from huddle.lib.forms import add_service_error
from huddle.mentoring import policy
from huddle.mentoring.cycles.views import cycle_for_participant
from huddle.mentoring.enrollment import services
from huddle.mentoring.enrollment.forms import EnrollmentForm
from huddle.mentoring.models import (
    Enrollment,
)


@login_required
@require_http_methods(["GET", "POST"])
def enroll(request: HttpRequest, pk: int, side: str) -> HttpResponse:
    if side not in Enrollment.Side.values:
        raise Http404
    if not policy.can_take_part_in_mentoring(request.user):
        raise PermissionDenied
    cycle = cycle_for_participant(request, pk)
    user = request_user(request)
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
                add_service_error(form, error)
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
        Enrollment.objects.select_related("cycle"), cycle_id=pk, user=request_user(request), side=side
    )
    try:
        services.enrollment_withdraw(enrollment=enrollment, by=request.user)
    except HuddleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You have withdrawn from %(cycle)s.") % {"cycle": enrollment.cycle.name})
    return redirect("mentoring:home")
