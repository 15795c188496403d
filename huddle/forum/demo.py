"""The demo school's Q&A: course and general spaces with realistic threads.

Some questions are anonymous, some answers verified by faculty (one for an
earlier version, to show what an edit does), some unanswered, one closed as
a duplicate. Rows are written directly, not through the services: a demo
invents the past and must not send notifications. Running it twice adds
nothing.
"""

import random
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from huddle.accounts.demo import FACULTY_EMAIL, MS1_EMAIL, MS3_EMAIL
from huddle.accounts.models import Role, Topic, User
from huddle.forum.markdown import render_post
from huddle.forum.models import Alias, Endorsement, Follow, Post, Space, SpaceStaff, Tag, Thread, Vote
from huddle.forum.search import index_thread, unindex_thread
from huddle.lib.registry import DemoSize

SPACES = (
    ("Cardiovascular", "course", "Cardiovascular", "Physiology, pathology and pharmacology of the heart and vessels."),
    ("Renal and Urinary", "course", "Renal and Urinary", "Kidney physiology, acid–base and electrolytes."),
    ("Pharmacology", "course", "Pharmacology", "Mechanisms, side effects and interactions."),
    ("Step 1", "general", None, "Study plans, resources and the dedicated period."),
    ("Residency applications", "general", None, "ERAS, letters, away rotations and interviews."),
    ("Well-being", "general", None, "Balancing school and life. For a crisis, use the crisis resources above."),
)

#: (space, title, body, tags, anonymous, answers: (body, by faculty, verified, votes up/down))
THREADS: tuple[tuple[str, str, str, str, bool, tuple[tuple[str, bool, bool, int, int], ...]], ...] = (
    (
        "Cardiovascular",
        "Why does preload increase stroke volume?",
        "I get the Frank–Starling curve on paper but not *why* stretch gives a stronger contraction.",
        "physiology frank-starling",
        True,
        (
            (
                "More stretch brings actin and myosin closer to optimal overlap and raises troponin C's calcium "
                "sensitivity, so each beat generates more force.",
                True,
                True,
                6,
                0,
            ),
            ("Think of it as a rubber band: stretch it more and it snaps back harder.", False, False, 2, 1),
        ),
    ),
    (
        "Cardiovascular",
        "S3 vs S4 — how do you keep them apart?",
        "Every question bank explains it differently.",
        "auscultation",
        False,
        (
            (
                'S3 = volume overload, early diastole ("Ken-tuc-ky"); S4 = stiff ventricle, late diastole '
                '("Ten-nes-see").',
                False,
                True,
                9,
                0,
            ),
        ),
    ),
    (
        "Cardiovascular",
        "Is it normal to feel lost in the ECG sessions?",
        "Everyone else seems to read axis instantly.",
        "ecg",
        True,
        (
            (
                "Yes. Use leads I and aVF first: both positive means a normal axis. It clicks after ~50 ECGs.",
                False,
                False,
                4,
                0,
            ),
        ),
    ),
    (
        "Renal and Urinary",
        "How does the loop of Henle concentrate urine?",
        "Countercurrent multiplication confuses me.",
        "physiology countercurrent",
        True,
        (
            (
                "The thick ascending limb pumps NaCl out without water, so the medulla gets saltier; the descending "
                "limb then loses water to it. Repeated along the loop, the gradient multiplies.",
                True,
                True,
                7,
                0,
            ),
        ),
    ),
    (
        "Renal and Urinary",
        "Anion gap: when do I also check the delta-delta?",
        "",
        "acid-base",
        False,
        (
            (
                "Whenever the gap is high: it tells you whether a second process (metabolic alkalosis or a normal-gap "
                "acidosis) hides underneath.",
                True,
                True,
                5,
                0,
            ),
        ),
    ),
    ("Renal and Urinary", "Best way to learn diuretics' sites of action?", "Any mnemonics?", "diuretics", False, ()),
    (
        "Pharmacology",
        "Which antibiotics need renal dosing adjustments?",
        "Trying to make a table for the block exam.",
        "antibiotics renal",
        False,
        (
            (
                "Most beta-lactams, vancomycin, aminoglycosides, fluoroquinolones (except moxifloxacin) and TMP-SMX. "
                "Ceftriaxone, clindamycin, doxycycline and linezolid do not.",
                True,
                True,
                8,
                0,
            ),
        ),
    ),
    (
        "Pharmacology",
        "Warfarin vs heparin monitoring",
        "PT/INR vs aPTT — why?",
        "anticoagulants",
        True,
        (
            (
                "Warfarin lowers the vitamin K factors of the extrinsic pathway (PT); heparin acts via antithrombin on "
                "the intrinsic and common pathways (aPTT).",
                False,
                False,
                3,
                0,
            ),
        ),
    ),
    (
        "Step 1",
        "How long was your dedicated period?",
        "Trying to plan around the end of MS2.",
        "dedicated planning",
        False,
        (
            ("Six weeks, with a full-length practice test every Saturday.", False, False, 5, 0),
            ("Seven weeks; the last one was only review of missed questions.", False, False, 3, 0),
        ),
    ),
    (
        "Step 1",
        "Pass/fail Step 1 — does it still matter how I study?",
        "",
        "strategy",
        True,
        (("Yes: Step 2 CK is scored and builds on the same foundations.", True, True, 10, 0),),
    ),
    (
        "Residency applications",
        "When should I ask for letters of recommendation?",
        "Planning for ERAS next year.",
        "letters eras",
        False,
        (
            (
                "Ask at the end of a rotation where you did well, while they remember you; give them your CV and "
                "personal statement draft.",
                True,
                False,
                6,
                0,
            ),
        ),
    ),
    ("Residency applications", "Away rotations: worth it for a competitive specialty?", "", "aways", True, ()),
    (
        "Well-being",
        "How do you protect a day off during clerkships?",
        "I keep feeling guilty when I am not studying.",
        "balance",
        True,
        (
            (
                "I schedule it like an exam: same day each week, phone on focus mode. The guilt faded after a month.",
                False,
                False,
                7,
                0,
            ),
        ),
    ),
)


def _space(name: str, kind: str, topic_name: str | None, description: str, slug: str) -> Space:
    topic = Topic.objects.filter(name=topic_name).first() if topic_name else None
    space, _created = Space.objects.get_or_create(
        name=name,
        defaults={
            "slug": slug,
            "kind": kind if topic or kind == "general" else "general",
            "topic": topic,
            "description": description,
        },
    )
    return space


def _people(rng: random.Random) -> tuple[list[User], list[User]]:
    students = list(User.objects.filter(roles__role=Role.STUDENT).order_by("pk")[:120])
    faculty = list(User.objects.filter(roles__role=Role.FACULTY).order_by("pk")[:10])
    rng.shuffle(students)
    return students, faculty


@transaction.atomic
def demo_forum_step(size: DemoSize) -> list[str]:
    if Thread.objects.exists():
        return ["Q&A: already there"]
    rng = random.Random(size.seed + 9)
    students, faculty = _people(rng)
    if len(students) < 4 or not faculty:
        return ["Q&A: not enough people for a demo forum"]
    lead = User.objects.filter(email=FACULTY_EMAIL).first() or faculty[0]
    spaces = {}
    for i, (name, kind, topic, description) in enumerate(SPACES):
        spaces[name] = _space(name, kind, topic, description, f"{name.lower().replace(' ', '-')}-{i}")
        SpaceStaff.objects.get_or_create(space=spaces[name], user=lead, duty=SpaceStaff.Duty.FACULTY)
    ms1 = User.objects.filter(email=MS1_EMAIL).first() or students[0]
    ms3 = User.objects.filter(email=MS3_EMAIL).first() or students[1]
    Follow.objects.get_or_create(user=ms1, space=spaces["Cardiovascular"])
    now = timezone.now()
    for n, (space, title, body, tags, anonymous, answers) in enumerate(THREADS):
        asker = ms1 if n == 0 else students[n % len(students)]
        when = now - timedelta(days=30 - 2 * n, hours=rng.randint(0, 10))
        thread = _thread(spaces[space], asker, title, body or title, tags, anonymous, when)
        for k, (text, by_faculty, verified, up, down) in enumerate(answers):
            author = lead if by_faculty else (ms3 if n == 1 and k == 0 else students[(n * 7 + k + 3) % len(students)])
            _answer(thread, author, text, verified, lead, up, down, students, when + timedelta(hours=3 + k * 5))
        index_thread(thread_id=thread.pk)
    return [f"Q&A: {len(SPACES)} spaces, {len(THREADS)} threads"]


def _thread(space: Space, asker: User, title: str, body: str, tags: str, anonymous: bool, when: datetime) -> Thread:
    thread = Thread.objects.create(
        space=space,
        title=title,
        body=body,
        body_html=render_post(body),
        author=asker,
        anonymous=anonymous,
        created_at=when,
        last_activity_at=when,
    )
    thread.tags.set([Tag.objects.get_or_create(name=t)[0] for t in tags.split()])
    if anonymous:
        Alias.objects.create(thread=thread, user=asker, number=1)
    Follow.objects.get_or_create(user=asker, thread=thread)
    return thread


def _answer(
    thread: Thread,
    author: User,
    text: str,
    verified: bool,
    lead: User,
    up: int,
    down: int,
    students: list[User],
    when: datetime,
) -> Post:
    post = Post.objects.create(
        thread=thread,
        kind=Post.Kind.ANSWER,
        body=text,
        body_html=render_post(text),
        author=author,
        created_at=when,
        upvotes=up,
        downvotes=down,
    )
    voters = [s for s in students if s.pk not in (author.pk, thread.author_id)][: up + down]
    Vote.objects.bulk_create([Vote(post=post, user=v, value=1 if i < up else -1) for i, v in enumerate(voters)])
    if verified:
        Endorsement.objects.create(post=post, endorsed_by=lead, version=post.version, created_at=when)
        thread.has_endorsed_answer = True
    thread.answer_count += 1
    thread.last_activity_at = when
    thread.save(update_fields=["answer_count", "last_activity_at", "has_endorsed_answer"])
    return post


def demo_forum_delete() -> list[str]:
    for thread_id in Thread.objects.values_list("pk", flat=True):
        unindex_thread(thread_id=thread_id)
    deleted, _by_model = Thread.objects.all().delete()
    Space.objects.all().delete()
    return [f"Q&A: {deleted} rows removed"]
