"""Peer-role qualification through ``qualification_for``: modules, expiry, sign-off, and no rows gating nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from huddle.lib.errors import HuddleError
from huddle.lib.qualification import PeerRole, qualification_for
from huddle.mentoring.enrollment import services as enrollment_services
from huddle.mentoring.models import Enrollment
from huddle.training.models import SignOff
from huddle.training.quizzes.services import attempt_submit
from tests.mentoring.cycle_fixtures import make_cycle
from tests.training.factories import RIGHT, complete, make_module, require_modules

pytestmark = pytest.mark.django_db


def test_a_school_without_requirements_gates_nothing(people):
    make_module("Peer tutoring skills")
    for role in PeerRole.values:
        assert qualification_for(person=people.ms1, role=role).qualified


def test_a_student_without_peer_tutoring_skills_does_not_qualify_for_the_tutor_role(people):
    tutoring = make_module("Peer tutoring skills", valid_for_days=365)
    require_modules(PeerRole.TUTOR, tutoring)
    answer = qualification_for(person=people.ms3, role=PeerRole.TUTOR)
    assert not answer.qualified
    assert answer.missing == ("Complete Peer tutoring skills",)
    assert answer.url == "/training/"
    assert answer.refusal() == "To be a tutor you first need: Complete Peer tutoring skills."

    attempt_submit(user=people.ms3, quiz=tutoring.current_quiz, answers=RIGHT)
    assert qualification_for(person=people.ms3, role=PeerRole.TUTOR).qualified


def test_expiry_makes_them_unqualified_again(people):
    tutoring = make_module("Peer tutoring skills", valid_for_days=365)
    require_modules(PeerRole.TUTOR, tutoring)
    completion = complete(people.ms3, tutoring, when=timezone.now() - timedelta(days=366))
    answer = qualification_for(person=people.ms3, role=PeerRole.TUTOR)
    assert not answer.qualified
    expired = timezone.localtime(completion.expires_at)
    assert answer.missing == (f"Renew Peer tutoring skills (expired {expired.day} {expired:%B})",)
    complete(people.ms3, tutoring)
    assert qualification_for(person=people.ms3, role=PeerRole.TUTOR).qualified


def test_a_role_may_ask_for_renewal_sooner_than_the_module(people):
    crisis = make_module("Crisis response")
    require_modules(PeerRole.LISTENER, crisis, valid_for_days=180)
    complete(people.ms3, crisis, when=timezone.now() - timedelta(days=200))
    assert qualification_for(person=people.ms3, role=PeerRole.LISTENER).missing[0].startswith("Renew Crisis response")
    assert qualification_for(person=people.ms3, role=PeerRole.LISTENER).missing[0].endswith(")")


def test_a_listener_needs_both_modules_and_a_well_being_sign_off(people):
    listening, crisis = make_module("Active listening"), make_module("Crisis response")
    require_modules(PeerRole.LISTENER, listening, crisis, sign_off_by="wellbeing")
    assert qualification_for(person=people.ms3, role=PeerRole.LISTENER).missing == (
        "Complete Active listening",
        "Complete Crisis response",
        "Sign-off by well-being staff",
    )
    complete(people.ms3, listening)
    complete(people.ms3, crisis)
    assert qualification_for(person=people.ms3, role=PeerRole.LISTENER).missing == ("Sign-off by well-being staff",)
    sign_off = SignOff.objects.create(
        person=people.ms3, role=PeerRole.LISTENER, given_by=people.wellbeing, given_at=timezone.now()
    )
    assert qualification_for(person=people.ms3, role=PeerRole.LISTENER).qualified
    sign_off.revoked_at = timezone.now()
    sign_off.save()
    assert not qualification_for(person=people.ms3, role=PeerRole.LISTENER).qualified


def test_an_anonymous_visitor_never_qualifies_where_something_is_required(people):
    from django.contrib.auth.models import AnonymousUser

    require_modules(PeerRole.MENTOR, make_module("Mentoring basics"))
    assert not qualification_for(person=AnonymousUser(), role=PeerRole.MENTOR).qualified


def test_a_student_without_mentoring_basics_is_refused_as_a_mentor_and_enrolls_after_completing_it(client_for, people):
    mentoring = make_module("Mentoring basics", valid_for_days=365)
    require_modules(PeerRole.MENTOR, mentoring)
    cycle = make_cycle(by=people.coordinator)
    with pytest.raises(HuddleError, match="To be a mentor you first need: Complete Mentoring basics"):
        enrollment_services.enrollment_save(
            cycle=cycle, user=people.ms3, side="mentor", goals="", focus_areas=[], capacity=2
        )
    # Through the page too: the refusal is on the form, nothing is saved.
    response = client_for("ms3").post(f"/mentoring/cycles/{cycle.pk}/enroll/mentor/", {"capacity": "2"})
    assert "Complete Mentoring basics" in response.content.decode()
    assert not Enrollment.objects.exists()

    attempt_submit(user=people.ms3, quiz=mentoring.current_quiz, answers=RIGHT)
    response = client_for("ms3").post(f"/mentoring/cycles/{cycle.pk}/enroll/mentor/", {"capacity": "2"})
    assert response.status_code == 302
    assert Enrollment.objects.get(cycle=cycle, user=people.ms3).side == "mentor"


def test_many_at_once_answers_as_each_alone_in_a_fixed_number_of_queries(people, django_assert_num_queries):
    """The batch form (a coordinator's list of applicants) agrees with asking person by person."""
    from huddle.lib.qualification import qualifications_for

    listening = make_module("Active listening", valid_for_days=365)
    crisis = make_module("Crisis response")
    require_modules(PeerRole.LISTENER, listening, crisis, sign_off_by="wellbeing")
    complete(people.ms1, listening)
    complete(people.ms1, crisis)
    complete(people.ms3, listening, when=timezone.now() - timedelta(days=400))
    complete(people.ms3, crisis)
    SignOff.objects.create(
        person=people.ms1, role=PeerRole.LISTENER, given_by=people.wellbeing, given_at=timezone.now()
    )
    everyone = list(people.all().values())
    alone = {p.pk: qualification_for(person=p, role=PeerRole.LISTENER) for p in everyone}
    with django_assert_num_queries(4):
        together = qualifications_for(people=everyone, role=PeerRole.LISTENER)
    assert together == alone
    assert [p.pk for p in everyone if together[p.pk].qualified] == [people.ms1.pk]
