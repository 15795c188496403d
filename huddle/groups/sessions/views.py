"""A group's sessions: schedule one (with suggested times), its page with RSVPs, change or cancel it (this
one or the following ones too), answer for it, take attendance.

Outsiders get 404 for a group they may not see and 403 for one they may see
but are not in; times are shown on the viewer's clock with the zone named,
and entered on the group's clock, which the forms say.
"""

from datetime import date, datetime, time, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from huddle.accounts.http import signed_in_user
from huddle.accounts.models import User
from huddle.groups import policy
from huddle.groups.models import GroupSession, Rsvp, StudyGroup
from huddle.groups.sessions import selectors, services
from huddle.groups.sessions.forms import AttendanceForm, CancelForm, EditForm, RsvpForm, SessionForm
from huddle.groups.sessions.suggest import SuggestedTime
from huddle.lib.errors import HuddleError
from huddle.lib.forms import add_service_error
from huddle.lib.http import deny_unless, is_htmx
from huddle.lib.zones import zone_named, zone_of

Answer = Rsvp.Answer

#: The forms ask for an end time; the services name the length.
_ALIASES = {"minutes": "ends"}
#: Lengths the suggestions can be asked for.
SUGGEST_MINUTES = (60, 90, 120)


def _form_error(form: forms.Form, error: HuddleError) -> None:
    if error.field in _ALIASES:
        error = HuddleError(error.message, field=_ALIASES[error.field])
    add_service_error(form, error)


def _group(request: HttpRequest, group_id: int) -> tuple[User, StudyGroup]:
    user = signed_in_user(request)
    group = selectors.group_with_viewer(group_id=group_id, viewer=user)
    if group is None or not policy.can_see_group(user, group):
        raise Http404
    return user, group


def _session(request: HttpRequest, session_id: int) -> tuple[User, GroupSession]:
    """The session for members and coordinators; 404 when its group is hidden from the viewer, else 403."""
    user = signed_in_user(request)
    session = selectors.session_with_viewer(session_id=session_id, viewer=user)
    if session is None or not policy.can_see_group(user, session.group):
        raise Http404
    deny_unless(policy.can_read_inside(user, session.group))
    return user, session


def _ahead(session: GroupSession) -> bool:
    return session.status == GroupSession.Status.SCHEDULED and session.starts_at > timezone.now()


def _prefill(request: HttpRequest) -> dict[str, object]:
    """A suggestion's "use it" link (``?starts_on=…&starts=18:00&ends=19:00``) as the form's initial values."""
    initial: dict[str, object] = {}
    parsers = {"starts_on": date.fromisoformat, "starts": time.fromisoformat, "ends": time.fromisoformat}
    for name, parse in parsers.items():
        try:
            initial[name] = parse(request.GET.get(name, ""))
        except ValueError:
            continue
    return initial


def _suggest_minutes(request: HttpRequest) -> int:
    value = request.GET.get("minutes", "")
    return int(value) if value.isdigit() and int(value) in SUGGEST_MINUTES else SUGGEST_MINUTES[0]


def _scheduled_message(sessions: list[GroupSession], days: list[date]) -> str:
    made = {s.starts_at.astimezone(zone_named(s.time_zone)).date() for s in sessions}
    skipped = [d for d in days if d not in made]
    if len(sessions) == 1:
        text = _("Session scheduled. Members are told.")
    else:
        text = _("%(n)d weekly sessions scheduled. Members are told.") % {"n": len(sessions)}
    if skipped:
        dates = ", ".join(date_format(d, "DATE_FORMAT") for d in skipped)
        text += " " + ngettext(
            "No session on %(dates)s: that time does not exist that day (the clocks change).",
            "No sessions on %(dates)s: that time does not exist on those days (the clocks change).",
            len(skipped),
        ) % {"dates": dates}
    return text


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request: HttpRequest, group_id: int) -> HttpResponse:
    """Schedule a session, with the times most members are free offered to pre-fill the form."""
    user, group = _group(request, group_id)
    deny_unless(policy.can_run_group(user, group))
    posted = request.method == "POST"
    initial = {"place": group.place, "meeting_link": group.meeting_link, **_prefill(request)}
    form = SessionForm(request.POST if posted else None, initial=initial)
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            sessions = services.session_schedule(
                actor=user,
                group=group,
                starts_on=data["starts_on"],
                starts=data["starts"],
                minutes=data["minutes"],
                weekly_until=data["weekly_until"],
                title=data["title"],
                agenda=data["agenda"],
                place=data["place"],
                meeting_link=data["meeting_link"] or "",
            )
        except HuddleError as error:
            _form_error(form, error)
        else:
            messages.success(
                request, _scheduled_message(sessions, services.series_days(data["starts_on"], data["weekly_until"]))
            )
            return redirect("groups:session", sessions[0].pk)
    minutes = _suggest_minutes(request)
    suggestions = selectors.suggestions_for_group(group=group, minutes=minutes)
    context = {
        "group": group,
        "form": form,
        "group_zone": group.time_zone,
        "viewer_zone": zone_of(user).key,
        "suggestions": [(s, _use_query(s, minutes), WEEKDAYS[s.weekday]) for s in suggestions],
        "minutes": minutes,
        "minute_choices": SUGGEST_MINUTES,
    }
    status = 400 if form.errors else 200
    if is_htmx(request) and not posted:
        return render(request, "groups/sessions/new.html#session_form", context, status=status)
    return render(request, "groups/sessions/new.html", context, status=status)


def _use_query(suggestion: SuggestedTime, minutes: int) -> str:
    ends = (datetime.combine(suggestion.on, suggestion.starts) + timedelta(minutes=minutes)).time()
    return f"starts_on={suggestion.on.isoformat()}&starts={suggestion.starts:%H:%M}&ends={ends:%H:%M}&minutes={minutes}"


def _page_context(user: User, session: GroupSession, **extra: object) -> dict[str, object]:
    group = session.group
    member = policy.is_member(user, group)
    return {
        "session": session,
        "group": group,
        "page": selectors.session_page(session=session, viewer=user),
        "member": member,
        "can_run": policy.can_run_group(user, group),
        "can_answer": member and _ahead(session),
        "ahead": _ahead(session),
        "started": session.starts_at <= timezone.now(),
        "later": bool(getattr(session, "later", False)) and session.series is not None,
        "group_zone": session.time_zone,
        "answer_choices": [(Answer.YES, _("Going")), (Answer.MAYBE, _("Maybe")), (Answer.NO, _("Not going"))],
        "series_choices": [
            (Answer.YES, _("Going to this and all following")),
            (Answer.MAYBE, _("Maybe to this and all following")),
            (Answer.NO, _("Not going to this or any following")),
        ],
        **extra,
    }


@login_required
@require_http_methods(["GET"])
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    """When (on the viewer's clock), where, the agenda, RSVP buttons and who is going."""
    user, session = _session(request, session_id)
    with timezone.override(zone_of(user)):
        return render(request, "groups/sessions/session.html", _page_context(user, session))


@login_required
@require_POST
def rsvp(request: HttpRequest, session_id: int) -> HttpResponse:
    """Answer for this session or for it and all following; htmx swaps the RSVP block in place."""
    user, session = _session(request, session_id)
    deny_unless(policy.is_member(user, session.group))
    form = RsvpForm(request.POST)
    error = ""
    if not form.is_valid():
        error = _("Answer going, maybe or not going.")
    else:
        try:
            count = services.rsvp_set(
                person=user, session=session, answer=form.cleaned_data["answer"], scope=form.cleaned_data["scope"]
            )
        except HuddleError as refused:
            error = refused.message
        else:
            if not is_htmx(request):
                messages.success(request, _rsvp_message(count))
    if is_htmx(request):
        # htmx leaves 4xx responses unswapped, so a refusal is said inside the block with a 200.
        session = selectors.session_with_viewer(session_id=session_id, viewer=user) or session
        with timezone.override(zone_of(user)):
            context = _page_context(user, session, rsvp_error=error)
            return render(request, "groups/sessions/session.html#rsvp", context)
    if error:
        messages.error(request, error)
    return redirect("groups:session", session.pk)


def _rsvp_message(count: int) -> str:
    if count > 1:
        return _("Answer saved for this session and the %(n)d following ones.") % {"n": count - 1}
    return _("Answer saved for this session.")


def _edit_initial(session: GroupSession) -> dict[str, object]:
    zone = zone_named(session.time_zone)
    start, end = session.starts_at.astimezone(zone), session.ends_at.astimezone(zone)
    return {
        "starts_on": start.date(),
        "starts": start.time(),
        "ends": end.time(),
        "title": session.title,
        "agenda": session.agenda,
        "place": session.place,
        "meeting_link": session.meeting_link,
        "scope": "this",
    }


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, session_id: int) -> HttpResponse:
    """Change the time, place or agenda of this session, or of it and the following ones."""
    user, session = _session(request, session_id)
    deny_unless(policy.can_run_group(user, session.group))
    if not _ahead(session):
        messages.error(request, _("Only sessions that have not started and are not cancelled can be changed."))
        return redirect("groups:session", session.pk)
    later = bool(getattr(session, "later", False)) and session.series is not None
    posted = request.method == "POST"
    form = EditForm(request.POST if posted else None, initial=_edit_initial(session), series=later)
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            changed = services.session_update(
                actor=user,
                session=session,
                scope=data["scope"] if later else "this",
                starts_on=data["starts_on"],
                starts=data["starts"],
                minutes=data["minutes"],
                title=data["title"],
                agenda=data["agenda"],
                place=data["place"],
                meeting_link=data["meeting_link"] or "",
            )
        except HuddleError as error:
            _form_error(form, error)
        else:
            if not changed:
                messages.info(request, _("Nothing changed."))
            else:
                messages.success(
                    request,
                    ngettext(
                        "Session changed. Members are told.",
                        "%(n)d sessions changed. Members are told.",
                        len(changed),
                    )
                    % {"n": len(changed)},
                )
            return redirect("groups:session", session.pk)
    context = {"session": session, "group": session.group, "form": form, "group_zone": session.time_zone}
    return render(request, "groups/sessions/edit.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def session_cancel(request: HttpRequest, session_id: int) -> HttpResponse:
    """Ask which sessions, then cancel them; the rows stay, marked, and members are told."""
    user, session = _session(request, session_id)
    deny_unless(policy.can_run_group(user, session.group))
    if not _ahead(session):
        messages.error(request, _("Only sessions that have not started and are not cancelled can be cancelled."))
        return redirect("groups:session", session.pk)
    later = bool(getattr(session, "later", False)) and session.series is not None
    form = CancelForm(request.POST if request.method == "POST" else None)
    if not later:
        form.fields["scope"].widget = forms.HiddenInput()
    if request.method == "POST" and form.is_valid():
        try:
            rows = services.session_cancel(
                actor=user, session=session, scope=form.cleaned_data["scope"] if later else "this"
            )
        except HuddleError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "Session cancelled. Members are told.",
                    "%(n)d sessions cancelled. Members are told.",
                    len(rows),
                )
                % {"n": len(rows)},
            )
            return redirect("groups:session", session.pk)
    with timezone.override(zone_of(user)):
        context = {"session": session, "group": session.group, "form": form, "later": later}
        return render(request, "groups/sessions/cancel.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, session_id: int) -> HttpResponse:
    """Tick who came, once the session has started; saving again replaces the record."""
    user, session = _session(request, session_id)
    deny_unless(policy.can_run_group(user, session.group))
    sheet = selectors.attendance_sheet(session=session)
    members = [(row.membership.person_id, row.membership.person.get_full_name()) for row in sheet]
    initial = {"present": [row.membership.person_id for row in sheet if row.ticked]}
    posted = request.method == "POST"
    form = AttendanceForm(request.POST if posted else None, members=members, initial=initial)
    if posted and form.is_valid():
        present = set(form.cleaned_data["present"])
        try:
            services.attendance_record(actor=user, session=session, present_ids=present)
        except HuddleError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Attendance saved: %(n)d of %(m)d members present.") % {"n": len(present), "m": len(members)},
            )
            return redirect("groups:session", session.pk)
    with timezone.override(zone_of(user)):
        context = {
            "session": session,
            "group": session.group,
            "form": form,
            "started": session.starts_at <= timezone.now(),
            "cancelled": session.status == GroupSession.Status.CANCELLED,
        }
        return render(request, "groups/sessions/attendance.html", context, status=400 if form.errors else 200)
