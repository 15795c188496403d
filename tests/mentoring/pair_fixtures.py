"""Published pairs built straight with the ORM, for the pair-space tests.

``make_pair`` gives a running Mentorship between two people in a running
cycle; nothing here goes through matching or publication.
"""

import re
from datetime import date, datetime, timedelta
from itertools import count

from django.utils import timezone

from huddle.accounts.availability import from_ranges
from huddle.accounts.models import Role, User
from huddle.mentoring.models import (
    CheckIn,
    Cycle,
    Enrollment,
    Goal,
    Meeting,
    Mentorship,
    Milestone,
    Tier,
)
from huddle.mentoring.reasons import reason
from tests.personas import make_person

_numbers = count(1)
#: Tuesday 18:00–20:00, as a reason stores its common half-hours.
TUESDAY_EVENINGS = from_ranges({"tue": ["18:00-20:00"]}).hex()

REASONS = [
    reason("asked_by_mentee"),
    reason("specialties", names=["Cardiology", "Pediatrics"]),
    reason("hours", hours=3.5, blocks=TUESDAY_EVENINGS),
    reason("senior", years=2),
]


def make_cycle(*, by: User, two_tier: bool = False, check_in_every_weeks: int = 3) -> Cycle:
    today = timezone.localdate()
    return Cycle.objects.create(
        name=f"Spring mentoring {next(_numbers)}",
        starts_on=today - timedelta(days=60),
        ends_on=today + timedelta(days=120),
        enrollment_opens=today - timedelta(days=90),
        enrollment_closes=today - timedelta(days=65),
        status=Cycle.Status.ACTIVE,
        two_tier=two_tier,
        check_in_every_weeks=check_in_every_weeks,
        created_by=by,
    )


def make_student(class_year: int = 1) -> User:
    n = next(_numbers)
    return make_person(f"student{n}@school.test", f"Stu{n}", f"Dent{n}", [Role.STUDENT], class_year)


def make_pair(
    *,
    cycle: Cycle,
    mentee: User,
    mentor: User,
    tier: str = Tier.PEER,
    started_at: datetime | None = None,
    capacity: int = 12,
) -> Mentorship:
    """A running pair; the mentor's enrollment is shared across their pairs in the cycle."""
    mentee_enrollment, _created = Enrollment.objects.get_or_create(
        cycle=cycle, user=mentee, side=Enrollment.Side.MENTEE, defaults={"capacity": 0, "tier": ""}
    )
    mentor_enrollment, _created = Enrollment.objects.get_or_create(
        cycle=cycle, user=mentor, side=Enrollment.Side.MENTOR, defaults={"capacity": capacity, "tier": tier}
    )
    slot = Mentorship.objects.filter(mentor=mentor_enrollment, status=Mentorship.Status.ACTIVE).count() + 1
    return Mentorship.objects.create(
        cycle=cycle,
        tier=tier,
        mentee=mentee_enrollment,
        mentor=mentor_enrollment,
        slot=slot,
        mentor_capacity=mentor_enrollment.capacity,
        score=0.82,
        reasons=REASONS,
        started_at=started_at or timezone.now() - timedelta(days=14),
    )


def add_meeting(pair: Mentorship, *, by: User, met_on: date | None = None, notes: str = "") -> Meeting:
    return Meeting.objects.create(
        mentorship=pair,
        met_on=met_on or timezone.localdate() - timedelta(days=2),
        duration_minutes=45,
        modality="virtual",
        topics=["career", "Away rotations"],
        private_notes=notes,
        logged_by=by,
    )


def add_goal(pair: Mentorship, *, title: str = "Build a Step 1 schedule", milestones: int = 2, done: int = 0) -> Goal:
    goal = Goal.objects.create(mentorship=pair, title=title, focus_area="academics")
    for k in range(milestones):
        Milestone.objects.create(goal=goal, title=f"Step {k + 1}", done_at=timezone.now() if k < done else None)
    return goal


def add_check_in(pair: Mentorship, *, by: User, rating: int = 4, comment: str = "", days_ago: float = 1) -> CheckIn:
    return CheckIn.objects.create(
        mentorship=pair, by=by, rating=rating, comment=comment, created_at=timezone.now() - timedelta(days=days_ago)
    )


def standard_pair(people: object) -> Mentorship:
    """Alice (MS1) mentored by Sam (MS3) in a running cycle Cora created."""
    return make_pair(
        cycle=make_cycle(by=people.coordinator),  # type: ignore[attr-defined]
        mentee=people.ms1,  # type: ignore[attr-defined]
        mentor=people.ms3,  # type: ignore[attr-defined]
    )


def without_tokens(html: str) -> str:
    """A page without its per-render secrets (CSRF tokens, one-time form tokens)."""
    html = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "", html)
    return re.sub(r"[A-Za-z0-9]{64}", "", html)
