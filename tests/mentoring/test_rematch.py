"""Rematching one mentee after a withdrawal or a poor fit; requests are coordinators' only."""

from datetime import timedelta

import pytest
from django.utils import timezone

from huddle.audit.models import AuditEvent
from huddle.lib.errors import HuddleError
from huddle.mentoring.enrollment import services as enrollment_services
from huddle.mentoring.models import CheckIn, Cycle, Mentorship, RematchRequest
from huddle.mentoring.rematch import services as rematch_services
from tests.mentoring.cycle_fixtures import enroll, make_cycle, make_student, set_profile
from tests.mentoring.pair_fixtures import make_pair


def _withdrawn(people):
    """Alice's mentor withdrew; Sam (one place left) and Rita (full) mentor in the same cycle."""
    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.ACTIVE)
    set_profile(people.ms1)
    gone = make_pair(cycle=cycle, mentee=people.ms1, mentor=make_student(4), capacity=2)
    enrollment_services.enrollment_withdraw(enrollment=gone.mentor, by=gone.mentor.user)
    sam = enroll(cycle, set_profile(people.ms3), "mentor", capacity=1)
    rita = enroll(cycle, make_student(4), "mentor", capacity=1)
    make_pair(cycle=cycle, mentee=make_student(1), mentor=rita.user, capacity=1)
    return cycle, RematchRequest.objects.get(mentorship=gone), sam, rita


def test_reading_a_request_is_audited_and_lists_mentors_with_room(client_for, people):
    cycle, request, sam, _rita = _withdrawn(people)
    response = client_for("coordinator").get(f"/mentoring/cycles/{cycle.pk}/rematch/{request.pk}/")
    assert response.status_code == 200
    allowed = [row.c.mentor.pk for row in response.context["rows"] if row.c.allowed]
    assert allowed == [sam.pk]
    assert request.mentorship.mentor_id not in [row.c.mentor.pk for row in response.context["rows"]]
    event = AuditEvent.objects.get(action=AuditEvent.Action.REMATCH_REQUEST_READ)
    assert event.actor == people.coordinator and event.target == f"rematch:{request.pk}"


def test_confirming_pairs_the_mentee_alone(client_for, people, django_capture_on_commit_callbacks):
    cycle, request, sam, _rita = _withdrawn(people)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("coordinator").post(
            f"/mentoring/cycles/{cycle.pk}/rematch/{request.pk}/", {"mentor": sam.pk}
        )
    assert response.status_code == 302
    new = Mentorship.objects.get(cycle=cycle, mentor=sam)
    assert new.mentee.user == people.ms1 and new.status == Mentorship.Status.ACTIVE and new.slot == 1
    assert new.reasons[0]["code"] == "rematched"
    request.refresh_from_db()
    assert request.resolved_at and request.resolved_by == people.coordinator
    assert not Mentorship.objects.get(pk=request.mentorship_id).needs_rematch


def test_a_full_mentor_is_refused(people):
    _cycle, request, _sam, rita = _withdrawn(people)
    with pytest.raises(HuddleError, match="no place left"):
        rematch_services.rematch_confirm(request=request, mentor=rita, by=people.coordinator)
    assert not RematchRequest.objects.get(pk=request.pk).resolved_at


def test_a_poor_fit_ends_the_old_pair_early(people):
    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.ACTIVE)
    set_profile(people.ms1)
    old = make_pair(cycle=cycle, mentee=people.ms1, mentor=make_student(4))
    request = RematchRequest.objects.create(mentorship=old, kind=RematchRequest.Kind.FIT_CHECK, requested_by=people.ms1)
    sam = enroll(cycle, set_profile(people.ms3), "mentor", capacity=1)
    rematch_services.rematch_confirm(request=request, mentor=sam, by=people.coordinator)
    old.refresh_from_db()
    assert old.status == Mentorship.Status.COMPLETED_EARLY and old.ended_at
    assert Mentorship.objects.filter(mentee=old.mentee, status=Mentorship.Status.ACTIVE).get().mentor == sam


@pytest.mark.parametrize("role", ["ms1", "ms3", "faculty", "wellbeing"])
def test_rematch_requests_are_for_coordinators_only(client_for, people, role):
    cycle, request, sam, _rita = _withdrawn(people)
    client = client_for(role)
    assert client.get(f"/mentoring/cycles/{cycle.pk}/rematch/{request.pk}/").status_code == 403
    assert client.post(f"/mentoring/cycles/{cycle.pk}/rematch/{request.pk}/", {"mentor": sam.pk}).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.REMATCH_REQUEST_READ).exists()
    assert not Mentorship.objects.filter(mentor=sam).exists()


def test_the_cycle_page_lists_what_needs_attention(client_for, people):
    cycle, request, _sam, _rita = _withdrawn(people)
    quiet = make_pair(cycle=cycle, mentee=make_student(1), mentor=make_student(3))
    Mentorship.objects.filter(pk=quiet.pk).update(started_at=timezone.now() - timedelta(weeks=4))
    unhappy = make_pair(cycle=cycle, mentee=make_student(1), mentor=make_student(3))
    CheckIn.objects.create(
        mentorship=unhappy, by=unhappy.mentee.user, rating=4, created_at=timezone.now() - timedelta(days=10)
    )
    CheckIn.objects.create(mentorship=unhappy, by=unhappy.mentee.user, rating=2, comment="Hard to meet")
    response = client_for("coordinator").get(f"/mentoring/cycles/{cycle.pk}/")
    attention = response.context["attention"]
    assert [r.pk for r in attention.rematch_requests] == [request.pk]
    assert quiet.pk in [p.pk for p in attention.no_meeting]
    assert [p.pk for p in attention.low_check_ins] == [unhappy.pk]
    body = response.content.decode()
    assert "Mentor withdrew" in body and "Hard to meet" not in body
    # Listing the requests is not reading them.
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.REMATCH_REQUEST_READ).exists()
