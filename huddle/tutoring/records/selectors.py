"""Reads of the tutor's page for one session: who holds a place, who waits, what was recorded."""

from dataclasses import dataclass

from huddle.tutoring.models import Booking, Session


def session_get(*, session_id: int) -> Session | None:
    return Session.objects.filter(pk=session_id).select_related("tutor__person__profile", "topic").first()


@dataclass(frozen=True)
class Roster:
    """``held``: everyone with a place (booked, attended or no-show), by seat; ``waiting``: the waitlist in order."""

    held: list[Booking]
    waiting: list[Booking]


def session_roster(*, session: Session) -> Roster:
    """Both lists in one query, with each student, subject and (for coordinators) rating."""
    rows = (
        Booking.objects.filter(
            session=session,
            status__in=[
                Booking.Status.BOOKED,
                Booking.Status.ATTENDED,
                Booking.Status.NO_SHOW,
                Booking.Status.WAITLISTED,
            ],
        )
        .select_related("student__profile", "topic", "rating")
        .order_by("waitlisted_at", "seat", "pk")
    )
    held: list[Booking] = []
    waiting: list[Booking] = []
    for booking in rows:
        (waiting if booking.status == Booking.Status.WAITLISTED else held).append(booking)
    held.sort(key=lambda b: (b.seat or 0, b.pk))
    return Roster(held, waiting)
