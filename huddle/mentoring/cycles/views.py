"""The coordinator's cycle pages (create, edit, weights with a live preview, status,
export) and the participants' end survey."""

import csv
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huddle.accounts.selectors import request_user
from huddle.lib.errors import HuddleError
from huddle.lib.forms import add_service_error
from huddle.mentoring import adapter, policy
from huddle.mentoring.cycles import selectors, services
from huddle.mentoring.cycles.forms import (
    PRESET_LABELS,
    CycleForm,
    SurveyForm,
    WeightsForm,
    preset_choices,
    weight_initial,
)
from huddle.mentoring.models import (
    Cycle,
    Enrollment,
    MatchingMode,
    SurveyResponse,
    Tier,
)
from huddle.mentoring.proposals import selectors as proposals_selectors

#: A cycle may have hundreds of pairs: a page shows this many, with a search by name.
PAIRS_PER_PAGE = 25


def cycle_for_coordinator(request: HttpRequest, pk: int) -> Cycle:
    cycle = get_object_or_404(Cycle, pk=pk)
    if not policy.can_manage_cycle(request.user, cycle):
        raise PermissionDenied
    return cycle


def _new_cycle_initial(preset: str | None) -> dict[str, Any]:
    today = timezone.localdate()
    initial: dict[str, Any] = {
        "enrollment_opens": today,
        "enrollment_closes": today + timedelta(days=14),
        "starts_on": today + timedelta(days=21),
        "ends_on": today + timedelta(days=21 + 182),
        "mentee_class_years": [1],
        "mentor_class_years": [3, 4],
    }
    if preset in services.WEIGHT_PRESETS:
        initial.update(weight_initial(services.WEIGHT_PRESETS[preset]))
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def cycle_create(request: HttpRequest) -> HttpResponse:
    if not policy.can_create_cycle(request.user):
        raise PermissionDenied
    form = CycleForm(request.POST or None, initial=_new_cycle_initial(request.GET.get("preset")))
    return _cycle_form(request, form, None, _("The cycle is saved as a draft. Open enrollment when you are ready."))


@login_required
@require_http_methods(["GET", "POST"])
def cycle_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = cycle_for_coordinator(request, pk)
    preset = request.GET.get("preset")
    initial = weight_initial(services.WEIGHT_PRESETS[preset]) if preset in services.WEIGHT_PRESETS else None
    form = CycleForm(request.POST or None, instance=cycle, initial=initial)
    return _cycle_form(request, form, cycle, _("The cycle is saved."))


def _cycle_form(request: HttpRequest, form: CycleForm, cycle: Cycle | None, success: str) -> HttpResponse:
    """Save a valid posted cycle form through the service, or show the form again."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.cycle_save(cycle=form.save(commit=False), by=request.user)
        except HuddleError as error:
            add_service_error(form, error)
        else:
            messages.success(request, success)
            return redirect("mentoring:cycle_detail", saved.pk)
    return render(
        request,
        "mentoring/cycle_form.html",
        {"form": form, "cycle": cycle, "presets": preset_choices(), "preset_weights": services.WEIGHT_PRESETS},
    )


@login_required
@require_GET
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = cycle_for_coordinator(request, pk)
    context = {
        "cycle": cycle,
        "overview": selectors.cycle_overview(cycle),
        **proposals_selectors.run_panel(cycle),
        "tier_labels": dict(Tier.choices),
        "preset_label": PRESET_LABELS.get(cycle.weights_preset or "custom", cycle.weights_preset),
        "weights": adapter.weights_from(cycle.weights),
        "is_self_select": cycle.mode == MatchingMode.SELF_SELECT,
    }
    if cycle.status in (Cycle.Status.ACTIVE, Cycle.Status.CLOSED):
        query = (request.GET.get("q") or "").strip()[:100]
        pairs = selectors.cycle_mentorships(cycle, named=query)
        context["pairs"] = Paginator(pairs, PAIRS_PER_PAGE).get_page(request.GET.get("page"))
        context["query"] = query
        context["attention"] = selectors.needs_attention(cycle) if cycle.status == Cycle.Status.ACTIVE else None
    if cycle.status == Cycle.Status.CLOSED:
        context["survey"] = selectors.survey_summary(cycle)
    return render(request, "mentoring/cycle_detail.html", context)


@login_required
@require_POST
def cycle_status(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = cycle_for_coordinator(request, pk)
    actions = {
        "open": (services.cycle_open_enrollment, _("Enrollment is open.")),
        "close_enrollment": (services.cycle_close_enrollment, _("Enrollment is closed.")),
        "close": (services.cycle_close, _("The cycle is closed and the end survey is open.")),
    }
    action = actions.get(request.POST.get("action", ""))
    if action is None:
        messages.error(request, _("Unknown action."))
        return redirect("mentoring:cycle_detail", cycle.pk)
    service, done = action
    try:
        service(cycle=cycle, by=request.user)
    except HuddleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("mentoring:cycle_detail", cycle.pk)


@login_required
@require_http_methods(["GET", "POST"])
def cycle_weights(request: HttpRequest, pk: int) -> HttpResponse:
    """The weights and their live effect on the current enrollment."""
    cycle = cycle_for_coordinator(request, pk)
    preset = request.GET.get("preset")
    source = services.WEIGHT_PRESETS.get(preset or "") or cycle.weights
    form = WeightsForm(request.POST or None, initial=weight_initial(source))
    if request.method == "POST" and form.is_valid():
        cycle.weights = {**cycle.weights, **form.weights()}
        try:
            services.cycle_save(cycle=cycle, by=request.user)
        except HuddleError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The weights are saved. Re-run matching to apply them."))
            return redirect("mentoring:cycle_detail", cycle.pk)
    context = {
        "cycle": cycle,
        "form": form,
        "presets": preset_choices(),
        "preset": preset,
        "preset_weights": services.WEIGHT_PRESETS,
    }
    return render(request, "mentoring/cycle_weights.html", context)


@login_required
@require_POST
def weights_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: run the engine on draft weights; nothing is saved."""
    cycle = cycle_for_coordinator(request, pk)
    form = WeightsForm(request.POST)
    context: dict[str, Any] = {"cycle": cycle, "tier_labels": dict(Tier.choices)}
    if form.is_valid() and sum(form.weights().values()) > 0:
        context["preview"] = adapter.preview(cycle, form.weights())
    else:
        context["preview_error"] = _("Each weight must be a number from 0 to 10, and at least one above 0.")
    return render(request, "mentoring/cycle_weights.html#preview", context)


@login_required
@require_GET
def cycle_export(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_object_or_404(Cycle, pk=pk)
    if not policy.can_export_cycle(request.user, cycle):
        raise PermissionDenied
    rows = selectors.export_rows(cycle)
    services.cycle_export_record(cycle=cycle, by=request.user, rows=len(rows) - 1)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mentoring-cycle-{cycle.pk}-pairs.csv"'
    writer = csv.writer(response)
    for row in rows:
        # Guard spreadsheet formulas in names typed by people.
        writer.writerow([f"'{v}" if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") else v for v in row])
    return response


def cycle_for_participant(request: HttpRequest, pk: int) -> Cycle:
    cycle = get_object_or_404(Cycle, pk=pk)
    if not policy.can_see_cycle(request.user, cycle):
        raise Http404
    return cycle


@login_required
@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = cycle_for_participant(request, pk)
    user = request_user(request)
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
            add_service_error(form, error)
        else:
            messages.success(request, _("Thank you for your answers."))
            return redirect("mentoring:home")
    context = {"cycle": cycle, "form": form, "answered": answered}
    return render(request, "mentoring/survey.html", context)
