"""The coordinators' reports: tutor hours, unmet demand, no-shows and late cancellations, ratings.

Every number is an aggregate the database computes, in a fixed number of
queries whatever the number of tutors, sessions or students (the query
count is pinned by a test). Months and days are on the school's calendar
(``settings.TIME_ZONE``): a session at 23:30 on 31 March in New York counts
in March, wherever its tutor or the reader is.

Hours are what schools pay or credit tutors for: the minutes the tutor
recorded on each *completed* session. A group session counts once for its
tutor, however many students came. Its subject is the session's own subject
when it has one, else the subject most of its bookings chose (ties go to the
subject first in alphabetical order), so an open session is still counted
under what was actually tutored.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db.models import Avg, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.dates import WEEKDAYS

from huddle.accounts.models import Topic
from huddle.lib.zones import school_zone
from huddle.tutoring.models import Booking, Rating, Session, Tutor, UnmetSearch

#: The most months one report covers.
MAX_MONTHS = 36
#: Recent comments shown with the ratings.
RECENT_COMMENTS = 20


def month_after(month: date) -> date:
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def month_before(month: date) -> date:
    return date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)


def months_between(first: date, last: date) -> int:
    """How many months from ``first`` to ``last`` inclusive (both first days of their month)."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


@dataclass(frozen=True)
class Period:
    """Whole months on the school's calendar, ``first`` to ``last`` inclusive (each the 1st of its month)."""

    first: date
    last: date

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time.min, tzinfo=school_zone())

    @property
    def end(self) -> datetime:
        return datetime.combine(month_after(self.last), time.min, tzinfo=school_zone())

    @property
    def end_day(self) -> date:
        """The first day after the period."""
        return month_after(self.last)

    def label(self) -> str:
        return f"{self.first:%Y-%m}" if self.first == self.last else f"{self.first:%Y-%m} – {self.last:%Y-%m}"


def default_period(now: datetime) -> Period:
    """This month and the two before it."""
    this = now.astimezone(school_zone()).date().replace(day=1)
    return Period(month_before(month_before(this)), this)


def _name(first: str | None, last: str | None) -> str:
    return f"{first or ''} {last or ''}".strip()


# --- (a) tutor hours ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HoursRow:
    tutor_id: int
    tutor: str
    email: str
    subject: str
    month: date
    sessions: int
    minutes: int

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 2)


@dataclass(frozen=True)
class TutorTotal:
    tutor_id: int
    tutor: str
    sessions: int
    minutes: int

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 2)


@dataclass(frozen=True)
class HoursReport:
    rows: list[HoursRow]
    totals: list[TutorTotal]
    sessions: int
    minutes: int

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 2)


def _majority_subject() -> Subquery:
    """The subject most bookings of the outer session chose (ties: the name first alphabetically)."""
    chosen = (
        Booking.objects.filter(
            session=OuterRef("pk"),
            status__in=[Booking.Status.ATTENDED, Booking.Status.NO_SHOW, Booking.Status.BOOKED],
        )
        .order_by()
        .values("topic")
        .annotate(n=Count("pk"))
        .order_by("-n", "topic__name", "topic")
        .values("topic")[:1]
    )
    return Subquery(chosen, output_field=IntegerField())


def hours_report(*, period: Period) -> HoursReport:
    """Completed sessions' minutes by tutor, subject and month (three queries: the sums, tutors, subjects)."""
    grouped = (
        Session.objects.filter(
            status=Session.Status.COMPLETED,
            minutes__isnull=False,
            starts_at__gte=period.start,
            starts_at__lt=period.end,
        )
        .annotate(
            subject=Coalesce("topic", _majority_subject(), output_field=IntegerField()),
            month=TruncMonth("starts_at", tzinfo=school_zone()),
        )
        .values("tutor", "subject", "month")
        .annotate(sessions=Count("pk"), total=Sum("minutes"))
        .order_by()
    )
    sums = list(grouped)
    tutors = {t.pk: t for t in Tutor.objects.filter(pk__in={row["tutor"] for row in sums}).select_related("person")}
    topics = dict(
        Topic.objects.filter(pk__in={row["subject"] for row in sums if row["subject"]}).values_list("pk", "name")
    )
    rows = []
    for row in sums:
        tutor = tutors[row["tutor"]]
        month = row["month"]
        month_day = month.astimezone(school_zone()).date() if isinstance(month, datetime) else month
        rows.append(
            HoursRow(
                tutor_id=tutor.pk,
                tutor=tutor.person.get_full_name() or tutor.person.email,
                email=tutor.person.email,
                subject=topics.get(row["subject"], "") if row["subject"] else "",
                month=month_day,
                sessions=row["sessions"],
                minutes=row["total"] or 0,
            )
        )
    rows.sort(key=lambda r: (r.tutor.lower(), r.tutor_id, r.month, r.subject.lower()))
    per_tutor: dict[int, list[HoursRow]] = defaultdict(list)
    for r in rows:
        per_tutor[r.tutor_id].append(r)
    totals = [
        TutorTotal(tid, items[0].tutor, sum(i.sessions for i in items), sum(i.minutes for i in items))
        for tid, items in per_tutor.items()
    ]
    return HoursReport(
        rows=rows,
        totals=totals,
        sessions=sum(r.sessions for r in rows),
        minutes=sum(r.minutes for r in rows),
    )


# --- (c) unmet demand --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemandCell:
    label: str
    students: int


@dataclass(frozen=True)
class DemandGrid:
    """Distinct students by weekday (rows) and hour (columns), on the school's clock; None = not given."""

    hours: list[int | None]
    rows: list[tuple[str, list[int]]]


@dataclass(frozen=True)
class DemandReport:
    students: int
    by_subject: list[DemandCell]
    grid: DemandGrid


def demand_report(*, period: Period) -> DemandReport:
    """Searches that found nothing, as distinct students (three queries: total, by subject, by weekday × hour)."""
    searches = UnmetSearch.objects.filter(day__gte=period.first, day__lt=period.end_day)
    total = searches.aggregate(n=Count("student", distinct=True))["n"] or 0
    subjects = (
        searches.order_by()
        .values("topic", "topic__name")
        .annotate(n=Count("student", distinct=True))
        .order_by("-n", "topic__name")
    )
    by_subject = [DemandCell(row["topic__name"] or "", row["n"]) for row in subjects]
    cells = list(searches.order_by().values("weekday", "hour").annotate(n=Count("student", distinct=True)).order_by())
    hours: list[int | None] = [*sorted({c["hour"] for c in cells if c["hour"] is not None})]
    if any(c["hour"] is None for c in cells):
        hours.append(None)
    days: list[int | None] = [*sorted({c["weekday"] for c in cells if c["weekday"] is not None})]
    if any(c["weekday"] is None for c in cells):
        days.append(None)
    counts = {(c["weekday"], c["hour"]): c["n"] for c in cells}
    grid_rows = [
        (str(WEEKDAYS[day]) if day is not None else "", [counts.get((day, hour), 0) for hour in hours]) for day in days
    ]
    return DemandReport(students=total, by_subject=by_subject, grid=DemandGrid(hours, grid_rows))


# --- (d) no-shows and late cancellations -------------------------------------------------------------------


@dataclass(frozen=True)
class Rates:
    """Counts behind the two rates, so a reader sees "2 of 10" and not only "20%"."""

    label: str
    attended: int
    no_shows: int
    places: int
    late: int

    @property
    def no_show_rate(self) -> float | None:
        seen = self.attended + self.no_shows
        return round(100 * self.no_shows / seen, 1) if seen else None

    @property
    def late_rate(self) -> float | None:
        return round(100 * self.late / self.places, 1) if self.places else None


@dataclass(frozen=True)
class RatesReport:
    overall: Rates
    by_subject: list[Rates]
    by_tutor: list[Rates]


def _rate_counts() -> dict[str, Count]:
    """No-show rate: no-shows among the students of completed sessions (attended + no-show).

    Late-cancellation rate: late cancellations among the places students held
    (booked, attended, no-show, or cancelled by the student after holding a
    place); a waitlist spot given up and a session the tutor cancelled are
    nobody's late cancellation.
    """
    held_then_cancelled = Q(status=Booking.Status.CANCELLED, cancelled_by_tutor=False) & (
        Q(waitlisted_at__isnull=True) | Q(promoted_at__isnull=False)
    )
    held = Q(status__in=[Booking.Status.BOOKED, Booking.Status.ATTENDED, Booking.Status.NO_SHOW]) | held_then_cancelled
    return {
        "attended": Count("pk", filter=Q(status=Booking.Status.ATTENDED)),
        "no_shows": Count("pk", filter=Q(status=Booking.Status.NO_SHOW)),
        "places": Count("pk", filter=held),
        "late": Count("pk", filter=Q(cancelled_late=True, cancelled_by_tutor=False)),
    }


def _rates(label: str, row: Mapping[str, Any]) -> Rates:
    return Rates(label, row["attended"] or 0, row["no_shows"] or 0, row["places"] or 0, row["late"] or 0)


def rates_report(*, period: Period) -> RatesReport:
    """Bookings of sessions starting in the period (three queries: overall, by subject, by tutor)."""
    bookings: QuerySet[Booking] = Booking.objects.filter(starts_at__gte=period.start, starts_at__lt=period.end)
    overall = _rates("", bookings.aggregate(**_rate_counts()))
    subjects = bookings.order_by().values("topic", "topic__name").annotate(**_rate_counts()).order_by("topic__name")
    tutors = (
        bookings.order_by()
        .values("session__tutor", "session__tutor__person__first_name", "session__tutor__person__last_name")
        .annotate(**_rate_counts())
        .order_by("session__tutor__person__last_name", "session__tutor__person__first_name", "session__tutor")
    )
    return RatesReport(
        overall=overall,
        by_subject=[_rates(row["topic__name"], row) for row in subjects],
        by_tutor=[
            _rates(_name(row["session__tutor__person__first_name"], row["session__tutor__person__last_name"]), row)
            for row in tutors
        ],
    )


# --- (e) ratings -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TutorRating:
    tutor: str
    count: int
    average: float


@dataclass(frozen=True)
class RatingsReport:
    by_tutor: list[TutorRating]
    recent: list[Rating] = field(default_factory=list)


def ratings_report(*, period: Period) -> RatingsReport:
    """Average and count per tutor, and the latest comments (two queries). Coordinators only: see the view."""
    ratings = Rating.objects.filter(booking__starts_at__gte=period.start, booking__starts_at__lt=period.end)
    rows = (
        ratings.order_by()
        .values(
            "booking__session__tutor",
            "booking__session__tutor__person__first_name",
            "booking__session__tutor__person__last_name",
        )
        .annotate(n=Count("pk"), avg=Avg("stars"))
        .order_by("booking__session__tutor__person__last_name", "booking__session__tutor__person__first_name")
    )
    by_tutor = [
        TutorRating(
            _name(r["booking__session__tutor__person__first_name"], r["booking__session__tutor__person__last_name"]),
            r["n"],
            round(float(r["avg"]), 2),
        )
        for r in rows
    ]
    recent = list(
        ratings.exclude(comment="")
        .select_related("booking__session__tutor__person", "booking__topic")
        .order_by("-created_at", "-pk")[:RECENT_COMMENTS]
    )
    return RatingsReport(by_tutor=by_tutor, recent=recent)
