"""Reads of the find pages: the week of open sessions across tutors, and the student's front page.

The week is the viewer's week (Monday to Sunday on their own clock) and every
time is shown on that clock. Only what a student could book right now is
listed: open sessions, starting after the school's lead time, of tutors who
are approved for a subject and not paused. The week is read in a fixed number
of queries however many sessions and tutors it holds: places are counted by
an annotation, tutors' subjects prefetched.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay
from django.utils.translation import gettext_lazy as _

from huddle.accounts import policy as accounts_policy
from huddle.accounts.models import Language, Profile, Topic, User, Visibility
from huddle.lib.zones import school_zone
from huddle.tutoring.models import Booking, Modality, Rules, Session, Tutor, TutorSubject

#: Times of day a student may filter by: the hours (on their clock) a session may start in.
TIMES_OF_DAY: dict[str, tuple[int, int]] = {"morning": (6, 12), "afternoon": (12, 17), "evening": (17, 24)}
TIME_OF_DAY_LABELS = {
    "morning": _("Morning (6:00–12:00)"),
    "afternoon": _("Afternoon (12:00–17:00)"),
    "evening": _("Evening (from 17:00)"),
}


@dataclass(frozen=True)
class WeekFilters:
    """What the student asked for; ``weekday`` (0 = Monday) and ``time_of_day`` are on the viewer's clock."""

    topic: Topic | None = None
    modality: str = ""
    language: Language | None = None
    weekday: int | None = None
    time_of_day: str = ""
    week: int = 0

    @property
    def any_given(self) -> bool:
        """A search, as opposed to browsing: the week alone is not a wish."""
        return bool(self.topic or self.modality or self.language or self.weekday is not None or self.time_of_day)


@dataclass(frozen=True)
class Slot:
    """One open session as the week view shows it."""

    session: Session
    starts: datetime
    ends: datetime
    tutor_name: str
    subjects: list[str]
    modality: str
    places_left: int
    my_booking_id: int | None
    my_status: str

    @property
    def full(self) -> bool:
        return self.places_left <= 0


@dataclass
class Day:
    day: date
    slots: list[Slot] = field(default_factory=list)


@dataclass(frozen=True)
class Week:
    """The week shown: its days on the viewer's clock, and where to go when it is empty."""

    monday: date
    week: int
    last_week: int
    zone: ZoneInfo
    days: list[Day]
    count: int
    #: When this week has nothing for the search: the first matching session in any bookable week.
    nearest: datetime | None
    nearest_week: int | None

    @property
    def previous(self) -> int | None:
        return self.week - 1 if self.week > 0 else None

    @property
    def next(self) -> int | None:
        return self.week + 1 if self.week < self.last_week else None

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


def _monday(at: datetime, zone: ZoneInfo) -> date:
    today = at.astimezone(zone).date()
    return today - timedelta(days=today.weekday())


def name_of(person: User) -> str:
    """How a tutor is named on tutoring pages (profile display name, else full name)."""
    profile = getattr(person, "profile", None)
    return profile.name if profile is not None else (person.get_full_name() or person.email)


def approved_subjects() -> Prefetch[Literal["tutor__subjects"], QuerySet[TutorSubject], Literal["approved_subjects"]]:
    """The tutor's approved subjects, on ``tutor.approved_subjects``: one query for any number of tutors."""
    return Prefetch(
        "tutor__subjects",
        queryset=TutorSubject.objects.filter(status=TutorSubject.Status.APPROVED).select_related("topic"),
        to_attr="approved_subjects",
    )


def offered_subjects(session: Session) -> list[Topic]:
    """What a session can be booked for: its own subject, else every subject its tutor is approved for.

    Reads ``tutor.approved_subjects`` when prefetched (:func:`approved_subjects`), else asks.
    """
    if session.topic_id is not None and session.topic is not None:
        return [session.topic]
    tutor: Tutor = session.tutor
    rows = getattr(tutor, "approved_subjects", None)
    if rows is None:
        rows = list(tutor.subjects.filter(status=TutorSubject.Status.APPROVED).select_related("topic"))
    return [row.topic for row in rows]


def languages_seen_by(viewer: User) -> Q:
    """Tutors whose languages the viewer may see (each profile's own choice), as a filter on ``Tutor``."""
    levels = accounts_policy.visibilities_seen_by(viewer)
    seen = Q(person=viewer)
    if levels:
        seen |= Q(person__profile__visibility__languages__in=sorted(levels))
        if Visibility.EVERYONE in levels:
            seen |= ~Q(person__profile__visibility__has_key="languages")
    return seen


def open_sessions(
    *, viewer: User, filters: WeekFilters, zone: ZoneInfo, now: datetime, rules: Rules
) -> QuerySet[Session]:
    """Sessions the viewer could book now that match the filters (any week).

    Every condition is an ``EXISTS`` rather than a join, so no session is listed
    twice and counts annotated later stay true.
    """
    approved = TutorSubject.objects.filter(tutor=OuterRef("tutor"), status=TutorSubject.Status.APPROVED)
    rows = (
        Session.objects.filter(
            status=Session.Status.OPEN,
            starts_at__gte=now + timedelta(hours=rules.lead_time_hours),
            tutor__paused=False,
        )
        .filter(Exists(approved))
        .filter(Q(topic__isnull=True) | Exists(approved.filter(topic=OuterRef("topic"))))
        .exclude(tutor__person=viewer)
    )
    if filters.topic is not None:
        rows = rows.filter(
            Q(topic=filters.topic) | (Q(topic__isnull=True) & Exists(approved.filter(topic=filters.topic)))
        )
    if filters.modality:
        rows = rows.filter(modality=filters.modality)
    if filters.language is not None:  # a language the tutor hides from the viewer never matches
        speaks = Profile.languages.through.objects.filter(
            profile__user=OuterRef("tutor__person"), language=filters.language
        )
        rows = rows.filter(Exists(speaks), tutor__in=Tutor.objects.filter(languages_seen_by(viewer)))
    if filters.weekday is not None:
        rows = rows.annotate(local_weekday=ExtractIsoWeekDay("starts_at", tzinfo=zone)).filter(
            local_weekday=filters.weekday + 1
        )
    if filters.time_of_day in TIMES_OF_DAY:
        first, last = TIMES_OF_DAY[filters.time_of_day]
        rows = rows.annotate(local_hour=ExtractHour("starts_at", tzinfo=zone)).filter(
            local_hour__gte=first, local_hour__lt=last
        )
    return rows


def last_week(rules: Rules) -> int:
    """How many weeks past this one a student may look: up to the booking horizon."""
    return max(int(rules.horizon_weeks), 0)


def week_view(*, viewer: User, filters: WeekFilters, zone: ZoneInfo, now: datetime, rules: Rules) -> Week:
    """The open sessions of one week on the viewer's clock, day by day (three queries, four when empty)."""
    this_monday = _monday(now, zone)
    last = last_week(rules)
    week = min(max(filters.week, 0), last)
    monday = this_monday + timedelta(weeks=week)
    start, end = _midnight(monday, zone), _midnight(monday + timedelta(days=7), zone)
    matching = open_sessions(viewer=viewer, filters=filters, zone=zone, now=now, rules=rules)
    mine = Booking.objects.filter(
        session=OuterRef("pk"), student=viewer, status__in=[Booking.Status.BOOKED, Booking.Status.WAITLISTED]
    )
    rows = (
        matching.filter(starts_at__gte=start, starts_at__lt=end)
        .select_related("tutor__person__profile", "topic")
        .prefetch_related(approved_subjects())
        .annotate(
            booked=Count("bookings", filter=Q(bookings__status=Booking.Status.BOOKED)),
            my_booking=Subquery(mine.values("pk")[:1]),
            my_status=Subquery(mine.values("status")[:1]),
        )
        .order_by("starts_at", "pk")
    )
    labels = dict(Modality.choices)
    days = [Day(monday + timedelta(days=n)) for n in range(7)]
    count = 0
    for session in rows:
        starts = session.starts_at.astimezone(zone)
        slot = Slot(
            session=session,
            starts=starts,
            ends=session.ends_at.astimezone(zone),
            tutor_name=name_of(session.tutor.person),
            subjects=[topic.name for topic in offered_subjects(session)],
            modality=str(labels.get(session.modality, session.modality)),
            places_left=session.capacity - session.booked,  # type: ignore[attr-defined]
            my_booking_id=session.my_booking,  # type: ignore[attr-defined]
            my_status=session.my_status or "",  # type: ignore[attr-defined]
        )
        days[(starts.date() - monday).days].slots.append(slot)
        count += 1
    nearest = nearest_week = None
    if count == 0:
        horizon_end = _midnight(this_monday + timedelta(weeks=last + 1), zone)
        nearest = (
            matching.filter(starts_at__lt=horizon_end).order_by("starts_at").values_list("starts_at", flat=True).first()
        )
        if nearest is not None:
            nearest_week = (_monday(nearest, zone) - this_monday).days // 7
    return Week(monday, week, last, zone, days, count, nearest, nearest_week)


def unmet_time(*, filters: WeekFilters, zone: ZoneInfo, now: datetime) -> tuple[int | None, int | None]:
    """The weekday and hour a search asked for, on the school's clock (as the demand report counts them).

    A time of day counts as its first hour; a weekday is the next such day.
    Either is ``None`` when the student did not filter by it.
    """
    if filters.weekday is None and not filters.time_of_day:
        return None, None
    today = now.astimezone(zone).date()
    day = today
    if filters.weekday is not None:
        day = today + timedelta(days=(filters.weekday - today.weekday()) % 7)
    hour = TIMES_OF_DAY[filters.time_of_day][0] if filters.time_of_day in TIMES_OF_DAY else 12
    at = datetime.combine(day, time(hour), tzinfo=zone).astimezone(school_zone())
    return (
        at.weekday() if filters.weekday is not None else None,
        at.hour if filters.time_of_day in TIMES_OF_DAY else None,
    )


def next_bookings(*, student: User, now: datetime, limit: int = 5) -> list[Booking]:
    """The student's coming bookings and waitlist spots, soonest first, for the front page."""
    return list(
        Booking.objects.filter(
            student=student,
            status__in=[Booking.Status.BOOKED, Booking.Status.WAITLISTED],
            starts_at__gt=now,
        )
        .select_related("topic", "session__tutor__person__profile")
        .order_by("starts_at", "pk")[:limit]
    )


def is_tutor(*, person: User) -> bool:
    """Whether the person has applied to tutor (their "My tutoring" page exists)."""
    return Tutor.objects.filter(person=person).exists()
