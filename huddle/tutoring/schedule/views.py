"""A tutor's schedule: weekly windows (suggested from their availability grid), one-off sessions, days off;
cancelling a session and changing its places."""

from datetime import date, time

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from huddle.accounts.http import signed_in_user
from huddle.lib.errors import HuddleError
from huddle.lib.forms import add_service_error
from huddle.lib.http import deny_unless, is_htmx
from huddle.lib.zones import zone_of
from huddle.tutoring import policy
from huddle.tutoring.bookings.services import session_cancel as cancel_session
from huddle.tutoring.bookings.services import session_places_set
from huddle.tutoring.models import BlockedDate, Booking, Session, Window
from huddle.tutoring.schedule import selectors, services
from huddle.tutoring.schedule.forms import BlockedForm, PlacesForm, SessionForm, WindowForm
from huddle.tutoring.tutors.views import own_tutor

#: Services name a clash on the instant (``starts_at``) or the session; these forms ask for a wall-clock start.
_ALIASES = {"starts_at": "starts", "session": "starts"}


def _service_error(form: forms.Form, error: HuddleError) -> None:
    if error.field in _ALIASES and error.field not in form.fields:
        error = HuddleError(error.message, field=_ALIASES[error.field])
    add_service_error(form, error)


def _prefill(request: HttpRequest) -> dict[str, object]:
    """A suggestion's "use it" link (``?weekday=1&starts=18:00&ends=20:00``) as the form's initial values."""
    initial: dict[str, object] = {}
    weekday = request.GET.get("weekday", "")
    if weekday.isdigit() and 0 <= int(weekday) <= 6:
        initial["weekday"] = int(weekday)
    for name in ("starts", "ends"):
        try:
            initial[name] = time.fromisoformat(request.GET.get(name, ""))
        except ValueError:
            continue
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def windows(request: HttpRequest) -> HttpResponse:
    """The tutor's weekly windows, a form to add one, and their availability grid as ready-made windows."""
    user = signed_in_user(request)
    tutor = own_tutor(user)
    deny_unless(policy.can_manage_sessions(user, tutor))
    posted = request.method == "POST"
    form = WindowForm(request.POST if posted else None, tutor=tutor, initial=_prefill(request))
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            window = services.window_create(
                user=user,
                tutor=tutor,
                weekday=data["weekday"],
                starts=data["starts"],
                ends=data["ends"],
                session_minutes=data["session_minutes"],
                offer=form.offer(),
            )
        except HuddleError as error:
            _service_error(form, error)
        else:
            messages.success(request, _cut_message(window))
            return redirect("tutoring:windows")
    now = timezone.now()
    rows = selectors.window_rows(tutor=tutor, now=now)
    context = {
        "form": form,
        "tutor": tutor,
        "windows": rows,
        "suggestions": selectors.suggestions(tutor=tutor, windows=rows),
        "zone": zone_of(user).key,
    }
    status = 400 if form.errors else 200
    if is_htmx(request) and not posted:
        return render(request, "tutoring/schedule/windows.html#window_form", context, status=status)
    return render(request, "tutoring/schedule/windows.html", context, status=status)


def _cut_message(window: Window) -> str:
    """What a new window opened: how many sessions, and until when."""
    cut = Session.objects.filter(window=window, status=Session.Status.OPEN).order_by("starts_at")
    count = cut.count()
    last = cut.last()
    if not count or last is None:
        return _("Weekly window added. No session could be opened yet (days off or other sessions at those times).")
    until = date_format(timezone.localtime(last.starts_at), "DATE_FORMAT")
    return ngettext(
        "Weekly window added: %(n)d session is open for booking, until %(date)s; more open week by week.",
        "Weekly window added: %(n)d sessions are open for booking, until %(date)s; more open week by week.",
        count,
    ) % {"n": count, "date": until}


@login_required
@require_POST
def window_remove(request: HttpRequest, window_id: int) -> HttpResponse:
    user = signed_in_user(request)
    window = get_object_or_404(Window.objects.select_related("tutor__person"), pk=window_id)
    deny_unless(policy.can_manage_sessions(user, window.tutor))
    try:
        remaining = services.window_remove(user=user, window=window)
    except HuddleError as error:
        messages.error(request, error.message)
    else:
        if remaining:
            messages.warning(
                request,
                ngettext(
                    "Window removed. %(n)d booked session stays: cancel it from its page if you cannot run it.",
                    "Window removed. %(n)d booked sessions stay: cancel them from their pages if you cannot run them.",
                    remaining,
                )
                % {"n": remaining},
            )
        else:
            messages.success(request, _("Window removed, with its sessions nobody had booked."))
    return redirect("tutoring:windows")


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request: HttpRequest) -> HttpResponse:
    """A one-off session on a date, at a time in the tutor's zone."""
    user = signed_in_user(request)
    tutor = own_tutor(user)
    deny_unless(policy.can_manage_sessions(user, tutor))
    posted = request.method == "POST"
    form = SessionForm(request.POST if posted else None, tutor=tutor)
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_add(
                user=user,
                tutor=tutor,
                day=data["day"],
                starts=data["starts"],
                minutes=data["minutes"],
                offer=form.offer(),
            )
        except HuddleError as error:
            _service_error(form, error)
        else:
            messages.success(request, _("Session added: students can book it now."))
            return redirect("tutoring:session", session.pk)
    context = {"form": form, "tutor": tutor, "zone": zone_of(user).key}
    return render(request, "tutoring/schedule/session_new.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def blocked_dates(request: HttpRequest) -> HttpResponse:
    """Days off. A day with booked sessions asks once more, listing them, before cancelling them."""
    user = signed_in_user(request)
    tutor = own_tutor(user)
    deny_unless(policy.can_manage_sessions(user, tutor))
    now = timezone.now()
    posted = request.method == "POST"
    form = BlockedForm(request.POST if posted else None)
    affected: list[Session] = []
    if posted and form.is_valid():
        day = form.cleaned_data["day"]
        affected = selectors.booked_on(tutor=tutor, day=day, now=now)
        if not affected or form.cleaned_data["confirm"]:
            try:
                services.blocked_date_add(user=user, tutor=tutor, day=day, now=now)
            except HuddleError as error:
                _service_error(form, error)
                affected = []
            else:
                messages.success(request, _blocked_message(day, affected))
                return redirect("tutoring:blocked")
    context = {
        "form": form,
        "tutor": tutor,
        "blocked": selectors.blocked_rows(tutor=tutor, now=now),
        "affected": affected,
        "confirm_day": form.cleaned_data["day"] if affected else None,
    }
    return render(request, "tutoring/schedule/blocked.html", context, status=400 if form.errors else 200)


def _blocked_message(day: date, cancelled: list[Session]) -> str:
    shown = date_format(day, "DATE_FORMAT")
    if not cancelled:
        return _("%(date)s is a day off: no session opens that day.") % {"date": shown}
    return ngettext(
        "%(date)s is a day off: %(n)d booked session was cancelled and everyone in it is told.",
        "%(date)s is a day off: %(n)d booked sessions were cancelled and everyone in them is told.",
        len(cancelled),
    ) % {"date": shown, "n": len(cancelled)}


@login_required
@require_POST
def blocked_remove(request: HttpRequest, blocked_id: int) -> HttpResponse:
    user = signed_in_user(request)
    blocked = get_object_or_404(BlockedDate.objects.select_related("tutor__person"), pk=blocked_id)
    deny_unless(policy.can_manage_sessions(user, blocked.tutor))
    shown = date_format(blocked.day, "DATE_FORMAT")
    try:
        services.blocked_date_remove(user=user, blocked=blocked)
    except HuddleError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%(date)s is open again: your weekly times that day are bookable.") % {"date": shown}
        )
    return redirect("tutoring:blocked")


def _session(session_id: int) -> Session:
    return get_object_or_404(Session.objects.select_related("tutor__person"), pk=session_id)


def _back(request: HttpRequest, session: Session) -> HttpResponse:
    """Back where the form was (``next`` or the referring page, on this site only), else the session page."""
    target = request.POST.get("next") or request.headers.get("referer") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("tutoring:session", session.pk)


@login_required
@require_POST
def session_cancel(request: HttpRequest, session_id: int) -> HttpResponse:
    """The tutor (or a coordinator) cancels a session; everyone booked or waiting is told."""
    user = signed_in_user(request)
    session = _session(session_id)
    deny_unless(policy.can_manage_sessions(user, session.tutor))
    try:
        cancel_session(user=user, session=session)
    except HuddleError as error:
        messages.error(request, error.message)
        return _back(request, session)
    messages.success(request, _("Session cancelled. Everyone who booked or was waiting is told."))
    return redirect("tutoring:session", session.pk)


@login_required
@require_POST
def session_places(request: HttpRequest, session_id: int) -> HttpResponse:
    """More places go to the waitlist at once; fewer than the people holding one are refused."""
    user = signed_in_user(request)
    session = _session(session_id)
    deny_unless(policy.can_manage_sessions(user, session.tutor))
    form = PlacesForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("capacity", [])))
        return _back(request, session)
    held = Q(status=Booking.Status.BOOKED)
    before = Booking.objects.filter(session=session).aggregate(n=Count("pk", filter=held))["n"]
    try:
        session = session_places_set(user=user, session=session, capacity=form.cleaned_data["capacity"])
    except HuddleError as error:
        messages.error(request, error.message)
        return _back(request, session)
    promoted = Booking.objects.filter(session=session).aggregate(n=Count("pk", filter=held))["n"] - before
    text = _("The session now has %(n)d places.") % {"n": session.capacity}
    if promoted > 0:
        text += " " + ngettext(
            "%(n)d person from the waitlist got a place and is told.",
            "%(n)d people from the waitlist got a place and are told.",
            promoted,
        ) % {"n": promoted}
    messages.success(request, text)
    return redirect("tutoring:session", session.pk)
