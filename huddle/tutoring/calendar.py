"""Tutoring in the personal calendar feed: a student's bookings (with their reminders as alarms)
and a tutor's sessions that someone booked. UIDs are for life; cancelled ones stay, marked."""

from datetime import datetime, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from huddle.accounts.models import User
from huddle.lib.registry import CalendarEntry
from huddle.lib.urls import absolute_url, site_host
from huddle.tutoring.models import Booking, Modality, Session

ALARMS = (timedelta(hours=24), timedelta(hours=1))


def _where(session: Session) -> str:
    return session.meeting_link if session.modality == Modality.VIRTUAL else session.room


def booking_entry(booking: Booking, *, viewer: User) -> CalendarEntry:
    """The student's event for a booking; needs ``session__tutor__person`` and ``topic`` loaded."""
    session = booking.session
    live = booking.status == Booking.Status.BOOKED
    tutor = session.tutor.person.get_full_name()
    return CalendarEntry(
        uid=f"huddle-tutoring-booking-{booking.uid}@{site_host()}",
        start=booking.starts_at,
        end=booking.ends_at,
        summary=_("Tutoring: %(subject)s with %(tutor)s") % {"subject": booking.topic.name, "tutor": tutor},
        sequence=booking.sequence,
        cancelled=booking.status in (Booking.Status.CANCELLED, Booking.Status.WAITLISTED),
        location=_where(session),
        description=booking.note,
        url=absolute_url(reverse("tutoring:booking", args=[booking.pk])),
        updated=booking.updated_at,
        alarms=ALARMS if live else (),
    )


def session_entry(session: Session, *, booked: int, held: int) -> CalendarEntry:
    """The tutor's event for a session someone booked: ``booked`` hold a place now, ``held`` ever did."""
    return CalendarEntry(
        uid=f"huddle-tutoring-session-{session.uid}@{site_host()}",
        start=session.starts_at,
        end=session.ends_at,
        summary=_("Tutoring session (%(n)d booked)") % {"n": booked} if session.capacity > 1 else _("Tutoring session"),
        sequence=session.sequence,
        # A session whose last student cancelled is no meeting any more; a new booking raises the sequence again.
        cancelled=session.status == Session.Status.CANCELLED or held == 0,
        location=_where(session),
        url=absolute_url(reverse("tutoring:session", args=[session.pk])),
        updated=session.updated_at,
        alarms=ALARMS if session.status == Session.Status.OPEN and held else (),
    )


def tutoring_calendar_entries(*, user: User, start: datetime, end: datetime) -> list[CalendarEntry]:
    """A person's bookings and, if they tutor, their sessions someone booked, in a window (one query).

    One read of the bookings that concern the person, as student or as tutor;
    the tutor's sessions and their counts come from the same rows. A session
    whose last student cancelled stays, marked cancelled, so calendars drop it.
    """
    rows = (
        Booking.objects.filter(
            Q(student=user) | Q(session__tutor__person=user), starts_at__gte=start, starts_at__lt=end
        )
        .select_related("session__tutor__person", "topic")
        .order_by("starts_at", "pk")
    )
    entries: list[CalendarEntry] = []
    sessions: dict[int, tuple[Session, int, int]] = {}
    for booking in rows:
        never_held = booking.status == Booking.Status.WAITLISTED and booking.sequence == 0
        if booking.student_id == user.pk and not never_held:
            entries.append(booking_entry(booking, viewer=user))
        if booking.session.tutor.person_id == user.pk and booking.status != Booking.Status.WAITLISTED:
            _session, booked, held = sessions.get(booking.session_id, (booking.session, 0, 0))
            booked += booking.status == Booking.Status.BOOKED
            held += booking.status in Booking.HELD
            sessions[booking.session_id] = (booking.session, booked, held)
    return entries + [session_entry(s, booked=b, held=h) for s, b, h in sessions.values()]
