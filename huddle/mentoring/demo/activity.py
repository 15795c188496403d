"""Demo activity for running pairs: meetings, goals, milestones, check-ins.

``seed_demo`` calls :func:`add_demo_activity` after the demo cycles are
published, so the pair pages, the mentor's page and the coordinator's view
show a realistic school: most pairs on track, some due a check-in, a few that
have not met yet. It writes rows directly (not through the services) because
it invents the past: meetings weeks ago, check-ins on old dates, and pairs
started earlier than "now" — and a demo must not send notifications.

Deterministic for a given seed and database; pairs that already have
activity are left alone, so running it twice adds nothing.
"""

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from huddle.lib.registry import DemoSize
from huddle.mentoring.models import (
    CheckIn,
    FitCheck,
    FocusArea,
    Goal,
    Meeting,
    MeetingModality,
    Mentorship,
    Milestone,
    PlannedMeeting,
)

GOALS: dict[str, list[tuple[str, list[str]]]] = {
    FocusArea.CAREER: [
        (
            "Narrow down specialty interests",
            ["Shadow in two clinics", "Talk to a resident in each", "Write a one-page pros and cons"],
        ),
        ("Plan away rotations", ["List programs of interest", "Check application deadlines"]),
    ],
    FocusArea.ACADEMICS: [
        (
            "Build a Step 1 study schedule",
            ["Pick a question bank", "Take a baseline self-assessment", "Set weekly blocks"],
        ),
        ("Get through the cardio block", ["Make a pathophysiology concept map", "Do 200 practice questions"]),
    ],
    FocusArea.RESEARCH: [
        ("Find a summer research project", ["Read three lab pages", "E-mail two PIs", "Draft a short proposal"]),
    ],
    FocusArea.WELLBEING: [
        ("Protect one evening a week", ["Choose the evening", "Keep it for four weeks"]),
    ],
    FocusArea.IDENTITY: [
        ("Reflect on the first patient encounters", ["Write a reflection", "Discuss it at a meeting"]),
    ],
}
FREE_TOPICS = ["Step 1 planning", "Work-life balance", "Research lab options", "Away rotations", "Feedback on a CV"]
NOTES = [
    "Talked through the study plan; agreed to try spaced repetition for two weeks.",
    "Shared how the first anatomy exam went. Next: look at question-bank stats together.",
    "Discussed shadowing options in internal medicine and EM; will send two contacts.",
    "Mostly about balancing sleep and the exam block. Check in again after the exam.",
    "",
]
COMMENTS = ["", "", "Going well.", "Very helpful so far.", "Hard to find a time this month."]


def _on_day(day_offset: int, now: datetime, hour: int = 17) -> datetime:
    day = timezone.localdate(now) + timedelta(days=day_offset)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _backdate(pair: Mentorship, *, days: int, now: datetime) -> None:
    """Give the pair a history: it started ``days`` ago unless it started earlier still."""
    started = now - timedelta(days=days)
    if pair.started_at > started:
        pair.started_at = started
        pair.save(update_fields=["started_at"])


def _meetings(pair: Mentorship, rng: random.Random, *, count: int, last_days_ago: int, now: datetime) -> None:
    people = [pair.mentee.user, pair.mentor.user]
    today = timezone.localdate(now)
    started_on = timezone.localdate(pair.started_at)
    for k in range(count):
        met_on = max(started_on, today - timedelta(days=last_days_ago + 14 * (count - 1 - k)))
        focus = rng.sample(list(FocusArea.values), rng.randint(1, 2))
        extra = [rng.choice(FREE_TOPICS)] if rng.random() < 0.4 else []
        Meeting.objects.create(
            mentorship=pair,
            met_on=met_on,
            duration_minutes=rng.choice([30, 45, 45, 60, 60, 90]),
            modality=rng.choice(MeetingModality.values),
            topics=focus + extra,
            private_notes=rng.choice(NOTES),
            logged_by=people[k % 2],
            created_at=_on_day((met_on - today).days, now, 20),
        )


def _goals(pair: Mentorship, rng: random.Random, *, count: int, done_share: float, now: datetime) -> None:
    areas = rng.sample(list(GOALS), count)
    for area in areas:
        title, steps = rng.choice(GOALS[area])
        goal = Goal.objects.create(
            mentorship=pair,
            title=title,
            focus_area=area,
            due_on=timezone.localdate(now) + timedelta(days=rng.randint(20, 90)),
            created_at=pair.started_at + timedelta(days=3),
        )
        for step in steps:
            done_at = now - timedelta(days=rng.randint(1, 20)) if rng.random() < done_share else None
            Milestone.objects.create(goal=goal, title=step, done_at=done_at)


def _check_ins(
    pair: Mentorship, rng: random.Random, *, days_ago: list[int], ratings: tuple[int, int], now: datetime
) -> None:
    for person in (pair.mentee.user, pair.mentor.user):
        for days in days_ago:
            CheckIn.objects.create(
                mentorship=pair,
                by=person,
                rating=rng.randint(*ratings),
                comment=rng.choice(COMMENTS),
                created_at=now - timedelta(days=days + rng.randint(0, 2), hours=rng.randint(0, 8)),
            )


def _fit_checks(pair: Mentorship, *, now: datetime, days_ago: int) -> None:
    for person in (pair.mentee.user, pair.mentor.user):
        FitCheck.objects.create(mentorship=pair, by=person, good_fit=True, created_at=now - timedelta(days=days_ago))


def _on_track(pair: Mentorship, rng: random.Random, now: datetime) -> None:
    _backdate(pair, days=rng.randint(42, 63), now=now)
    _meetings(pair, rng, count=rng.randint(3, 4), last_days_ago=rng.randint(2, 10), now=now)
    _goals(pair, rng, count=rng.randint(1, 2), done_share=0.6, now=now)
    _check_ins(pair, rng, days_ago=[3, 24], ratings=(4, 5), now=now)
    _fit_checks(pair, now=now, days_ago=35)
    PlannedMeeting.objects.create(
        mentorship=pair,
        starts_at=_on_day(rng.randint(3, 12), now, rng.choice([8, 12, 17, 18])),
        place=rng.choice(["Library, room 204", "Zoom (link in e-mail)", "Hospital cafeteria"]),
        planned_by=pair.mentee.user,
        updated_at=now,
    )


def _needs_check_in(pair: Mentorship, rng: random.Random, now: datetime) -> None:
    weeks = max(pair.cycle.check_in_every_weeks, 1)
    _backdate(pair, days=max(rng.randint(56, 70), 7 * weeks + 20), now=now)
    _meetings(pair, rng, count=rng.randint(2, 3), last_days_ago=rng.randint(18, 26), now=now)
    _goals(pair, rng, count=1, done_share=0.3, now=now)
    _check_ins(pair, rng, days_ago=[7 * weeks + 10], ratings=(3, 4), now=now)


def _no_meeting_yet(pair: Mentorship, rng: random.Random, now: datetime) -> None:
    _backdate(pair, days=rng.randint(8, 16), now=now)
    if rng.random() < 0.5:
        _goals(pair, rng, count=1, done_share=0.0, now=now)


def add_demo_activity(*, seed: int, now: datetime | None = None) -> None:
    """Give every active pair without activity a deterministic history.

    About 55% end up on track, 30% due a check-in and 15% with no meeting yet;
    the first three pairs cover one of each so a small demo shows all three.
    """
    now = now or timezone.now()
    pairs = (
        Mentorship.objects.filter(status=Mentorship.Status.ACTIVE)
        .select_related("cycle", "mentee__user", "mentor__user")
        .order_by("cycle_id", "tier", "pk")
    )
    with transaction.atomic():
        for index, pair in enumerate(pairs):
            if Meeting.objects.filter(mentorship=pair).exists() or Goal.objects.filter(mentorship=pair).exists():
                continue
            rng = random.Random(seed * 1_000_003 + index)
            roll = [0.0, 0.6, 0.9][index] if index < 3 else rng.random()
            if roll < 0.55:
                _on_track(pair, rng, now)
            elif roll < 0.85:
                _needs_check_in(pair, rng, now)
            else:
                _no_meeting_yet(pair, rng, now)


def demo_activity_step(size: DemoSize) -> list[str]:
    """The demo step: pair activity on top of the demo cycles."""
    add_demo_activity(seed=size.seed)
    return []
