"""Well-being test data: students in a class year with check-ins, stories in any state."""

from datetime import date, timedelta

from django.utils import timezone

from huddle.accounts.models import Role
from huddle.lib.markdown import render_markdown
from huddle.wellbeing.models import CheckIn, Story, StoryTheme
from huddle.wellbeing.weeks import this_week
from tests.personas import make_person

BODY = "I failed the renal block and thought my year was over. It was not: here is what I did the week after."


def make_students(n: int, class_year: int, prefix: str = "s") -> list:
    return [
        make_person(f"{prefix}{class_year}-{i}@school.test", "Student", f"{prefix}{i}", [Role.STUDENT], class_year)
        for i in range(n)
    ]


def bulk_checkins(students: list, *, burnout: int, week: date | None = None, stress: int = 2) -> None:
    CheckIn.objects.bulk_create(
        CheckIn(student=s, week=week or this_week(), burnout=burnout, stress=stress, sleep_hours=7) for s in students
    )


def make_story(author, *, anonymous: bool = True, status: str = Story.Status.PUBLISHED, title: str = "After the exam"):
    now = timezone.now()
    story = Story.objects.create(
        author=author,
        anonymous=anonymous,
        title=title,
        body=BODY,
        body_html=render_markdown(BODY),
        status=status,
        published_at=now - timedelta(minutes=1) if status == Story.Status.PUBLISHED else None,
    )
    StoryTheme.objects.create(story=story, theme="exams")
    return story
