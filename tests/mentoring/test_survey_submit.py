"""The end-of-cycle survey: participants answer once, after the cycle closes."""

import pytest

from huddle.lib.errors import HuddleError
from huddle.mentoring.cycles import services as cycles_services
from huddle.mentoring.models import Cycle, SurveyResponse
from tests.mentoring.cycle_fixtures import enroll, make_cycle


def test_a_participant_answers_once(client_for, people):
    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.CLOSED)
    enroll(cycle, people.ms1, "mentee")
    client = client_for("ms1")
    assert b'name="rating"' in client.get(f"/mentoring/cycles/{cycle.pk}/survey/").content
    response = client.post(
        f"/mentoring/cycles/{cycle.pk}/survey/", {"rating": "4", "would_recommend": "yes", "comment": "Great"}
    )
    assert response.status_code == 302
    answer = SurveyResponse.objects.get()
    assert (answer.rating, answer.would_recommend, answer.side, answer.comment) == (4, True, "mentee", "Great")
    assert b"You have answered this survey" in client.get(f"/mentoring/cycles/{cycle.pk}/survey/").content
    with pytest.raises(HuddleError, match="already answered"):
        cycles_services.survey_submit(cycle=cycle, user=people.ms1, rating=5, would_recommend=True, comment="")
    summary = client_for("coordinator").get(f"/mentoring/cycles/{cycle.pk}/").context["survey"]
    assert (summary.responses, summary.mean_rating, summary.recommend_percent) == (1, 4.0, 100)


def test_it_waits_for_the_cycle_to_close(people):
    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.ACTIVE)
    enroll(cycle, people.ms1, "mentee")
    with pytest.raises(HuddleError, match="opens when the cycle closes"):
        cycles_services.survey_submit(cycle=cycle, user=people.ms1, rating=5, would_recommend=True, comment="")


def test_outsiders_cannot_answer(client_for, people):
    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.CLOSED)
    assert client_for("ms3").get(f"/mentoring/cycles/{cycle.pk}/survey/").status_code == 403
    with pytest.raises(HuddleError, match="participants"):
        cycles_services.survey_submit(cycle=cycle, user=people.ms3, rating=5, would_recommend=True, comment="")


def test_a_rating_must_be_one_to_five(client_for, people):
    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.CLOSED)
    enroll(cycle, people.ms1, "mentee")
    response = client_for("ms1").post(f"/mentoring/cycles/{cycle.pk}/survey/", {"rating": "9", "would_recommend": "no"})
    assert response.status_code == 200 and "rating" in response.context["form"].errors
    assert not SurveyResponse.objects.exists()
