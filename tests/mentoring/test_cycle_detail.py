"""The coordinator's cycle page: live enrollment counts, shortage warning, matching progress."""

import pytest

from huddle.mentoring.models import Cycle, MatchRun, Tier
from tests.mentoring.cycle_fixtures import enroll, make_cohort, make_cycle, make_faculty, make_student


def test_it_counts_enrollment_by_side_and_year(client_for, people):
    cycle = make_cycle(by=people.coordinator)
    for _ in range(3):
        enroll(cycle, make_student(1), "mentee")
    enroll(cycle, make_student(3), "mentor", capacity=2)
    enroll(cycle, make_faculty(), "mentor", capacity=1)
    response = client_for("coordinator").get(f"/mentoring/cycles/{cycle.pk}/")
    assert response.status_code == 200
    overview = response.context["overview"]
    assert (overview.mentees, overview.mentors) == (3, 2)
    assert ("MS1", 3, 0) in overview.by_year and ("MS3", 0, 1) in overview.by_year
    assert overview.tiers[0].capacity == 3 and overview.tiers[0].short == 0
    assert b"fewer places than there are mentees" not in response.content


def test_it_warns_when_mentors_offer_too_few_places(client_for, people):
    cycle = make_cycle(by=people.coordinator)
    for _ in range(3):
        enroll(cycle, make_student(1), "mentee")
    enroll(cycle, make_student(3), "mentor", capacity=1)
    response = client_for("coordinator").get(f"/mentoring/cycles/{cycle.pk}/")
    assert response.context["overview"].tiers[0].short == 2
    assert b"fewer places than there are mentees" in response.content


def test_it_shows_each_tier_of_a_two_tier_cycle(client_for, people):
    cycle = make_cycle(by=people.coordinator, two_tier=True)
    enroll(cycle, make_student(1), "mentee")
    enroll(cycle, make_faculty(), "mentor", tier=Tier.FACULTY, capacity=3)
    response = client_for("coordinator").get(f"/mentoring/cycles/{cycle.pk}/")
    tiers = {t.tier: t for t in response.context["overview"].tiers}
    assert tiers[Tier.FACULTY].capacity == 3 and tiers[Tier.PEER].short == 1


def test_it_polls_while_a_run_is_in_progress(client_for, people):
    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.MATCHING)
    MatchRun.objects.create(
        cycle=cycle, tier=Tier.PEER, requested_by=people.coordinator, progress=60, status=MatchRun.Status.RUNNING
    )
    client = client_for("coordinator")
    page = client.get(f"/mentoring/cycles/{cycle.pk}/")
    assert b'hx-trigger="every 1s"' in page.content
    fragment = client.get(f"/mentoring/cycles/{cycle.pk}/progress/", HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert b'value="60"' in fragment.content and b"<html" not in fragment.content
    MatchRun.objects.update(status=MatchRun.Status.DONE, progress=100, stats={"matched": 1, "mentees": 1})
    done = client.get(f"/mentoring/cycles/{cycle.pk}/progress/", HTTP_HX_REQUEST="true")
    assert b"every 1s" not in done.content and b"Open the proposal" in done.content


@pytest.mark.parametrize("role", ["ms1", "ms3", "faculty", "wellbeing"])
def test_it_is_for_coordinators_only(client_for, people, role):
    cycle = make_cycle(by=people.coordinator)
    client = client_for(role)
    assert client.get(f"/mentoring/cycles/{cycle.pk}/").status_code == 403
    assert client.get(f"/mentoring/cycles/{cycle.pk}/progress/").status_code == 403


def test_its_query_count_does_not_grow_with_the_cohort(client_for, people, django_assert_max_num_queries):
    client = client_for("coordinator")
    small = make_cycle(by=people.coordinator)
    make_cohort(small, mentees=60, mentors=6)
    big = make_cycle(by=people.coordinator)
    make_cohort(big, mentees=600, mentors=60)
    client.get(f"/mentoring/cycles/{small.pk}/")  # warm the session and caches
    with django_assert_max_num_queries(7) as small_queries:
        client.get(f"/mentoring/cycles/{small.pk}/")
    with django_assert_max_num_queries(len(small_queries)):
        client.get(f"/mentoring/cycles/{big.pk}/")


def test_a_run_lost_by_its_worker_stops_blocking(client_for, people):
    from datetime import timedelta

    from django.utils import timezone

    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.MATCHING)
    MatchRun.objects.create(
        cycle=cycle, tier=Tier.PEER, requested_by=people.coordinator, requested_at=timezone.now() - timedelta(hours=1)
    )
    page = client_for("coordinator").get(f"/mentoring/cycles/{cycle.pk}/")
    assert not page.context["in_progress"] and b"every 1s" not in page.content
