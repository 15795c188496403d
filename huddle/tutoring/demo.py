"""The demo school's peer tutoring: approved tutors with weekly windows, a realistic month of sessions.

Who is who (stable for a seed, so screenshots and tests can rely on it):

- **Tutors**: about 25 MS2–MS4 students the training qualifies as tutors
  (``qualification_for(person=, role=PeerRole.TUTOR)``), each approved for
  1–3 Step 1 subjects, with weekly windows in their own zone (mostly
  evenings and weekends, virtual and in person; a few small groups of 4).
  One of them is paused. Biostatistics has no tutor yet, neurology one: the
  unmet searches pile up there, and late in the evening.
- **Applications**: a few students wait for a coordinator (one still
  training, so approving them is refused with the training's words), an
  approved tutor asked for one more subject, and one application was declined.
- **The MS3 log-in** tutors Cardiovascular and Pharmacology: Tuesday evenings
  online one to one, Saturday mornings in person in a group of 4 (the next
  one is full, with two people waiting), and one one-off session. They have
  a month of completed sessions with enough ratings to see their average,
  and their latest session still waits to be marked completed.
- **The MS1 log-in** has an upcoming session with the MS3 log-in (more than
  a day ahead, so it can still be moved or cancelled without counting as
  late) and attended one last week that they have not rated yet.

The past is written directly (the services refuse it), copying what the
services would have written: seats, statuses, the session's times on each
booking, minutes. The future goes through the services: sessions are cut
by ``sessions_cut`` and bookings made by ``booking_create`` (with ``now=``),
so every rule and guard applies. A demo must notify nobody: the
notifications and confirmation e-mails those calls queue are dropped, and
only the reminders still ahead are queued. Running it twice adds nothing.
"""

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db import connection, transaction
from django.utils import timezone

from huddle.accounts.demo import COORDINATOR_EMAIL, DEMO_DOMAIN, MS1_EMAIL, MS3_EMAIL, load_demo_school
from huddle.accounts.models import Topic, User
from huddle.lib.errors import HuddleError
from huddle.lib.qualification import PeerRole, qualifications_for
from huddle.lib.registry import DemoSize
from huddle.lib.zones import school_zone, zone_named
from huddle.tutoring.bookings.services import booking_create
from huddle.tutoring.models import (
    BlockedDate,
    Booking,
    BookingEmail,
    Modality,
    Rating,
    Session,
    Tutor,
    TutorSubject,
    UnmetSearch,
    Window,
)
from huddle.tutoring.rules import rules_current
from huddle.tutoring.schedule.cutting import cut_window
from huddle.tutoring.schedule.services import Offer, session_add, sessions_cut

TUTORS = 25
GROUP_WINDOWS = 4
PAST = timedelta(weeks=4)
UPCOMING = timedelta(days=14)
UNMET_SEARCHES = 40

#: Subjects tutors offer, by how many tutors tend to; Biostatistics has none (demand without supply).
_SUBJECTS = (
    ("Cardiovascular", 8), ("Pharmacology", 8), ("Physiology", 6), ("Biochemistry and Nutrition", 6),
    ("Microbiology", 6), ("Pathology (discipline)", 5), ("Renal and Urinary", 4), ("Respiratory", 4),
    ("Immunology", 4), ("Anatomy", 4), ("Endocrine", 3), ("Gastrointestinal", 3), ("Genetics", 2),
    ("Histology and Cell Biology", 2), ("Behavioral Sciences", 2), ("Blood and Lymphoreticular", 2),
    ("Musculoskeletal", 2), ("Nervous System and Special Senses", 1),
)  # fmt: skip
_SCARCE = ("Biostatistics and Epidemiology", "Nervous System and Special Senses")
_MS3_SUBJECTS = ("Cardiovascular", "Pharmacology")

#: Weekday evenings (most windows), weekend blocks, a lunch hour: (from, until, session minutes).
_EVENINGS = (
    (time(18, 0), time(20, 0), 60),
    (time(19, 0), time(21, 0), 60),
    (time(18, 30), time(20, 0), 45),
    (time(20, 0), time(21, 30), 90),
    (time(17, 30), time(19, 30), 60),
)
_WEEKENDS = ((time(10, 0), time(12, 0), 60), (time(14, 0), time(17, 0), 90), (time(11, 0), time(13, 0), 60))
_LUNCH = ((time(12, 0), time(13, 0), 60),)
_ROOMS = (
    "Health Sciences Library, group study room 2A",
    "Learning Center, room 204",
    "Medical Education Building, room 3.112",
    "Anatomy lab annex, table 4",
)

_STATEMENTS = (
    "I struggled with this block at first and figured out a way through it; I would like to pass that on.",
    "I tutored chemistry in college and miss it. Explaining things is how I learn them properly.",
    "Scored well on this shelf and have a stack of diagrams and practice questions I am happy to share.",
    "Peer teaching helped me a lot in first year, so I want to give some of that time back.",
    "I like working through questions together and building frameworks people can reuse on exam day.",
)
_NOTES = (
    "Going over this week's practice questions; I keep missing the same kind.",
    "Could we build a framework for the big-picture topics? I get lost in the details.",
    "Preparing for the block exam next week. Mostly high-yield review, please.",
    "I would like to talk through a couple of mechanisms I cannot keep straight.",
    "First time booking: I am behind on the lectures and want a plan to catch up.",
    "",
    "",
)
_TUTOR_NOTES = (
    "Worked through 12 questions; review the two on mechanisms again before Friday.",
    "Built a one-page framework together. Next: try the practice set without notes.",
    "Good progress. Focus on the tables we made and re-test yourself in three days.",
    "We covered the high-yield list. Send me the questions you still get wrong.",
    "",
)
_COMMENTS = {
    5: (
        "Super clear explanations, and I finally get it.",
        "Patient and well prepared. Booking again before the exam.",
        "The framework we built saved me hours.",
        "",
        "",
    ),
    4: ("Really helpful; could have used a few more practice questions.", "Good session, a bit rushed at the end.", ""),
    3: ("OK, but we spent a lot of time on things I already knew.", ""),
    2: ("Started 10 minutes late and felt unprepared.",),
    1: ("The tutor did not seem to know the material.",),
}


@dataclass
class _Plan:
    """What the step wrote, for its summary line and the tests."""

    tutors: list[Tutor] = field(default_factory=list)
    pending: int = 0
    declined: int = 0
    windows: int = 0
    past_sessions: int = 0
    completed: int = 0
    future_sessions: int = 0
    bookings: int = 0
    waiting: int = 0


def _slug(user: User) -> str:
    return user.email.split("@")[0].replace(".", "-")


def _weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...], k: int) -> list[str]:
    names, weights = [n for n, _w in pairs], [w for _n, w in pairs]
    chosen: list[str] = []
    while len(chosen) < k:
        name = rng.choices(names, weights)[0]
        if name not in chosen:
            chosen.append(name)
    return chosen


def _students_by_year(school_students: list[User]) -> dict[int, list[User]]:
    rows = sorted(
        User.objects.filter(pk__in=[u.pk for u in school_students]).select_related("profile"), key=lambda u: u.email
    )
    years: dict[int, list[User]] = defaultdict(list)
    for user in rows:
        years[user.profile.class_year or 0].append(user)
    return years


@transaction.atomic
def demo_tutoring_step(size: DemoSize) -> list[str]:
    if Tutor.objects.filter(person__email__endswith=f"@{DEMO_DOMAIN}").exists():
        return ["Peer tutoring: the demo is already loaded."]
    school = load_demo_school()
    if not school.students:
        return ["Peer tutoring: no demo students yet."]
    quiet_from = len(connection.run_on_commit)
    rng = random.Random(size.seed + 11)
    now = timezone.now()
    topics = {t.name: t for t in Topic.objects.filter(is_active=True).order_by("pk")}
    years = _students_by_year(school.students)
    ms1, ms3 = school.user(MS1_EMAIL), school.user(MS3_EMAIL)
    coordinator = school.user(COORDINATOR_EMAIL)

    plan = _Plan()
    applicants = _tutors_and_applications(rng, years, ms3, topics, coordinator, now, plan)
    tutor_ids = {t.person_id for t in plan.tutors} | {a.pk for a in applicants}
    learners = _learners(rng, years, exclude=tutor_ids | {ms1.pk, ms3.pk})
    subjects = _approved_subjects(plan)
    windows = _windows(rng, plan, ms3, topics, subjects)
    _blocked_dates(rng, plan, ms3, now)
    ms1_session = _past_month(rng, plan, windows, subjects, learners, ms1, ms3, now)
    for tutor in plan.tutors:
        plan.future_sessions += sessions_cut(tutor=tutor, now=now)
    _one_off(ms3, topics, now, plan)
    _upcoming(rng, plan, subjects, learners, ms1, ms3, now)
    _unmet(rng, learners, topics, now)

    # Nobody is notified of invented bookings: drop what the services queued for after commit, mark the
    # confirmations as sent when booked, and queue only the reminders still ahead (and the daily cut).
    del connection.run_on_commit[quiet_from:]
    demo = Booking.objects.filter(session__tutor__in=plan.tutors)
    BookingEmail.objects.filter(
        booking__in=demo, kind=BookingEmail.Kind.CONFIRMATION, status=BookingEmail.Status.SCHEDULED
    ).update(status=BookingEmail.Status.SENT, sent_at=now)
    reminders = list(
        BookingEmail.objects.filter(booking__in=demo, status=BookingEmail.Status.SCHEDULED).values_list("pk", "send_at")
    )
    transaction.on_commit(lambda: _queue_after_commit(reminders))

    ms1_line = "attended one to rate" if ms1_session else "no past session"
    return [
        f"Peer tutoring: {len(plan.tutors)} approved tutors (the MS3 log-in among them), "
        f"{plan.pending} subjects waiting for approval, {plan.declined} declined; {plan.windows} weekly windows.",
        f"Peer tutoring: {plan.past_sessions} sessions in the past 4 weeks ({plan.completed} completed), "
        f"{plan.future_sessions} open ahead, {plan.bookings} upcoming bookings, {plan.waiting} on a waitlist, "
        f"{UNMET_SEARCHES} unmet searches; the MS1 log-in has a booking with the MS3 log-in and {ms1_line}.",
    ]


def _queue_after_commit(reminders: list[tuple[int, datetime]]) -> None:
    from huddle.lib.chains import chain_ensure
    from huddle.tutoring.emails.tasks import booking_email_enqueue
    from huddle.tutoring.schedule.tasks import sessions_extend

    for pk, send_at in reminders:
        booking_email_enqueue(email_id=pk, send_at=send_at)
    chain_ensure(sessions_extend)


def _tutors_and_applications(
    rng: random.Random,
    years: dict[int, list[User]],
    ms3: User,
    topics: dict[str, Topic],
    coordinator: User,
    now: datetime,
    plan: _Plan,
) -> list[User]:
    """Approved tutors (trained), waiting applications, one declined; returns the applicants who are not tutors."""
    candidates = [u for year in (2, 3, 4) for u in years.get(year, []) if u.pk != ms3.pk]
    rng.shuffle(candidates)
    qualified: list[User] = [ms3]
    training: list[User] = []
    answers = qualifications_for(people=candidates, role=PeerRole.TUTOR)
    for person in candidates:
        if len(qualified) >= TUTORS + 3 and len(training) >= 2:
            break
        if answers[person.pk].qualified:
            qualified.append(person)
        elif len(training) < 2:
            training.append(person)
    approved, waiting = qualified[:TUTORS], qualified[TUTORS:]
    if len(approved) > 4 and not waiting:  # a small school: keep a couple of applications waiting anyway
        approved, waiting = approved[:-2], approved[-2:]
    # The first still training waits (approving is refused until they finish); the second was declined.
    declined = training[1:2]
    applicants = waiting + training

    tutors = Tutor.objects.bulk_create(
        Tutor(person=person, statement=rng.choice(_STATEMENTS), paused=False) for person in approved + applicants
    )
    by_person = {t.person_id: t for t in tutors}
    rows: list[TutorSubject] = []
    decided = {"decided_by": coordinator, "decided_at": now - timedelta(days=rng.randint(40, 200))}
    for person in approved:
        names = list(_MS3_SUBJECTS) if person.pk == ms3.pk else _weighted(rng, _SUBJECTS, rng.choice((1, 2, 2, 3)))
        rows += [
            TutorSubject(tutor=by_person[person.pk], topic=topics[n], status=TutorSubject.Status.APPROVED, **decided)
            for n in names
            if n in topics
        ]
    # Waiting: the scarce subjects first (a coordinator can answer the demand), then one still training.
    for index, person in enumerate(applicants):
        name = _SCARCE[index % len(_SCARCE)] if index < len(_SCARCE) else _weighted(rng, _SUBJECTS, 1)[0]
        status = TutorSubject.Status.DECLINED if person in declined else TutorSubject.Status.PENDING
        extra = (
            {**decided, "decision_note": "Please finish the Peer tutoring skills module first, then apply again."}
            if status == TutorSubject.Status.DECLINED
            else {}
        )
        if name in topics:
            rows.append(TutorSubject(tutor=by_person[person.pk], topic=topics[name], status=status, **extra))
    # An approved tutor asks for one more subject.
    others = [p for p in approved if p.pk != ms3.pk]
    if others and "Physiology" in topics:
        extra_tutor = by_person[others[0].pk]
        if not any(r.tutor is extra_tutor and r.topic.name == "Physiology" for r in rows):
            rows.append(TutorSubject(tutor=extra_tutor, topic=topics["Physiology"]))
    TutorSubject.objects.bulk_create(rows)
    plan.pending = sum(r.status == TutorSubject.Status.PENDING for r in rows)
    plan.declined = sum(r.status == TutorSubject.Status.DECLINED for r in rows)
    plan.tutors = [by_person[p.pk] for p in approved]
    if len(plan.tutors) > 3:
        paused = plan.tutors[-1]
        Tutor.objects.filter(pk=paused.pk).update(paused=True)
        paused.paused = True
    return applicants


def _learners(rng: random.Random, years: dict[int, list[User]], exclude: set[int]) -> list[User]:
    """The students who book: mostly first and second years, some regulars."""
    weights = {1: 5, 2: 4, 3: 2, 4: 1}
    pool = [u for year, people in years.items() for u in people if u.pk not in exclude and year in weights]
    pool.sort(key=lambda u: u.email)
    rng.shuffle(pool)
    chosen = pool[: max(10, len(pool) // 3)]
    return [u for u in chosen for _n in range(weights.get(u.profile.class_year or 0, 1))]


def _windows(
    rng: random.Random, plan: _Plan, ms3: User, topics: dict[str, Topic], subjects: dict[int, list[Topic]]
) -> list[Window]:
    rows: list[Window] = []
    groups_left = GROUP_WINDOWS
    for tutor in plan.tutors:
        person = tutor.person
        zone = person.profile.time_zone
        link = f"https://meet.{DEMO_DOMAIN}/tutoring-{_slug(person)}"
        if person.pk == ms3.pk:
            rows.append(
                Window(tutor=tutor, weekday=1, starts=time(18), ends=time(20), time_zone=zone, session_minutes=60,
                       modality=Modality.VIRTUAL, meeting_link=link, capacity=1)
            )  # fmt: skip
            rows.append(
                Window(tutor=tutor, weekday=5, starts=time(10), ends=time(12), time_zone=zone, session_minutes=60,
                       topic=topics.get("Cardiovascular"), modality=Modality.IN_PERSON, room=_ROOMS[0], capacity=4)
            )  # fmt: skip
            continue
        days = rng.sample(range(7), rng.choice((1, 2, 2, 3)))
        mine = subjects[tutor.pk]
        for day in sorted(days):
            if day >= 5:
                starts, ends, minutes = rng.choice(_WEEKENDS)
            elif rng.random() < 0.1:
                starts, ends, minutes = rng.choice(_LUNCH)
            else:
                starts, ends, minutes = rng.choice(_EVENINGS)
            virtual = rng.random() < 0.6
            group = groups_left > 0 and rng.random() < 0.15
            groups_left -= group
            rows.append(
                Window(
                    tutor=tutor,
                    weekday=day,
                    starts=starts,
                    ends=ends,
                    time_zone=zone,
                    session_minutes=minutes,
                    topic=rng.choice(mine) if len(mine) > 1 and rng.random() < 0.4 else None,
                    modality=Modality.VIRTUAL if virtual else Modality.IN_PERSON,
                    meeting_link=link if virtual else "",
                    room="" if virtual else rng.choice(_ROOMS),
                    capacity=4 if group else 1,
                )
            )
    windows = Window.objects.bulk_create(rows)
    plan.windows = len(windows)
    return windows


def _approved_subjects(plan: _Plan) -> dict[int, list[Topic]]:
    subjects: dict[int, list[Topic]] = defaultdict(list)
    rows = TutorSubject.objects.filter(tutor__in=plan.tutors, status=TutorSubject.Status.APPROVED)
    for row in rows.select_related("topic").order_by("pk"):
        subjects[row.tutor_id].append(row.topic)
    return subjects


def _blocked_dates(rng: random.Random, plan: _Plan, ms3: User, now: datetime) -> None:
    """Two tutors block a day in the coming weeks (an exam); sessions are not cut on it."""
    others = [t for t in plan.tutors if t.person_id != ms3.pk and not t.paused]
    BlockedDate.objects.bulk_create(
        BlockedDate(tutor=t, day=(now + timedelta(days=rng.randint(3, 12))).astimezone(school_zone()).date())
        for t in others[1:3]
    )


class _Calendar:
    """Whom a student already sees when: no student in two places at once, at most 2 a day and 3 a week."""

    def __init__(self) -> None:
        self.held: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
        self.per_day: dict[tuple[int, object], int] = defaultdict(int)
        self.per_week: dict[tuple[int, object], int] = defaultdict(int)

    def free(self, student: User, starts_at: datetime, ends_at: datetime) -> bool:
        day, week = starts_at.date(), starts_at.isocalendar()[:2]
        if self.per_day[student.pk, day] >= 2 or self.per_week[student.pk, week] >= 3:
            return False
        return all(end <= starts_at or start >= ends_at for start, end in self.held[student.pk])

    def take(self, student: User, starts_at: datetime, ends_at: datetime) -> None:
        self.held[student.pk].append((starts_at, ends_at))
        self.per_day[student.pk, starts_at.date()] += 1
        self.per_week[student.pk, starts_at.isocalendar()[:2]] += 1


def _pick(
    rng: random.Random, learners: list[User], calendar: _Calendar, session: Session, taken: set[int]
) -> User | None:
    for _attempt in range(8):
        student = rng.choice(learners)
        if student.pk not in taken and calendar.free(student, session.starts_at, session.ends_at):
            return student
    return None


def _stars(rng: random.Random) -> int:
    return rng.choices((5, 4, 3, 2, 1), (58, 30, 8, 3, 1))[0]


def _past_month(
    rng: random.Random,
    plan: _Plan,
    windows: list[Window],
    subjects: dict[int, list[Topic]],
    learners: list[User],
    ms1: User,
    ms3: User,
    now: datetime,
) -> Session | None:
    """Four weeks of sessions cut from the windows, booked, held, completed and rated, written in bulk.

    Returns the MS1 log-in's attended session (not rated yet).
    """
    sessions: list[Session] = []
    for window in windows:
        zone = zone_named(window.time_zone)
        slots = cut_window(
            weekday=window.weekday,
            starts=window.starts,
            ends=window.ends,
            minutes=window.session_minutes,
            zone=zone,
            first=(now - PAST).astimezone(zone).date(),
            last=now.astimezone(zone).date(),
            blocked=set(),
        )
        sessions += [
            Session(
                tutor=window.tutor,
                window=window,
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
                time_zone=window.time_zone,
                topic=window.topic,
                modality=window.modality,
                meeting_link=window.meeting_link,
                room=window.room,
                capacity=window.capacity,
            )
            for slot in slots
            if now - PAST <= slot.starts_at and slot.ends_at <= now
        ]
    sessions.sort(key=lambda s: (s.starts_at, s.tutor_id))
    ms3_sessions = sorted((s for s in sessions if s.tutor.person_id == ms3.pk), key=lambda s: s.starts_at)
    to_complete = ms3_sessions[-1] if ms3_sessions else None
    ms1_session = next((s for s in reversed(ms3_sessions[:-1]) if s.capacity == 1), None)

    calendar = _Calendar()
    no_shows: set[int] = set()
    bookings: list[Booking] = []
    ratings: list[tuple[Booking, int, str]] = []
    for session in sessions:
        tutor = session.tutor
        if tutor.paused and session.starts_at > now - timedelta(days=10):
            continue  # on a break for the last ten days
        is_ms3 = tutor.person_id == ms3.pk
        if not is_ms3 and rng.random() < 0.02:
            session.status = Session.Status.CANCELLED
            continue
        if session.capacity > 1:
            wanted = rng.choice((0, 1, 2, 2, 3, 3, 4)) if not is_ms3 else rng.choice((2, 3, 4))
        else:
            wanted = int(rng.random() < (0.8 if is_ms3 else 0.55))
        if session is to_complete or session is ms1_session:
            wanted = max(wanted, 1)
        pending = session is to_complete or (
            not is_ms3 and session.ends_at > now - timedelta(hours=36) and rng.random() < 0.2
        )
        taken: set[int] = set()
        these: list[Booking] = []
        held = 0
        for _n in range(wanted):
            student = ms1 if session is ms1_session and not taken else _pick(rng, learners, calendar, session, taken)
            if student is None:
                break
            taken.add(student.pk)
            topic = session.topic or rng.choice(subjects[tutor.pk])
            booking = Booking(
                session=session,
                student=student,
                topic=topic,
                note=rng.choice(_NOTES),
                starts_at=session.starts_at,
                ends_at=session.ends_at,
            )
            roll = 1.0 if student.pk == ms1.pk else rng.random()
            if roll < 0.06 and student.pk not in no_shows and not pending:
                no_shows.add(student.pk)
                booking.status = Booking.Status.NO_SHOW
            elif roll < 0.10:
                booking.status = Booking.Status.CANCELLED
                booking.cancelled_late = True
                booking.cancelled_at = session.starts_at - timedelta(hours=rng.randint(1, 20))
            elif roll < 0.15:
                booking.status = Booking.Status.CANCELLED
                booking.cancelled_at = session.starts_at - timedelta(days=rng.randint(2, 6), hours=rng.randint(0, 9))
            else:
                booking.status = Booking.Status.BOOKED if pending else Booking.Status.ATTENDED
            if booking.status != Booking.Status.CANCELLED:
                held += 1
                booking.seat = held
                calendar.take(student, session.starts_at, session.ends_at)
            if booking.status == Booking.Status.ATTENDED:
                booking.tutor_notes = rng.choice(_TUTOR_NOTES)
                if student.pk != ms1.pk and rng.random() < (0.85 if is_ms3 else 0.7):
                    stars = _stars(rng)
                    ratings.append((booking, stars, rng.choice(_COMMENTS[stars])))
            these.append(booking)
        bookings += these
        if held and not pending:
            length = int((session.ends_at - session.starts_at).total_seconds() // 60)
            attended = any(b.status == Booking.Status.ATTENDED for b in these)
            session.status = Session.Status.COMPLETED
            session.minutes = min(240, length + rng.choice((0, 0, 0, -5, 10))) if attended else 15
            session.completed_at = min(now, session.ends_at + timedelta(minutes=rng.randint(10, 1200)))
    Session.objects.bulk_create(sessions)
    for booking in bookings:
        booking.session_id = booking.session.pk
    Booking.objects.bulk_create(bookings)
    Rating.objects.bulk_create(Rating(booking=b, stars=s, comment=c) for b, s, c in ratings)
    plan.past_sessions = len(sessions)
    plan.completed = sum(s.status == Session.Status.COMPLETED for s in sessions)
    return ms1_session


def _one_off(ms3: User, topics: dict[str, Topic], now: datetime, plan: _Plan) -> None:
    """The MS3 log-in adds a longer Sunday session before an exam, through the service."""
    tutor = Tutor.objects.select_related("person__profile").get(person=ms3)
    local = now.astimezone(zone_named(ms3.profile.time_zone))
    sunday = local.date() + timedelta(days=(6 - local.weekday()) % 7 + 7)
    offer = Offer(
        Modality.VIRTUAL, f"https://meet.{DEMO_DOMAIN}/tutoring-{_slug(ms3)}", "", 3, topics.get("Pharmacology")
    )
    try:
        session_add(user=ms3, tutor=tutor, day=sunday, starts=time(15), minutes=90, offer=offer, now=now)
        plan.future_sessions += 1
    except HuddleError:
        pass


def _book(
    student: User, session: Session, topic: Topic, note: str, now: datetime, *, waitlist: bool = False
) -> Booking | None:
    try:
        return booking_create(student=student, session=session, topic=topic, note=note, waitlist=waitlist, now=now)
    except HuddleError:
        return None


def _upcoming(
    rng: random.Random,
    plan: _Plan,
    subjects: dict[int, list[Topic]],
    learners: list[User],
    ms1: User,
    ms3: User,
    now: datetime,
) -> None:
    """Two weeks of bookings through the service (rules, seats and guards apply); one full group with a waitlist."""
    lead = timedelta(hours=rules_current().lead_time_hours)
    ahead = list(
        Session.objects.filter(
            tutor__in=plan.tutors, status=Session.Status.OPEN, starts_at__gt=now + lead, starts_at__lt=now + UPCOMING
        )
        .select_related("tutor__person", "topic")
        .order_by("starts_at", "pk")
    )
    mine = [s for s in ahead if s.tutor.person_id == ms3.pk]
    ms1_next = next((s for s in mine if s.capacity == 1 and s.starts_at > now + timedelta(hours=26)), None)
    full = next((s for s in mine if s.capacity > 1 and s.window_id is not None), None)
    cardio = next((t for t in subjects[ms1_next.tutor_id] if t.name == "Cardiovascular"), None) if ms1_next else None
    made: list[Booking | None] = []
    if ms1_next is not None and cardio is not None:
        note = "Heart sounds and murmurs: I keep mixing up which ones are systolic."
        made.append(_book(ms1, ms1_next, cardio, note, now))
    if full is not None and full.topic is not None:
        people = iter(rng.sample(learners, min(len(learners), 40)))
        while full.capacity > Booking.objects.filter(session=full, status=Booking.Status.BOOKED).count():
            student = next(people, None)
            if student is None:
                break
            made.append(_book(student, full, full.topic, rng.choice(_NOTES), now))
        for _n in range(2):
            for student in people:
                waiting = _book(student, full, full.topic, rng.choice(_NOTES), now, waitlist=True)
                if waiting is not None:
                    plan.waiting += 1
                    break
    for session in ahead:
        if session in (ms1_next, full) or session.tutor.paused:
            continue
        soon = session.starts_at < now + timedelta(days=7)
        if session.capacity > 1:
            wanted = rng.choice((0, 1, 2, 3) if soon else (0, 1, 1, 2))
        else:
            wanted = int(rng.random() < (0.5 if soon else 0.3))
        for _n in range(wanted):
            for _try in range(3):
                student = rng.choice(learners)
                topic = session.topic or rng.choice(subjects[session.tutor_id])
                booking = _book(student, session, topic, rng.choice(_NOTES), now)
                if booking is not None:
                    made.append(booking)
                    break
    plan.bookings = sum(b is not None and b.status == Booking.Status.BOOKED for b in made)


def _unmet(rng: random.Random, learners: list[User], topics: dict[str, Topic], now: datetime) -> None:
    """Searches that found nothing: mostly Biostatistics and neurology, mostly late in the evening."""
    names = list(topics)
    rows = []
    for _n in range(UNMET_SEARCHES):
        roll = rng.random()
        name = _SCARCE[0] if roll < 0.45 else _SCARCE[1] if roll < 0.7 else rng.choice(names)
        late = rng.random() < 0.6
        day = (now - timedelta(days=rng.randint(0, 27))).astimezone(school_zone()).date()
        rows.append(
            UnmetSearch(
                student=rng.choice(learners),
                topic=topics.get(name),
                weekday=rng.randint(0, 6),
                hour=rng.randint(21, 23) if late else rng.randint(7, 20),
                modality=rng.choice(("", "", "", Modality.VIRTUAL, Modality.VIRTUAL, Modality.IN_PERSON)),
                day=day,
            )
        )
    UnmetSearch.objects.bulk_create(rows)


@transaction.atomic
def demo_tutoring_delete() -> list[str]:
    demo = f"@{DEMO_DOMAIN}"
    UnmetSearch.objects.filter(student__email__endswith=demo).delete()
    Booking.objects.filter(student__email__endswith=demo).delete()
    Session.objects.filter(tutor__person__email__endswith=demo).delete()
    tutors, _kinds = Tutor.objects.filter(person__email__endswith=demo).delete()
    return [f"Peer tutoring: removed {tutors} rows of tutors, windows and sessions."]
