"""Creating a cycle: the form, its validation, and who may do it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from huddle.mentoring.models import Cycle


def _data(**overrides):
    today = timezone.localdate()
    data = {
        "name": "First-year mentoring",
        "description": "Near-peer and faculty mentors for MS1.",
        "enrollment_opens": today.isoformat(),
        "enrollment_closes": (today + timedelta(days=14)).isoformat(),
        "starts_on": (today + timedelta(days=21)).isoformat(),
        "ends_on": (today + timedelta(days=200)).isoformat(),
        "mode": "optimal",
        "two_tier": "on",
        "mentee_class_years": ["1"],
        "mentor_class_years": ["3", "4"],
        "faculty_may_mentor": "on",
        "default_capacity": "2",
        "max_capacity": "4",
        "require_shared_language": "",
        "min_year_gap": "1",
        "min_weekly_hours": "2",
        "no_repeat_pairs": "on",
        "weight_specialty": "6",
        "weight_language": "1",
        "weight_overlap": "1",
        "weight_year_gap": "1",
        "weight_modality": "0.5",
        "weight_request": "3",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v != ""}


def test_it_creates_a_draft_cycle(client_for, people):
    response = client_for("coordinator").post("/mentoring/cycles/new/", _data())
    cycle = Cycle.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/mentoring/cycles/{cycle.pk}/"
    assert cycle.status == Cycle.Status.DRAFT
    assert cycle.two_tier and cycle.mentee_class_years == [1] and cycle.mentor_class_years == [3, 4]
    assert cycle.weights["specialty"] == 6.0
    assert cycle.weights_preset == "career"
    assert cycle.created_by == people.coordinator


def test_it_shows_the_form(client_for):
    response = client_for("coordinator").get("/mentoring/cycles/new/?preset=availability")
    assert response.status_code == 200
    assert b'name="weight_overlap"' in response.content
    assert b'value="6.0"' in response.content  # the preset's overlap weight


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_on": timezone.localdate().isoformat()}, "ends_on", "must end after it starts"),
        (
            {"enrollment_closes": (timezone.localdate() - timedelta(days=1)).isoformat()},
            "enrollment_closes",
            "on or after the day it opens",
        ),
        (
            {"enrollment_closes": (timezone.localdate() + timedelta(days=300)).isoformat()},
            "enrollment_closes",
            "before the cycle ends",
        ),
        ({"default_capacity": "5"}, "default_capacity", "at most the maximum"),
        ({"max_capacity": "11", "default_capacity": "2"}, "max_capacity", "at most 10"),
        ({"mentee_class_years": []}, "mentee_class_years", ""),
        ({"mentor_class_years": [], "faculty_may_mentor": ""}, "mentor_class_years", "allow faculty"),
        ({"faculty_may_mentor": ""}, "two_tier", "two-tier cycle needs faculty"),
        ({"min_year_gap": "3", "two_tier": ""}, None, None),  # faculty cover any gap
        (
            {"min_year_gap": "3", "mentee_class_years": ["2"], "mentor_class_years": ["4"]},
            "min_year_gap",
            "No mentor class year is 3 or more years ahead of MS2",
        ),
        ({"weight_specialty": "11"}, "weight_specialty", ""),
        (
            {
                k: "0"
                for k in (
                    "weight_specialty",
                    "weight_language",
                    "weight_overlap",
                    "weight_year_gap",
                    "weight_modality",
                    "weight_request",
                )
            },
            "weight_specialty",
            "At least one weight",
        ),
        ({"min_weekly_hours": "41"}, "min_weekly_hours", "between 0 and 40"),
        ({"description": "x" * 100_000}, "description", "under 2000 characters"),
        ({"min_year_gap": "99999"}, "min_year_gap", "from 0 to 3 years"),
    ],
)
def test_it_validates_each_rule(client_for, overrides, field, message):
    response = client_for("coordinator").post("/mentoring/cycles/new/", _data(**overrides))
    if field is None:
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert not Cycle.objects.exists()
    errors = response.context["form"].errors
    assert field in errors, errors
    if message:
        assert message in " ".join(errors[field])


@pytest.mark.parametrize("role", ["ms1", "ms3", "faculty", "wellbeing"])
def test_it_refuses_everyone_but_coordinators(client_for, role):
    client = client_for(role)
    assert client.get("/mentoring/cycles/new/").status_code == 403
    assert client.post("/mentoring/cycles/new/", _data()).status_code == 403
    assert not Cycle.objects.exists()


def test_it_sends_a_visitor_to_sign_in(client):
    response = client.get("/mentoring/cycles/new/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
