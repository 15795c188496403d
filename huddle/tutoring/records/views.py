"""After a session: the student's rating, and the tutor's page for one session with its completion form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from huddle.accounts.http import signed_in_user
from huddle.accounts.models import User
from huddle.lib.errors import HuddleError
from huddle.lib.forms import add_service_error
from huddle.lib.http import deny_unless
from huddle.tutoring import policy
from huddle.tutoring.bookings.views import _visible_booking, booking_context
from huddle.tutoring.find.clock import in_viewer_zone
from huddle.tutoring.find.selectors import name_of
from huddle.tutoring.models import MAX_GROUP_PLACES, Session
from huddle.tutoring.records import selectors, services
from huddle.tutoring.records.forms import CompletionForm, RatingForm


@login_required
@require_POST
@in_viewer_zone
def rate(request: HttpRequest, booking_id: int) -> HttpResponse:
    user, booking = _visible_booking(request, booking_id)
    deny_unless(policy.can_rate(user, booking))
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.rating_create(
                user=user, booking=booking, stars=form.cleaned_data["stars"], comment=form.cleaned_data["comment"]
            )
        except HuddleError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Thank you: your rating helps the school support its tutors."))
            return redirect("tutoring:booking", booking.pk)
    context = booking_context(user, booking, rating_form=form)
    return render(request, "tutoring/bookings/detail.html", context, status=400)


def _run_session(user: User, session_id: int) -> Session:
    """The session for its tutor and coordinators; 404 for anyone else."""
    session = selectors.session_get(session_id=session_id)
    if session is None or not policy.can_run_session(user, session):
        raise Http404
    return session


def _session_page(
    request: HttpRequest, user: User, session: Session, *, form: CompletionForm | None = None, status: int = 200
) -> HttpResponse:
    now = timezone.now()
    roster = selectors.session_roster(session=session)
    started = session.starts_at <= now
    can_complete = started and session.status != Session.Status.CANCELLED and bool(roster.held)
    if can_complete and form is None:
        minutes = session.minutes or int((session.ends_at - session.starts_at).total_seconds() // 60)
        form = CompletionForm(bookings=roster.held, initial={"minutes": minutes})
    context = {
        "session": session,
        "tutor_name": name_of(session.tutor.person),
        "roster": roster,
        "held": len(roster.held),
        "started": started,
        "form": form,
        "can_manage": policy.can_manage_sessions(user, session.tutor)
        and session.status == Session.Status.OPEN
        and not started,
        "show_ratings": policy.can_read_ratings(user),
        "is_tutor": policy.is_tutor(user, session.tutor),
        "max_places": MAX_GROUP_PLACES,
    }
    return render(request, "tutoring/records/session.html", context, status=status)


@login_required
@require_GET
@in_viewer_zone
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    user = signed_in_user(request)
    return _session_page(request, user, _run_session(user, session_id))


@login_required
@require_POST
@in_viewer_zone
def session_complete(request: HttpRequest, session_id: int) -> HttpResponse:
    """Attendance, minutes and notes in one go; sending it again corrects the record."""
    user = signed_in_user(request)
    session = _run_session(user, session_id)
    roster = selectors.session_roster(session=session)
    form = CompletionForm(request.POST, bookings=roster.held)
    if form.is_valid():
        try:
            done = services.session_complete(
                user=user,
                session=session,
                minutes=form.cleaned_data["minutes"],
                attended=form.attended(),
                notes=form.notes(),
            )
        except HuddleError as error:
            add_service_error(form, error)
        else:
            came = len(form.attended())
            messages.success(
                request,
                _("Session recorded: %(came)d of %(held)d came, %(minutes)d minutes.")
                % {"came": came, "held": len(roster.held), "minutes": done.minutes or 0},
            )
            return redirect("tutoring:session", session.pk)
    return _session_page(request, user, session, form=form, status=400)
