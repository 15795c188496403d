"""Withdrawing: before matching it just leaves; mid-cycle a mentor's mentees are flagged for a rematch."""

import pytest

from huddle.lib.errors import HuddleError
from huddle.mentoring.enrollment import services as enrollment_services
from huddle.mentoring.models import Cycle, Enrollment, Mentorship, ProposedPair, RematchRequest
from huddle.notifications.models import Notification
from tests.mentoring.cycle_fixtures import enroll, make_cycle, make_student
from tests.mentoring.pair_fixtures import make_pair
from tests.mentoring.proposal_helpers import small_cycle


def test_a_mentee_leaves_during_enrollment(client_for, people):
    cycle = make_cycle(by=people.coordinator)
    e = enroll(cycle, people.ms1, "mentee")
    response = client_for("ms1").post(f"/mentoring/cycles/{cycle.pk}/withdraw/mentee/")
    assert response.status_code == 302
    e.refresh_from_db()
    assert e.status == Enrollment.Status.WITHDRAWN and e.withdrawn_at


def test_withdrawing_removes_one_from_the_proposal(people, django_capture_on_commit_callbacks):
    s = small_cycle(people, django_capture_on_commit_callbacks)
    enrollment_services.enrollment_withdraw(enrollment=s.eve, by=s.eve.user)
    assert not ProposedPair.objects.filter(mentor=s.eve).exists()


def test_a_mentor_withdrawing_mid_cycle_flags_their_mentees(client_for, people, django_capture_on_commit_callbacks):
    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.ACTIVE)
    first = make_pair(cycle=cycle, mentee=make_student(1), mentor=people.ms3)
    second = make_pair(cycle=cycle, mentee=make_student(1), mentor=people.ms3)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("ms3").post(f"/mentoring/cycles/{cycle.pk}/withdraw/mentor/")
    assert response.status_code == 302
    for pair in (first, second):
        pair.refresh_from_db()
        assert pair.status == Mentorship.Status.WITHDRAWN and pair.needs_rematch and pair.ended_at
        assert RematchRequest.objects.get(mentorship=pair).kind == RematchRequest.Kind.MENTOR_WITHDREW
        assert Notification.objects.filter(user=pair.mentee.user, kind="mentoring.withdrawal").exists()
    assert Notification.objects.filter(user=people.coordinator, title="Mentees need a new mentor").exists()


def test_a_mentee_withdrawing_mid_cycle_tells_the_mentor_without_a_rematch(people):
    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.ACTIVE)
    pair = make_pair(cycle=cycle, mentee=people.ms1, mentor=people.ms3)
    enrollment_services.enrollment_withdraw(enrollment=pair.mentee, by=people.ms1)
    pair.refresh_from_db()
    assert pair.status == Mentorship.Status.WITHDRAWN and not pair.needs_rematch
    assert not RematchRequest.objects.exists()
    assert Notification.objects.filter(user=people.ms3, kind="mentoring.withdrawal").exists()


def test_nobody_withdraws_someone_else(people):
    cycle = make_cycle(by=people.coordinator)
    e = enroll(cycle, people.ms1, "mentee")
    with pytest.raises(HuddleError):
        enrollment_services.enrollment_withdraw(enrollment=e, by=people.ms3)
    e.refresh_from_db()
    assert e.status == Enrollment.Status.ACTIVE


def test_a_closed_cycle_cannot_be_left(people):
    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.CLOSED)
    e = enroll(cycle, people.ms1, "mentee")
    with pytest.raises(HuddleError, match="closed"):
        enrollment_services.enrollment_withdraw(enrollment=e, by=people.ms1)


def test_withdrawing_twice_is_refused(people):
    cycle = make_cycle(by=people.coordinator)
    e = enroll(cycle, people.ms1, "mentee")
    enrollment_services.enrollment_withdraw(enrollment=e, by=people.ms1)
    with pytest.raises(HuddleError, match="already withdrawn"):
        enrollment_services.enrollment_withdraw(enrollment=e, by=people.ms1)


def test_withdraw_needs_a_post(client_for, people):
    cycle = make_cycle(by=people.coordinator)
    enroll(cycle, people.ms1, "mentee")
    assert client_for("ms1").get(f"/mentoring/cycles/{cycle.pk}/withdraw/mentee/").status_code == 405
