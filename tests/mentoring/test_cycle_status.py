"""Moving a cycle through its life: open enrollment, close it, close the cycle."""

from datetime import timedelta

import pytest
from django.utils import timezone

from huddle.lib.errors import HuddleError
from huddle.mentoring.cycles import services as cycles_services
from huddle.mentoring.models import Cycle, MatchingMode, MentorRequest, Mentorship
from tests.mentoring.cycle_fixtures import enroll, make_cycle, make_student
from tests.mentoring.pair_fixtures import make_pair


def _post(client, cycle, action):
    return client.post(f"/mentoring/cycles/{cycle.pk}/status/", {"action": action})


def test_it_opens_enrollment_of_a_draft(client_for, people):
    later = timezone.localdate() + timedelta(days=3)
    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.DRAFT, enrollment_opens=later)
    assert _post(client_for("coordinator"), cycle, "open").status_code == 302
    cycle.refresh_from_db()
    assert cycle.status == Cycle.Status.ENROLLING
    assert cycle.enrollment_opens == timezone.localdate()  # opening early moves the date


def test_it_refuses_to_open_after_the_window(people):
    past = timezone.localdate() - timedelta(days=2)
    cycle = make_cycle(
        by=people.coordinator,
        status=Cycle.Status.DRAFT,
        enrollment_opens=past - timedelta(days=5),
        enrollment_closes=past,
    )
    with pytest.raises(HuddleError, match="move its end date"):
        cycles_services.cycle_open_enrollment(cycle=cycle, by=people.coordinator)


def test_closing_enrollment_leads_to_matching(client_for, people):
    cycle = make_cycle(by=people.coordinator)
    _post(client_for("coordinator"), cycle, "close_enrollment")
    cycle.refresh_from_db()
    assert cycle.status == Cycle.Status.MATCHING


def test_closing_a_self_select_enrollment_starts_the_cycle(people):
    cycle = make_cycle(by=people.coordinator, mode=MatchingMode.SELF_SELECT)
    cycles_services.cycle_close_enrollment(cycle=cycle, by=people.coordinator)
    cycle.refresh_from_db()
    assert cycle.status == Cycle.Status.ACTIVE and cycle.published_at


def test_enrollment_can_reopen_before_publication(people):
    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.MATCHING)
    cycles_services.cycle_open_enrollment(cycle=cycle, by=people.coordinator)
    cycle.refresh_from_db()
    assert cycle.status == Cycle.Status.ENROLLING


def test_closing_the_cycle_completes_running_pairs(client_for, people, django_capture_on_commit_callbacks):
    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.ACTIVE, mode=MatchingMode.SELF_SELECT)
    pair = make_pair(cycle=cycle, mentee=people.ms1, mentor=people.ms3)
    waiting = MentorRequest.objects.create(
        cycle=cycle, tier="peer", mentee=enroll(cycle, make_student(1), "mentee"), mentor=pair.mentor
    )
    with django_capture_on_commit_callbacks(execute=True):
        _post(client_for("coordinator"), cycle, "close")
    cycle.refresh_from_db()
    pair.refresh_from_db()
    waiting.refresh_from_db()
    assert cycle.status == Cycle.Status.CLOSED and cycle.closed_at
    assert pair.status == Mentorship.Status.COMPLETED and pair.ended_at
    assert waiting.status == MentorRequest.Status.CANCELLED
    assert people.ms1.notifications.filter(kind="mentoring.survey").exists()


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (Cycle.Status.ACTIVE, "open"),
        (Cycle.Status.DRAFT, "close_enrollment"),
        (Cycle.Status.MATCHING, "close"),
        (Cycle.Status.CLOSED, "close"),
    ],
)
def test_it_refuses_a_transition_out_of_order(client_for, people, status, action):
    cycle = make_cycle(by=people.coordinator, status=status)
    response = _post(client_for("coordinator"), cycle, action)
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.status == status


@pytest.mark.parametrize("role", ["ms1", "ms3", "faculty", "wellbeing"])
def test_only_coordinators_change_the_status(client_for, people, role):
    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.DRAFT)
    assert _post(client_for(role), cycle, "open").status_code == 403
    cycle.refresh_from_db()
    assert cycle.status == Cycle.Status.DRAFT


def test_the_rules_freeze_at_publication(client_for, people):
    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.ACTIVE)
    cycle.name = "Renamed"
    with pytest.raises(HuddleError, match="no longer change"):
        cycles_services.cycle_save(cycle=cycle, by=people.coordinator)
