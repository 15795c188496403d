"""The pair space: one page per pair, its htmx sections, and the mentor's page.

Members of the pair see everything the pair wrote; coordinators who are not
in the pair get the staff view of the same URL, which never loads notes.
Every time is shown and read in the viewer's own time zone.

Each form of the pair page is one :class:`PairAction` — the form, the
service it calls, and the section it redraws — served by one view, so the
eight forms share one path from POST to answer.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
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
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from huddle.accounts.models import User
from huddle.accounts.selectors import request_user
from huddle.audit.models import AuditEvent
from huddle.audit.services import audit_record
from huddle.lib import calendar
from huddle.lib.errors import HuddleError
from huddle.lib.forms import attempt
from huddle.lib.http import is_htmx
from huddle.mentoring import policy
from huddle.mentoring.models import Goal, Mentorship, Milestone
from huddle.mentoring.pairs import selectors, services
from huddle.mentoring.pairs.forms import (
    CancelMeetingForm,
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


def in_viewer_zone[**P](
    view: Callable[Concatenate[HttpRequest, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """Render and parse times in the viewer's profile time zone."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        with timezone.override(selectors.viewer_zone(request.user)):
            return view(request, *args, **kwargs)

    return wrapped


def _pair_for(request: HttpRequest, pk: int) -> Mentorship:
    """The pair, for its members and coordinators; 404 for everyone else (no hint it exists)."""
    mentorship = selectors.pair_get(pk=pk)
    if mentorship is None or not policy.can_view_pair(request.user, mentorship):
        raise Http404
    return mentorship


def _member_pair(request: HttpRequest, pk: int) -> Mentorship:
    mentorship = _pair_for(request, pk)
    if not policy.is_pair_member(request.user, mentorship):
        raise PermissionDenied
    return mentorship


def _meeting_form(mentorship: Mentorship, data: Any = None) -> MeetingForm:
    today = timezone.localdate()
    form = MeetingForm(data, initial={"met_on": today})
    started = timezone.localdate(mentorship.started_at)
    form.fields["met_on"].widget.attrs.update(min=started.isoformat(), max=today.isoformat())
    return form


def _member_context(request: HttpRequest, mentorship: Mentorship, **overrides: Any) -> dict[str, Any]:
    user = request_user(request)
    page = selectors.pair_page(mentorship=mentorship, viewer=user, now=timezone.now())
    context: dict[str, Any] = {
        "page": page,
        "m": mentorship,
        "can_edit": policy.can_log_meeting(user, mentorship),
        "meeting_form": _meeting_form(mentorship),
        "next_form": NextMeetingForm(),
        "cancel_form": CancelMeetingForm(),
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
        response = HttpResponse(status=204) if is_htmx(request) else redirect(page_url)
        response["HX-Redirect"] = page_url
        return response
    if is_htmx(request):
        context = _member_context(request, mentorship, announce=success if ok else "", announce_in=section, **overrides)
        html = render_to_string(f"{TEMPLATE}#{section}", context, request)
        for extra in also:
            html += render_to_string(f"{TEMPLATE}#{extra}", {**context, "oob": True}, request)
        return HttpResponse(html)
    if ok:
        messages.success(request, success)
        return redirect(f"{page_url}#{section}")
    return render(request, TEMPLATE, _member_context(request, mentorship, **overrides))


@dataclass(frozen=True)
class PairAction:
    """One form of the pair page: what it calls, and what it redraws.

    ``run`` gets the pair, the person and the form's cleaned data, and calls
    one service; ``context_name`` is where the page expects this form, so a
    refused form comes back with its errors in place.
    """

    form: type[forms.Form]
    run: Callable[[Mentorship, User, dict[str, Any]], object]
    section: str
    success: str | Promise
    context_name: str
    also: tuple[str, ...] = field(default=())


def pair_action_view(action: PairAction) -> Callable[[HttpRequest, int], HttpResponse]:
    """The view for one :class:`PairAction`: member check, form, service, answer."""

    @login_required
    @require_POST
    @in_viewer_zone
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        mentorship = _member_pair(request, pk)
        user = request_user(request)
        form = _meeting_form(mentorship, request.POST) if action.form is MeetingForm else action.form(request.POST)
        ok = form.is_valid() and attempt(form, lambda: action.run(mentorship, user, form.cleaned_data))
        overrides = {} if ok else {action.context_name: form}
        return _respond(
            request,
            mentorship,
            ok=ok,
            section=action.section,
            success=str(action.success),
            also=action.also,
            overrides=overrides,
        )

    return view


pair_meeting_log = pair_action_view(
    PairAction(
        MeetingForm,
        lambda pair, user, data: services.meeting_log(
            mentorship=pair,
            by=user,
            met_on=data["met_on"],
            duration_minutes=data["duration_minutes"],
            modality=data["modality"],
            topics=services.meeting_topics(focus_areas=data["focus_topics"], other=data["other_topics"]),
            private_notes=data["private_notes"],
            submission=data["submission"],
        ),
        section="meetings",
        success=gettext_lazy("Meeting logged."),
        context_name="meeting_form",
        also=("glance", "fit_check"),
    )
)
pair_next_meeting = pair_action_view(
    PairAction(
        NextMeetingForm,
        lambda pair, user, data: services.next_meeting_set(
            mentorship=pair, by=user, at=data["at"], place=data["place"]
        ),
        section="next_meeting",
        success=gettext_lazy("Next meeting saved. It is in your Huddle calendar."),
        context_name="next_form",
    )
)
pair_meeting_cancel = pair_action_view(
    PairAction(
        CancelMeetingForm,
        lambda pair, user, data: services.next_meeting_cancel(mentorship=pair, by=user),
        section="next_meeting",
        success=gettext_lazy("The meeting is called off; your partner is told."),
        context_name="cancel_form",
    )
)
pair_goal_create = pair_action_view(
    PairAction(
        GoalForm,
        lambda pair, user, data: services.goal_create(
            mentorship=pair,
            by=user,
            title=data["title"],
            focus_area=data["focus_area"],
            due_on=data["due_on"],
            submission=data["submission"],
        ),
        section="goals",
        success=gettext_lazy("Goal added."),
        context_name="goal_form",
    )
)
pair_check_in = pair_action_view(
    PairAction(
        CheckInForm,
        lambda pair, user, data: services.check_in_create(
            mentorship=pair, by=user, rating=data["rating"], comment=data["comment"]
        ),
        section="check_in",
        success=gettext_lazy("Thank you for checking in."),
        context_name="check_in_form",
        also=("glance",),
    )
)
pair_fit_check = pair_action_view(
    PairAction(
        FitCheckForm,
        lambda pair, user, data: services.fit_check_answer(
            mentorship=pair, by=user, good_fit=data["good_fit"], comment=data["comment"]
        ),
        section="fit_check",
        success=gettext_lazy("Thank you for answering."),
        context_name="fit_form",
    )
)
pair_rematch = pair_action_view(
    PairAction(
        RematchForm,
        lambda pair, user, data: services.rematch_request_create(mentorship=pair, by=user, reason=data["reason"]),
        section="rematch",
        success=gettext_lazy("Thanks — a coordinator will find you a new match; this is no-fault."),
        context_name="rematch_form",
    )
)


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
    page = selectors.staff_pair_page(mentorship=mentorship, now=timezone.now())
    if page.rematch_requests:
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.REMATCH_REQUEST_READ,
            target=f"mentorship:{mentorship.pk}",
            detail={"requests": [r.pk for r in page.rematch_requests]},
        )
    allow_withdrawn = policy.can_withdraw_pair(request.user, mentorship)
    context = {"page": page, "m": mentorship, "end_form": end_form or EndForm(allow_withdrawn=allow_withdrawn)}
    return render(request, "mentoring/pair_staff.html", context)


@login_required
@require_GET
def pair_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """The next meeting as a one-event calendar file, with the same UID as in the calendar feed."""
    mentorship = _member_pair(request, pk)
    meeting = selectors.upcoming_meeting(mentorship=mentorship, now=timezone.now())
    if meeting is None:
        raise Http404
    meeting.mentorship = mentorship
    entry = selectors.meeting_entry(meeting, viewer=request_user(request))
    response = HttpResponse(calendar.calendar_bytes([entry]), content_type=calendar.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="huddle-mentoring-{pk}.ics"'
    return response


@login_required
@require_POST
@in_viewer_zone
def pair_milestone_create(request: HttpRequest, pk: int, goal_id: int) -> HttpResponse:
    mentorship = _member_pair(request, pk)
    goal = get_object_or_404(Goal, pk=goal_id, mentorship=mentorship)
    goal.mentorship = mentorship
    form = MilestoneForm(request.POST, prefix=f"ms{goal.pk}")
    ok = form.is_valid() and attempt(
        form,
        lambda: services.milestone_create(
            goal=goal,
            by=request_user(request),
            title=form.cleaned_data["title"],
            submission=form.cleaned_data["submission"],
        ),
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
        services.milestone_set_done(milestone=milestone, by=request_user(request), done=done)
    except HuddleError as error:
        messages.error(request, error.message)
        return redirect("mentoring:pair_detail", pk=pk)
    success = _("Milestone done.") if done else _("Milestone marked not done.")
    return _respond(request, mentorship, ok=True, section="goals", success=success)


@login_required
@require_POST
@in_viewer_zone
def pair_end(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship = _pair_for(request, pk)
    user = request_user(request)
    form = EndForm(request.POST, allow_withdrawn=policy.can_withdraw_pair(user, mentorship))
    ok = form.is_valid() and attempt(
        form,
        lambda: services.mentorship_end(
            mentorship=mentorship, by=user, status=form.cleaned_data["status"], reason=form.cleaned_data["reason"]
        ),
    )
    if ok:
        messages.success(request, _("The pairing has ended. Thank you."))
        return redirect("mentoring:pair_detail", pk=pk)
    if policy.is_pair_member(user, mentorship):
        return render(request, TEMPLATE, _member_context(request, mentorship, end_form=form))
    return _staff_page(request, mentorship, end_form=form)


@login_required
@require_GET
@in_viewer_zone
def mentor_dashboard(request: HttpRequest) -> HttpResponse:
    """A mentor's mentees on one page; a mentee's mentor(s), one per tier."""
    mine = selectors.my_pairs(user=request_user(request), now=timezone.now())
    return render(request, "mentoring/mentor_dashboard.html", {"mine": mine})
