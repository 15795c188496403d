"""The demo school's well-being: a year of check-ins, the campus resources, and students' stories.

Check-ins follow a plausible year: burnout and stress rise in the weeks
before block exams and in MS2's Step 1 spring, ease after, and participation
starts high in the autumn and drifts down (some students stop, a few answer
only in bad weeks). Rows are bulk-written, not sent through services: a demo
invents the past and must not notify anyone. Running it twice adds nothing.
"""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from huddle.accounts.demo import DEMO_DOMAIN, MS1_EMAIL, MS3_EMAIL, WELLBEING_EMAIL
from huddle.accounts.models import Role, User
from huddle.lib.markdown import render_markdown
from huddle.lib.registry import DemoSize
from huddle.wellbeing.models import CheckIn, CrisisResource, Reaction, Story, StoryReaction, StoryTheme
from huddle.wellbeing.weeks import this_week, weeks_back

#: Fictional numbers (555-01xx): the pages label them as demo and never make them dialable.
RESOURCES = (
    (
        "Counseling and Psychological Services (CAPS)",
        "phone",
        "312-555-0100",
        "24/7, press 1 after hours",
        "Free and confidential for all students; not part of your academic record.",
        10,
    ),
    (
        "CAPS after-hours nurse line",
        "phone",
        "312-555-0142",
        "5 pm – 8 am, weekends",
        "A licensed clinician answers and can reach the on-call psychiatrist.",
        20,
    ),
    (
        "Dean of Students on call",
        "phone",
        "312-555-0177",
        "24/7",
        "For emergencies affecting your studies: a leave, an exam, a family crisis.",
        30,
    ),
    ("Campus safety", "phone", "312-555-0199", "24/7", "Escort, welfare checks, and emergencies on campus.", 40),
    (
        "Book a CAPS appointment",
        "web",
        "https://caps.demo.huddle.test/appointments",
        "Replies within one working day",
        "Same-week appointments are kept open for medical students.",
        50,
    ),
)

STORIES: tuple[tuple[str, bool, tuple[str, ...], str], ...] = (
    (
        "I failed my first block exam",
        True,
        ("exams",),
        "I had never failed anything. Not a quiz, not a driving test. When the score came back for the "
        "cardio block I read it four times, closed the laptop and went for a walk that lasted three hours.\n\n"
        "What I did not expect was how *ordinary* the next steps were. The course director had a remediation "
        "plan ready, my advisor had seen this a hundred times, and two classmates I told admitted the same had "
        "happened to them last year. Nobody treated me as a lost cause.\n\n"
        "What helped: changing how I studied (fewer hours re-reading, more questions), sleeping before the "
        "retake, and telling one person the truth the same day. I passed the retake. I am still here.",
    ),
    (
        "Asking for accommodations was not 'getting an advantage'",
        False,
        ("accommodations", "health"),
        "I have ADHD and went through undergrad without accommodations because I thought asking would "
        "mean I was weaker than everyone else. In first year I kept running out of time on exams I knew "
        "the material for.\n\n"
        "The process took about three weeks: an appointment, my old evaluation, a form. Nobody on faculty "
        "learned why, only what (extra time, a quiet room). My scores moved from the bottom quarter to the "
        "middle within a block.\n\n"
        "If you are wondering whether you *deserve* them: accommodations do not give you an advantage, they "
        "take away one you never asked for.",
    ),
    (
        "Taking a leave after my dad got sick",
        True,
        ("leave", "family"),
        "Halfway through MS2 my father was diagnosed with pancreatic cancer. I tried to keep going, studying "
        "in hospital waiting rooms, and I was failing at both things: being a student and being a son.\n\n"
        "Taking a leave felt like quitting. The Dean of Students office walked me through it in one meeting: "
        "what happens to financial aid, when I could come back, what I would need to do before Step 1.\n\n"
        "I spent five months at home. He died in the spring. I came back the next year with a new class, "
        "and they took me in as if I had always been theirs. I would make the same decision again.",
    ),
    (
        "First-generation, and learning the unwritten rules",
        False,
        ("belonging",),
        "Nobody in my family went to college. In the first weeks everyone seemed to know things I did not: "
        "which resources to buy, what a 'shelf' was, that you could just email a professor.\n\n"
        "I joined the first-gen student group mostly for free pizza. What I got was a list of those "
        "unwritten rules, written down, and upperclassmen who answered my questions without making them "
        "feel stupid. Now I am the one answering them.",
    ),
    (
        "Surgery rotation and the 4 a.m. crying in the car",
        True,
        ("clinical", "health"),
        "Third year. I was on surgery, pre-rounding at 4:30, and most mornings I sat in the parking garage "
        "and cried for five minutes before going in. I thought that was just what third year is.\n\n"
        "A resident noticed I was not eating and asked, plainly, how I was sleeping. That question got me "
        "to CAPS. It was depression, and it was treatable. I still do not love 4 a.m., but I no longer dread "
        "every single day.",
    ),
    (
        "Step 1 went pass/fail and I still panicked",
        False,
        ("exams", "career"),
        "Everyone said pass/fail would make dedicated easier. For me the fear just moved: now I worried "
        "that everything *else* on my application had to be perfect.\n\n"
        "What helped was a conversation with an MS4 who had matched into my specialty. She told me what "
        "program directors actually asked her about, and it was not the things keeping me awake. I made a "
        "schedule with rest days in it, and I kept them.",
    ),
    (
        "Money stress is allowed to be a real stress",
        True,
        ("family",),
        "I send part of my loan refund home every semester. I did not tell anyone because it felt like "
        "it was not a 'medical school problem'.\n\n"
        "The financial aid office had an emergency fund I did not know existed, and a counselor who helped "
        "me build a budget that did not assume I was the only person I was responsible for. It did not "
        "fix everything, but I stopped lying awake doing arithmetic.",
    ),
    (
        "Coming out during clerkships",
        False,
        ("belonging", "clinical"),
        "Every new rotation meant deciding again whether to mention my partner. On family medicine my "
        "preceptor had a rainbow badge on her lanyard and it changed how I walked into clinic.\n\n"
        "I now wear one too. Small signals matter more than I knew.",
    ),
)

PENDING = (
    (
        "The week I almost did not come back from spring break",
        True,
        ("health", "exams"),
        "I have not told anyone this. Before spring break I had decided I would not come back. I had the "
        "email to the registrar written. My roommate talked to me for a whole night, and I came back. I am "
        "writing it here because maybe someone else has that email written too.",
    ),
    (
        "Switching my specialty plans in third year",
        False,
        ("career",),
        "I was set on orthopedics from the first week of school and realised on my psychiatry rotation that "
        "I had been choosing what I thought I should want. Changing course in third year felt impossible, but "
        "the advising dean helped me build a plan in a week, and nobody treated it as a failure.",
    ),
)


def _students() -> list[tuple[int, int]]:
    rows = (
        User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}", roles__role=Role.STUDENT, is_active=True)
        .order_by("pk")
        .values_list("pk", "profile__class_year")
        .distinct()
    )
    return [(pk, year) for pk, year in rows if year]


def _log_ins() -> set[int]:
    return set(User.objects.filter(email__in=(MS1_EMAIL, MS3_EMAIL)).values_list("pk", flat=True))


def _pressure(week: date, class_year: int) -> float:
    """0 (calm) to about 1.5 (exam week): block exams every six weeks, Step 1 spring for MS2, holidays calm."""
    week_of_year = week.isocalendar()[1]
    pressure = 0.0
    if week_of_year % 6 in (5, 0):
        pressure += 0.8 if week_of_year % 6 == 0 else 0.5
    if class_year == 2 and 10 <= week_of_year <= 20:
        pressure += 0.7
    if class_year == 3:
        pressure += 0.3
    if week_of_year >= 51 or week_of_year <= 1 or 27 <= week_of_year <= 31:
        pressure -= 0.6
    return pressure


def _through_year(week: date) -> float:
    """0 at the start of the academic year (early August) to nearly 1 at its end."""
    return ((week.isocalendar()[1] - 31) % 52) / 52


def _checkins(rng: random.Random, students: list[tuple[int, int]], log_ins: set[int]) -> list[CheckIn]:
    """Keen at the start of each academic year, tailing off; some stop for good; MS1s start in August.

    The student log-ins printed by ``make run`` always check in, so a visitor sees a trend.
    """
    weeks = weeks_back(this_week(), 52)
    academic_year_start = weeks[-1] - timedelta(weeks=round(_through_year(weeks[-1]) * 52))
    rows = []
    for pk, class_year in students:
        if rng.random() > 0.6 and pk not in log_ins:
            continue  # many students never use the check-in, as in any real school
        baseline = rng.choice((1, 2, 2, 2, 2, 3))
        keen = 1.0 if pk in log_ins else rng.uniform(0.5, 0.95)
        stops = rng.random() < 0.25 and pk not in log_ins
        stop = rng.randint(10, 51) if stops else 52
        for i, week in enumerate(weeks):
            if class_year == 1 and week < academic_year_start:
                continue  # this year's MS1s were not here before August
            if i > stop or rng.random() > keen * (1 - 0.45 * _through_year(week)):
                continue
            pressure = _pressure(week, class_year)
            burnout = min(5, max(1, round(baseline + 0.8 * pressure + rng.gauss(0, 0.55))))
            stress = min(5, max(1, round(baseline + 0.3 + pressure + rng.gauss(0, 0.7))))
            sleep = min(10, max(4, round(7.3 - pressure * 1.3 + rng.gauss(0, 0.8))))
            rows.append(CheckIn(student_id=pk, week=week, burnout=burnout, stress=stress, sleep_hours=sleep))
    return rows


def _stories(rng: random.Random, students: list[tuple[int, int]]) -> list[str]:
    authors = [pk for pk, year in students if year >= 2] or [pk for pk, _year in students]
    ms3 = User.objects.filter(email=MS3_EMAIL).first()
    reviewer = User.objects.filter(email=WELLBEING_EMAIL).first()
    now = timezone.now()
    readers = [pk for pk, _year in students]
    for n, (title, anonymous, themes, body) in enumerate(STORIES):
        published = now - timedelta(days=7 * (len(STORIES) - n) + rng.randint(0, 5))
        story = Story.objects.create(
            author_id=rng.choice(authors),
            anonymous=anonymous,
            title=title,
            body=body,
            body_html=render_markdown(body),
            status=Story.Status.PUBLISHED,
            reviewed_by=reviewer,
            reviewed_at=published,
            published_at=published,
        )
        StoryTheme.objects.bulk_create(StoryTheme(story=story, theme=t) for t in themes)
        chosen = rng.sample(readers, min(len(readers), rng.randint(8, 40)))
        StoryReaction.objects.bulk_create(
            StoryReaction(story=story, reader_id=reader, kind=rng.choice(Reaction.values)) for reader in chosen
        )
    for title, anonymous, themes, body in PENDING:
        author = ms3.pk if ms3 is not None and not anonymous else rng.choice(authors)
        story = Story.objects.create(
            author_id=author, anonymous=anonymous, title=title, body=body, body_html=render_markdown(body)
        )
        StoryTheme.objects.bulk_create(StoryTheme(story=story, theme=t) for t in themes)
    return [f"wellbeing: {len(STORIES)} published stories, {len(PENDING)} waiting for review"]


def demo_wellbeing_step(size: DemoSize) -> list[str]:
    rng = random.Random(size.seed * 7 + 10)
    students = _students()
    lines: list[str] = []
    with transaction.atomic():
        if not CrisisResource.objects.exists():
            CrisisResource.objects.bulk_create(
                CrisisResource(label=label, channel=c, contact=t, hours=h, notes=n, order=o)
                for label, c, t, h, n, o in RESOURCES
            )
            lines.append(f"wellbeing: {len(RESOURCES)} campus crisis resources (fictional numbers)")
        demo_ids = [pk for pk, _year in students]
        if students and not CheckIn.objects.filter(student_id__in=demo_ids).exists():
            rows = _checkins(rng, students, _log_ins())
            CheckIn.objects.bulk_create(rows, batch_size=2000)
            lines.append(f"wellbeing: {len(rows)} weekly check-ins over a year")
        if students and not Story.objects.filter(author_id__in=demo_ids).exists():
            lines += _stories(rng, students)
    return lines


def demo_wellbeing_delete() -> list[str]:
    demo = User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")
    stories, _s = Story.objects.filter(author__in=demo).delete()
    checkins, _c = CheckIn.objects.filter(student__in=demo).delete()
    CrisisResource.objects.filter(label__in=[r[0] for r in RESOURCES]).delete()
    return [f"wellbeing: removed {checkins} check-in rows and {stories} story rows"]
