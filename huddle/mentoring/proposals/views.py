"""The coordinator's matching pages: start a run, watch its progress, edit and publish the proposal."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huddle.accounts.selectors import request_user
from huddle.lib.errors import HuddleError
from huddle.lib.http import is_htmx, parse_id
from huddle.mentoring import adapter, policy
from huddle.mentoring.cycles.views import cycle_for_coordinator
from huddle.mentoring.models import Cycle, Enrollment, ProposedPair, Tier
from huddle.mentoring.proposals import selectors, services


@login_required
@require_POST
def matching_start(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = cycle_for_coordinator(request, pk)
    try:
        services.matching_start(cycle=cycle, by=request.user)
    except HuddleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Matching has started; this page shows its progress."))
    return redirect("mentoring:cycle_detail", cycle.pk)


@login_required
@require_GET
def matching_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx, polled every second while a run is queued or running."""
    cycle = cycle_for_coordinator(request, pk)
    context = {"cycle": cycle, **selectors.run_panel(cycle), "tier_labels": dict(Tier.choices)}
    return render(request, "mentoring/cycle_detail.html#runs", context)


def _tier(cycle: Cycle, value: str | None) -> str:
    tiers = cycle.tiers()
    if value in tiers:
        return str(value)
    if value:
        raise Http404
    return str(tiers[0])


@login_required
@require_GET
def proposal(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_object_or_404(Cycle, pk=pk)
    if not policy.can_view_proposal(request.user, cycle):
        raise PermissionDenied
    tier = _tier(cycle, request.GET.get("tier"))
    runs = selectors.latest_runs(cycle)
    query = (request.GET.get("q") or "").strip()[:100]
    context = {
        "cycle": cycle,
        "tier": tier,
        "query": query,
        "tiers": [(t, dict(Tier.choices)[t]) for t in cycle.tiers()],
        "proposal": selectors.proposal(
            cycle, tier, runs.get(tier), viewer=request_user(request), page=request.GET.get("page"), named=query
        ),
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
    if is_htmx(request):
        pair = ProposedPair.objects.select_related("mentee__user__profile", "mentor__user__profile", "cycle").get(
            pk=pair.pk
        )
        selectors.with_reason_texts(pair, request_user(request))
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
@require_http_methods(["GET", "POST"])
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
        mentor, error = mentor_choice_attempt(
            request,
            cycle,
            lambda mentor: services.proposal_move(
                cycle=cycle, tier=tier, mentee=mentee, mentor=mentor, by=request.user
            ),
        )
        if mentor is not None:
            messages.success(
                request,
                _("%(mentee)s is now with %(mentor)s (locked).") % {"mentee": mentee.user, "mentor": mentor.user},
            )
            return redirect(_proposal_url_for(cycle.pk, tier))
    pool = adapter.pool_load(cycle, tier, mentee_ids=[mentee.pk])
    load = adapter.proposal_load(cycle, tier)
    if current:
        load[str(current.mentor_id)] = load.get(str(current.mentor_id), 1) - 1
    candidates = adapter.candidates_for(pool, str(mentee.pk), adapter.criteria_for(cycle), load=load)
    rows = selectors.candidate_rows(candidates, viewer=request_user(request), mentee=mentee.user)
    context = {"cycle": cycle, "tier": tier, "mentee": mentee, "current": current, "rows": rows, "error": error}
    return render(request, "mentoring/proposal_move.html", context, status=400 if error else 200)


def mentor_choice_attempt(
    request: HttpRequest, cycle: Cycle, act: Callable[[Enrollment], object]
) -> tuple[Enrollment | None, str | None]:
    """A candidates form's choice, handed to a service: (mentor, None) when done, (None, why) when not."""
    mentor = chosen_mentor(request, cycle)
    if mentor is None:
        return None, _("Choose a mentor.")
    try:
        act(mentor)
    except HuddleError as exc:
        return None, exc.message
    return mentor, None


def chosen_mentor(request: HttpRequest, cycle: Cycle) -> Enrollment | None:
    """The mentor picked in a candidates form (proposal move, rematch), or None for no valid choice."""
    try:
        pk = parse_id(request.POST.get("mentor"), field="mentor")
    except HuddleError:
        return None
    return Enrollment.objects.filter(pk=pk, cycle=cycle).select_related("user").first()


def _proposal_url_for(cycle_pk: int, tier: str) -> str:
    return f"{reverse('mentoring:proposal', args=[cycle_pk])}?tier={tier}"


@login_required
@require_POST
def cycle_publish(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = cycle_for_coordinator(request, pk)
    try:
        created = services.cycle_publish(cycle=cycle, by=request.user)
    except HuddleError as error:
        messages.error(request, error.message)
        return redirect("mentoring:proposal", cycle.pk)
    messages.success(request, _("%(n)d pairs are published and both sides notified.") % {"n": len(created)})
    return redirect("mentoring:cycle_detail", cycle.pk)
