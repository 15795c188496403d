"""``seed_demo`` builds the same realistic school every time, and its log-ins work."""

import time
from collections import Counter
from io import StringIO

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management import CommandError, call_command
from django.test import Client

from huddle.accounts.availability import hours_per_week
from huddle.accounts.demo import (
    COORDINATOR_EMAIL,
    COORDINATOR_TOTP_SECRET,
    DEMO_PASSWORD,
    MS1_EMAIL,
    MS3_EMAIL,
    WELLBEING_EMAIL,
    WELLBEING_TOTP_SECRET,
    build_demo_school,
    delete_demo_school,
    demo_people,
)
from huddle.accounts.models import Profile, Role, RoleAssignment, User
from huddle.audit.models import AuditEvent
from huddle.audit.services import audit_record

SMALL = {"students": 40, "faculty": 8}


def _snapshot() -> list[tuple[object, ...]]:
    """What a person sees of the demo school, independent of primary keys."""
    profiles = Profile.objects.select_related("user").prefetch_related("specialties", "topics", "languages")
    return sorted(
        (
            p.user.email,
            p.user.get_full_name(),
            p.class_year,
            p.graduation_year,
            p.pronouns,
            p.time_zone,
            p.modality,
            p.bio,
            bytes(p.availability),
            tuple(sorted(p.visibility.items())),
            tuple(sorted(s.name for s in p.specialties.all())),
            tuple(sorted(t.name for t in p.topics.all())),
            tuple(sorted(lang.code for lang in p.languages.all())),
        )
        for p in profiles.filter(user__email__endswith="@demo.huddle.test")
    )


def _current_code(secret: str) -> str:
    # allauth accepts only the current 30-second window; don't straddle its end.
    if 30 - time.time() % 30 < 2:
        time.sleep(2)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_it_draws_the_same_people_from_the_same_seed():
    assert demo_people(seed=7, **SMALL) == demo_people(seed=7, **SMALL)


def test_it_draws_different_people_from_another_seed():
    first = [(p.email, p.bio, p.availability) for p in demo_people(seed=7, **SMALL)]
    other = [(p.email, p.bio, p.availability) for p in demo_people(seed=8, **SMALL)]
    assert first != other


def test_it_gives_everyone_a_unique_address():
    people = demo_people()
    assert len({p.email for p in people}) == len(people)


def test_it_refuses_a_school_too_small_for_the_demo_log_ins():
    with pytest.raises(ValueError, match="at least 4 students"):
        demo_people(students=3, faculty=8)


def test_it_builds_each_role_and_class_year(taxonomies):
    school = build_demo_school(**SMALL)

    assert school.created
    assert (len(school.students), len(school.faculty), len(school.coordinators), len(school.wellbeing)) == (
        40,
        8,
        3,
        1,
    )
    # One coordinator is also faculty.
    assert len({u.pk for u in school.coordinators} & {u.pk for u in school.faculty}) == 1
    students = Profile.objects.filter(user__roles__role=Role.STUDENT).prefetch_related("specialties", "topics")
    assert Counter(p.class_year for p in students) == {1: 10, 2: 10, 3: 10, 4: 10}
    for profile in students:
        assert profile.graduation_year == 2026 + 5 - profile.class_year
        assert hours_per_week(profile.availability) > 0
        assert 1 <= len(profile.specialties.all()) <= 3
        assert 2 <= len(profile.topics.all()) <= 5
    assert not Profile.objects.filter(user__roles__role=Role.FACULTY, class_year__isnull=False).exists()
    # Everyone speaks English; 40 + 8 + 2 staff-only coordinators + 1 well-being = 51 people.
    assert Profile.objects.filter(languages__code="en").count() == Profile.objects.count() == 51


def test_it_writes_what_the_seed_draws(taxonomies):
    build_demo_school(seed=11, **SMALL)

    people = demo_people(seed=11, **SMALL)
    stored = {row[0]: row for row in _snapshot()}
    assert set(stored) == {p.email for p in people}
    for person in people:
        row = stored[person.email]
        assert row[2] == person.class_year
        assert row[8] == person.availability
        assert row[10] == tuple(sorted(person.specialties))
        assert row[12] == tuple(sorted(person.languages))


def test_it_rebuilds_the_same_school_from_the_same_seed(taxonomies):
    build_demo_school(seed=5, **SMALL)
    first = _snapshot()
    delete_demo_school()
    assert not User.objects.filter(email__endswith="@demo.huddle.test").exists()

    build_demo_school(seed=5, **SMALL)

    assert _snapshot() == first


def test_it_creates_nothing_on_a_second_run(taxonomies):
    build_demo_school(**SMALL)
    counts = (User.objects.count(), Profile.objects.count(), RoleAssignment.objects.count())

    again = build_demo_school(**SMALL)

    assert not again.created
    assert (User.objects.count(), Profile.objects.count(), RoleAssignment.objects.count()) == counts
    assert len(again.students) == 40
    assert again.user(MS1_EMAIL).first_name == "Maya"


@pytest.mark.parametrize("email", [MS1_EMAIL, MS3_EMAIL])
def test_it_lets_a_demo_student_sign_in_with_the_demo_password(taxonomies, client, email):
    build_demo_school(**SMALL)

    response = client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    ("email", "secret"), [(COORDINATOR_EMAIL, COORDINATOR_TOTP_SECRET), (WELLBEING_EMAIL, WELLBEING_TOTP_SECRET)]
)
def test_it_lets_demo_staff_sign_in_with_the_printed_two_factor_key(taxonomies, email, secret):
    build_demo_school(**SMALL)
    client = Client()

    response = client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    response = client.post("/accounts/2fa/authenticate/", {"code": _current_code(secret)})

    assert response.status_code == 302
    assert response["Location"] == "/"
    # Signed in past the two-factor gate, not sent to set up an authenticator.
    assert client.get("/").status_code == 200


def test_it_refuses_a_wrong_password(taxonomies, client):
    build_demo_school(**SMALL)

    response = client.post("/accounts/login/", {"login": MS1_EMAIL, "password": "not-the-demo-password"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_it_seeds_the_full_school_and_prints_the_log_ins(taxonomies):
    out = StringIO()

    call_command("seed_demo", stdout=out)

    roles = Counter(RoleAssignment.objects.values_list("role", flat=True))
    assert roles == {Role.STUDENT: 600, Role.FACULTY: 80, Role.COORDINATOR: 3, Role.WELLBEING: 1}
    classes = Counter(Profile.objects.filter(class_year__isnull=False).values_list("class_year", flat=True))
    assert classes == {1: 150, 2: 150, 3: 150, 4: 150}
    text = out.getvalue()
    assert "Demo school: 600 students, 80 faculty, 3 coordinators, 1 well-being staff\n" in text
    assert "Demo log-ins (password for all: huddle-demo-2026):" in text
    assert f"  student (MS1):      {MS1_EMAIL}\n" in text
    assert f"(two-factor key: {COORDINATOR_TOTP_SECRET})" in text
    assert text.endswith("Open http://127.0.0.1:8000\n")


def test_it_only_prints_the_log_ins_when_the_school_exists(taxonomies):
    call_command("seed_demo", students=8, faculty=2, stdout=StringIO())
    out = StringIO()

    call_command("seed_demo", students=8, faculty=2, stdout=out)

    assert "already loaded" in out.getvalue()
    assert User.objects.count() == 13


def test_it_rebuilds_the_school_on_reset(taxonomies):
    call_command("seed_demo", students=8, faculty=2, seed=1, stdout=StringIO())
    before = set(User.objects.values_list("email", flat=True))
    out = StringIO()

    call_command("seed_demo", "--reset", students=8, faculty=2, seed=2, stdout=out)

    after = set(User.objects.values_list("email", flat=True))
    assert "Deleted 13 demo people." in out.getvalue()
    assert len(after) == 13
    assert after != before


def test_it_refuses_to_reset_demo_people_with_a_history(taxonomies):
    school = build_demo_school(students=8, faculty=2)
    audit_record(actor=school.user(COORDINATOR_EMAIL), action=AuditEvent.Action.EXPORT, target="demo")

    with pytest.raises(CommandError, match="Start from a fresh database"):
        call_command("seed_demo", "--reset", students=8, faculty=2, stdout=StringIO())

    assert User.objects.count() == 13


def test_it_refuses_a_school_too_small_from_the_command(taxonomies):
    with pytest.raises(CommandError, match="at least 4 students"):
        call_command("seed_demo", students=2, stdout=StringIO())


def test_it_refuses_to_load_outside_debug(taxonomies, settings):
    settings.DEBUG = False
    settings.TESTING = False

    with pytest.raises(CommandError, match="DEBUG=true"):
        call_command("seed_demo", students=8, faculty=2, stdout=StringIO())

    assert not User.objects.exists()
