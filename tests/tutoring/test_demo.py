"""The demo school's tutoring: trained tutors, a consistent month of sessions, the log-ins' situations, idempotent."""

from collections import defaultdict
from datetime import timedelta
from io import StringIO
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.utils import timezone

from huddle.accounts.demo import MS1_EMAIL, MS3_EMAIL, build_demo_school
from huddle.accounts.models import User
from huddle.lib import registry
from huddle.lib.qualification import PeerRole, qualification_for
from huddle.lib.registry import DemoSize
from huddle.notifications.models import Notification
from huddle.training.demo import demo_training_step
from huddle.tutoring import policy
from huddle.tutoring.demo import UNMET_SEARCHES, demo_tutoring_delete, demo_tutoring_step
from huddle.tutoring.models import (
    BlockedDate,
    Booking,
    BookingEmail,
    Rating,
    Session,
    Tutor,
    TutorSubject,
    UnmetSearch,
    Window,
)
from huddle.tutoring.policy import RATINGS_SHOWN_FROM

SIZE = DemoSize(students=120, faculty=8)
HELD = (Booking.Status.BOOKED, Booking.Status.ATTENDED, Booking.Status.NO_SHOW)
MODELS = (Tutor, TutorSubject, Window, BlockedDate, Session, Booking, Rating, BookingEmail, UnmetSearch)


@pytest.fixture
def built(taxonomies):
    build_demo_school(seed=SIZE.seed, students=SIZE.students, faculty=SIZE.faculty)
    demo_training_step(SIZE)
    return demo_tutoring_step(SIZE)


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_the_step_runs_after_the_people_and_the_training():
    names = [step.name for step in registry.demo_plan()]
    after = registry.demo_steps.get("tutoring.month").after
    assert {"accounts.people", "training.modules"} <= set(after)
    assert all(names.index(before) < names.index("tutoring.month") for before in after)


def test_approved_tutors_are_trained_seniors_with_one_to_three_subjects_and_applications_wait(built):
    tutors = list(Tutor.objects.filter(subjects__status="approved").distinct().select_related("person__profile"))
    assert 10 <= len(tutors) <= 25
    for tutor in tutors:
        assert tutor.person.profile.class_year in (2, 3, 4)
        assert qualification_for(person=tutor.person, role=PeerRole.TUTOR).qualified
        assert 1 <= tutor.subjects.filter(status="approved").count() <= 3
        assert tutor.windows.filter(active=True).exists()
    assert TutorSubject.objects.filter(status="pending").count() >= 2
    declined = TutorSubject.objects.get(status="declined")
    assert declined.decision_note and declined.decided_by is not None
    assert not TutorSubject.objects.filter(status="approved", topic__name="Biostatistics and Epidemiology").exists()
    assert Tutor.objects.filter(paused=True).count() == 1
    assert Window.objects.filter(capacity=4).count() >= 2
    assert set(Window.objects.values_list("modality", flat=True)) == {"virtual", "in_person"}
    assert "MS3 log-in" in built[0]


def test_the_month_is_consistent_with_what_the_services_write(built):
    now = timezone.now()
    assert Session.objects.filter(starts_at__lt=now, status="completed").count() >= 20
    assert Session.objects.filter(starts_at__gt=now, status="open").count() >= 50
    for booking in Booking.objects.select_related("session"):
        session = booking.session
        assert (booking.starts_at, booking.ends_at) == (session.starts_at, session.ends_at)
        assert (booking.seat is not None) == (booking.status in HELD)
        if booking.status in (Booking.Status.ATTENDED, Booking.Status.NO_SHOW):
            assert session.status == Session.Status.COMPLETED and session.ends_at <= now
    for session in Session.objects.filter(status="completed"):
        assert session.minutes and 1 <= session.minutes <= 240 and session.completed_at <= now
        assert session.bookings.filter(status__in=["attended", "no_show"]).exists()
    for session in Session.objects.all():
        assert session.bookings.filter(status__in=HELD).count() <= session.capacity
    statuses = set(Booking.objects.filter(starts_at__lt=now).values_list("status", flat=True))
    assert {"attended", "no_show", "cancelled"} <= statuses
    assert Booking.objects.filter(cancelled_late=True).exists()
    stars = list(Rating.objects.values_list("stars", flat=True))
    assert stars and sum(s >= 4 for s in stars) >= 0.7 * len(stars) and min(stars) < 4
    assert Rating.objects.exclude(comment="").exists()
    assert Booking.objects.filter(starts_at__gt=now, status="booked").count() >= 20


def test_nobody_is_double_booked_and_no_tutor_is_in_two_places(built):
    def overlapping(spans: list[tuple]) -> bool:
        spans.sort()
        return any(later[0] < earlier[1] for earlier, later in pairwise(spans))

    by_student, by_tutor = defaultdict(list), defaultdict(list)
    for b in Booking.objects.filter(status__in=HELD):
        by_student[b.student_id].append((b.starts_at, b.ends_at))
    for s in Session.objects.exclude(status="cancelled"):
        by_tutor[s.tutor_id].append((s.starts_at, s.ends_at))
    assert not any(overlapping(spans) for spans in by_student.values())
    assert not any(overlapping(spans) for spans in by_tutor.values())
    # Nobody is suspended by the demo's no-shows.
    no_shows = defaultdict(int)
    for student_id in Booking.objects.filter(status="no_show").values_list("student_id", flat=True):
        no_shows[student_id] += 1
    assert max(no_shows.values()) == 1


def test_the_ms3_log_in_tutors_with_windows_a_full_group_and_a_session_to_complete(built):
    ms3 = User.objects.get(email=MS3_EMAIL)
    now = timezone.now()
    tutor = Tutor.objects.get(person=ms3)
    assert qualification_for(person=ms3, role=PeerRole.TUTOR).qualified and not tutor.paused
    assert sorted(tutor.subjects.filter(status="approved").values_list("topic__name", flat=True)) == [
        "Cardiovascular",
        "Pharmacology",
    ]
    assert tutor.windows.filter(active=True).count() == 2
    assert Session.objects.filter(tutor=tutor, window__isnull=True, starts_at__gt=now).count() == 1  # one-off
    assert Rating.objects.filter(booking__session__tutor=tutor).count() >= RATINGS_SHOWN_FROM
    to_complete = Session.objects.filter(
        tutor=tutor, status="open", starts_at__lt=now, bookings__status="booked"
    ).distinct()
    assert to_complete.count() == 1
    full = [
        s
        for s in Session.objects.filter(tutor=tutor, starts_at__gt=now, capacity__gt=1, window__isnull=False)
        if s.bookings.filter(status="booked").count() == s.capacity
    ]
    assert full and full[0].bookings.filter(status="waitlisted").count() == 2


def test_the_ms1_log_in_has_an_upcoming_booking_and_a_past_session_to_rate(built):
    ms1 = User.objects.get(email=MS1_EMAIL)
    now = timezone.now()
    upcoming = Booking.objects.get(student=ms1, status="booked", starts_at__gt=now)
    assert upcoming.session.tutor.person.email == MS3_EMAIL
    assert upcoming.starts_at - now > timedelta(hours=24)  # outside the cancellation window
    assert set(upcoming.emails.values_list("kind", "status")) >= {
        ("confirmation", "sent"),
        ("reminder_hour", "scheduled"),
    }
    attended = Booking.objects.get(student=ms1, status="attended")
    assert attended.starts_at < now and not Rating.objects.filter(booking=attended).exists()
    assert policy.can_rate(ms1, attended)


def test_unmet_searches_lean_to_scarce_subjects_and_late_evenings(built):
    rows = list(UnmetSearch.objects.select_related("topic"))
    assert len(rows) == UNMET_SEARCHES
    scarce = sum(r.topic.name in ("Biostatistics and Epidemiology", "Nervous System and Special Senses") for r in rows)
    assert scarce >= len(rows) // 2
    assert sum(r.hour >= 21 for r in rows) >= len(rows) // 3


def test_nobody_is_notified_and_a_second_run_adds_nothing_and_delete_removes_it(built):
    assert not Notification.objects.filter(kind__startswith="tutoring.").exists()
    assert not BookingEmail.objects.filter(kind="confirmation", status="scheduled").exists()
    before = _counts()
    assert demo_tutoring_step(SIZE) == ["Peer tutoring: the demo is already loaded."]
    assert _counts() == before
    demo_tutoring_delete()
    assert all(n == 0 for n in _counts().values()), _counts()


def test_seed_demo_with_reset_rebuilds_the_tutoring_month(taxonomies):
    call_command("seed_demo", students=60, faculty=6, stdout=StringIO())
    tutors = Tutor.objects.count()
    assert tutors > 0 and Session.objects.exists()
    out = StringIO()
    call_command("seed_demo", "--reset", students=60, faculty=6, stdout=out)
    assert Tutor.objects.count() == tutors and "Peer tutoring" in out.getvalue()
