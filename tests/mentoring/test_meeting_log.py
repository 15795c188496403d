"""Logging a meeting: dates, duration, modality, topics, private notes, htmx."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from huddle.lib.errors import HuddleError
from huddle.mentoring.models import Meeting, Mentorship
from huddle.mentoring.pairs import services as pairs_services
from tests.mentoring.pair_fixtures import make_student, standard_pair


@pytest.fixture
def pair(people):
    return standard_pair(people)


def url(pair):
    return reverse("mentoring:pair_meeting_log", args=[pair.pk])


def pair_url(pair):
    return reverse("mentoring:pair_detail", args=[pair.pk])


def form(**overrides):
    data = {
        "meeting-met_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "meeting-duration_minutes": "45",
        "meeting-modality": "in_person",
        "meeting-focus_topics": ["career", "research"],
        "meeting-other_topics": "Away rotations, CV",
        "meeting-private_notes": "We talked about the match.",
    }
    data.update(overrides)
    return data


def test_it_logs_a_meeting(client_for, people, pair):
    response = client_for("ms3").post(url(pair), form())
    assert response.status_code == 302
    meeting = Meeting.objects.get(mentorship=pair)
    assert meeting.duration_minutes == 45
    assert meeting.modality == "in_person"
    assert meeting.topics == ["career", "research", "Away rotations", "CV"]
    assert meeting.private_notes == "We talked about the match."
    assert meeting.logged_by == people.ms3


def test_it_updates_the_meeting_list_in_place_for_htmx(client_for, pair):
    response = client_for("ms1").post(url(pair), form(), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="meetings"')
    assert "<html" not in html
    assert "Meeting logged." in html
    assert "Career and specialty, Research, Away rotations, CV" in html
    # The status at a glance moves on out of band.
    assert 'id="glance" class="pair-glance" hx-swap-oob="true"' in html
    assert "No meeting yet" not in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("meeting-met_on", "tomorrow", "Enter a valid date."),
        ("meeting-duration_minutes", "4", "greater than or equal to 5"),
        ("meeting-duration_minutes", "601", "less than or equal to 600"),
        ("meeting-modality", "carrier pigeon", "Select a valid choice."),
        ("meeting-focus_topics", ["gossip"], "Select a valid choice."),
    ],
)
def test_it_refuses_bad_input_with_a_message_on_the_field(client_for, pair, field, value, message):
    response = client_for("ms1").post(url(pair), form(**{field: value}), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Meeting.objects.exists()


def test_it_refuses_a_date_in_the_future(client_for, pair):
    tomorrow = (timezone.localdate() + timedelta(days=2)).isoformat()
    response = client_for("ms1").post(url(pair), form(**{"meeting-met_on": tomorrow}))
    assert response.status_code == 200
    assert "The meeting date cannot be in the future." in response.content.decode()
    assert not Meeting.objects.exists()


def test_it_refuses_a_date_before_the_pairing_started(client_for, pair):
    before = (pair.started_at - timedelta(days=3)).date().isoformat()
    response = client_for("ms1").post(url(pair), form(**{"meeting-met_on": before}))
    assert "cannot be before the pairing started" in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_service_refuses_too_many_free_topics(people, pair):
    with pytest.raises(HuddleError) as refused:
        pairs_services.meeting_topics(focus_areas=[], other=",".join(f"t{k}" for k in range(9)))
    assert refused.value.field == "other_topics"


def test_the_service_checks_the_duration_too(people, pair):
    with pytest.raises(HuddleError) as refused:
        pairs_services.meeting_log(
            mentorship=pair,
            by=people.ms1,
            met_on=timezone.localdate(),
            duration_minutes=700,
            modality="phone",
            topics=[],
        )
    assert refused.value.field == "duration_minutes"


def test_it_refuses_someone_outside_the_pair(client, client_for, pair):
    client.force_login(make_student())
    assert client.post(url(pair), form()).status_code == 404
    assert client_for("coordinator").post(url(pair), form()).status_code == 403
    assert not Meeting.objects.exists()


def test_it_refuses_a_pair_that_has_ended(client_for, pair):
    Mentorship.objects.filter(pk=pair.pk).update(status=Mentorship.Status.COMPLETED)
    client = client_for("ms1")
    response = client.post(url(pair), form(), follow=True)
    assert "This pairing has ended; it can no longer be changed." in response.content.decode()
    assert client.post(url(pair), form(), HTTP_HX_REQUEST="true")["HX-Redirect"] == pair_url(pair)
    assert not Meeting.objects.exists()


def test_it_only_allows_post(client_for, pair):
    assert client_for("ms1").get(url(pair)).status_code == 405
