"""Reads for a tutor's schedule pages: their windows with the sessions cut from them, suggestions from
their availability grid, their days off and what a day off would cancel.

Windows are wall-clock times in the zone they were made in (the tutor's);
the availability grid is stored in the person's own zone too, so a painted
"Tuesday 18:00–20:00" is suggested as exactly that window.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Max, Min, Q
from django.utils.dates import WEEKDAYS

from huddle.accounts.availability import DAYS, as_ranges
from huddle.lib.zones import zone_of
from huddle.tutoring.models import BlockedDate, Booking, Session, Tutor, Window

#: A grid range running to midnight is suggested up to the last half hour a time field can hold.
LAST_START = time(23, 30)


@dataclass(frozen=True)
class WindowRow:
    """A weekly window with the sessions cut from it that lie ahead."""

    window: Window
    upcoming: int
    booked: int
    first_at: datetime | None
    last_at: datetime | None

    @property
    def day_name(self) -> str:
        return str(WEEKDAYS[self.window.weekday])


def window_rows(*, tutor: Tutor, now: datetime) -> list[WindowRow]:
    """Active windows, each with its open sessions ahead counted and dated (one query).

    ``upcoming`` counts open sessions ahead, ``booked`` those someone holds a
    place in, ``first_at`` and ``last_at`` date the first and last of them.
    """
    ahead = Q(sessions__status=Session.Status.OPEN, sessions__starts_at__gt=now)
    rows = (
        Window.objects.filter(tutor=tutor, active=True)
        .select_related("topic")
        .annotate(
            upcoming=Count("sessions", filter=ahead, distinct=True),
            booked=Count("sessions", filter=ahead & Q(sessions__bookings__status=Booking.Status.BOOKED), distinct=True),
            first_at=Min("sessions__starts_at", filter=ahead),
            last_at=Max("sessions__starts_at", filter=ahead),
        )
        .order_by("weekday", "starts", "pk")
    )
    return [WindowRow(w, getattr(w, "upcoming", 0), getattr(w, "booked", 0), w.first_at, w.last_at) for w in rows]


@dataclass(frozen=True)
class Suggestion:
    """A window taken from the availability grid; ``offered`` when it overlaps a window already there."""

    weekday: int
    starts: time
    ends: time
    offered: bool

    @property
    def day_name(self) -> str:
        return str(WEEKDAYS[self.weekday])

    @property
    def query(self) -> str:
        return f"weekday={self.weekday}&starts={self.starts:%H:%M}&ends={self.ends:%H:%M}"


def _clock(text: str) -> time:
    hours, minutes = (int(part) for part in text.split(":"))
    return LAST_START if hours >= 24 else time(hours, minutes)


def suggestions(*, tutor: Tutor, windows: list[WindowRow]) -> list[Suggestion]:
    """Each painted range of the tutor's weekly availability as a window to use (no query beyond the profile)."""
    profile = getattr(tutor.person, "profile", None)
    if profile is None:
        return []
    found = []
    for weekday, day in enumerate(DAYS):
        for span in as_ranges(profile.availability).get(day, []):
            start_text, end_text = span.split("-")
            starts, ends = _clock(start_text), _clock(end_text)
            if ends <= starts:
                continue
            offered = any(
                row.window.weekday == weekday and row.window.starts < ends and row.window.ends > starts
                for row in windows
            )
            found.append(Suggestion(weekday, starts, ends, offered))
    return found


def blocked_rows(*, tutor: Tutor, now: datetime) -> list[BlockedDate]:
    """Days off from today on (in the tutor's zone)."""
    today = now.astimezone(zone_of(tutor.person)).date()
    return list(BlockedDate.objects.filter(tutor=tutor, day__gte=today).order_by("day"))


def booked_on(*, tutor: Tutor, day: date, now: datetime) -> list[Session]:
    """Sessions of ``day`` (tutor's zone) not yet started that someone booked or waits for: what a day off cancels.

    Each session carries ``people``: how many students hold a place or wait.
    """
    zone = zone_of(tutor.person)
    start = datetime.combine(day, time.min, tzinfo=zone)
    live = Q(bookings__status__in=[Booking.Status.BOOKED, Booking.Status.WAITLISTED])
    return list(
        Session.objects.filter(
            tutor=tutor,
            status=Session.Status.OPEN,
            starts_at__gte=max(start, now),
            starts_at__lt=start + timedelta(days=1),
        )
        .annotate(people=Count("bookings", filter=live))
        .filter(people__gt=0)
        .order_by("starts_at")
    )
