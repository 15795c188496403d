"""The demo school's training: four modules, role requirements, completions, sign-offs and workshops.

Rows are written directly, not through the services: a demo invents the
past and must not send notifications. Running it twice adds nothing.

Who holds what (stable for a seed, so other apps' demos can rely on it):

- **Listeners**: the MS3 log-in and the first 11 other MS3/MS4 students by e-mail hold Active
  listening and Crisis response and are signed off by the demo well-being
  staff member. Find them with
  ``qualification_for(person=user, role=PeerRole.LISTENER).qualified``.
  The next 3 seniors completed both modules and await sign-off.
- **Mentors**: every faculty member, the MS3 demo log-in and about 85 % of
  MS3/MS4 students hold Mentoring basics (a few of them expired), so the
  demo mentoring cycles' mentors mostly qualify. The MS3 log-in's
  completion expires in 20 days (a dashboard card says so).
- **Tutors**: about 40 % of MS2–MS4 students hold Peer tutoring skills.
"""

import random
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from huddle.accounts.demo import (
    COORDINATOR_EMAIL,
    DEMO_DOMAIN,
    FACULTY_EMAIL,
    MS3_EMAIL,
    WELLBEING_EMAIL,
    load_demo_school,
)
from huddle.accounts.models import User
from huddle.lib.markdown import render_markdown
from huddle.lib.qualification import PeerRole
from huddle.lib.registry import DemoSize
from huddle.training.demo_content import MODULES, DemoModule
from huddle.training.models import (
    Attempt,
    Completion,
    Module,
    QuizVersion,
    RequiredModule,
    RoleRequirement,
    Rsvp,
    SignOff,
    Workshop,
)
from huddle.training.quizzes.format import quiz_parse

LISTENERS = 12
AWAITING_SIGN_OFF = 3


def _class_year(user: User) -> int | None:
    return user.profile.class_year if hasattr(user, "profile") else None


def _module(spec: DemoModule, author: User, now: datetime) -> Module:
    module = Module.objects.create(
        title=spec.title,
        slug=spec.slug,
        summary=spec.summary,
        body=spec.body,
        body_html=render_markdown(spec.body),
        videos=[{"title": t, "url": u} for t, u in spec.videos],
        status=Module.Status.PUBLISHED,
        valid_for_days=spec.valid_for_days,
        requires_workshop=spec.requires_workshop,
        created_by=author,
        published_at=now - timedelta(days=800),
    )
    quiz = QuizVersion.objects.create(
        module=module,
        number=1,
        pass_mark=spec.pass_mark,
        questions=[q.as_json() for q in quiz_parse(spec.quiz)],
        source=spec.quiz,
        created_by=author,
    )
    Module.objects.filter(pk=module.pk).update(current_quiz=quiz)
    module.current_quiz = quiz
    return module


def _complete(rows: list[tuple[User, Module, datetime]]) -> int:
    """A passing attempt and its completion for each (person, module, when)."""
    attempts = Attempt.objects.bulk_create(
        Attempt(
            person=person,
            quiz=module.current_quiz,
            answers=[q["correct"] for q in module.current_quiz.questions],  # type: ignore[union-attr]
            score=100,
            passed=True,
            submitted_at=when,
        )
        for person, module, when in rows
    )
    Completion.objects.bulk_create(
        Completion(
            person=person,
            module=module,
            quiz=module.current_quiz,
            attempt=attempt,
            completed_at=when,
            expires_at=when + timedelta(days=module.valid_for_days) if module.valid_for_days else None,
        )
        for (person, module, when), attempt in zip(rows, attempts, strict=True)
    )
    return len(rows)


@transaction.atomic
def demo_training_step(size: DemoSize) -> list[str]:
    if Module.objects.filter(slug__in=[m.slug for m in MODULES]).exists():
        return ["Demo training is already loaded."]
    school = load_demo_school()
    rng = random.Random(size.seed + 10)
    now = timezone.now()
    coordinator, wellbeing = school.user(COORDINATOR_EMAIL), school.user(WELLBEING_EMAIL)
    modules = {spec.slug: _module(spec, coordinator, now) for spec in MODULES}
    listening, tutoring = modules["active-listening"], modules["peer-tutoring-skills"]
    mentoring, crisis = modules["mentoring-basics"], modules["crisis-response"]

    for role, required, sign_off_by in (
        (PeerRole.TUTOR, [tutoring], ""),
        (PeerRole.MENTOR, [mentoring], ""),
        (PeerRole.LISTENER, [listening, crisis], RoleRequirement.SignOffBy.WELLBEING),
    ):
        requirement = RoleRequirement.objects.create(role=role, sign_off_by=sign_off_by, updated_by=coordinator)
        RequiredModule.objects.bulk_create(RequiredModule(requirement=requirement, module=m) for m in required)

    students = sorted(
        User.objects.filter(pk__in=[u.pk for u in school.students]).select_related("profile"), key=lambda u: u.email
    )
    seniors = [u for u in students if _class_year(u) in (3, 4)]
    rows: list[tuple[User, Module, datetime]] = []

    def ago(low: int, high: int) -> datetime:
        return now - timedelta(days=rng.randint(low, high), hours=rng.randint(0, 10))

    # Listeners: the MS3 log-in (so a visitor can try both sides) and the first 11 other
    # seniors by e-mail, signed off; the next 3 await sign-off.
    ms3 = school.user(MS3_EMAIL)
    others = [u for u in seniors if u.pk != ms3.pk]
    listeners = [ms3, *others[: LISTENERS - 1]]
    awaiting = others[LISTENERS - 1 : LISTENERS - 1 + AWAITING_SIGN_OFF]
    for person in listeners + awaiting:
        rows.append((person, listening, ago(30, 300)))
        rows.append((person, crisis, ago(20, 250)))
    SignOff.objects.bulk_create(
        SignOff(person=p, role=PeerRole.LISTENER, given_by=wellbeing, given_at=ago(5, 15)) for p in listeners
    )

    # Mentors: all faculty, the MS3 log-in (expiring in 20 days) and most seniors, some expired.
    rows.append((ms3, mentoring, now - timedelta(days=345)))
    for person in seniors:
        if person.pk == ms3.pk or rng.random() > 0.85:
            continue
        rows.append((person, mentoring, ago(400, 500) if rng.random() < 0.1 else ago(10, 330)))
    for person in school.faculty:
        rows.append((person, mentoring, ago(10, 300)))

    # Tutors: about 40 % of MS2–MS4, and the MS3 log-in (who tutors in the demo).
    rows.append((ms3, tutoring, now - timedelta(days=120)))
    for person in students:
        if person.pk == ms3.pk:
            continue
        if _class_year(person) in (2, 3, 4) and rng.random() < 0.4:
            rows.append((person, tutoring, ago(900, 1000) if rng.random() < 0.1 else ago(10, 600)))
    completed = _complete(rows)

    # A few first attempts that did not pass yet.
    failing = [u for u in students if _class_year(u) == 1][:6]
    Attempt.objects.bulk_create(
        Attempt(
            person=p, quiz=listening.current_quiz, answers=[[0]] * 5, score=40, passed=False, submitted_at=ago(1, 20)
        )
        for p in failing
    )
    _workshops(school, modules, coordinator, now, rng)
    return [f"Training: {len(modules)} modules, {completed} completions, {len(listeners)} signed-off listeners."]


def _workshops(school, modules: dict[str, Module], organiser: User, now: datetime, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    day = timezone.localtime(now).replace(hour=17, minute=30, second=0, microsecond=0)
    open_one = Workshop.objects.create(
        module=modules["active-listening"],
        title="Active listening practice lab",
        description="Practise OARS in pairs with standardised scenarios and feedback from the well-being team.",
        starts_at=day + timedelta(days=5),
        ends_at=day + timedelta(days=5, hours=1, minutes=30),
        place="Learning Center, room 204",
        capacity=16,
        organiser=organiser,
    )
    full_one = Workshop.objects.create(
        module=modules["peer-tutoring-skills"],
        title="Peer tutoring: running a small-group session",
        description="Socratic questioning and retrieval practice, live: bring a topic you tutor.",
        starts_at=day + timedelta(days=9),
        ends_at=day + timedelta(days=9, hours=1),
        place="",
        virtual_link="https://video.example.edu/huddle-tutoring-lab",
        capacity=8,
        organiser=school.user(FACULTY_EMAIL),
    )
    pool = [u for u in school.students if u.email != MS3_EMAIL]
    rng.shuffle(pool)
    going_open, going_full, waiting = pool[:7], pool[7:15], pool[15:18]
    Rsvp.objects.bulk_create(
        Rsvp(workshop=open_one, person=p, status=Rsvp.Status.GOING, seat=i) for i, p in enumerate(going_open, 1)
    )
    Rsvp.objects.bulk_create(
        Rsvp(workshop=full_one, person=p, status=Rsvp.Status.GOING, seat=i) for i, p in enumerate(going_full, 1)
    )
    Rsvp.objects.bulk_create(
        Rsvp(
            workshop=full_one,
            person=p,
            status=Rsvp.Status.WAITLISTED,
            waitlisted_at=now - timedelta(hours=10 - i),
        )
        for i, p in enumerate(waiting)
    )


@transaction.atomic
def demo_training_delete() -> list[str]:
    """Remove the demo modules and everything hanging off them (attempts first: they protect quiz versions)."""
    slugs = [m.slug for m in MODULES]
    Completion.objects.filter(module__slug__in=slugs).delete()
    Attempt.objects.filter(quiz__module__slug__in=slugs).delete()
    RoleRequirement.objects.filter(modules__module__slug__in=slugs).delete()
    SignOff.objects.filter(person__email__endswith=f"@{DEMO_DOMAIN}").delete()
    Module.objects.filter(slug__in=slugs).update(current_quiz=None)
    deleted, _per_model = Module.objects.filter(slug__in=slugs).delete()
    return [f"Deleted the demo training ({deleted} rows)."]
