"""The pair space: one page per pair, its htmx sections, and the mentor's page.

Members of the pair see everything the pair wrote; coordinators who are not
in the pair get the staff view of the same URL, which never loads notes.
Every time is shown and read in the viewer's own time zone.
"""

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, Concatenate

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from huddle.accounts import policy
from huddle.audit.models import AuditEvent
from huddle.audit.services import audit_record
from huddle.lib.errors import HuddleError
from huddle.mentoring import ics, pair_selectors, pairs
from huddle.mentoring.models import Goal, Mentorship, Milestone
from huddle.mentoring.pair_forms import (
    CheckInForm,
    EndForm,
    FitCheckForm,
    GoalForm,
    MeetingForm,
    MilestoneForm,
    NextMeetingForm,
    RematchForm,
)

TEMPLATE = "mentoring/pair_detail.html"


def in_viewer_zone[**P](view: Callable[Concatenate[HttpRequest, P], HttpResponse]) -> Callable[
    Concatenate[HttpRequest, P], HttpResponse
]:
    """Render and parse times in the viewer's profile time zone."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        with timezone.override(pairs.viewer_zone(request.user)):
            return view(request, *args, **kwargs)

    return wrapped


def _pair_for(request: HttpRequest, pk: int) -> Mentorship:
    """The pair, for its members and coordinators; 404 for everyone else (no hint it exists)."""
    mentorship = pair_selectors.pair_get(pk=pk)
    if mentorship is None or not policy.can_view_pair(request.user, mentorship):
        raise Http404
    return mentorship


def _member_pair(request: HttpRequest, pk: int) -> Mentorship:
    mentorship = _pair_for(request, pk)
    if not policy.is_pair_member(request.user, mentorship):
        raise PermissionDenied
    return mentorship


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _attempt(form: forms.Form, action: Callable[[], Any]) -> bool:
    """Run a service; a refusal becomes an error on the field it names."""
    try:
        action()
    except HuddleError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return False
    return True


def _meeting_form(mentorship: Mentorship, data: Any = None) -> MeetingForm:
    today = timezone.localdate()
    form = MeetingForm(data, initial={"met_on": today})
    started = timezone.localdate(mentorship.started_at)
    form.fields["met_on"].widget.attrs.update(min=started.isoformat(), max=today.isoformat())
    return form


def _member_context(request: HttpRequest, mentorship: Mentorship, **overrides: Any) -> dict[str, Any]:
    page = pair_selectors.pair_page(mentorship=mentorship, viewer=request.user, now=timezone.now())
    context: dict[str, Any] = {
        "page": page,
        "m": mentorship,
        "can_edit": policy.can_log_meeting(request.user, mentorship),
        "meeting_form": _meeting_form(mentorship),
        "next_form": NextMeetingForm(),
        "goal_form": GoalForm(),
        "milestone_goal": None,
        "milestone_form": None,
        "check_in_form": CheckInForm(),
        "fit_form": FitCheckForm(),
        "rematch_form": RematchForm(),
        "end_form": EndForm(),
        "oob": False,
    }
    context.update(overrides)
    return context


def _respond(
    request: HttpRequest,
    mentorship: Mentorship,
    *,
    ok: bool,
    section: str,
    success: str,
    also: tuple[str, ...] = (),
    overrides: dict[str, Any] | None = None,
) -> HttpResponse:
    """htmx: the section (plus out-of-band sections); otherwise redirect, or the page with errors."""
    overrides = overrides or {}
    page_url = reverse("mentoring:pair_detail", args=[mentorship.pk])
    if not ok and mentorship.status != Mentorship.Status.ACTIVE:
        # A form left open on a pair that has since ended: reload the (read-only) page.
        messages.error(request, _("This pairing has ended; it can no longer be changed."))
        response = HttpResponse(status=204) if _is_htmx(request) else redirect(page_url)
        response["HX-Redirect"] = page_url
        return response
    if _is_htmx(request):
        context = _member_context(
            request, mentorship, announce=success if ok else "", announce_in=section, **overrides
        )
        html = render_to_string(f"{TEMPLATE}#{section}", context, request)
        for extra in also:
            html += render_to_string(f"{TEMPLATE}#{extra}", {**context, "oob": True}, request)
        return HttpResponse(html)
    if ok:
        messages.success(request, success)
        return redirect(f"{page_url}#{section}")
    return render(request, TEMPLATE, _member_context(request, mentorship, **overrides))


@login_required
@require_GET
@in_viewer_zone
def pair_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = _pair_for(request, pk)
    if policy.can_see_pair_notes(request.user, mentorship):
        return render(request, TEMPLATE, _member_context(request, mentorship))
    return _staff_page(request, mentorship)


def _staff_page(request: HttpRequest, mentorship: Mentorship, end_form: EndForm | None = None) -> HttpResponse:
    if not policy.can_view_pair_staff(request.user, mentorship):
        raise Http404
    page = pair_selectors.staff_pair_page(mentorship=mentorship, now=timezone.now())
    if page.rematch_requests:
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.REMATCH_REQUEST_READ,
            target=f"mentorship:{mentorship.pk}",
            detail={"requests": [r.pk for r in page.rematch_requests]},
        )
    context = {
        "page": page,
        "m": mentorship,
        "end_form": end_form or EndForm(allow_withdrawn=True),
    }
    return render(request, "mentoring/pair_staff.html", context)


@login_required
@require_POST
@in_viewer_zone
def pair_meeting_log(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = _member_pair(request, pk)
    form = _meeting_form(mentorship, request.POST)
    ok = form.is_valid() and _attempt(
        form,
        lambda: pairs.meeting_log(
            mentorship=mentorship,
            by=request.user,
            met_on=form.cleaned_data["met_on"],
            duration_minutes=form.cleaned_data["duration_minutes"],
            modality=form.cleaned_data["modality"],
            topics=pairs.meeting_topics(
                focus_areas=form.cleaned_data["focus_topics"], other=form.cleaned_data["other_topics"]
            ),
            private_notes=form.cleaned_data["private_notes"],
        ),
    )
    overrides = {} if ok else {"meeting_form": form}
    return _respond(
        request,
        mentorship,
        ok=ok,
        section="meetings",
        success=_("Meeting logged."),
        also=("glance", "fit_check"),
        overrides=overrides,
    )


@login_required
@require_POST
@in_viewer_zone
def pair_next_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = _member_pair(request, pk)
    form = NextMeetingForm(request.POST)
    ok = form.is_valid() and _attempt(
        form,
        lambda: pairs.next_meeting_set(
            mentorship=mentorship,
            by=request.user,
            at=form.cleaned_data["at"],
            place=form.cleaned_data["place"],
        ),
    )
    overrides = {} if ok else {"next_form": form}
    return _respond(
        request, mentorship, ok=ok, section="next_meeting", success=_("Next meeting saved."), overrides=overrides
    )


@login_required
@require_GET
def pair_ics(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = _member_pair(request, pk)
    start = mentorship.next_meeting_at
    if start is None:
        raise Http404
    url = request.build_absolute_uri(reverse("mentoring:pair_detail", args=[pk]))
    body = ics.calendar_event(
        uid=f"huddle-mentorship-{pk}-{ics.utc_stamp(start)}@{request.get_host().split(':')[0]}",
        dtstamp=timezone.now(),
        start=start,
        end=start + timedelta(hours=1),
        summary=_("Mentoring: %(mentee)s and %(mentor)s")
        % {"mentee": mentorship.mentee.user.get_full_name(), "mentor": mentorship.mentor.user.get_full_name()},
        location=mentorship.next_meeting_place,
        description=_("Huddle mentoring meeting (%(cycle)s). Pair page: %(url)s")
        % {"cycle": mentorship.cycle.name, "url": url},
        url=url,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="huddle-mentoring-{pk}.ics"'
    return response


@login_required
@require_POST
@in_viewer_zone
def pair_goal_create(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = _member_pair(request, pk)
    form = GoalForm(request.POST)
    ok = form.is_valid() and _attempt(
        form,
        lambda: pairs.goal_create(
            mentorship=mentorship,
            by=request.user,
            title=form.cleaned_data["title"],
            focus_area=form.cleaned_data["focus_area"],
            due_on=form.cleaned_data["due_on"],
        ),
    )
    overrides = {} if ok else {"goal_form": form}
    return _respond(request, mentorship, ok=ok, section="goals", success=_("Goal added."), overrides=overrides)


@login_required
@require_POST
@in_viewer_zone
def pair_milestone_create(request: HttpRequest, pk: int, goal_id: int) -> HttpResponse:
    mentorship = _member_pair(request, pk)
    goal = get_object_or_404(Goal, pk=goal_id, mentorship=mentorship)
    goal.mentorship = mentorship
    form = MilestoneForm(request.POST, prefix=f"ms{goal.pk}")
    ok = form.is_valid() and _attempt(
        form, lambda: pairs.milestone_create(goal=goal, by=request.user, title=form.cleaned_data["title"])
    )
    errors = {} if ok else {"milestone_goal": goal.pk, "milestone_form": form}
    return _respond(request, mentorship, ok=ok, section="goals", success=_("Milestone added."), overrides=errors)


@login_required
@require_POST
@in_viewer_zone
def pair_milestone_done(request: HttpRequest, pk: int, milestone_id: int) -> HttpResponse:
    mentorship = _member_pair(request, pk)
    milestone = get_object_or_404(
        Milestone.objects.select_related("goal"), pk=milestone_id, goal__mentorship=mentorship
    )
    milestone.goal.mentorship = mentorship
    done = request.POST.get("done") == "1"
    try:
        pairs.milestone_set_done(milestone=milestone, by=request.user, done=done)
    except HuddleError as error:
        messages.error(request, error.message)
        return redirect("mentoring:pair_detail", pk=pk)
    success = _("Milestone done.") if done else _("Milestone marked not done.")
    return _respond(request, mentorship, ok=True, section="goals", success=success)


@login_required
@require_POST
@in_viewer_zone
def pair_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = _member_pair(request, pk)
    form = CheckInForm(request.POST)
    ok = form.is_valid() and _attempt(
        form,
        lambda: pairs.check_in_create(
            mentorship=mentorship,
            by=request.user,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        ),
    )
    overrides = {} if ok else {"check_in_form": form}
    return _respond(
        request,
        mentorship,
        ok=ok,
        section="check_in",
        success=_("Thank you for checking in."),
        also=("glance",),
        overrides=overrides,
    )


@login_required
@require_POST
@in_viewer_zone
def pair_fit_check(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = _member_pair(request, pk)
    form = FitCheckForm(request.POST)
    ok = form.is_valid() and _attempt(
        form,
        lambda: pairs.fit_check_answer(
            mentorship=mentorship,
            by=request.user,
            good_fit=form.cleaned_data["good_fit"],
            comment=form.cleaned_data["comment"],
        ),
    )
    overrides = {} if ok else {"fit_form": form}
    return _respond(
        request, mentorship, ok=ok, section="fit_check", success=_("Thank you for answering."), overrides=overrides
    )


@login_required
@require_POST
@in_viewer_zone
def pair_rematch(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = _member_pair(request, pk)
    form = RematchForm(request.POST)
    ok = form.is_valid() and _attempt(
        form,
        lambda: pairs.rematch_request_create(
            mentorship=mentorship, by=request.user, reason=form.cleaned_data["reason"]
        ),
    )
    overrides = {} if ok else {"rematch_form": form}
    return _respond(
        request,
        mentorship,
        ok=ok,
        section="rematch",
        success=_("Thanks — a coordinator will find you a new match; this is no-fault."),
        overrides=overrides,
    )


@login_required
@require_POST
@in_viewer_zone
def pair_end(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = _pair_for(request, pk)
    member = policy.is_pair_member(request.user, mentorship)
    form = EndForm(request.POST, allow_withdrawn=policy.is_coordinator(request.user))
    ok = form.is_valid() and _attempt(
        form,
        lambda: pairs.mentorship_end(
            mentorship=mentorship,
            by=request.user,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
        ),
    )
    if ok:
        messages.success(request, _("The pairing has ended. Thank you."))
        return redirect("mentoring:pair_detail", pk=pk)
    if member:
        return render(request, TEMPLATE, _member_context(request, mentorship, end_form=form))
    return _staff_page(request, mentorship, end_form=form)


@login_required
@require_GET
@in_viewer_zone
def mentor_dashboard(request: HttpRequest) -> HttpResponse:
    """A mentor's mentees on one page; a mentee's mentor(s), one per tier."""
    mine = pair_selectors.my_pairs(user=request.user, now=timezone.now())
    return render(request, "mentoring/mentor_dashboard.html", {"mine": mine})
