"""Mentoring pages for coordinators (cycles, matching, proposals).

Participants' pages (enrollment, choosing a mentor, the survey) are in
``participant_views``; the pair space belongs to ``pair_views``.
"""

import csv
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huddle.accounts import policy
from huddle.lib.errors import HuddleError
from huddle.mentoring import engine, selectors, services
from huddle.mentoring.forms import PRESET_LABELS, CycleForm, WeightsForm, preset_choices, weight_initial
from huddle.mentoring.models import Cycle, Enrollment, MatchingMode, ProposedPair, RematchRequest, Tier
from huddle.mentoring.participant_views import (
    browse_mentors,
    enroll,
    home,
    request_create,
    request_decide,
    survey,
    withdraw,
)
from huddle.mentoring.reasons import reason_text, reason_texts

PAIRS_PER_PAGE = 200

__all__ = ["browse_mentors", "enroll", "home", "request_create", "request_decide", "survey", "withdraw"]


def _cycle_for_coordinator(request: HttpRequest, pk: int) -> Cycle:
    cycle = get_object_or_404(Cycle, pk=pk)
    if not policy.can_manage_cycle(request.user, cycle):
        raise PermissionDenied
    return cycle


def _form_error(form: Any, error: HuddleError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


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
def cycle_create(request: HttpRequest) -> HttpResponse:
    if not policy.can_create_cycle(request.user):
        raise PermissionDenied
    form = CycleForm(request.POST or None, initial=_new_cycle_initial(request.GET.get("preset")))
    return _cycle_form(
        request, form, None, _("The cycle is saved as a draft. Open enrollment when you are ready.")
    )


@login_required
def cycle_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _cycle_for_coordinator(request, pk)
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
            _form_error(form, error)
        else:
            messages.success(request, success)
            return redirect("mentoring:cycle_detail", saved.pk)
    return render(
        request,
        "mentoring/cycle_form.html",
        {"form": form, "cycle": cycle, "presets": preset_choices(), "preset_weights": services.WEIGHT_PRESETS},
    )


@login_required
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _cycle_for_coordinator(request, pk)
    runs = selectors.latest_runs(cycle)
    context = {
        "cycle": cycle,
        "overview": selectors.cycle_overview(cycle),
        "runs": [runs[t] for t in cycle.tiers() if t in runs],
        "in_progress": selectors.runs_in_progress(runs),
        "tier_labels": dict(Tier.choices),
        "preset_label": PRESET_LABELS.get(cycle.weights_preset or "custom", cycle.weights_preset),
        "weights": engine.weights_from(cycle.weights),
        "is_self_select": cycle.mode == MatchingMode.SELF_SELECT,
    }
    if cycle.status in (Cycle.Status.ACTIVE, Cycle.Status.CLOSED):
        context["pairs"] = Paginator(selectors.cycle_mentorships(cycle), PAIRS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        context["attention"] = selectors.needs_attention(cycle) if cycle.status == Cycle.Status.ACTIVE else None
    if cycle.status == Cycle.Status.CLOSED:
        context["survey"] = selectors.survey_summary(cycle)
    return render(request, "mentoring/cycle_detail.html", context)


@login_required
@require_POST
def cycle_status(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _cycle_for_coordinator(request, pk)
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
def cycle_weights(request: HttpRequest, pk: int) -> HttpResponse:
    """The weights and their live effect on the current enrollment."""
    cycle = _cycle_for_coordinator(request, pk)
    preset = request.GET.get("preset")
    source = services.WEIGHT_PRESETS.get(preset or "") or cycle.weights
    form = WeightsForm(request.POST or None, initial=weight_initial(source))
    if request.method == "POST" and form.is_valid():
        cycle.weights = {**cycle.weights, **form.weights()}
        try:
            services.cycle_save(cycle=cycle, by=request.user)
        except HuddleError as error:
            _form_error(form, error)
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
    cycle = _cycle_for_coordinator(request, pk)
    form = WeightsForm(request.POST)
    context: dict[str, Any] = {"cycle": cycle, "tier_labels": dict(Tier.choices)}
    if form.is_valid() and sum(form.weights().values()) > 0:
        context["preview"] = engine.preview(cycle, form.weights())
    else:
        context["preview_error"] = _("Each weight must be a number from 0 to 10, and at least one above 0.")
    return render(request, "mentoring/cycle_weights.html#preview", context)


@login_required
@require_POST
def matching_start(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _cycle_for_coordinator(request, pk)
    try:
        services.matching_start(cycle=cycle, by=request.user)
    except HuddleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Matching has started; this page shows its progress."))
    return redirect("mentoring:cycle_detail", cycle.pk)


@login_required
def matching_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx, polled every second while a run is queued or running."""
    cycle = _cycle_for_coordinator(request, pk)
    runs = selectors.latest_runs(cycle)
    context = {
        "cycle": cycle,
        "runs": [runs[t] for t in cycle.tiers() if t in runs],
        "in_progress": selectors.runs_in_progress(runs),
        "tier_labels": dict(Tier.choices),
    }
    return render(request, "mentoring/cycle_detail.html#runs", context)


def _tier(cycle: Cycle, value: str | None) -> str:
    tiers = cycle.tiers()
    if value in tiers:
        return str(value)
    if value:
        raise Http404
    return str(tiers[0])


@login_required
def proposal(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_object_or_404(Cycle, pk=pk)
    if not policy.can_view_proposal(request.user, cycle):
        raise PermissionDenied
    tier = _tier(cycle, request.GET.get("tier"))
    runs = selectors.latest_runs(cycle)
    context = {
        "cycle": cycle,
        "tier": tier,
        "tiers": [(t, dict(Tier.choices)[t]) for t in cycle.tiers()],
        "proposal": selectors.proposal(cycle, tier, runs.get(tier)),
        "in_progress": selectors.runs_in_progress(runs),
        "editable": cycle.status == Cycle.Status.MATCHING,
    }
    return render(request, "mentoring/proposal.html", context)


def _proposal_pair(request: HttpRequest, pk: int, pair_pk: int) -> ProposedPair:
    pair = get_object_or_404(ProposedPair.objects.select_related("cycle"), pk=pair_pk, cycle_id=pk)
    if not policy.can_view_proposal(request.user, pair.cycle):
        raise PermissionDenied
    return pair


@login_required
@require_POST
def proposal_lock(request: HttpRequest, pk: int, pair_pk: int) -> HttpResponse:
    pair = _proposal_pair(request, pk, pair_pk)
    try:
        services.proposal_lock(pair=pair, locked=request.POST.get("locked") == "1", by=request.user)
    except HuddleError as error:
        messages.error(request, error.message)
    if request.headers.get("HX-Request"):
        pair = ProposedPair.objects.select_related("mentee__user__profile", "mentor__user__profile", "cycle").get(
            pk=pair.pk
        )
        pair.reason_texts = reason_texts(pair.reasons)  # type: ignore[attr-defined]
        context = {"pair": pair, "cycle": pair.cycle, "tier": pair.tier, "editable": True}
        return render(request, "mentoring/proposal.html#pair_row", context)
    return redirect(f"{_proposal_url(pair)}#pair-{pair.pk}")


def _proposal_url(pair: ProposedPair) -> str:
    return _proposal_url_for(pair.cycle_id, pair.tier)


@login_required
@require_POST
def proposal_forbid(request: HttpRequest, pk: int, pair_pk: int) -> HttpResponse:
    pair = _proposal_pair(request, pk, pair_pk)
    try:
        services.proposal_forbid(pair=pair, by=request.user)
    except HuddleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The pair is ruled out. Move the mentee or re-run matching to place them."))
    return redirect(_proposal_url(pair))


@login_required
def proposal_move(request: HttpRequest, pk: int, tier: str, mentee_pk: int) -> HttpResponse:
    """Choose another mentor for one mentee, each candidate checked against the rules."""
    cycle = get_object_or_404(Cycle, pk=pk)
    if not policy.can_view_proposal(request.user, cycle):
        raise PermissionDenied
    tier = _tier(cycle, tier)
    mentee = get_object_or_404(
        Enrollment.objects.select_related("user__profile"), pk=mentee_pk, cycle=cycle, side=Enrollment.Side.MENTEE
    )
    current = ProposedPair.objects.filter(cycle=cycle, tier=tier, mentee=mentee).select_related("mentor__user").first()
    error = None
    if request.method == "POST":
        mentor = Enrollment.objects.filter(pk=request.POST.get("mentor") or 0, cycle=cycle).first()
        if mentor is None:
            error = _("Choose a mentor.")
        else:
            try:
                services.proposal_move(cycle=cycle, tier=tier, mentee=mentee, mentor=mentor, by=request.user)
            except HuddleError as exc:
                error = exc.message
            else:
                messages.success(
                    request,
                    _("%(mentee)s is now with %(mentor)s (locked).") % {"mentee": mentee.user, "mentor": mentor.user},
                )
                return redirect(_proposal_url_for(cycle.pk, tier))
    pool = engine.pool_load(cycle, tier, mentee_ids=[mentee.pk])
    load = engine.proposal_load(cycle, tier)
    if current:
        load[str(current.mentor_id)] = load.get(str(current.mentor_id), 1) - 1
    candidates = engine.candidates_for(pool, str(mentee.pk), engine.criteria_for(cycle), load=load)
    rows = [
        {"c": c, "reasons": reason_texts(c.reasons), "refusals": [reason_text(r) for r in c.refusals]}
        for c in candidates
    ]
    context = {"cycle": cycle, "tier": tier, "mentee": mentee, "current": current, "rows": rows, "error": error}
    return render(request, "mentoring/proposal_move.html", context, status=400 if error else 200)


def _proposal_url_for(cycle_pk: int, tier: str) -> str:
    return f"{reverse('mentoring:proposal', args=[cycle_pk])}?tier={tier}"


@login_required
@require_POST
def cycle_publish(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _cycle_for_coordinator(request, pk)
    try:
        created = services.cycle_publish(cycle=cycle, by=request.user)
    except HuddleError as error:
        messages.error(request, error.message)
        return redirect("mentoring:proposal", cycle.pk)
    messages.success(request, _("%(n)d pairs are published and both sides notified.") % {"n": len(created)})
    return redirect("mentoring:cycle_detail", cycle.pk)


@login_required
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


@login_required
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
        mentor = Enrollment.objects.filter(pk=request.POST.get("mentor") or 0, cycle=cycle).first()
        if mentor is None:
            error = _("Choose a mentor.")
        else:
            try:
                services.rematch_confirm(request=rematch_request, mentor=mentor, by=request.user)
            except HuddleError as exc:
                error = exc.message
            else:
                messages.success(request, _("The mentee is paired with %(name)s.") % {"name": mentor.user})
                return redirect("mentoring:cycle_detail", cycle.pk)
    services.rematch_request_read(request=rematch_request, by=request.user)
    old = rematch_request.mentorship
    rows: list[dict[str, Any]] = []
    if not rematch_request.resolved_at and cycle.status == Cycle.Status.ACTIVE:
        pool = engine.pool_load(cycle, old.tier, mentee_ids=[old.mentee_id])
        load = engine.active_load(cycle, old.tier)
        for c in engine.candidates_for(pool, str(old.mentee_id), engine.criteria_for(cycle), load=load):
            if c.mentor.pk == old.mentor_id:
                continue
            rows.append({"c": c, "reasons": reason_texts(c.reasons), "refusals": [reason_text(r) for r in c.refusals]})
    context = {"cycle": cycle, "item": rematch_request, "old": old, "rows": rows[:40], "error": error}
    return render(request, "mentoring/rematch.html", context, status=400 if error else 200)
