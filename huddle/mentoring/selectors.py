"""Reads for mentoring pages, each in a fixed number of queries.

Pages call these instead of walking relations in templates, so the query
count of a page does not grow with the cohort (tests pin it with 600
mentees).
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Avg, Count, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from huddle.accounts.models import Profile
from huddle.mentoring import engine, services
from huddle.mentoring.models import (
    CheckIn,
    Cycle,
    Enrollment,
    MatchRun,
    MentorRequest,
    Mentorship,
    ProposedPair,
    RematchRequest,
    SurveyResponse,
    Tier,
)
from huddle.mentoring.reasons import Reason, reason, reason_texts

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


def cycles_enrolling() -> list[Cycle]:
    return [c for c in Cycle.objects.filter(status=Cycle.Status.ENROLLING) if services.enrollment_open(c)]


@dataclass
class Offer:
    """An open cycle and the sides the viewer may join."""

    cycle: Cycle
    sides: Sequence[str]
    enrolled: dict[str, Enrollment]


def offers_for(user: Any) -> list[Offer]:
    """Cycles open for enrollment that the viewer may join, with their own enrollments."""
    cycles = cycles_enrolling()
    if not cycles:
        return []
    mine: dict[tuple[int, str], Enrollment] = {
        (e.cycle_id, e.side): e for e in Enrollment.objects.filter(user=user, cycle__in=cycles)
    }
    offers = []
    for cycle in cycles:
        sides = [
            side
            for side in (Enrollment.Side.MENTEE, Enrollment.Side.MENTOR)
            if services.enrollment_refusal(cycle=cycle, user=user, side=side) is None
        ]
        enrolled = {side: e for (cid, side), e in mine.items() if cid == cycle.pk}
        if sides or enrolled:
            offers.append(Offer(cycle, sides, enrolled))
    return offers


def my_enrollments(user: Any) -> list[Enrollment]:
    rows = list(Enrollment.objects.filter(user=user).select_related("cycle").order_by("-cycle__starts_on", "side"))
    for e in rows:
        e.can_choose = (  # type: ignore[attr-defined]
            e.side == Enrollment.Side.MENTEE
            and e.status == Enrollment.Status.ACTIVE
            and services.self_select_open(e.cycle)
        )
    return rows


def my_mentorships(user: Any) -> list[Mentorship]:
    """The viewer's published pairs on either side, with "why" in plain words."""
    pairs = list(
        Mentorship.objects.filter(Q(mentee__user=user) | Q(mentor__user=user))
        .select_related("cycle", "mentee__user__profile", "mentor__user__profile")
        .order_by("-started_at")
    )
    for pair in pairs:
        pair.is_mine_as_mentor = pair.mentor.user_id == user.pk  # type: ignore[attr-defined]
        pair.partner = pair.mentee.user if pair.is_mine_as_mentor else pair.mentor.user  # type: ignore[attr-defined]
        pair.reason_texts = reason_texts(pair.reasons)  # type: ignore[attr-defined]
    return pairs


def pending_requests_for_mentor(user: Any) -> list[MentorRequest]:
    return list(
        MentorRequest.objects.filter(mentor__user=user, status=MentorRequest.Status.PENDING)
        .select_related("cycle", "mentee__user__profile")
        .order_by("created_at")
    )


def my_requests(user: Any) -> list[MentorRequest]:
    return list(
        MentorRequest.objects.filter(mentee__user=user)
        .select_related("cycle", "mentor__user")
        .order_by("-created_at")[:20]
    )


# -- The coordinator's cycle page --------------------------------------------------


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


def latest_runs(cycle: Cycle) -> dict[str, MatchRun]:
    """Each tier's latest run (one query)."""
    out: dict[str, MatchRun] = {}
    for run in MatchRun.objects.filter(cycle=cycle).order_by("-requested_at", "-id")[:20]:
        out.setdefault(run.tier, run)
    return out


def runs_in_progress(runs: dict[str, MatchRun]) -> bool:
    """A run queued or running, and not so old that its worker must have died."""
    cutoff = timezone.now() - services.RUN_STALE_AFTER
    return any(
        r.status in (MatchRun.Status.QUEUED, MatchRun.Status.RUNNING) and r.requested_at >= cutoff
        for r in runs.values()
    )


@dataclass
class Unplaced:
    enrollment: Enrollment
    reason: Reason
    text: str


@dataclass
class MentorLoad:
    enrollment: Enrollment
    load: int

    @property
    def left(self) -> int:
        return self.enrollment.capacity - self.load


@dataclass
class Proposal:
    tier: str
    run: MatchRun | None
    pairs: list[ProposedPair]
    unmatched: list[Unplaced]
    mentors: list[MentorLoad]
    histogram: list[dict[str, Any]] = field(default_factory=list)

    @property
    def stats(self) -> dict[str, Any]:
        return self.run.stats if self.run else {}


def proposal(cycle: Cycle, tier: str, run: MatchRun | None) -> Proposal:
    """One tier's proposal: pairs, unmatched mentees with reasons, mentors' loads (3 queries)."""
    pairs = list(
        ProposedPair.objects.filter(cycle=cycle, tier=tier)
        .select_related("mentee__user__profile", "mentor__user__profile")
        .order_by("mentor__user__last_name", "mentor__user__first_name", "mentor_id", "mentee__user__last_name")
    )
    for pair in pairs:
        pair.reason_texts = reason_texts(pair.reasons)  # type: ignore[attr-defined]
    placed = {p.mentee_id for p in pairs}
    mentees = Enrollment.objects.filter(
        cycle=cycle, side=Enrollment.Side.MENTEE, status=Enrollment.Status.ACTIVE
    ).select_related("user__profile")
    reasons = run.unmatched if run else {}
    unmatched = []
    for e in mentees.exclude(pk__in=placed).order_by("user__last_name", "user__first_name"):
        why = reasons.get(str(e.user_id)) or reason("removed")
        unmatched.append(Unplaced(e, why, reason_texts([why])[0]))
    load = Counter(p.mentor_id for p in pairs)
    mentors = [
        MentorLoad(e, load.get(e.pk, 0))
        for e in Enrollment.objects.filter(
            cycle=cycle, side=Enrollment.Side.MENTOR, tier=tier, status=Enrollment.Status.ACTIVE
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    ]
    histogram = list((run.stats if run else {}).get("score_histogram") or [])
    top = max([b["count"] for b in histogram] + [1])
    for b in histogram:
        b["percent"] = round(100 * b["count"] / top)
    return Proposal(tier, run, pairs, unmatched, mentors, histogram)


@dataclass
class Attention:
    rematch_requests: Sequence[RematchRequest]
    no_meeting: Sequence[Mentorship]
    low_check_ins: Sequence[Mentorship]

    def __len__(self) -> int:
        return len(self.rematch_requests) + len(self.no_meeting) + len(self.low_check_ins)


def needs_attention(cycle: Cycle, *, now: Any = None) -> Attention:
    """Open rematch requests, pairs not yet met after 3 weeks, low check-ins (3 queries)."""
    now = now or timezone.now()
    requests = list(
        RematchRequest.objects.filter(mentorship__cycle=cycle, resolved_at__isnull=True)
        .select_related("mentorship__mentee__user", "mentorship__mentor__user")
        .order_by("created_at")
    )
    active = Mentorship.objects.filter(cycle=cycle, status=Mentorship.Status.ACTIVE).select_related(
        "mentee__user", "mentor__user"
    )
    no_meeting = list(
        active.filter(started_at__lte=now - NO_MEETING_AFTER)
        .annotate(meeting_count=Count("meetings"))
        .filter(meeting_count=0)
        .order_by("started_at")
    )
    latest = CheckIn.objects.filter(mentorship=OuterRef("pk")).order_by("-created_at", "-id").values("rating")[:1]
    low = list(
        active.annotate(latest_rating=Subquery(latest)).filter(latest_rating__lte=LOW_CHECK_IN).order_by("started_at")
    )
    return Attention(requests, no_meeting, low)


def cycle_mentorships(cycle: Cycle) -> QuerySet[Mentorship]:
    """Published pairs with activity counts; never meeting notes or comments."""
    latest = CheckIn.objects.filter(mentorship=OuterRef("pk")).order_by("-created_at", "-id").values("rating")[:1]
    return (
        Mentorship.objects.filter(cycle=cycle)
        .select_related("mentee__user", "mentor__user")
        .annotate(
            meeting_count=Count("meetings", distinct=True),
            last_meeting=Max("meetings__met_on"),
            check_in_count=Count("check_ins", distinct=True),
            check_in_average=Avg("check_ins__rating"),
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


# -- Self-select: browsing mentors ----------------------------------------------------------


@dataclass
class MentorChoice:
    candidate: engine.Candidate
    reason_texts: list[str]
    requested: bool


def mentor_choices(cycle: Cycle, mentee: Enrollment, tier: str) -> list[MentorChoice]:
    """Mentors of a tier with room, best fit for this mentee first."""
    pool = engine.pool_load(cycle, tier, mentee_ids=[mentee.pk])
    if str(mentee.pk) not in pool.mentee_people:
        return []
    load = engine.active_load(cycle, tier)
    asked = set(
        MentorRequest.objects.filter(mentee=mentee, status=MentorRequest.Status.PENDING).values_list(
            "mentor_id", flat=True
        )
    )
    criteria = engine.criteria_for(cycle)
    out = []
    for c in engine.candidates_for(pool, str(mentee.pk), criteria, load=load):
        # Self-select shows who is possible and has room; painting little time is not a bar here.
        hard = [r for r in c.refusals if r["code"] not in ("low_hours",)]
        if hard or c.mentor.user_id == mentee.user_id:
            continue
        out.append(MentorChoice(c, reason_texts(c.reasons), c.mentor.pk in asked))
    return out


def profiles_by_user(user_ids: Sequence[int]) -> dict[int, Profile]:
    return {p.user_id: p for p in Profile.objects.filter(user_id__in=list(user_ids))}


def today() -> date:
    return timezone.localdate()
