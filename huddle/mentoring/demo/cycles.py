"""Demo mentoring cycles for the demo school (``seed_demo``).

Two cycles, built from the people of :mod:`huddle.accounts.demo`:

* a running two-tier cycle: 60 first-years, each with a faculty and a
  near-peer mentor, paired by the real engine (so "why you were paired" is
  real) and published; one peer mentor has withdrawn, so the coordinator's
  "needs attention" list has rematch requests;
* a cycle in enrollment for the whole demo cohort (MS1 and MS2 mentees, MS3, MS4
  and faculty mentors), ready for the coordinator to close and match. The
  fixed demo log-ins are left out of it so they can try enrolling.

Rows are written directly, not through the services, because a demo invents
the past and must not notify anyone. Running it twice adds nothing.
"""

import random
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from huddle.accounts.demo import COORDINATOR_EMAIL, FACULTY_EMAIL, MS1_EMAIL, MS3_EMAIL, DemoSchool, load_demo_school
from huddle.accounts.models import Profile, User
from huddle.lib.registry import DemoSize
from huddle.mentoring import adapter
from huddle.mentoring.cycles.services import WEIGHT_PRESETS
from huddle.mentoring.models import (
    Cycle,
    Enrollment,
    FocusArea,
    MatchingMode,
    MatchRun,
    Mentorship,
    ProposedPair,
    RematchRequest,
    Tier,
)

RUNNING_NAME = "First-year mentoring (faculty and near-peer)"
ENROLLING_NAME = "Near-peer mentoring, spring term"

_MENTEE_GOALS = (
    "Find a rhythm for studying that leaves room for sleep.",
    "Understand what a career in {s} really looks like.",
    "Get advice on research opportunities in {s}.",
    "Plan for Step 1 without burning out.",
    "Talk with someone who has been through the first year.",
    "Learn how to approach faculty for letters and projects.",
)
_MENTOR_GOALS = (
    "Share what I have learned and help a junior student settle in.",
    "Pay forward the mentoring I had as a first-year.",
    "Happy to talk about {s} and how I chose it.",
    "Help with study plans and the first exams.",
)


def build_demo_cycles(*, seed: int) -> None:
    """Create both demo cycles unless they exist already."""
    if Cycle.objects.filter(name__in=[RUNNING_NAME, ENROLLING_NAME]).exists():
        return
    school = load_demo_school()
    if not school.students or not school.faculty:
        return
    coordinator = school.user(COORDINATOR_EMAIL)
    rng = random.Random(seed)
    with transaction.atomic():
        _running_cycle(school, coordinator, rng)
        _enrolling_cycle(school, coordinator, rng)


def _by_year(students: list[User], year: int) -> list[User]:
    return [u for u in students if _profile(u) is not None and _profile(u).class_year == year]  # type: ignore[union-attr]


def _profile(user: User) -> Profile | None:
    try:
        return user.profile
    except Profile.DoesNotExist:
        return None


def _goal(rng: random.Random, user: User, side: str) -> tuple[str, list[str]]:
    profile = _profile(user)
    names = [s.name for s in profile.specialties.all()] if profile else []
    goals = _MENTEE_GOALS if side == "mentee" else _MENTOR_GOALS
    text = rng.choice(goals).format(s=names[0] if names else "medicine")
    areas = rng.sample(list(FocusArea.values), rng.randint(1, 3))
    return text, areas


def _students(school: DemoSchool) -> list[User]:
    ids = [u.pk for u in school.students]
    return list(User.objects.filter(pk__in=ids).select_related("profile").prefetch_related("profile__specialties"))


def _running_cycle(school: DemoSchool, coordinator: User, rng: random.Random) -> Cycle:
    today = timezone.localdate()
    now = timezone.now()
    cycle = Cycle.objects.create(
        name=RUNNING_NAME,
        description="Each first-year student has a faculty mentor and a senior-student mentor for the year.",
        enrollment_opens=today - timedelta(days=100),
        enrollment_closes=today - timedelta(days=80),
        starts_on=today - timedelta(days=70),
        ends_on=today + timedelta(days=200),
        status=Cycle.Status.MATCHING,
        mode=MatchingMode.OPTIMAL,
        two_tier=True,
        mentee_class_years=[1],
        mentor_class_years=[3, 4],
        faculty_may_mentor=True,
        default_capacity=2,
        max_capacity=4,
        weights=dict(WEIGHT_PRESETS["balanced"]),
        weights_preset="balanced",
        min_weekly_hours=2,
        created_by=coordinator,
    )
    students = _students(school)
    ms1 = _by_year(students, 1)
    seniors = _by_year(students, 3) + _by_year(students, 4)
    fixed_ms1 = [u for u in ms1 if u.email == MS1_EMAIL]
    mentees = fixed_ms1 + rng.sample([u for u in ms1 if u.email != MS1_EMAIL], min(59, len(ms1) - len(fixed_ms1)))
    fixed_ms3 = [u for u in seniors if u.email == MS3_EMAIL]
    peers = fixed_ms3 + rng.sample([u for u in seniors if u.email != MS3_EMAIL], min(35, len(seniors) - 1))
    faculty_pool = [u for u in school.faculty if u.email != COORDINATOR_EMAIL]
    fixed_faculty = [u for u in faculty_pool if u.email == FACULTY_EMAIL]
    faculty = fixed_faculty + rng.sample(
        [u for u in faculty_pool if u.email != FACULTY_EMAIL], min(23, len(faculty_pool) - 1)
    )
    rows = []
    for user in mentees:
        goals, areas = _goal(rng, user, "mentee")
        rows.append(Enrollment(cycle=cycle, user=user, side="mentee", goals=goals, focus_areas=areas, created_at=now))
    for user, mentor_tier in [(u, Tier.PEER) for u in peers] + [(u, Tier.FACULTY) for u in faculty]:
        goals, areas = _goal(rng, user, "mentor")
        rows.append(
            Enrollment(
                cycle=cycle,
                user=user,
                side="mentor",
                tier=mentor_tier,
                capacity=rng.choice([2, 2, 3]) if mentor_tier == Tier.PEER else 3,
                goals=goals,
                focus_areas=areas,
                created_at=now,
            )
        )
    Enrollment.objects.bulk_create(rows)
    started = now - timedelta(days=7)
    for tier in cycle.tiers():
        pool = adapter.pool_load(cycle, tier)
        outcome = adapter.pool_match(pool, adapter.criteria_for(cycle), cycle.mode)
        MatchRun.objects.create(
            cycle=cycle,
            tier=tier,
            status=MatchRun.Status.DONE,
            progress=100,
            requested_by=coordinator,
            requested_at=now - timedelta(days=72),
            finished_at=now - timedelta(days=72),
            stats=outcome.stats,
        )
        slots: dict[str, int] = {}
        pairs, proposals = [], []
        for m in outcome.matches:
            slots[m.mentor_id] = slots.get(m.mentor_id, 0) + 1
            mentor = pool.mentors[m.mentor_id]
            common = {"cycle": cycle, "tier": tier, "score": m.score, "reasons": m.reasons}
            proposals.append(ProposedPair(mentee=pool.mentees[m.mentee_id], mentor=mentor, **common))
            pairs.append(
                Mentorship(
                    mentee=pool.mentees[m.mentee_id],
                    mentor=mentor,
                    slot=slots[m.mentor_id],
                    mentor_capacity=mentor.capacity,
                    started_at=started,
                    **common,
                )
            )
        ProposedPair.objects.bulk_create(proposals)
        Mentorship.objects.bulk_create(pairs)
    cycle.status = Cycle.Status.ACTIVE
    cycle.published_at = now - timedelta(days=70)
    cycle.save(update_fields=["status", "published_at"])
    _one_mentor_withdrew(cycle, now)
    return cycle


def _one_mentor_withdrew(cycle: Cycle, now: datetime) -> None:
    """The last peer mentor with mentees has withdrawn; their mentees await a rematch."""
    last = (
        Mentorship.objects.filter(cycle=cycle, tier=Tier.PEER)
        .exclude(mentor__user__email=MS3_EMAIL)
        .exclude(mentee__user__email=MS1_EMAIL)
        .order_by("-mentor_id")
        .first()
    )
    if last is None:
        return
    mentor = last.mentor
    Enrollment.objects.filter(pk=mentor.pk).update(status=Enrollment.Status.WITHDRAWN, withdrawn_at=now)
    for pair in Mentorship.objects.filter(mentor=mentor, status=Mentorship.Status.ACTIVE):
        pair.status = Mentorship.Status.WITHDRAWN
        pair.ended_at = now
        pair.end_reason = "The mentor withdrew."
        pair.needs_rematch = True
        pair.save(update_fields=["status", "ended_at", "end_reason", "needs_rematch"])
        RematchRequest.objects.create(mentorship=pair, kind=RematchRequest.Kind.MENTOR_WITHDREW)


def _enrolling_cycle(school: DemoSchool, coordinator: User, rng: random.Random) -> Cycle:
    today = timezone.localdate()
    now = timezone.now()
    cycle = Cycle.objects.create(
        name=ENROLLING_NAME,
        description="Open to every student: first- and second-years as mentees, third- and fourth-years and "
        "faculty as mentors. Tell us your goals and paint your weekly availability.",
        enrollment_opens=today - timedelta(days=7),
        enrollment_closes=today + timedelta(days=14),
        starts_on=today + timedelta(days=21),
        ends_on=today + timedelta(days=140),
        status=Cycle.Status.ENROLLING,
        mode=MatchingMode.OPTIMAL,
        mentee_class_years=[1, 2],
        mentor_class_years=[3, 4],
        faculty_may_mentor=True,
        default_capacity=2,
        max_capacity=4,
        weights=dict(WEIGHT_PRESETS["career"]),
        weights_preset="career",
        require_shared_language=False,
        min_weekly_hours=2,
        created_by=coordinator,
    )
    fixed = {MS1_EMAIL, MS3_EMAIL, FACULTY_EMAIL}
    students = [u for u in _students(school) if u.email not in fixed]
    juniors = _by_year(students, 1) + _by_year(students, 2)
    seniors = _by_year(students, 3) + _by_year(students, 4)
    faculty_pool = [u for u in school.faculty if u.email not in fixed | {COORDINATOR_EMAIL}]
    faculty = rng.sample(faculty_pool, min(20, len(faculty_pool)))
    rows = []
    for user in juniors:
        goals, areas = _goal(rng, user, "mentee")
        rows.append(Enrollment(cycle=cycle, user=user, side="mentee", goals=goals, focus_areas=areas, created_at=now))
    for user in seniors + faculty:
        goals, areas = _goal(rng, user, "mentor")
        rows.append(
            Enrollment(
                cycle=cycle,
                user=user,
                side="mentor",
                tier=Tier.PEER,
                capacity=rng.choice([1, 2, 2, 3]),
                goals=goals,
                focus_areas=areas,
                created_at=now,
            )
        )
    # A few ranked requests, as real enrollments have.
    mentor_ids = [u.pk for u in seniors]
    for row in rows:
        if row.side == "mentee" and mentor_ids and rng.random() < 0.1:
            row.requests = rng.sample(mentor_ids, 2)
    Enrollment.objects.bulk_create(rows)
    return cycle


def delete_demo_cycles() -> int:
    """Remove the demo cycles (and with them their enrollments, pairs and activity).

    ``seed_demo --reset`` calls this before deleting the demo people, whom
    the cycles' rows protect.
    """
    deleted, _per_model = Cycle.objects.filter(name__in=[RUNNING_NAME, ENROLLING_NAME]).delete()
    return deleted


def demo_cycles_step(size: DemoSize) -> list[str]:
    """The demo step: a running two-tier cycle and a cycle in enrollment."""
    build_demo_cycles(seed=size.seed)
    return []


def demo_cycles_delete() -> list[str]:
    """The demo reset: the demo cycles and everything in them go first (they protect the people)."""
    delete_demo_cycles()
    return []
