"""Reads of the booking pages: one session to book, a student's bookings, one booking, times to move to."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from huddle.accounts.models import User
from huddle.tutoring.find.selectors import approved_subjects
from huddle.tutoring.models import Booking, Rating, Rules, Session, TutorSubject


def _booked_count() -> Count:
    return Count("bookings", filter=Q(bookings__status=Booking.Status.BOOKED))


def session_to_book(*, session_id: int) -> Session | None:
    """The session with its tutor, subjects and ``booked`` (places held), or ``None``."""
    return (
        Session.objects.filter(pk=session_id)
        .select_related("tutor__person__profile", "topic")
        .prefetch_related(approved_subjects())
        .annotate(booked=_booked_count())
        .first()
    )


def places_left(session: Session, *, fresh: bool = False) -> int:
    """Free places of a session read with :func:`session_to_book` (asked when not annotated, or ``fresh``)."""
    booked = None if fresh else getattr(session, "booked", None)
    if booked is None:
        booked = session.bookings.filter(status=Booking.Status.BOOKED).count()
    return max(session.capacity - int(booked), 0)


def live_booking_of(*, student: User, session: Session) -> Booking | None:
    """The student's place or waitlist spot in this session, if they hold one."""
    return Booking.objects.filter(
        session=session, student=student, status__in=[Booking.Status.BOOKED, Booking.Status.WAITLISTED]
    ).first()


def booking_get(*, booking_id: int) -> Booking | None:
    """One booking with its session, tutor, student and rating (if any) read at once."""
    return (
        Booking.objects.filter(pk=booking_id)
        .select_related("session__tutor__person__profile", "topic", "student__profile", "rating")
        .first()
    )


def _with_position(rows: QuerySet[Booking]) -> QuerySet[Booking]:
    """``position`` on the session's waitlist (1 = next to get a place), counted in the same query."""
    ahead = (
        Booking.objects.filter(session=OuterRef("session"), status=Booking.Status.WAITLISTED)
        .filter(
            Q(waitlisted_at__lt=OuterRef("waitlisted_at"))
            | Q(waitlisted_at=OuterRef("waitlisted_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return rows.annotate(position=Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0)) + 1)


def waitlist_position(booking: Booking) -> int | None:
    """Where a waitlisted booking stands (1 = next), else ``None``."""
    if booking.status != Booking.Status.WAITLISTED:
        return None
    row = _with_position(Booking.objects.filter(pk=booking.pk)).first()
    return int(row.position) if row is not None else None  # type: ignore[attr-defined]


@dataclass(frozen=True)
class MyBookings:
    upcoming: list[Booking]
    waitlisted: list[Booking]
    past: list[Booking]


def my_bookings(*, student: User, now: datetime) -> MyBookings:
    """A student's bookings in three lists; ``position`` on waitlist rows, ``rated`` on every row (one query)."""
    rows = _with_position(
        Booking.objects.filter(student=student)
        .select_related("session__tutor__person__profile", "topic")
        .annotate(rated=Exists(Rating.objects.filter(booking=OuterRef("pk"))))
    ).order_by("starts_at", "pk")
    upcoming, waitlisted, past = [], [], []
    for booking in rows:
        if booking.starts_at > now and booking.status == Booking.Status.BOOKED:
            upcoming.append(booking)
        elif booking.starts_at > now and booking.status == Booking.Status.WAITLISTED:
            waitlisted.append(booking)
        else:
            past.append(booking)
    past.reverse()
    return MyBookings(upcoming, waitlisted, past)


def move_targets(*, booking: Booking, now: datetime, rules: Rules) -> list[Session]:
    """Other open sessions of the same tutor a booking could move to: bookable now, with a free place.

    The service checks every rule again at the move; this list only leaves out
    what could never work (full, too soon, past the horizon, another subject).
    """
    session = booking.session
    approved = TutorSubject.objects.filter(
        tutor=session.tutor_id, topic=booking.topic_id, status=TutorSubject.Status.APPROVED
    )
    if not approved.exists():
        return []
    rows = (
        Session.objects.filter(
            tutor_id=session.tutor_id,
            status=Session.Status.OPEN,
            starts_at__gte=now + timedelta(hours=rules.lead_time_hours),
            starts_at__lt=now + timedelta(weeks=max(int(rules.horizon_weeks), 1)),
        )
        .filter(Q(topic__isnull=True) | Q(topic_id=booking.topic_id))
        .exclude(pk=session.pk)
        .exclude(
            Exists(
                Booking.objects.filter(
                    session=OuterRef("pk"),
                    student_id=booking.student_id,
                    status__in=[Booking.Status.BOOKED, Booking.Status.WAITLISTED],
                )
            )
        )
        .annotate(booked=_booked_count())
        .order_by("starts_at", "pk")
    )
    return [s for s in rows if s.booked < s.capacity]  # type: ignore[attr-defined]
