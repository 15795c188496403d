"""Places in a session: numbered seats, counted under the session's row lock."""

from django.db.models import QuerySet

from huddle.tutoring.models import Booking, Session


def locked(session: Session) -> Session:
    """The session row, locked until the transaction ends (SQLite: the writer lock is already held)."""
    return Session.objects.select_for_update().select_related("tutor__person").get(pk=session.pk)


def holders(session: Session) -> QuerySet[Booking]:
    return Booking.objects.filter(session=session, status=Booking.Status.BOOKED)


def free_seat(session: Session) -> int | None:
    """A seat number nobody holds while fewer people hold one than there are places.

    Counting, not looking for a gap, so a seat above ``capacity`` left after a
    change of places never makes room that is not there.
    """
    taken = set(holders(session).values_list("seat", flat=True))
    if len(taken) >= session.capacity:
        return None
    return next(seat for seat in range(1, session.capacity + len(taken) + 1) if seat not in taken)


def waiting(session: Session) -> QuerySet[Booking]:
    return Booking.objects.filter(session=session, status=Booking.Status.WAITLISTED).order_by("waitlisted_at", "pk")
