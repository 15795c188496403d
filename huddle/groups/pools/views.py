"""Pool pages: the list, a coordinator's pool (settings, runs, proposal, publication), a student's opt-in."""

from collections.abc import Callable
from functools import wraps
from typing import Concatenate

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huddle.accounts.availability import block_string, hours_per_week
from huddle.accounts.models import User
from huddle.accounts.selectors import DAY_NAMES, availability_grid, hours_label, request_user
from huddle.audit.services import audit_record
from huddle.groups import policy
from huddle.groups.models import Pool, PoolEntry, ProposedGroup
from huddle.groups.pools import selectors, services
from huddle.groups.pools.forms import MoveForm, OptInForm, PoolForm
from huddle.lib.errors import HuddleError
from huddle.lib.forms import attempt
from huddle.lib.http import bad_request, deny_unless, parse_id
from huddle.lib.zones import zone_of


def in_viewer_zone[**P](
    view: Callable[Concatenate[HttpRequest, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """Show and read times on the viewer's own clock (their profile's zone)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        with timezone.override(zone_of(request.user)):
            return view(request, *args, **kwargs)

    return wrapped


def _managed_pool(request: HttpRequest, pool_id: int) -> tuple[User, Pool]:
    """Coordinators only (403 for anyone else, before any 404 says whether the pool exists)."""
    user = request_user(request)
    deny_unless(policy.can_manage_pools(user))
    return user, get_object_or_404(Pool.objects.select_related("topic"), pk=pool_id)


@login_required
@require_GET
@in_viewer_zone
def pools(request: HttpRequest) -> HttpResponse:
    """Coordinators: every pool with its counts. Students: the pools open to them, and whether they are in."""
    user = request_user(request)
    deny_unless(policy.can_manage_pools(user) or policy.can_join_groups(user))
    context = {
        "rows": selectors.pools_for(viewer=user, now=timezone.now()),
        "manager": policy.can_manage_pools(user),
        "zone": zone_of(user).key,
    }
    return render(request, "groups/pools/list.html", context)


def _pool_form_page(request: HttpRequest, form: PoolForm, pool: Pool | None) -> HttpResponse:
    context = {"form": form, "pool": pool, "zone": zone_of(request.user).key}
    return render(request, "groups/pools/form.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
@in_viewer_zone
def pool_new(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    deny_unless(policy.can_manage_pools(user))
    form = PoolForm(request.POST or None)
    created: list[Pool] = []
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, lambda: created.append(services.pool_create(by=user, details=form.details())))
    ):
        messages.success(request, _("The pool is open: students of its cohort can opt in now."))
        return redirect("groups:pool", created[0].pk)
    return _pool_form_page(request, form, None)


@login_required
@require_http_methods(["GET", "POST"])
@in_viewer_zone
def pool_edit(request: HttpRequest, pool_id: int) -> HttpResponse:
    user, pool = _managed_pool(request, pool_id)
    form = PoolForm(request.POST or None, pool=pool)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, lambda: services.pool_update(by=user, pool=pool, details=form.details()))
    ):
        messages.success(request, _("The pool is saved. Re-run the engine to apply new rules to the proposal."))
        return redirect("groups:pool", pool.pk)
    return _pool_form_page(request, form, pool)


@login_required
@require_GET
@in_viewer_zone
def pool(request: HttpRequest, pool_id: int) -> HttpResponse:
    """A coordinator's pool: its settings, who opted in, the engine's runs and the way to the proposal."""
    _user, pool = _managed_pool(request, pool_id)
    context = {
        "pool": pool,
        "overview": selectors.pool_overview(pool),
        **selectors.run_panel(pool),
        "zone": zone_of(request.user).key,
    }
    return render(request, "groups/pools/pool.html", context)


@login_required
@require_GET
def pool_progress(request: HttpRequest, pool_id: int) -> HttpResponse:
    """htmx, polled every second while a run is queued or running; the fragment stops polling when it ends."""
    _user, pool = _managed_pool(request, pool_id)
    context = {"pool": pool, **selectors.run_panel(pool)}
    return render(request, "groups/pools/pool.html#progress", context)


@login_required
@require_POST
def pool_close(request: HttpRequest, pool_id: int) -> HttpResponse:
    """``reopen=1`` opens opting in again; anything else closes it."""
    user, pool = _managed_pool(request, pool_id)
    reopen = request.POST.get("reopen") == "1"
    try:
        services.pool_close(by=user, pool=pool, reopen=reopen)
    except HuddleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Opting in is open again.") if reopen else _("Opting in is closed."))
    return redirect("groups:pool", pool.pk)


@login_required
@require_POST
def pool_run(request: HttpRequest, pool_id: int) -> HttpResponse:
    """Start (or re-run around the locked groups) the engine; the pool page shows its progress."""
    user, pool = _managed_pool(request, pool_id)
    try:
        services.formation_start(pool=pool, by=user)
    except HuddleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The engine is forming groups; this page shows its progress."))
    return redirect("groups:pool", pool.pk)


@login_required
@require_GET
@in_viewer_zone
def pool_proposal(request: HttpRequest, pool_id: int) -> HttpResponse:
    """The proposal: groups, reasons, unplaced students, the summary against random assignment.

    It shows who shared which protected attribute, so each view of it is
    recorded in the audit log (once per page view, when any is shown).
    """
    user, pool = _managed_pool(request, pool_id)
    proposal = selectors.proposal(pool=pool, viewer=user, at=timezone.now())
    if proposal.attributes_read:
        audit_record(
            actor=user,
            action="groups.pool_attributes_read",
            target=f"pool:{pool.pk}",
            detail={"pool": pool.title, "entries": proposal.attributes_read},
        )
    context = {
        "pool": pool,
        "proposal": proposal,
        "editable": pool.status != Pool.Status.PUBLISHED and not proposal.in_progress,
        "run": proposal.run,
        "in_progress": proposal.in_progress,
    }
    return render(request, "groups/pools/proposal.html", context)


def _proposal_url(pool: Pool, anchor: str = "") -> str:
    url = reverse("groups:pool_proposal", args=[pool.pk])
    return f"{url}#{anchor}" if anchor else url


@login_required
@require_POST
def pool_move(request: HttpRequest, pool_id: int) -> HttpResponse:
    """Move one student (``entry``) into a proposed group (``group``), or among the unplaced (no group)."""
    user, pool = _managed_pool(request, pool_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a student and where to move them."))
        return redirect(_proposal_url(pool))
    entry = get_object_or_404(
        PoolEntry.objects.select_related("student__profile"), pk=form.cleaned_data["entry"], pool=pool
    )
    group_id = form.cleaned_data.get("group")
    target = get_object_or_404(ProposedGroup, pk=group_id, pool=pool) if group_id else None
    try:
        services.proposal_move(pool=pool, entry=entry, to=target, by=user)
    except HuddleError as error:
        messages.error(request, error.message)
        return redirect(_proposal_url(pool))
    name = getattr(getattr(entry.student, "profile", None), "name", "") or str(entry.student)
    if target is None:
        messages.success(request, _("%(name)s is now among the unplaced students.") % {"name": name})
        return redirect(_proposal_url(pool, "unplaced"))
    messages.success(request, _("%(name)s is now in group %(n)d.") % {"name": name, "n": target.number})
    return redirect(_proposal_url(pool, f"group-{target.number}"))


@login_required
@require_POST
def pool_lock(request: HttpRequest, pool_id: int) -> HttpResponse:
    """``locked=1`` keeps a proposed group as it is through re-runs; ``locked=0`` releases it."""
    user, pool = _managed_pool(request, pool_id)
    try:
        group_id = parse_id(request.POST.get("group"), field="group")
    except HuddleError as error:
        return bad_request(request, error)
    group = get_object_or_404(ProposedGroup, pk=group_id, pool=pool)
    locked = request.POST.get("locked") == "1"
    try:
        services.proposal_lock(pool=pool, group=group, locked=locked, by=user)
    except HuddleError as error:
        messages.error(request, error.message)
    else:
        if locked:
            messages.success(request, _("Group %(n)d is locked: re-runs keep it as it is.") % {"n": group.number})
        else:
            messages.success(request, _("Group %(n)d is unlocked.") % {"n": group.number})
    return redirect(_proposal_url(pool, f"group-{group.number}"))


@login_required
@require_POST
def pool_publish(request: HttpRequest, pool_id: int) -> HttpResponse:
    user, pool = _managed_pool(request, pool_id)
    try:
        created = services.pool_publish(pool=pool, by=user)
    except HuddleError as error:
        messages.error(request, error.message)
        return redirect(_proposal_url(pool))
    messages.success(
        request,
        ngettext(
            "%(n)d group is published and its members are told.",
            "%(n)d groups are published and their members are told.",
            len(created),
        )
        % {"n": len(created)},
    )
    return redirect("groups:pool", pool.pk)


# Students ---------------------------------------------------------------------


def _opt_in_page(request: HttpRequest, *, pool: Pool, form: OptInForm, entry: PoolEntry | None) -> HttpResponse:
    user = request_user(request)
    week = selectors.opt_in_week(entry=entry, student=user, at=timezone.now())
    if form.is_bound and form.cleaned_data.get("week") is not None:
        week = form.cleaned_data["week"]
    context = {
        "pool": pool,
        "form": form,
        "entry": entry,
        "rows": availability_grid(week),
        "days": [str(name) for name in DAY_NAMES.values()],
        "block_string": block_string(week),
        "hours_label": hours_label(hours_per_week(week)),
        "zone": zone_of(user).key,
    }
    return render(request, "groups/pools/opt_in.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
@in_viewer_zone
def opt_in(request: HttpRequest, pool_id: int) -> HttpResponse:
    """Opt in (or change the answers): goal, how the student can meet, their week, attributes they share."""
    user = request_user(request)
    pool = get_object_or_404(Pool.objects.select_related("topic"), pk=pool_id)
    deny_unless(policy.can_opt_in(user, pool))
    entry = selectors.entry_of(pool=pool, student=user)
    if request.method == "POST":
        form = OptInForm(request.POST, pool=pool)
        if form.is_valid() and attempt(
            form, lambda: services.entry_save(student=user, pool=pool, details=form.details())
        ):
            messages.success(
                request, _("You are in the pool. A coordinator will place you in a group and you will be told.")
            )
            return redirect("groups:pools")
    else:
        initial = {"goal": entry.goal, "modality": entry.modality, "attributes": entry.attributes} if entry else {}
        if not initial:
            initial = {"modality": getattr(getattr(user, "profile", None), "modality", "") or "either"}
        form = OptInForm(initial=initial, pool=pool)
    return _opt_in_page(request, pool=pool, form=form, entry=entry)


@login_required
@require_POST
def opt_out(request: HttpRequest, pool_id: int) -> HttpResponse:
    user = request_user(request)
    pool = get_object_or_404(Pool, pk=pool_id)
    deny_unless(policy.can_opt_in(user, pool))
    try:
        services.entry_withdraw(student=user, pool=pool)
    except HuddleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You are out of the pool; what you answered is deleted."))
    return redirect("groups:pools")
