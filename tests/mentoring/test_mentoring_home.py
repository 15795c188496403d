"""The mentoring home: open programs, one's pairs and why, never a proposal before publication."""
from huddle.mentoring.models import Cycle, MatchingMode, Mentorship, ProposedPair
from huddle.mentoring.proposals import services as proposals_services
from tests.mentoring.cycle_fixtures import enroll, make_cycle, make_student, set_profile
from tests.mentoring.pair_fixtures import make_pair
from tests.mentoring.proposal_helpers import run


def _proposed(people, capture):
    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.MATCHING)
    mentee = enroll(cycle, set_profile(people.ms1, specialties=("Neurology",)), "mentee")
    mentor = enroll(cycle, set_profile(people.ms3, specialties=("Neurology",)), "mentor")
    run(cycle, people, capture)
    assert ProposedPair.objects.filter(mentee=mentee, mentor=mentor).exists()
    return cycle


def test_a_mentee_never_sees_a_proposed_mentor(client_for, people, django_capture_on_commit_callbacks):
    _proposed(people, django_capture_on_commit_callbacks)
    body = client_for("ms1").get("/mentoring/").content.decode()
    assert "Matching is under way" in body
    assert "Sato" not in body and "Neurology" not in body


def test_after_publication_both_sides_see_why(client_for, people, django_capture_on_commit_callbacks):
    cycle = _proposed(people, django_capture_on_commit_callbacks)
    proposals_services.cycle_publish(cycle=cycle, by=people.coordinator)
    mentee_page = client_for("ms1").get("/mentoring/").content.decode()
    assert "Your mentor: Sam Sato" in mentee_page
    assert "Why you were paired" in mentee_page and "You are both interested in Neurology." in mentee_page
    mentor_page = client_for("ms3").get("/mentoring/").content.decode()
    assert "Your mentee: Alice Ames" in mentor_page and "You are both interested in Neurology." in mentor_page


def test_it_offers_open_cycles_to_eligible_people_only(client_for, people):
    cycle = make_cycle(by=people.coordinator, name="Spring near-peer")
    ms1 = client_for("ms1").get("/mentoring/")
    assert [o.cycle for o in ms1.context["offers"]] == [cycle]
    assert ms1.context["offers"][0].sides == ["mentee"]
    ms3 = client_for("ms3").get("/mentoring/")
    assert ms3.context["offers"][0].sides == ["mentor"]
    assert client_for("wellbeing").get("/mentoring/").context["offers"] == []
    draft = make_cycle(by=people.coordinator, status=Cycle.Status.DRAFT)
    assert draft not in [o.cycle for o in client_for("ms1").get("/mentoring/").context["offers"]]


def test_a_self_select_mentee_is_pointed_to_the_mentors(client_for, people):
    cycle = make_cycle(by=people.coordinator, mode=MatchingMode.SELF_SELECT)
    enroll(cycle, people.ms1, "mentee")
    body = client_for("ms1").get("/mentoring/").content.decode()
    assert f"/mentoring/cycles/{cycle.pk}/choose/" in body


def test_the_coordinator_sees_every_cycle(client_for, people):
    draft = make_cycle(by=people.coordinator, status=Cycle.Status.DRAFT)
    response = client_for("coordinator").get("/mentoring/")
    assert draft in response.context["cycles"]
    assert client_for("ms1").get("/mentoring/").context["cycles"] is None


def test_its_query_count_does_not_grow_with_a_mentors_pairs(client_for, people, django_assert_max_num_queries):
    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.ACTIVE)
    make_pair(cycle=cycle, mentee=make_student(1), mentor=people.ms3)
    client = client_for("ms3")
    client.get("/mentoring/")
    with django_assert_max_num_queries(13) as one:
        client.get("/mentoring/")
    for _ in range(9):
        make_pair(cycle=cycle, mentee=make_student(1), mentor=people.ms3)
    assert Mentorship.objects.filter(mentor__user=people.ms3).count() == 10
    with django_assert_max_num_queries(len(one)):
        client.get("/mentoring/")
