"""The demo school's training: real modules, requirements, qualified listeners and mentors, a full workshop."""

from io import StringIO

import pytest
from django.core.management import call_command

from huddle.accounts.demo import MS3_EMAIL, build_demo_school
from huddle.accounts.models import User
from huddle.lib.qualification import PeerRole, qualification_for
from huddle.lib.registry import DemoSize
from huddle.training.demo import LISTENERS, demo_training_delete, demo_training_step
from huddle.training.models import Completion, Module, RoleRequirement, Rsvp, Workshop

SIZE = DemoSize(students=60, faculty=8)


@pytest.fixture
def school(taxonomies):
    return build_demo_school(seed=SIZE.seed, students=SIZE.students, faculty=SIZE.faculty)


def test_it_builds_four_published_modules_with_quizzes_and_the_three_roles(school):
    demo_training_step(SIZE)
    modules = Module.objects.select_related("current_quiz").order_by("title")
    assert [m.title for m in modules] == [
        "Active listening",
        "Crisis response",
        "Mentoring basics",
        "Peer tutoring skills",
    ]
    assert all(m.status == "published" and 4 <= len(m.current_quiz.questions) <= 6 for m in modules)
    assert "988" in Module.objects.get(slug="crisis-response").body_html
    assert sorted(RoleRequirement.objects.values_list("role", flat=True)) == ["listener", "mentor", "tutor"]


def test_the_ms3_log_in_and_the_first_eleven_other_seniors_are_qualified_listeners(school):
    demo_training_step(SIZE)
    ms3 = User.objects.get(email=MS3_EMAIL)
    others = sorted(
        (u for u in school.students if u.profile.class_year in (3, 4) and u.pk != ms3.pk), key=lambda u: u.email
    )
    qualified = [u for u in [ms3, *others] if qualification_for(person=u, role=PeerRole.LISTENER).qualified]
    assert qualified == [ms3, *others[: LISTENERS - 1]]
    # The next ones completed the modules and wait for the well-being sign-off.
    assert qualification_for(person=others[LISTENERS - 1], role=PeerRole.LISTENER).missing == (
        "Sign-off by well-being staff",
    )


def test_most_mentors_qualify_some_expired_and_the_ms3_log_in_renews_soon(school):
    demo_training_step(SIZE)
    ms3 = User.objects.get(email=MS3_EMAIL)
    assert qualification_for(person=ms3, role=PeerRole.MENTOR).qualified
    assert all(qualification_for(person=f, role=PeerRole.MENTOR).qualified for f in school.faculty)
    seniors = [u for u in school.students if u.profile.class_year in (3, 4)]
    answers = [qualification_for(person=u, role=PeerRole.MENTOR) for u in seniors]
    assert sum(a.qualified for a in answers) >= len(seniors) * 0.6
    assert Completion.objects.filter(module__slug="peer-tutoring-skills").exists()


def test_one_upcoming_workshop_is_full_with_a_waitlist(school):
    demo_training_step(SIZE)
    full = Workshop.objects.get(title__startswith="Peer tutoring")
    assert Rsvp.objects.filter(workshop=full, status="going").count() == full.capacity
    assert Rsvp.objects.filter(workshop=full, status="waitlisted").count() == 3


def test_it_adds_nothing_the_second_time_and_deletes_cleanly(school):
    demo_training_step(SIZE)
    before = Completion.objects.count()
    assert demo_training_step(SIZE) == ["Demo training is already loaded."]
    assert Completion.objects.count() == before
    demo_training_delete()
    assert not Module.objects.exists() and not Completion.objects.exists() and not RoleRequirement.objects.exists()


def test_seed_demo_with_reset_runs_the_training_step(taxonomies):
    call_command("seed_demo", students=40, faculty=8, stdout=StringIO())
    assert Module.objects.count() == 4
    call_command("seed_demo", "--reset", students=40, faculty=8, stdout=StringIO())
    assert Module.objects.count() == 4
