"""The demo school's study groups: a term of about 60 groups, their sessions, and one open pool.

Who is who (stable for a seed, so screenshots and browser tests can rely on it):

- **Groups** across the Step 1 systems and disciplines: MS1 and MS2 block
  exams and coursework, MS2 Step 1 groups, MS3/MS4 shelf, Step 2 and OSCE
  practice; virtual, in person and hybrid; a few in Spanish. Sizes 3–8,
  some full; some by request with requests waiting (with notes), three
  invite-only, one archived, one left without an organiser (flagged for
  the coordinators), one with an open problem report and one resolved.
- **Times**: each group's usual time is cut from its organiser's free
  evenings (weekends, lunch hours) in the school's zone, and its members
  are free then too; nobody is in two groups at the same time.
- **Sessions**: most groups meet weekly, from four weeks ago to six weeks
  ahead, at the same wall-clock time in the group's zone; past sessions have
  attendance, the next two weeks RSVPs; a few occurrences are cancelled.
- **The MS1 log-in** organises "Histology slide review" (one request to
  decide, the latest attendance still to take), is a member of "Biochem
  pathways night" and waits on a request to "Anatomy lab practical prep".
  They are in no Cardiovascular group: "Cardio block: heart sounds to ECGs"
  (by request, places left) meets inside their week, two hours or more.
- **The MS3 log-in** is a member of "Medicine shelf: UWorld nights".
- **The pool** "MS1 Block 2 study groups" is open with about a third of the
  MS1 class opted in (at most 60); the MS1 log-in is not, so the browser
  test can opt in, and a coordinator can run the engine on it.

Everything is written in bulk and directly (the services would notify
people and refuse the past); nobody is notified. Running it twice adds
nothing; ``demo_groups_delete`` removes the groups the demo people started
and the pools the demo's coordinators opened, with everything in them.
"""

import random
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from huddle.accounts.demo import COORDINATOR_EMAIL, DEMO_DOMAIN, MS1_EMAIL, MS3_EMAIL
from huddle.accounts.models import Language, Profile, Role, Topic, User
from huddle.groups import weeks
from huddle.groups.demo import catalogue as c
from huddle.groups.demo import meetings
from huddle.groups.demo.groups import Person, Planned, Planner, memberships
from huddle.groups.demo.pool import pool_build
from huddle.groups.models import (
    Attendance,
    GroupSession,
    Membership,
    Pool,
    PoolEntry,
    Post,
    ProblemReport,
    Rsvp,
    StudyGroup,
)
from huddle.lib.registry import DemoSize

__all__ = ["demo_groups_delete", "demo_groups_step"]


def _demo() -> Q:
    return Q(created_by__email__endswith=f"@{DEMO_DOMAIN}")


def _people(now: datetime) -> list[Person]:
    """The demo students with their weeks in the school's zone, by e-mail address; two queries."""
    # Sorted here, not by the database, whose collation may differ between SQLite and PostgreSQL.
    rows = sorted(
        User.objects.filter(
            email__endswith=f"@{DEMO_DOMAIN}", roles__role=Role.STUDENT, profile__isnull=False
        ).select_related("profile"),
        key=lambda u: u.email,
    )
    spanish = set(
        Profile.languages.through.objects.filter(language__code="es", profile__user__in=rows).values_list(
            "profile__user_id", flat=True
        )
    )
    people = []
    for user in rows:
        profile = user.profile
        week = weeks.in_school_zone(profile.availability, profile.time_zone, now)
        people.append(
            Person(
                user=user,
                year=profile.class_year or 0,
                zone=profile.time_zone,
                week=week,
                free=week,
                spanish=user.pk in spanish,
            )
        )
    return people


@transaction.atomic
def demo_groups_step(size: DemoSize) -> list[str]:
    if StudyGroup.objects.filter(_demo()).exists() or Pool.objects.filter(_demo()).exists():
        return ["Study groups: the demo is already loaded."]
    now = timezone.now()
    people = _people(now)
    by_email = {p.user.email: p for p in people}
    ms1, ms3 = by_email.get(MS1_EMAIL), by_email.get(MS3_EMAIL)
    coordinator = User.objects.filter(email=COORDINATOR_EMAIL).first()
    if ms1 is None or coordinator is None:
        return ["Study groups: no demo school yet (the MS1 log-in or the coordinator is missing)."]
    rng = random.Random(size.seed + 12)
    planner = Planner(
        rng=rng,
        now=now,
        people=people,
        ms1=ms1,
        ms3=ms3,
        topics={t.name: t for t in Topic.objects.filter(is_active=True)},
        languages={lang.code: lang for lang in Language.objects.filter(code__in=("en", "es"))},
    )
    planned = [p for p in (planner.plan(spec) for spec in c.SPECS) if p is not None]

    groups = StudyGroup.objects.bulk_create([p.group for p in planned])
    for plan in planned:
        plan.group.created_at = plan.created or now
    StudyGroup.objects.bulk_update(groups, ["created_at"])
    rows = Membership.objects.bulk_create([row for plan in planned for row in memberships(plan)])

    cut = {id(plan): meetings.sessions(rng, plan, now) for plan in planned}
    sessions = GroupSession.objects.bulk_create([s for plan in planned for s in cut[id(plan)]])
    marks = Attendance.objects.bulk_create(
        [a for plan in planned for a in meetings.attendance(rng, plan, cut[id(plan)])]
    )
    answers = Rsvp.objects.bulk_create(
        [r for plan in planned for r in meetings.rsvps(rng, plan, cut[id(plan)], now, ms1.user)]
    )
    board = [post for plan in planned for post in meetings.posts(rng, plan, now)]
    _insert_backdated(Post, board)
    reports = [r for r in (meetings.report(plan, now, coordinator) for plan in planned) if r is not None]
    _insert_backdated(ProblemReport, reports)

    pool, entries = pool_build(
        rng=rng, students=[p.user for p in people], coordinator=coordinator, exclude={ms1.user.pk}, now=now
    )
    return _summary(planned, rows, sessions, marks, answers, board, reports, pool, entries)


def _insert_backdated[M: (Post, ProblemReport)](model: type[M], rows: list[M]) -> None:
    """Insert, then put back the ``created_at`` each row was given (the insert sets it to now)."""
    when = [row.created_at for row in rows]
    model.objects.bulk_create(rows)
    for row, at in zip(rows, when, strict=True):
        row.created_at = at
    model.objects.bulk_update(rows, ["created_at"])


def _named(planned: list[Planned], role: str) -> str:
    return next((f'"{p.spec.name}"' for p in planned if p.spec.role == role), "no group")


def _summary(
    planned: list[Planned],
    rows: list[Membership],
    sessions: list[GroupSession],
    marks: list[Attendance],
    answers: list[Rsvp],
    board: list[Post],
    reports: list[ProblemReport],
    pool: Pool,
    entries: list[PoolEntry],
) -> list[str]:
    groups = [p.group for p in planned]
    full = sum(len(p.active) >= p.group.capacity for p in planned)
    members = sum(r.status == Membership.Status.ACTIVE for r in rows)
    waiting = sum(r.status == Membership.Status.REQUESTED for r in rows)
    cancelled = sum(s.status == GroupSession.Status.CANCELLED for s in sessions)
    taken = sum(s.attendance_taken_at is not None for s in sessions)
    present = round(100 * sum(m.present for m in marks) / max(len(marks), 1))
    opened = sum(r.status == ProblemReport.Status.OPEN for r in reports)
    return [
        f"Study groups: {len(groups)} groups ({sum(g.listed for g in groups)} listed, "
        f"{sum(not g.listed for g in groups)} invite-only, "
        f"{sum(g.status == StudyGroup.Status.ARCHIVED for g in groups)} archived, "
        f"{sum(g.needs_organiser for g in groups)} waiting for an organiser; {full} full), "
        f"{members} members, {waiting} requests waiting.",
        f"Study groups: {len(sessions)} sessions over the past 4 and next 6 weeks ({taken} with attendance, "
        f"{cancelled} cancelled), {len(marks)} attendance marks ({present}% present), {len(answers)} RSVPs, "
        f"{len(board)} board posts, {opened} open problem report(s).",
        f"Study groups: the MS1 log-in organises {_named(planned, c.MS1_ORGANISES)} (a request to decide), "
        f"is in {_named(planned, c.MS1_MEMBER)} and asked to join {_named(planned, c.MS1_ASKED)}; "
        f"{_named(planned, c.FITS_MS1)} has places and fits their week. "
        f"The MS3 log-in is in {_named(planned, c.MS3_MEMBER)}.",
        f'Study groups: pool "{pool.title}" open with {len(entries)} MS1 opt-ins.',
    ]


@transaction.atomic
def demo_groups_delete() -> list[str]:
    """The groups demo people started (and those a demo pool published), then the demo's pools."""
    pools = list(Pool.objects.filter(_demo()).values_list("pk", flat=True))
    _n, groups = StudyGroup.objects.filter(_demo() | Q(pool__in=pools)).delete()
    _n, removed = Pool.objects.filter(pk__in=pools).delete()
    return [
        f"Study groups: removed {groups.get(StudyGroup._meta.label, 0)} groups and "
        f"{removed.get(Pool._meta.label, 0)} pools, with their members, sessions and posts."
    ]
