"""Reads for the coordinator's cycle page, each in a fixed number of queries.

Live enrollment counts, pairs that need attention, the pairs' activity and the
export; never meeting notes or comments."""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Avg, Count, Exists, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from huddle.mentoring.models import (
    CheckIn,
    Cycle,
    Enrollment,
    Meeting,
    Mentorship,
    RematchRequest,
    SurveyResponse,
    Tier,
)
from huddle.mentoring.pairs.selectors import pair_named

#: A pair with no meeting this long after it started needs the coordinator's eye.
NO_MEETING_AFTER = timedelta(weeks=3)


#: A latest check-in at or below this rating needs attention.
LOW_CHECK_IN = 2


def cycles_all() -> QuerySet[Cycle]:
    """Every cycle with its live enrollment counts, for coordinators."""
    active = Q(enrollments__status=Enrollment.Status.ACTIVE)
    return Cycle.objects.annotate(
        mentee_count=Count("enrollments", filter=active & Q(enrollments__side=Enrollment.Side.MENTEE)),
        mentor_count=Count("enrollments", filter=active & Q(enrollments__side=Enrollment.Side.MENTOR)),
    ).order_by("-starts_on", "name")


@dataclass
class TierCount:
    tier: str
    label: str
    mentors: int
    capacity: int
    mentees: int

    @property
    def short(self) -> int:
        return max(0, self.mentees - self.capacity)


@dataclass
class Overview:
    mentees: int
    mentors: int
    withdrawn: int
    by_year: list[tuple[str, int, int]]  # (label, mentees, mentors)
    tiers: list[TierCount]


def cycle_overview(cycle: Cycle) -> Overview:
    """Live enrollment counts by side, tier and class year (two queries)."""
    rows = (
        Enrollment.objects.filter(cycle=cycle)
        .values("side", "tier", "status", "user__profile__class_year")
        .annotate(n=Count("id"), cap=Sum("capacity"))
    )
    mentees = mentors = withdrawn = 0
    years: dict[Any, list[int]] = {}
    tier_people: Counter[str] = Counter()
    tier_capacity: Counter[str] = Counter()
    for row in rows:
        if row["status"] != Enrollment.Status.ACTIVE:
            withdrawn += row["n"]
            continue
        year = row["user__profile__class_year"]
        slot = years.setdefault(year, [0, 0])
        if row["side"] == Enrollment.Side.MENTEE:
            mentees += row["n"]
            slot[0] += row["n"]
        else:
            mentors += row["n"]
            slot[1] += row["n"]
            tier_people[row["tier"]] += row["n"]
            tier_capacity[row["tier"]] += row["cap"] or 0
    labels = dict(Tier.choices)
    by_year = [(f"MS{y}", years[y][0], years[y][1]) for y in sorted(k for k in years if k is not None)]
    if None in years:
        by_year.append((_("Faculty"), years[None][0], years[None][1]))
    tiers = [TierCount(t, str(labels[t]), tier_people[t], tier_capacity[t], mentees) for t in cycle.tiers()]
    return Overview(mentees, mentors, withdrawn, by_year, tiers)


@dataclass
class Attention:
    rematch_requests: Sequence[RematchRequest]
    no_meeting: Sequence[Mentorship]
    low_check_ins: Sequence[Mentorship]

    def __len__(self) -> int:
        return len(self.rematch_requests) + len(self.no_meeting) + len(self.low_check_ins)


_PAIR_NAMES = (
    "started_at",
    "mentee__user__first_name",
    "mentee__user__last_name",
    "mentor__user__first_name",
    "mentor__user__last_name",
)


def needs_attention(cycle: Cycle, *, now: Any = None) -> Attention:
    """Open rematch requests, pairs not yet met after 3 weeks, low check-ins (3 queries)."""
    now = now or timezone.now()
    requests = list(
        RematchRequest.objects.filter(mentorship__cycle=cycle, resolved_at__isnull=True)
        .select_related("mentorship__mentee__user", "mentorship__mentor__user")
        .order_by("created_at")
    )
    # Names and dates are all the page shows: narrow rows build faster than whole people.
    active = (
        Mentorship.objects.filter(cycle=cycle, status=Mentorship.Status.ACTIVE)
        .select_related("mentee__user", "mentor__user")
        .only(*_PAIR_NAMES)
    )
    no_meeting = list(
        active.filter(
            ~Exists(Meeting.objects.filter(mentorship=OuterRef("pk"))), started_at__lte=now - NO_MEETING_AFTER
        ).order_by("started_at")
    )
    latest = CheckIn.objects.filter(mentorship=OuterRef("pk")).order_by("-created_at", "-id").values("rating")[:1]
    low = list(
        active.annotate(latest_rating=Subquery(latest)).filter(latest_rating__lte=LOW_CHECK_IN).order_by("started_at")
    )
    return Attention(requests, no_meeting, low)


def cycle_mentorships(cycle: Cycle, *, named: str = "") -> QuerySet[Mentorship]:
    """Published pairs with activity counts; never meeting notes or comments."""
    # One subquery per figure: joining meetings and check-ins at once would
    # multiply rows (meetings × check-ins per pair) before counting them.
    latest = CheckIn.objects.filter(mentorship=OuterRef("pk")).order_by("-created_at", "-id").values("rating")[:1]
    meetings = Meeting.objects.filter(mentorship=OuterRef("pk")).order_by().values("mentorship")
    check_ins = CheckIn.objects.filter(mentorship=OuterRef("pk")).order_by().values("mentorship")
    return (
        Mentorship.objects.filter(pair_named(named), cycle=cycle)
        .select_related("mentee__user", "mentor__user")
        .annotate(
            meeting_count=Coalesce(Subquery(meetings.annotate(n=Count("pk")).values("n")), 0),
            last_meeting=Subquery(meetings.annotate(last=Max("met_on")).values("last")),
            check_in_count=Coalesce(Subquery(check_ins.annotate(n=Count("pk")).values("n")), 0),
            check_in_average=Subquery(check_ins.annotate(mean=Avg("rating")).values("mean")),
            latest_rating=Subquery(latest),
        )
        .order_by("tier", "mentor__user__last_name", "mentee__user__last_name", "pk")
    )


def export_rows(cycle: Cycle) -> list[list[Any]]:
    """The CSV export: one row per pair, activity counts only (never notes)."""
    header = [
        "tier",
        "mentee_name",
        "mentee_email",
        "mentor_name",
        "mentor_email",
        "status",
        "started",
        "ended",
        "end_reason",
        "score",
        "meetings",
        "last_meeting",
        "check_ins",
        "check_in_average",
    ]
    rows: list[list[Any]] = [header]
    for m in cycle_mentorships(cycle):
        rows.append(
            [
                m.tier,
                m.mentee.user.get_full_name(),
                m.mentee.user.email,
                m.mentor.user.get_full_name(),
                m.mentor.user.email,
                m.status,
                timezone.localtime(m.started_at).date().isoformat(),
                timezone.localtime(m.ended_at).date().isoformat() if m.ended_at else "",
                m.end_reason,
                f"{m.score:.3f}",
                m.meeting_count,  # type: ignore[attr-defined]
                m.last_meeting.isoformat() if m.last_meeting else "",  # type: ignore[attr-defined]
                m.check_in_count,  # type: ignore[attr-defined]
                f"{m.check_in_average:.2f}" if m.check_in_average is not None else "",  # type: ignore[attr-defined]
            ]
        )
    return rows


@dataclass
class SurveySummary:
    responses: int
    mean_rating: float | None
    recommend_percent: float | None


def survey_summary(cycle: Cycle) -> SurveySummary:
    agg = SurveyResponse.objects.filter(cycle=cycle).aggregate(
        n=Count("id"), mean=Avg("rating"), yes=Count("id", filter=Q(would_recommend=True))
    )
    n = agg["n"] or 0
    return SurveySummary(
        n, round(agg["mean"], 2) if agg["mean"] is not None else None, round(100 * agg["yes"] / n) if n else None
    )
