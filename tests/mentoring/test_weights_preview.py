"""What does this weight do? The engine runs on draft weights; nothing is saved."""

import time

import pytest

from huddle.mentoring.models import Cycle, MatchRun, ProposedPair
from tests.mentoring.cycle_fixtures import MORNINGS, enroll, make_cohort, make_cycle, make_student

WEIGHTS = {
    "weight_specialty": "3",
    "weight_language": "2",
    "weight_overlap": "2",
    "weight_year_gap": "1",
    "weight_modality": "1",
    "weight_request": "3",
}


def test_it_shows_the_outcome_of_draft_weights(client_for, people):
    cycle = make_cycle(by=people.coordinator)
    enroll(cycle, make_student(1), "mentee")
    enroll(cycle, make_student(1, availability=MORNINGS), "mentee")
    enroll(cycle, make_student(3), "mentor", capacity=1)
    response = client_for("coordinator").post(
        f"/mentoring/cycles/{cycle.pk}/weights/preview/", WEIGHTS, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    stats = response.context["preview"][0]["stats"]
    assert (stats["matched"], stats["unmatched"], stats["mentees"]) == (1, 1, 2)
    assert stats["mean_common_hours"] == 8.0 and stats["mean_score"] > 0
    assert b'id="preview"' in response.content and b"<html" not in response.content
    cycle.refresh_from_db()
    assert cycle.weights["specialty"] == 3.0
    assert not ProposedPair.objects.exists() and not MatchRun.objects.exists()


def test_weights_change_the_outcome(client_for, people):
    cycle = make_cycle(by=people.coordinator)
    enroll(cycle, make_student(1, specialties=("Pediatrics",)), "mentee")
    enroll(cycle, make_student(3, specialties=("Pediatrics",), availability={"fri": ["10:00-11:00"]}), "mentor")
    enroll(cycle, make_student(3), "mentor")  # no shared interest, but every evening in common
    client = client_for("coordinator")
    url = f"/mentoring/cycles/{cycle.pk}/weights/preview/"
    career = client.post(url, {**WEIGHTS, "weight_specialty": "10", "weight_overlap": "0"}).context["preview"]
    hours = client.post(url, {**WEIGHTS, "weight_specialty": "0", "weight_overlap": "10"}).context["preview"]
    assert career[0]["stats"]["mean_common_hours"] == 0.0
    assert hours[0]["stats"]["mean_common_hours"] == 8.0


def test_bad_weights_get_a_message(client_for, people):
    cycle = make_cycle(by=people.coordinator)
    response = client_for("coordinator").post(
        f"/mentoring/cycles/{cycle.pk}/weights/preview/", {**WEIGHTS, "weight_language": "eleven"}
    )
    assert b"Each weight must be a number from 0 to 10" in response.content


def test_saving_the_weights(client_for, people):
    cycle = make_cycle(by=people.coordinator)
    page = client_for("coordinator").get(f"/mentoring/cycles/{cycle.pk}/weights/?preset=language")
    assert page.context["form"].initial["weight_language"] == 6
    response = client_for("coordinator").post(
        f"/mentoring/cycles/{cycle.pk}/weights/",
        {**WEIGHTS, "weight_language": "6", "weight_specialty": "1", "weight_request": "2"},
    )
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.weights["language"] == 6.0 and cycle.weights_preset == "language"


def test_the_demo_sized_cohort_previews_quickly(client_for, people):
    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.MATCHING)
    make_cohort(cycle, mentees=600, mentors=150, capacity=4)
    client = client_for("coordinator")
    started = time.perf_counter()
    response = client.post(f"/mentoring/cycles/{cycle.pk}/weights/preview/", WEIGHTS)
    elapsed = time.perf_counter() - started
    assert response.context["preview"][0]["stats"]["matched"] == 600
    assert elapsed < 10, elapsed  # about 1 s on a laptop; generous for busy CI machines


@pytest.mark.parametrize("role", ["ms1", "ms3", "faculty", "wellbeing"])
def test_only_coordinators_preview(client_for, people, role):
    cycle = make_cycle(by=people.coordinator)
    assert client_for(role).post(f"/mentoring/cycles/{cycle.pk}/weights/preview/", WEIGHTS).status_code == 403
    assert client_for(role).get(f"/mentoring/cycles/{cycle.pk}/weights/").status_code == 403
