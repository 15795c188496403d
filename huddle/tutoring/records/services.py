"""After a session: the tutor records attendance, minutes and notes; the student rates it.

Minutes are the tutor's hours the school pays or credits, so they are
bounded and recorded once per session (a correction by the tutor or a
coordinator overwrites them). A rating is once per attended booking.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huddle.accounts.models import User
from huddle.lib.errors import HuddleError, require
from huddle.tutoring import policy
from huddle.tutoring.models import Booking, Rating, Session

MAX_MINUTES = 240
NOTES_LIMIT = 2000
COMMENT_LIMIT = 1000


@transaction.atomic
def session_complete(
    *,
    user: User,
    session: Session,
    minutes: int,
    attended: set[int],
    notes: dict[int, str] | None = None,
    now: datetime | None = None,
) -> Session:
    """Mark a session held: ``attended`` holds the ids of bookings whose student came; the rest are no-shows."""
    now = now or timezone.now()
    require(policy.can_run_session(user, session), _("Only the tutor or a coordinator completes a session."))
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status == Session.Status.CANCELLED:
        raise HuddleError(_("This session was cancelled."))
    if session.starts_at > now:
        raise HuddleError(_("A session can be completed once it has started."))
    if not 1 <= minutes <= MAX_MINUTES:
        raise HuddleError(_("Give the minutes tutored, from 1 to %(n)d.") % {"n": MAX_MINUTES}, field="minutes")
    notes = notes or {}
    if any(len(text) > NOTES_LIMIT for text in notes.values()):
        raise HuddleError(_("Keep notes under %(n)d characters.") % {"n": NOTES_LIMIT}, field="notes")
    held = list(
        session.bookings.filter(status__in=[Booking.Status.BOOKED, Booking.Status.ATTENDED, Booking.Status.NO_SHOW])
    )
    if attended - {b.pk for b in held}:
        raise HuddleError(_("Mark only students booked on this session."), field="attended")
    for booking in held:
        status = Booking.Status.ATTENDED if booking.pk in attended else Booking.Status.NO_SHOW
        Booking.objects.filter(pk=booking.pk).update(
            status=status, tutor_notes=notes.get(booking.pk, booking.tutor_notes).strip()
        )
    Session.objects.filter(pk=session.pk).update(status=Session.Status.COMPLETED, minutes=minutes, completed_at=now)
    session.refresh_from_db()
    return session


@transaction.atomic
def rating_create(*, user: User, booking: Booking, stars: int, comment: str = "") -> Rating:
    require(policy.can_rate(user, booking), _("You can rate a session you attended."))
    if not 1 <= stars <= 5:
        raise HuddleError(_("Choose from 1 to 5 stars."), field="stars")
    comment = comment.strip()
    if len(comment) > COMMENT_LIMIT:
        raise HuddleError(_("Keep the comment under %(n)d characters.") % {"n": COMMENT_LIMIT}, field="comment")
    if Rating.objects.filter(booking=booking).exists():
        raise HuddleError(_("You already rated this session."), field="stars")
    return Rating.objects.create(booking=booking, stars=stars, comment=comment)
