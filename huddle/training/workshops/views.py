"""Workshops: the list, one workshop (RSVP, waitlist, attendance for its organiser), scheduling."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huddle.accounts.http import signed_in_user
from huddle.lib.errors import HuddleError
from huddle.lib.forms import add_service_error
from huddle.lib.http import bad_request, deny_unless, parse_ids
from huddle.training import policy
from huddle.training.forms import WorkshopEditForm, WorkshopForm
from huddle.training.models import Module, Rsvp, Workshop
from huddle.training.workshops import selectors, services


@login_required
@require_GET
def workshops(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    rows = selectors.workshop_rows(viewer=user, now=timezone.now())
    return render(
        request, "training/workshops.html", {"rows": rows, "can_schedule": policy.can_schedule_workshops(user)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def workshop_new(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    deny_unless(policy.can_schedule_workshops(user))
    form = WorkshopForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            workshop = services.workshop_create(user=user, **form.cleaned_data)
        except HuddleError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Workshop scheduled."))
            return redirect("training:workshop", workshop.pk)
    return render(request, "training/workshop_new.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def workshop_edit(request: HttpRequest, workshop_id: int) -> HttpResponse:
    """Move, re-place or resize a workshop; more places promote the waitlist at once."""
    user = signed_in_user(request)
    workshop = _workshop(workshop_id)
    deny_unless(policy.can_run_workshop(user, workshop))
    initial = {name: getattr(workshop, name) for name in WorkshopEditForm.base_fields if name != "module"}
    form = WorkshopEditForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.workshop_update(
                user=user, workshop=workshop, details=services.WorkshopDetails(**form.cleaned_data)
            )
        except HuddleError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Workshop saved."))
            return redirect("training:workshop", workshop.pk)
    context = {"form": form, "workshop": workshop}
    return render(request, "training/workshop_edit.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def workshop_detail(request: HttpRequest, workshop_id: int) -> HttpResponse:
    user = signed_in_user(request)
    row = selectors.workshop_row(viewer=user, workshop_id=workshop_id)
    if row is None or (row.workshop.module.status != Module.Status.PUBLISHED and not policy.can_author_modules(user)):
        raise Http404
    runs = policy.can_run_workshop(user, row.workshop)
    mine = row.mine
    context = {
        "row": row,
        "workshop": row.workshop,
        "mine": mine,
        "position": selectors.waitlist_position(mine) if mine and mine.status == Rsvp.Status.WAITLISTED else None,
        "can_rsvp": policy.can_rsvp(user, row.workshop) and row.workshop.starts_at > timezone.now(),
        "runs": runs,
        "attendees": selectors.attendees(workshop=row.workshop) if runs else [],
        "started": row.workshop.starts_at <= timezone.now(),
    }
    return render(request, "training/workshop.html", context)


def _workshop(workshop_id: int) -> Workshop:
    return get_object_or_404(Workshop.objects.select_related("module"), pk=workshop_id)


@login_required
@require_POST
def rsvp(request: HttpRequest, workshop_id: int) -> HttpResponse:
    user = signed_in_user(request)
    workshop = _workshop(workshop_id)
    try:
        mine = services.rsvp_create(user=user, workshop=workshop)
    except HuddleError as error:
        messages.error(request, error.message)
    else:
        if mine.status == Rsvp.Status.GOING:
            messages.success(request, _("You have a place. It is in your calendar feed."))
        else:
            messages.info(
                request,
                _("The workshop is full: you are on the waitlist and get a place automatically if someone cancels."),
            )
    return redirect("training:workshop", workshop.pk)


@login_required
@require_POST
def rsvp_cancel(request: HttpRequest, workshop_id: int) -> HttpResponse:
    user = signed_in_user(request)
    workshop = _workshop(workshop_id)
    try:
        services.rsvp_cancel(user=user, workshop=workshop)
    except HuddleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Cancelled. Your place goes to the next person waiting."))
    return redirect("training:workshop", workshop.pk)


@login_required
@require_POST
def attendance(request: HttpRequest, workshop_id: int) -> HttpResponse:
    user = signed_in_user(request)
    workshop = _workshop(workshop_id)
    deny_unless(policy.can_run_workshop(user, workshop))
    try:
        ids = set(parse_ids(request.POST.getlist("attended"), field="attended"))
        n = services.attendance_mark(user=user, workshop=workshop, attended_ids=ids)
    except HuddleError as error:
        if error.field == "attended":
            return bad_request(request, error)
        messages.error(request, error.message)
    else:
        messages.success(request, _("Attendance saved: %(n)d came.") % {"n": n})
    return redirect("training:workshop", workshop.pk)


@login_required
@require_POST
def workshop_cancel(request: HttpRequest, workshop_id: int) -> HttpResponse:
    user = signed_in_user(request)
    workshop = _workshop(workshop_id)
    deny_unless(policy.can_run_workshop(user, workshop))
    try:
        services.workshop_cancel(user=user, workshop=workshop)
    except HuddleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Workshop cancelled; everyone who signed up is told."))
    return redirect("training:workshop", workshop.pk)
