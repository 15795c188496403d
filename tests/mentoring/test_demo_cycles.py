"""The demo school's mentoring: a running two-tier cycle and one in enrollment."""

from django.db.models import Count

from huddle.accounts.demo import MS1_EMAIL, MS3_EMAIL, build_demo_school
from huddle.mentoring.demo.cycles import ENROLLING_NAME, RUNNING_NAME, build_demo_cycles
from huddle.mentoring.models import Cycle, Enrollment, Mentorship, RematchRequest, Tier


def test_it_builds_both_cycles_once(people, client_for):
    build_demo_school(seed=7, students=80, faculty=12)
    build_demo_cycles(seed=7)
    build_demo_cycles(seed=7)
    running = Cycle.objects.get(name=RUNNING_NAME)
    enrolling = Cycle.objects.get(name=ENROLLING_NAME)
    assert running.status == Cycle.Status.ACTIVE and running.two_tier and running.published_at
    assert enrolling.status == Cycle.Status.ENROLLING
    # The MS1 demo log-in has a faculty and a near-peer mentor, with reasons.
    mine = Mentorship.objects.filter(cycle=running, mentee__user__email=MS1_EMAIL, status=Mentorship.Status.ACTIVE)
    assert {m.tier for m in mine} == {Tier.FACULTY, Tier.PEER}
    assert all(m.reasons for m in mine)
    # No mentor above capacity, slots numbered from one.
    for m in Mentorship.objects.filter(cycle=running, status=Mentorship.Status.ACTIVE):
        assert 1 <= m.slot <= m.mentor_capacity
    assert RematchRequest.objects.filter(mentorship__cycle=running, resolved_at__isnull=True).exists()
    # The fixed log-ins can still try enrolling in the open cycle.
    assert not Enrollment.objects.filter(cycle=enrolling, user__email__in=[MS1_EMAIL, MS3_EMAIL]).exists()
    sides = dict(enrolling.enrollments.values_list("side").annotate(n=Count("id")))
    assert sides["mentee"] > 30 and sides["mentor"] > 30


def test_its_pages_render(people, client_for):
    build_demo_school(seed=7, students=80, faculty=12)
    build_demo_cycles(seed=7)
    client = client_for("coordinator")
    for cycle in Cycle.objects.all():
        assert client.get(f"/mentoring/cycles/{cycle.pk}/").status_code == 200
    running = Cycle.objects.get(name=RUNNING_NAME)
    assert client.get(f"/mentoring/cycles/{running.pk}/proposal/?tier=faculty").status_code == 200
