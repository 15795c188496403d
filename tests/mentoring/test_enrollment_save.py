"""Enrolling as a mentee or mentor during the window, with goals, capacity, requests and blocks."""

from datetime import timedelta

import pytest
from django.utils import timezone

from huddle.lib.errors import HuddleError
from huddle.mentoring.enrollment import services as enrollment_services
from huddle.mentoring.models import Cycle, Enrollment, Tier
from tests.mentoring.cycle_fixtures import make_cycle, make_faculty, make_student


def test_a_first_year_enrolls_as_a_mentee(client_for, people):
    cycle = make_cycle(by=people.coordinator)
    wanted = make_student(3)
    avoided = make_student(4)
    response = client_for("ms1").post(
        f"/mentoring/cycles/{cycle.pk}/enroll/mentee/",
        {
            "goals": "Plan Step 1",
            "focus_areas": ["academics", "wellbeing"],
            "request_1": wanted.pk,
            "blocks": [avoided.pk],
        },
    )
    assert response.status_code == 302
    e = Enrollment.objects.get(cycle=cycle, user=people.ms1)
    assert (e.side, e.tier, e.capacity) == ("mentee", "", 0)
    assert e.goals == "Plan Step 1" and e.focus_areas == ["academics", "wellbeing"]
    assert e.requests == [wanted.pk] and e.blocks == [avoided.pk]


def test_a_senior_enrolls_as_a_mentor_with_a_capacity(client_for, people):
    cycle = make_cycle(by=people.coordinator)
    page = client_for("ms3").get(f"/mentoring/cycles/{cycle.pk}/enroll/mentor/")
    assert page.status_code == 200 and b'name="capacity"' in page.content
    response = client_for("ms3").post(f"/mentoring/cycles/{cycle.pk}/enroll/mentor/", {"capacity": "3"})
    assert response.status_code == 302
    e = Enrollment.objects.get(cycle=cycle, user=people.ms3)
    assert (e.side, e.tier, e.capacity) == ("mentor", Tier.PEER, 3)


def test_faculty_join_the_faculty_tier_of_a_two_tier_cycle(client_for, people):
    cycle = make_cycle(by=people.coordinator, two_tier=True)
    client_for("faculty").post(f"/mentoring/cycles/{cycle.pk}/enroll/mentor/", {"capacity": "2"})
    assert Enrollment.objects.get(cycle=cycle, user=people.faculty).tier == Tier.FACULTY


def test_capacity_cannot_exceed_the_cycles_maximum(client_for, people):
    cycle = make_cycle(by=people.coordinator, max_capacity=3)
    response = client_for("ms3").post(f"/mentoring/cycles/{cycle.pk}/enroll/mentor/", {"capacity": "4"})
    assert response.status_code == 200
    assert "capacity" in response.context["form"].errors
    assert not Enrollment.objects.exists()
    with pytest.raises(HuddleError, match="from 1 to 3"):
        enrollment_services.enrollment_save(
            cycle=cycle, user=people.ms3, side="mentor", goals="", focus_areas=[], capacity=4
        )


@pytest.mark.parametrize(("role", "side"), [("ms1", "mentor"), ("ms3", "mentee"), ("faculty", "mentee")])
def test_it_refuses_people_outside_the_cycles_years(client_for, people, role, side):
    cycle = make_cycle(by=people.coordinator)
    client = client_for(role)
    page = client.get(f"/mentoring/cycles/{cycle.pk}/enroll/{side}/")
    assert page.status_code == 403
    assert client.post(f"/mentoring/cycles/{cycle.pk}/enroll/{side}/", {"capacity": "1"}).status_code == 403
    assert not Enrollment.objects.exists()


def test_faculty_cannot_mentor_when_the_cycle_says_no(people):
    cycle = make_cycle(by=people.coordinator, faculty_may_mentor=False)
    with pytest.raises(HuddleError, match="students in MS3, MS4"):
        enrollment_services.enrollment_save(cycle=cycle, user=people.faculty, side="mentor", goals="", focus_areas=[])


def test_wellbeing_staff_cannot_enroll(client_for, people):
    cycle = make_cycle(by=people.coordinator)
    assert client_for("wellbeing").get(f"/mentoring/cycles/{cycle.pk}/enroll/mentee/").status_code == 403


def test_it_refuses_after_the_window(client_for, people):
    yesterday = timezone.localdate() - timedelta(days=1)
    cycle = make_cycle(
        by=people.coordinator, enrollment_opens=yesterday - timedelta(days=5), enrollment_closes=yesterday
    )
    page = client_for("ms1").get(f"/mentoring/cycles/{cycle.pk}/enroll/mentee/")
    assert b"Enrollment for this cycle is closed" in page.content
    with pytest.raises(HuddleError, match="closed"):
        enrollment_services.enrollment_save(cycle=cycle, user=people.ms1, side="mentee", goals="", focus_areas=[])


def test_it_refuses_a_cycle_not_open(people):
    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.MATCHING)
    with pytest.raises(HuddleError, match="closed"):
        enrollment_services.enrollment_save(cycle=cycle, user=people.ms1, side="mentee", goals="", focus_areas=[])


def test_a_draft_cycle_is_not_found_by_students(client_for, people):
    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.DRAFT)
    assert client_for("ms1").get(f"/mentoring/cycles/{cycle.pk}/enroll/mentee/").status_code == 404


def test_requests_and_blocks_must_be_people_on_the_other_side(people):
    cycle = make_cycle(by=people.coordinator)
    classmate = make_student(1)
    with pytest.raises(HuddleError, match="only ask for people") as error:
        enrollment_services.enrollment_save(
            cycle=cycle, user=people.ms1, side="mentee", goals="", focus_areas=[], requests=[classmate.pk]
        )
    assert error.value.field == "requests"
    senior = make_student(3)
    with pytest.raises(HuddleError, match="both requested and avoided"):
        enrollment_services.enrollment_save(
            cycle=cycle,
            user=people.ms1,
            side="mentee",
            goals="",
            focus_areas=[],
            requests=[senior.pk],
            blocks=[senior.pk],
        )
    with pytest.raises(HuddleError, match="at most 3"):
        enrollment_services.enrollment_save(
            cycle=cycle,
            user=people.ms1,
            side="mentee",
            goals="",
            focus_areas=[],
            requests=[make_student(3).pk for _ in range(4)],
        )


def test_faculty_appear_among_the_mentors_a_mentee_can_request(client_for, people):
    cycle = make_cycle(by=people.coordinator)
    doctor = make_faculty()
    page = client_for("ms1").get(f"/mentoring/cycles/{cycle.pk}/enroll/mentee/")
    choices = dict(page.context["form"].fields["request_1"].choices)
    assert doctor.pk in choices and people.ms3.pk in choices and people.ms1.pk not in choices


def test_unknown_focus_area_is_refused(people):
    cycle = make_cycle(by=people.coordinator)
    with pytest.raises(HuddleError) as error:
        enrollment_services.enrollment_save(cycle=cycle, user=people.ms1, side="mentee", goals="", focus_areas=["golf"])
    assert error.value.field == "focus_areas"


def test_enrolling_again_updates_and_reactivates(client_for, people):
    cycle = make_cycle(by=people.coordinator)
    e = enrollment_services.enrollment_save(cycle=cycle, user=people.ms1, side="mentee", goals="one", focus_areas=[])
    Enrollment.objects.filter(pk=e.pk).update(status=Enrollment.Status.WITHDRAWN)
    page = client_for("ms1").get(f"/mentoring/cycles/{cycle.pk}/enroll/mentee/")
    assert page.context["form"].initial["goals"] == "one"
    client_for("ms1").post(f"/mentoring/cycles/{cycle.pk}/enroll/mentee/", {"goals": "two"})
    e.refresh_from_db()
    assert e.goals == "two" and e.status == Enrollment.Status.ACTIVE
    assert Enrollment.objects.filter(cycle=cycle, user=people.ms1).count() == 1


def test_an_unknown_side_is_not_found(client_for, people):
    cycle = make_cycle(by=people.coordinator)
    assert client_for("ms1").get(f"/mentoring/cycles/{cycle.pk}/enroll/boss/").status_code == 404
