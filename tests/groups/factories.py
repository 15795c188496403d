"""Study groups for tests: people, groups through the real services, weeks painted by hand."""

from datetime import time

from huddle.accounts.models import Profile, Role, RoleAssignment, Topic, User
from huddle.groups.membership.services import membership_join
from huddle.groups.models import StudyGroup
from huddle.groups.setup.services import GroupDetails, group_create
from huddle.groups.weeks import span, week_bytes
from tests.personas import make_person

_counter = iter(range(1, 1_000_000))


def make_student(*, class_year: int = 1, zone: str = "America/New_York", week: int = 0) -> User:
    """A student with a profile in ``zone`` whose availability is ``week`` (a weeks.py int in that zone)."""
    n = next(_counter)
    person = make_person(f"student{n}@example.edu", f"Student{n}", "Test", [Role.STUDENT], class_year=class_year)
    Profile.objects.filter(user=person).update(time_zone=zone, availability=week_bytes(week))
    person.refresh_from_db()
    return person


def make_coordinator() -> User:
    n = next(_counter)
    person = make_person(f"coord{n}@example.edu", f"Coord{n}", "Test", [Role.COORDINATOR])
    RoleAssignment.objects.get_or_create(user=person, role=Role.COORDINATOR)
    return person


def evenings(*weekdays: int, starts: time = time(18), ends: time = time(20)) -> int:
    """A week with the given weekdays (0 = Monday) from ``starts`` until ``ends``."""
    out = 0
    for d in weekdays:
        out |= span(d, starts, ends)
    return out


def topic(name: str = "Cardiology") -> Topic:
    return Topic.objects.get_or_create(name=name)[0]


def details(**overrides: object) -> GroupDetails:
    base: dict[str, object] = {
        "name": "Cardio crew",
        "goal": "block_exam",
        "modality": "virtual",
        "capacity": 4,
        "meeting_link": "https://meet.example.edu/cardio",
        "meeting_week": week_bytes(evenings(1, 3)),
    }
    base.update(overrides)
    return GroupDetails(**base)  # type: ignore[arg-type]


def make_group(organiser: User | None = None, *, members: int = 0, **overrides: object) -> StudyGroup:
    """A group created by ``organiser`` (a new MS1 when None) with ``members`` more students who joined."""
    organiser = organiser or make_student()
    group = group_create(organiser=organiser, details=details(**overrides))
    join_policy, listed = group.join_policy, group.listed
    if members:
        StudyGroup.objects.filter(pk=group.pk).update(join_policy=StudyGroup.JoinPolicy.OPEN, listed=True)
        group.refresh_from_db()
    for _ in range(members):
        membership_join(person=make_student(), group=group)
    if members:
        StudyGroup.objects.filter(pk=group.pk).update(join_policy=join_policy, listed=listed)
    group.refresh_from_db()
    return group


def make_sessions(
    group: StudyGroup,
    *,
    days_ahead: int = 7,
    starts: time = time(18),
    minutes: int = 60,
    weeks: int = 1,
    **fields: object,
) -> list:
    """Sessions scheduled by the group's organiser through the service: ``weeks`` weekly ones from
    ``days_ahead`` days after today (in the group's zone), at ``starts`` there."""
    from datetime import timedelta

    from django.utils import timezone

    from huddle.groups.sessions.services import session_schedule
    from huddle.lib.zones import zone_named

    organiser = group.memberships.filter(role="organiser", status="active").first()
    assert organiser is not None
    first = timezone.now().astimezone(zone_named(group.time_zone)).date() + timedelta(days=days_ahead)
    until = first + timedelta(weeks=weeks - 1) if weeks > 1 else None
    return session_schedule(
        actor=organiser.person,
        group=group,
        starts_on=first,
        starts=starts,
        minutes=minutes,
        weekly_until=until,
        **fields,  # type: ignore[arg-type]
    )


def make_pool(by: User | None = None, **overrides: object):  # a Pool (models imported late)
    """A pool opened by ``by`` (a new coordinator when None) through the service; groups of 4 by default."""
    from decimal import Decimal

    from huddle.groups.pools.services import PoolDetails, pool_create

    base: dict[str, object] = {
        "title": "MS1 block 2",
        "modality": "virtual",
        "min_size": 4,
        "max_size": 4,
        "min_common_hours": Decimal(2),
    }
    base.update(overrides)
    return pool_create(by=by or make_coordinator(), details=PoolDetails(**base))  # type: ignore[arg-type]


def opt_in(  # a PoolEntry (models imported late)
    pool: object,
    student: User | None = None,
    *,
    week: int | None = None,
    goal: str = "block_exam",
    modality: str = "either",
    attributes: tuple[str, ...] = (),
    **student_kw: object,
):
    """``student`` (a new MS1 free ``week`` when None) opts in through the service with ``week`` in their zone."""
    from huddle.groups.pools.services import EntryDetails, entry_save
    from huddle.groups.weeks import week_int

    if student is None:
        student = make_student(week=week if week is not None else evenings(0), **student_kw)  # type: ignore[arg-type]
    if week is None:
        week = week_int(student.profile.availability)
    details = EntryDetails(goal=goal, modality=modality, availability=week_bytes(week), attributes=attributes)
    return entry_save(student=student, pool=pool, details=details)  # type: ignore[arg-type]
