"""Booking a session, the student's bookings, one booking, cancelling and moving it."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huddle.accounts.http import signed_in_user
from huddle.accounts.models import User
from huddle.lib.errors import HuddleError
from huddle.lib.forms import add_service_error
from huddle.lib.http import deny_unless
from huddle.tutoring import policy
from huddle.tutoring.bookings import selectors, services
from huddle.tutoring.bookings.forms import BookForm, MoveForm
from huddle.tutoring.find.clock import in_viewer_zone
from huddle.tutoring.find.selectors import name_of, offered_subjects
from huddle.tutoring.models import Booking, Session
from huddle.tutoring.records.forms import RatingForm
from huddle.tutoring.rules import booking_refusal, rules_current


def _book(user: User, session: Session, data: dict) -> list[Booking]:
    if data.get("weeks", 1) > 1:
        return services.booking_series_create(
            student=user, session=session, topic=data["topic"], weeks=data["weeks"], note=data["note"]
        )
    booking = services.booking_create(
        student=user, session=session, topic=data["topic"], note=data["note"], waitlist=data.get("waitlist", False)
    )
    return [booking]


def _booked_message(request: HttpRequest, bookings: list[Booking]) -> None:
    first = bookings[0]
    if first.status == Booking.Status.WAITLISTED:
        position = selectors.waitlist_position(first) or 1
        messages.info(
            request,
            _(
                "The session is full: you are number %(n)d on its waitlist. If someone cancels, the place is yours "
                "automatically and we tell you."
            )
            % {"n": position},
        )
    elif len(bookings) > 1:
        messages.success(
            request,
            _("Your %(n)d weekly sessions are confirmed. An e-mail with a calendar file is on its way for each.")
            % {"n": len(bookings)},
        )
    else:
        messages.success(request, _("Your booking is confirmed. An e-mail with a calendar file is on its way."))


@login_required
@require_http_methods(["GET", "POST"])
@in_viewer_zone
def book(request: HttpRequest, session_id: int) -> HttpResponse:
    """Book a place; a refusal re-renders the page with the reason and 409 (the session changed under you)."""
    user = signed_in_user(request)
    deny_unless(policy.can_book(user))
    session = selectors.session_to_book(session_id=session_id)
    if session is None:
        raise Http404
    now = timezone.now()
    left = selectors.places_left(session)
    form = BookForm(
        request.POST if request.method == "POST" else None,
        topics=offered_subjects(session),
        full=left == 0,
        weekly=session.window_id is not None,
    )
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        else:
            try:
                bookings = _book(user, session, form.cleaned_data)
            except HuddleError as error:
                add_service_error(form, error)
                status = 409
                left = selectors.places_left(session, fresh=True)
                if left == 0:
                    form.offer_waitlist()
            else:
                _booked_message(request, bookings)
                return redirect("tutoring:booking", bookings[0].pk)
    is_open = session.status == Session.Status.OPEN and session.starts_at > now and not session.tutor.paused
    mine = selectors.live_booking_of(student=user, session=session) if request.method == "GET" else None
    refusal = ""
    if request.method == "GET" and is_open and mine is None:
        refusal = booking_refusal(student=user, session=session, rules=rules_current(), now=now)
    context = {
        "session": session,
        "tutor_name": name_of(session.tutor.person),
        "subjects": offered_subjects(session),
        "places_left": left,
        "form": form,
        "is_open": is_open,
        "own": session.tutor.person_id == user.pk,
        "refusal": refusal,
        "mine": mine,
    }
    return render(request, "tutoring/bookings/book.html", context, status=status)


@login_required
@require_GET
@in_viewer_zone
def my_bookings(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    deny_unless(policy.can_use_tutoring(user))
    rows = selectors.my_bookings(student=user, now=timezone.now())
    return render(request, "tutoring/bookings/list.html", {"rows": rows, "can_book": policy.can_book(user)})


def _visible_booking(request: HttpRequest, booking_id: int) -> tuple[User, Booking]:
    """The booking for its student, its tutor and coordinators; 404 for anyone else (no hint it exists)."""
    user = signed_in_user(request)
    booking = selectors.booking_get(booking_id=booking_id)
    if booking is None or not policy.can_see_booking(user, booking):
        raise Http404
    return user, booking


def _own_booking(request: HttpRequest, booking_id: int) -> tuple[User, Booking]:
    """The booking, for the student who booked it (403 for the tutor and coordinators who may see it)."""
    user, booking = _visible_booking(request, booking_id)
    deny_unless(policy.can_change_booking(user, booking))
    return user, booking


def booking_context(user: User, booking: Booking, *, rating_form: RatingForm | None = None) -> dict:
    """What the booking page shows this viewer (shared with the rating view, which re-renders it)."""
    now = timezone.now()
    rules = rules_current()
    active = booking.status in (Booking.Status.BOOKED, Booking.Status.WAITLISTED) and booking.starts_at > now
    owner = policy.can_change_booking(user, booking)
    inside_window = booking.starts_at - now < timedelta(hours=rules.cancel_window_hours)
    rating = getattr(booking, "rating", None)
    can_rate = policy.can_rate(user, booking) and rating is None
    return {
        "booking": booking,
        "session": booking.session,
        "tutor_name": name_of(booking.session.tutor.person),
        "student_name": name_of(booking.student),
        "owner": owner,
        "runs": policy.can_run_session(user, booking.session),
        "position": selectors.waitlist_position(booking),
        "can_cancel": owner and active,
        "late": booking.status == Booking.Status.BOOKED and inside_window,
        "can_move": owner and active and booking.status == Booking.Status.BOOKED and not inside_window,
        "rules": rules,
        "done": booking.status in (Booking.Status.ATTENDED, Booking.Status.NO_SHOW),
        "rating": rating if owner or policy.can_read_ratings(user) else None,
        "rating_form": (rating_form or RatingForm()) if can_rate else None,
    }


@login_required
@require_GET
@in_viewer_zone
def booking_detail(request: HttpRequest, booking_id: int) -> HttpResponse:
    user, booking = _visible_booking(request, booking_id)
    return render(request, "tutoring/bookings/detail.html", booking_context(user, booking))


@login_required
@require_POST
def booking_cancel(request: HttpRequest, booking_id: int) -> HttpResponse:
    user, booking = _own_booking(request, booking_id)
    was_waiting = booking.status == Booking.Status.WAITLISTED
    try:
        cancelled = services.booking_cancel(user=user, booking=booking)
    except HuddleError as error:
        messages.error(request, error.message)
    else:
        if was_waiting:
            messages.success(request, _("You left the waitlist."))
        elif cancelled.cancelled_late:
            hours = rules_current().cancel_window_hours
            messages.warning(
                request,
                ngettext(
                    "Cancelled. It was less than %(n)d hour before the start, so it counts as a late cancellation.",
                    "Cancelled. It was less than %(n)d hours before the start, so it counts as a late cancellation.",
                    hours,
                )
                % {"n": hours},
            )
        else:
            messages.success(request, _("Cancelled. Your place goes to the next person waiting, if anyone is."))
    return redirect("tutoring:booking", booking.pk)


@login_required
@require_http_methods(["GET", "POST"])
@in_viewer_zone
def booking_move(request: HttpRequest, booking_id: int) -> HttpResponse:
    """Other times with the same tutor; a refusal re-renders the list with the reason and 409."""
    user, booking = _own_booking(request, booking_id)
    now = timezone.now()
    form = MoveForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        target = None
        if form.is_valid():
            target = selectors.session_to_book(session_id=form.cleaned_data["session"])
            if target is None:
                form.add_error("session", _("Choose one of the times listed."))
        if target is None:
            status = 400
        else:
            try:
                moved = services.booking_move(user=user, booking=booking, to=target)
            except HuddleError as error:
                add_service_error(form, error)
                status = 409
            else:
                messages.success(request, _("Moved. An e-mail with the updated calendar file is on its way."))
                return redirect("tutoring:booking", moved.pk)
    context = {
        "booking": booking,
        "tutor_name": name_of(booking.session.tutor.person),
        "targets": selectors.move_targets(booking=booking, now=now, rules=rules_current()),
        "form": form,
    }
    return render(request, "tutoring/bookings/move.html", context, status=status)
