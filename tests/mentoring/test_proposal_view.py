"""The proposal page: pairs with score and reasons, unmatched with reasons, summary."""

import pytest

from huddle.mentoring.models import Cycle, ProposedPair
from huddle.mentoring.proposals import services as proposals_services
from tests.mentoring.cycle_fixtures import enroll, make_cohort, make_cycle, make_student, set_profile


def _matched(people, capture, *, mentees=0, mentors=0, **kw):
    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.MATCHING, **kw)
    if mentees:
        make_cohort(cycle, mentees=mentees, mentors=mentors, capacity=10)
    return cycle


def _run(cycle, people, capture):
    with capture(execute=True):
        proposals_services.matching_start(cycle=cycle, by=people.coordinator)


def test_it_lists_pairs_unmatched_and_figures(client_for, people, django_capture_on_commit_callbacks):
    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.MATCHING, min_weekly_hours=5)
    paired = enroll(cycle, make_student(1, specialties=("Pediatrics",)), "mentee")
    lazy = enroll(cycle, make_student(1, availability={"mon": ["18:00-19:00"]}), "mentee")
    mentor = enroll(cycle, make_student(3, specialties=("Pediatrics",)), "mentor")
    _run(cycle, people, django_capture_on_commit_callbacks)
    response = client_for("coordinator").get(f"/mentoring/cycles/{cycle.pk}/proposal/")
    assert response.status_code == 200
    proposal = response.context["proposal"]
    assert [(p.mentee_id, p.mentor_id) for p in proposal.pairs] == [(paired.pk, mentor.pk)]
    assert [u.enrollment.pk for u in proposal.unmatched] == [lazy.pk]
    body = response.content.decode()
    assert "Both interested in Pediatrics" in body
    assert "Painted less than 5 h/week" in body
    assert "histogram-bar" in body and proposal.stats["matched"] == 1


@pytest.mark.parametrize("role", ["ms1", "ms3", "faculty", "wellbeing"])
def test_only_coordinators_see_it(client_for, people, role, django_capture_on_commit_callbacks):
    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.MATCHING)
    enroll(cycle, set_profile(people.ms1), "mentee")
    enroll(cycle, set_profile(people.ms3), "mentor")
    _run(cycle, people, django_capture_on_commit_callbacks)
    assert ProposedPair.objects.filter(cycle=cycle).exists()
    response = client_for(role).get(f"/mentoring/cycles/{cycle.pk}/proposal/")
    assert response.status_code == 403
    assert b"Sato" not in response.content


def test_an_unknown_tier_is_not_found(client_for, people):
    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.MATCHING)
    assert client_for("coordinator").get(f"/mentoring/cycles/{cycle.pk}/proposal/?tier=faculty").status_code == 404


def test_its_query_count_does_not_grow_with_the_cohort(
    client_for, people, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    client = client_for("coordinator")
    small = _matched(people, None, mentees=60, mentors=6)
    big = _matched(people, None, mentees=600, mentors=60)
    _run(small, people, django_capture_on_commit_callbacks)
    _run(big, people, django_capture_on_commit_callbacks)
    assert ProposedPair.objects.filter(cycle=big).count() == 600
    client.get(f"/mentoring/cycles/{small.pk}/proposal/")
    # Session, person, roles, the cycle, its runs, the pairs' ids, the page's count and rows,
    # the unmatched mentees, the mentors, the unread badge.
    with django_assert_max_num_queries(11) as small_queries:
        client.get(f"/mentoring/cycles/{small.pk}/proposal/")
    with django_assert_max_num_queries(len(small_queries)):
        response = client.get(f"/mentoring/cycles/{big.pk}/proposal/")
    assert response.context["proposal"].pair_count == 600
    assert len(response.context["proposal"].pairs) == 25  # a page; the name search finds the rest
