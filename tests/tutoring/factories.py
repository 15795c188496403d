"""Tutoring rows for tests: a trained tutor approved for a subject, with sessions to book.

Tutors pass the real training check: the Peer tutoring skills module is
required for the tutor role and completed, as the training app records it.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from huddle.accounts.models import Topic, User
from huddle.lib.qualification import PeerRole
from huddle.training.models import Module, RoleRequirement
from huddle.tutoring.models import Modality, Session, Tutor, TutorSubject
from huddle.tutoring.schedule.services import Offer, session_add
from tests.training.factories import complete, make_module, require_modules


def tutoring_module() -> Module:
    """The tutor role's required module (created once per test)."""
    existing = RoleRequirement.objects.filter(role=PeerRole.TUTOR).first()
    if existing is not None and existing.modules.exists():
        return existing.modules.first().module  # type: ignore[union-attr]
    module = make_module("Peer tutoring skills")
    require_modules(PeerRole.TUTOR, module)
    return module


def trained(person: User) -> User:
    complete(person, tutoring_module())
    return person


def topic(name: str = "Cardiology") -> Topic:
    return Topic.objects.get_or_create(name=name, defaults={"kind": Topic.Kind.SYSTEM})[0]


def make_tutor(person: User, *subjects: Topic, statement: str = "I loved this block and want to help others.") -> Tutor:
    """An approved tutor (trained) for ``subjects`` (Cardiology by default)."""
    trained(person)
    tutor, _created = Tutor.objects.get_or_create(person=person, defaults={"statement": statement})
    for subject in subjects or (topic(),):
        TutorSubject.objects.update_or_create(
            tutor=tutor, topic=subject, defaults={"status": TutorSubject.Status.APPROVED}
        )
    return tutor


def virtual(capacity: int = 1, subject: Topic | None = None) -> Offer:
    return Offer(Modality.VIRTUAL, "https://video.school.test/room", "", capacity, subject)


def days_ahead(n: int) -> date:
    return (timezone.localtime() + timedelta(days=n)).date()


def make_session(
    tutor: Tutor, *, day: date | None = None, at: time = time(18, 0), minutes: int = 60, capacity: int = 1
) -> Session:
    return session_add(
        user=tutor.person, tutor=tutor, day=day or days_ahead(3), starts=at, minutes=minutes, offer=virtual(capacity)
    )


def aware(day: date, clock: time, zone: str = "America/New_York") -> datetime:
    from zoneinfo import ZoneInfo

    return datetime.combine(day, clock, tzinfo=ZoneInfo(zone))


# --- Helpers for the rule, booking, reminder, calendar, DST and race tests (appended) ---

NEW_YORK = "America/New_York"


def make_student(n: int, *, zone: str = "") -> User:
    """Another student (``n`` makes the address unique), optionally living in ``zone``."""
    from tests.personas import make_person

    person = make_person(f"student{n}@school.test", "Student", f"No{n}", ["student"], 2)
    if zone:
        person.profile.time_zone = zone
        person.profile.save(update_fields=["time_zone"])
    return person


def live_in(person: User, zone: str) -> User:
    """Give ``person``'s profile a time zone (a fresh instance, so no stale profile is cached)."""
    from huddle.accounts.models import Profile

    Profile.objects.filter(user=person).update(time_zone=zone)
    return User.objects.select_related("profile").get(pk=person.pk)


def session_on(
    tutor: Tutor,
    day: date,
    at: time,
    *,
    now: datetime,
    minutes: int = 60,
    capacity: int = 1,
) -> Session:
    """A one-off session on ``day`` at ``at`` in the tutor's zone, added as if it were ``now``."""
    return session_add(
        user=tutor.person, tutor=tutor, day=day, starts=at, minutes=minutes, offer=virtual(capacity), now=now
    )


def rules_set(**fields: object) -> None:
    """Save the school's rules row with ``fields`` changed from the defaults."""
    from huddle.tutoring.models import Rules
    from huddle.tutoring.rules import rules_current

    rules = rules_current()
    for name, value in fields.items():
        setattr(rules, name, value)
    rules.save()
    assert Rules.objects.count() == 1


# --- Helpers for the tutor, schedule and report page tests (appended) ---


def held_session(
    tutor: Tutor,
    starts_at: datetime,
    *,
    minutes: int = 60,
    capacity: int = 1,
    subject: Topic | None = None,
    completed_minutes: int | None = None,
    status: str = "",
) -> Session:
    """A session at any instant, past ones included (written directly, as the calendar already ran):
    completed with ``completed_minutes`` when given, else open (or ``status``)."""
    done = completed_minutes is not None
    return Session.objects.create(
        tutor=tutor,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        time_zone=NEW_YORK,
        topic=subject,
        modality=Modality.VIRTUAL,
        meeting_link="https://video.school.test/room",
        capacity=capacity,
        status=status or (Session.Status.COMPLETED if done else Session.Status.OPEN),
        minutes=completed_minutes,
        completed_at=starts_at + timedelta(minutes=minutes) if done else None,
    )


def seat_for(session: Session, student: User, subject: Topic, status: str = "attended", **fields: object):  # type: ignore[no-untyped-def]
    """A booking of ``student`` on ``session`` in ``status``: a numbered seat when it holds a place."""
    from huddle.tutoring.models import Booking

    holds = status in ("booked", "attended", "no_show")
    seat = Booking.objects.filter(session=session, seat__isnull=False).count() + 1 if holds else None
    return Booking.objects.create(
        session=session,
        student=student,
        topic=subject,
        status=status,
        seat=seat,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        **fields,
    )
