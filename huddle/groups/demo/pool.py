"""The demo's auto-formation pool: "MS1 Block 2 study groups", open, with about a third of the MS1s in it.

Each entry is what the opt-in form pre-fills from the profile (availability
in the student's own zone, their modality), with the goal chosen and, for
some, a narrower week ("only Tuesdays work now"). About one in seven shares
the first-generation attribute: most of those who say so in their bio, a
few who do not. The MS1 log-in is not in it, so the browser test can opt in.
"""

import random
from datetime import datetime, timedelta
from decimal import Decimal

from huddle.accounts.availability import EMPTY_WEEK
from huddle.accounts.models import User
from huddle.groups import weeks
from huddle.groups.demo import catalogue as c
from huddle.groups.models import Modality, Pool, PoolEntry

#: Share of the MS1 class that opts in, and the most entries.
SHARE = 0.35
MOST = 60


#: A narrowed week keeps at least this many half hours: opting in asks for the pool's minimum (2 h) and more.
NARROW_MIN_BLOCKS = 6


def _narrow(rng: random.Random, week: bytes) -> bytes:
    """One long run of the student's week (their only free evening this block).

    Never shorter than three hours: the opt-in form refuses a week with less
    than the pool's minimum in common, so the demo keeps to what a student
    could have sent.
    """
    runs = [r for r in weeks.runs(weeks.week_int(week)) if r[1] - r[0] >= NARROW_MIN_BLOCKS]
    if len(runs) < 2:
        return week
    first, end = rng.choice(runs)
    return weeks.week_bytes(((1 << (end - first)) - 1) << first)


def pool_build(
    *, rng: random.Random, students: list[User], coordinator: User, exclude: set[int], now: datetime
) -> tuple[Pool, list[PoolEntry]]:
    """The pool and its entries (written here: two inserts)."""
    pool = Pool.objects.create(
        title=c.POOL_TITLE,
        description=c.POOL_DESCRIPTION,
        class_year=1,
        modality=Modality.HYBRID,
        min_size=4,
        max_size=6,
        min_common_hours=Decimal(2),
        protected_attributes=[c.FIRST_GENERATION],
        mix_years=False,
        opt_in_closes_at=(now + timedelta(days=6)).replace(hour=23, minute=0, second=0, microsecond=0),
        status=Pool.Status.OPEN,
        created_by=coordinator,
    )
    # Only students whose week holds the pool's minimum could opt in (the form asks for it).
    enough = float(pool.min_common_hours)
    ms1s = [
        u
        for u in students
        if u.profile.class_year == 1
        and u.pk not in exclude
        and weeks.hours(weeks.week_int(u.profile.availability)) >= enough
    ]
    count = min(MOST, max(pool.max_size * 2, round(len(ms1s) * SHARE)), len(ms1s))
    entries = []
    for student in sorted(rng.sample(ms1s, count), key=lambda u: u.email):
        profile = student.profile
        week = bytes(profile.availability or EMPTY_WEEK)
        if rng.random() < 0.2:
            week = _narrow(rng, week)
        says_so = "first in my family" in profile.bio
        shared = rng.random() < (0.55 if says_so else 0.03)
        modality = profile.modality if profile.modality in ("virtual", "in_person", "either") else "either"
        if rng.random() < 0.1:
            modality = rng.choice(("virtual", "in_person", "either"))
        entries.append(
            PoolEntry(
                pool=pool,
                student=student,
                goal=rng.choices(("block_exam", "coursework"), (75, 25))[0],
                modality=modality,
                availability=week,
                time_zone=profile.time_zone,
                attributes=[c.FIRST_GENERATION] if shared else [],
            )
        )
    return pool, PoolEntry.objects.bulk_create(entries)
