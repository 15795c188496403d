"""The same form sent twice — a double click, a retried request, two tabs — records one row.

Each create form carries a one-time token; the service keeps it on the row
under a unique constraint, behind the pair's row lock (a probe found three
identical meeting logs making three rows).
"""

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from huddle.mentoring.models import Goal, Meeting, Milestone
from huddle.mentoring.pairs import services as pairs_services
from tests.mentoring.pair_fixtures import standard_pair
from tests.race import race


@pytest.fixture
def pair(people):
    return standard_pair(people)


def _meeting_form(token: str) -> dict[str, str]:
    return {
        "meeting-submission": token,
        "meeting-met_on": timezone.localdate().isoformat(),
        "meeting-duration_minutes": "30",
        "meeting-modality": "virtual",
        "meeting-private_notes": "Talked about Step 1",
    }


def test_three_identical_meeting_logs_make_one_meeting(client_for, pair):
    client = client_for("ms1")
    token = str(uuid.uuid4())
    for _ in range(3):
        assert (
            client.post(reverse("mentoring:pair_meeting_log", args=[pair.pk]), _meeting_form(token)).status_code == 302
        )
    assert Meeting.objects.filter(mentorship=pair).count() == 1
    # A new form (a new token) is a new meeting.
    client.post(reverse("mentoring:pair_meeting_log", args=[pair.pk]), _meeting_form(str(uuid.uuid4())))
    assert Meeting.objects.filter(mentorship=pair).count() == 2


def test_identical_goals_and_milestones_are_made_once(client_for, pair):
    client = client_for("ms3")
    token = str(uuid.uuid4())
    for _ in range(2):
        client.post(
            reverse("mentoring:pair_goal_create", args=[pair.pk]),
            {"goal-submission": token, "goal-title": "Shadow a cardiologist"},
        )
    goal = Goal.objects.get(mentorship=pair)
    milestone = {f"ms{goal.pk}-submission": token, f"ms{goal.pk}-title": "E-mail the clinic"}
    for _ in range(2):
        client.post(reverse("mentoring:pair_milestone_create", args=[pair.pk, goal.pk]), milestone)
    assert Milestone.objects.filter(goal=goal).count() == 1


def test_the_form_gives_each_drawing_a_fresh_token(client_for, pair):
    html = client_for("ms1").get(reverse("mentoring:pair_detail", args=[pair.pk])).content.decode()
    again = client_for("ms1").get(reverse("mentoring:pair_detail", args=[pair.pk])).content.decode()
    token = html.split('name="meeting-submission" value="')[1][:36]
    assert uuid.UUID(token) and token not in again


@pytest.mark.django_db(transaction=True)
def test_simultaneous_identical_submissions_make_one_meeting(people):
    pair = standard_pair(people)
    token = uuid.uuid4()

    def log() -> Meeting:
        return pairs_services.meeting_log(
            mentorship=pair,
            by=people.ms1,
            met_on=timezone.localdate(),
            duration_minutes=30,
            modality="virtual",
            topics=[],
            submission=token,
        )

    outcomes = race([log, log, log])
    assert outcomes == ["ok", "ok", "ok"]
    assert Meeting.objects.filter(mentorship=pair).count() == 1
