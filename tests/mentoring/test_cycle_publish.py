"""Publishing the proposal: mentorships in numbered slots, both sides told, audited."""

import pytest
from django.core import mail

from huddle.audit.models import AuditEvent
from huddle.lib.errors import HuddleError
from huddle.mentoring.models import Cycle, Enrollment, MatchRun, Mentorship, Tier
from huddle.mentoring.proposals import services as proposals_services
from huddle.notifications.models import Notification
from tests.mentoring.cycle_fixtures import enroll, make_cycle, make_student
from tests.mentoring.proposal_helpers import run, small_cycle


def test_it_publishes_notifies_and_audits(client_for, people, django_capture_on_commit_callbacks):
    s = small_cycle(people, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("coordinator").post(f"/mentoring/cycles/{s.cycle.pk}/publish/")
    assert response.status_code == 302
    s.cycle.refresh_from_db()
    assert s.cycle.status == Cycle.Status.ACTIVE and s.cycle.published_at
    pairs = {m.mentee_id: m for m in Mentorship.objects.filter(cycle=s.cycle)}
    assert pairs[s.ana.pk].mentor_id == s.eve.pk and pairs[s.ana.pk].slot == 1
    assert pairs[s.ana.pk].mentor_capacity == 1
    assert pairs[s.ana.pk].reasons and pairs[s.ana.pk].status == Mentorship.Status.ACTIVE
    told = set(Notification.objects.filter(kind="mentoring.published").values_list("user_id", flat=True))
    assert told == {s.ana.user_id, s.ben.user_id, s.eve.user_id, s.max.user_id}
    assert {m.to[0] for m in mail.outbox} >= {s.ana.user.email, s.eve.user.email}
    event = AuditEvent.objects.get(action=AuditEvent.Action.MATCHING_PUBLISHED)
    assert event.actor == people.coordinator and event.detail["pairs"] == 2


def test_it_fills_slots_from_one_upwards(people, django_capture_on_commit_callbacks):
    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.MATCHING)
    mentor = enroll(cycle, make_student(3), "mentor", capacity=3)
    for _ in range(3):
        enroll(cycle, make_student(1), "mentee")
    run(cycle, people, django_capture_on_commit_callbacks)
    proposals_services.cycle_publish(cycle=cycle, by=people.coordinator)
    assert sorted(Mentorship.objects.filter(mentor=mentor).values_list("slot", flat=True)) == [1, 2, 3]


def test_it_refuses_a_mentor_over_capacity_and_creates_nothing(people, django_capture_on_commit_callbacks):
    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.MATCHING)
    mentor = enroll(cycle, make_student(3), "mentor", capacity=2)
    enroll(cycle, make_student(1), "mentee")
    enroll(cycle, make_student(1), "mentee")
    run(cycle, people, django_capture_on_commit_callbacks)
    Enrollment.objects.filter(pk=mentor.pk).update(capacity=1)
    with pytest.raises(HuddleError, match="only 1 place"):
        proposals_services.cycle_publish(cycle=cycle, by=people.coordinator)
    assert not Mentorship.objects.exists()
    cycle.refresh_from_db()
    assert cycle.status == Cycle.Status.MATCHING


def test_it_needs_every_tier_run(people, django_capture_on_commit_callbacks):
    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.MATCHING, two_tier=True)
    enroll(cycle, make_student(1), "mentee")
    enroll(cycle, make_student(3), "mentor", tier=Tier.PEER)
    MatchRun.objects.create(cycle=cycle, tier=Tier.PEER, requested_by=people.coordinator, status=MatchRun.Status.DONE)
    with pytest.raises(HuddleError, match="every tier"):
        proposals_services.cycle_publish(cycle=cycle, by=people.coordinator)


def test_it_refuses_while_a_run_is_in_progress(people, django_capture_on_commit_callbacks):
    s = small_cycle(people, django_capture_on_commit_callbacks)
    MatchRun.objects.create(cycle=s.cycle, tier=Tier.PEER, requested_by=people.coordinator)
    with pytest.raises(HuddleError, match="Wait for the matching run"):
        proposals_services.cycle_publish(cycle=s.cycle, by=people.coordinator)


def test_it_refuses_a_second_publication(people, django_capture_on_commit_callbacks):
    s = small_cycle(people, django_capture_on_commit_callbacks)
    proposals_services.cycle_publish(cycle=s.cycle, by=people.coordinator)
    with pytest.raises(HuddleError):
        proposals_services.cycle_publish(cycle=s.cycle, by=people.coordinator)
    assert Mentorship.objects.filter(cycle=s.cycle).count() == 2


@pytest.mark.parametrize("role", ["ms1", "ms3", "faculty", "wellbeing"])
def test_only_coordinators_publish(client_for, people, role, django_capture_on_commit_callbacks):
    s = small_cycle(people, django_capture_on_commit_callbacks)
    assert client_for(role).post(f"/mentoring/cycles/{s.cycle.pk}/publish/").status_code == 403
    assert not Mentorship.objects.exists()


def test_the_database_refuses_a_second_active_mentor_in_a_tier(people, django_capture_on_commit_callbacks):
    s = small_cycle(people, django_capture_on_commit_callbacks)
    proposals_services.cycle_publish(cycle=s.cycle, by=people.coordinator)
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Mentorship.objects.create(cycle=s.cycle, tier=Tier.PEER, mentee=s.ana, mentor=s.max, slot=1, mentor_capacity=2)


def test_the_notices_are_sent_once_even_if_the_task_runs_twice(people, django_capture_on_commit_callbacks):
    s = small_cycle(people, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        proposals_services.cycle_publish(cycle=s.cycle, by=people.coordinator)
    assert Notification.objects.filter(kind="mentoring.published").count() == 4
    s.cycle.refresh_from_db()
    assert proposals_services.publication_notify(cycle=s.cycle) == 0
    assert Notification.objects.filter(kind="mentoring.published").count() == 4


def test_a_later_cycle_with_the_same_name_still_tells_its_pairs(people, django_capture_on_commit_callbacks):
    mentee_user = make_student(1)
    for _ in range(2):
        cycle = make_cycle(by=people.coordinator, status=Cycle.Status.MATCHING, name="Same name every year")
        enroll(cycle, mentee_user, "mentee")
        enroll(cycle, make_student(3), "mentor")
        run(cycle, people, django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=True):
            proposals_services.cycle_publish(cycle=cycle, by=people.coordinator)
    told = Notification.objects.filter(user=mentee_user, kind="mentoring.published")
    assert told.count() == 2
