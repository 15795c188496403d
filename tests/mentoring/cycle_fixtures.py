"""Cycles, people and cohorts for the coordinator and enrollment tests.

``make_cohort`` writes hundreds of enrolled people with ``bulk_create`` so the
query-count tests can use a cohort ten times the usual fixture cheaply.
"""

from datetime import timedelta
from itertools import count
from typing import Any

from django.utils import timezone

from huddle.accounts.availability import from_ranges
from huddle.accounts.models import Language, Profile, Role, RoleAssignment, Specialty, User
from huddle.mentoring.cycles.services import WEIGHT_PRESETS
from huddle.mentoring.models import Cycle, Enrollment, Tier
from tests.personas import make_person

_numbers = count(1)

EVENINGS = {"mon": ["18:00-21:00"], "wed": ["18:00-21:00"], "sat": ["10:00-12:00"]}
MORNINGS = {"tue": ["07:00-09:00"], "thu": ["07:00-09:00"]}


def make_cycle(*, by: User, **overrides: Any) -> Cycle:
    """An algorithmic cycle with enrollment open: MS1 mentees, MS3/MS4 and faculty mentors."""
    today = timezone.localdate()
    fields: dict[str, Any] = {
        "name": f"Near-peer mentoring {next(_numbers)}",
        "enrollment_opens": today - timedelta(days=3),
        "enrollment_closes": today + timedelta(days=10),
        "starts_on": today + timedelta(days=14),
        "ends_on": today + timedelta(days=200),
        "status": Cycle.Status.ENROLLING,
        "mentee_class_years": [1],
        "mentor_class_years": [3, 4],
        "faculty_may_mentor": True,
        "default_capacity": 2,
        "max_capacity": 4,
        "weights": dict(WEIGHT_PRESETS["balanced"]),
        "weights_preset": "balanced",
        "min_weekly_hours": 1,
        "min_year_gap": 1,
        "created_by": by,
    }
    fields.update(overrides)
    return Cycle.objects.create(**fields)


def set_profile(
    user: User,
    *,
    availability: dict[str, list[str]] | None = None,
    languages: tuple[str, ...] = ("en",),
    specialties: tuple[str, ...] = (),
    time_zone: str = "America/New_York",
    modality: str = "either",
) -> User:
    profile, _created = Profile.objects.get_or_create(user=user)
    profile.availability = from_ranges(EVENINGS if availability is None else availability)
    profile.time_zone = time_zone
    profile.modality = modality
    profile.save()
    profile.languages.set(Language.objects.filter(code__in=languages))
    profile.specialties.set(Specialty.objects.filter(name__in=specialties))
    return user


def make_student(class_year: int, **profile: Any) -> User:
    n = next(_numbers)
    user = make_person(
        f"cyc-student{n}@school.test", f"Student{n}", f"Year{class_year}x{n}", [Role.STUDENT], class_year
    )
    return set_profile(user, **profile)


def make_faculty(**profile: Any) -> User:
    n = next(_numbers)
    user = make_person(f"cyc-faculty{n}@school.test", f"Doctor{n}", f"Faculty{n}", [Role.FACULTY])
    return set_profile(user, **profile)


def enroll(
    cycle: Cycle, user: User, side: str, *, capacity: int = 2, tier: str = Tier.PEER, **extra: Any
) -> Enrollment:
    """An enrollment written directly (the enrollment service has its own tests)."""
    if side == Enrollment.Side.MENTEE:
        return Enrollment.objects.create(cycle=cycle, user=user, side=side, capacity=0, tier="", **extra)
    return Enrollment.objects.create(cycle=cycle, user=user, side=side, capacity=capacity, tier=tier, **extra)


def make_cohort(cycle: Cycle, *, mentees: int, mentors: int, capacity: int = 2, tier: str = Tier.PEER) -> None:
    """Hundreds of enrolled people in a few bulk inserts (for query-count pins)."""
    start = next(_numbers) * 10_000
    evenings = from_ranges(EVENINGS)
    english = Language.objects.get(code="en")
    users = User.objects.bulk_create(
        [
            User(email=f"bulk{start + k}@school.test", first_name=f"Bulk{k}", last_name=f"Person{start + k}")
            for k in range(mentees + mentors)
        ]
    )
    RoleAssignment.objects.bulk_create([RoleAssignment(user=u, role=Role.STUDENT) for u in users])
    profiles = Profile.objects.bulk_create(
        [Profile(user=u, class_year=1 if k < mentees else 3, availability=evenings) for k, u in enumerate(users)]
    )
    Profile.languages.through.objects.bulk_create(
        [Profile.languages.through(profile_id=p.pk, language_id=english.pk) for p in profiles]
    )
    Enrollment.objects.bulk_create(
        [
            Enrollment(
                cycle=cycle,
                user=u,
                side=Enrollment.Side.MENTEE if k < mentees else Enrollment.Side.MENTOR,
                capacity=0 if k < mentees else capacity,
                tier="" if k < mentees else tier,
            )
            for k, u in enumerate(users)
        ]
    )
