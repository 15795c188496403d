"""Training rows for tests: modules with quizzes, requirements, completions and workshops."""

from datetime import datetime, timedelta
from itertools import count

from django.utils import timezone

from huddle.accounts.models import User
from huddle.lib.qualification import PeerRole
from huddle.training.models import (
    Completion,
    Module,
    QuizVersion,
    RequiredModule,
    RoleRequirement,
    Workshop,
)
from huddle.training.quizzes.format import quiz_parse

_numbers = count(1)

#: Two questions: the first has one right option (b), the second two (a and c).
QUIZ = """\
? Which is an open question?
- Are you OK?
* What has this week been like?
- Did you sleep?

? Which are reflections?
* You feel behind.
- Try Anki.
* It sounds exhausting.
"""
RIGHT = [[1], [0, 2]]
HALF_RIGHT = [[1], [0]]
WRONG = [[0], [1]]


def make_module(
    title: str = "",
    *,
    pass_mark: int = 100,
    valid_for_days: int | None = None,
    requires_workshop: bool = False,
    status: str = Module.Status.PUBLISHED,
    quiz: str = QUIZ,
) -> Module:
    n = next(_numbers)
    title = title or f"Module {n}"
    module = Module.objects.create(
        title=title,
        slug=f"{title.lower().replace(' ', '-')}-{n}",
        body="## Hello",
        body_html="<h2>Hello</h2>",
        status=status,
        valid_for_days=valid_for_days,
        requires_workshop=requires_workshop,
    )
    version = QuizVersion.objects.create(
        module=module, number=1, pass_mark=pass_mark, questions=[q.as_json() for q in quiz_parse(quiz)], source=quiz
    )
    module.current_quiz = version
    module.save(update_fields=["current_quiz"])
    return module


def require_modules(
    role: str, *modules: Module, sign_off_by: str = "", valid_for_days: int | None = None
) -> RoleRequirement:
    requirement, _created = RoleRequirement.objects.update_or_create(role=role, defaults={"sign_off_by": sign_off_by})
    for module in modules:
        RequiredModule.objects.create(requirement=requirement, module=module, valid_for_days=valid_for_days)
    return requirement


def complete(person: User, module: Module, *, when: datetime | None = None) -> Completion:
    when = when or timezone.now()
    expires = when + timedelta(days=module.valid_for_days) if module.valid_for_days else None
    return Completion.objects.create(
        person=person, module=module, quiz=module.current_quiz, completed_at=when, expires_at=expires
    )


def make_workshop(module: Module, *, capacity: int = 2, starts_in: timedelta = timedelta(days=3), **fields) -> Workshop:  # type: ignore[no-untyped-def]
    starts = timezone.now() + starts_in
    return Workshop.objects.create(
        module=module,
        title=fields.pop("title", f"{module.title} workshop"),
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        place="Room 204",
        capacity=capacity,
        **fields,
    )


__all__ = ["PeerRole", "complete", "make_module", "make_workshop", "require_modules"]
