"""Ending a pairing: completed, completed early (with a reason), withdrawn (coordinators)."""

import pytest
from django.urls import reverse

from huddle.lib.errors import HuddleError
from huddle.mentoring.models import Meeting, Mentorship
from huddle.mentoring.pairs import services as pairs_services
from huddle.notifications.models import Notification
from tests.mentoring.pair_fixtures import make_pair, make_student, standard_pair


@pytest.fixture
def pair(people):
    return standard_pair(people)


def url(pair):
    return reverse("mentoring:pair_end", args=[pair.pk])


def test_the_mentee_completes_the_pairing_and_the_mentor_is_told(client_for, people, pair):
    response = client_for("ms1").post(url(pair), {"end-status": "completed", "end-reason": ""})
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == Mentorship.Status.COMPLETED
    assert pair.ended_at is not None
    note = Notification.objects.get(kind="mentoring.ended")
    assert note.user == people.ms3
    assert "Alice Ames" in note.title
    assert not Notification.objects.filter(user=people.ms1).exists()


def test_ending_early_needs_a_reason(client_for, pair):
    response = client_for("ms3").post(url(pair), {"end-status": "completed_early", "end-reason": "  "})
    assert response.status_code == 200
    assert "Reason is required." in response.content.decode()
    pair.refresh_from_db()
    assert pair.status == Mentorship.Status.ACTIVE


def test_the_reason_stays_with_coordinators(client_for, people, pair):
    reason = "Starting a research year abroad"
    client_for("ms3").post(url(pair), {"end-status": "completed_early", "end-reason": reason})
    pair.refresh_from_db()
    assert (pair.status, pair.end_reason) == (Mentorship.Status.COMPLETED_EARLY, reason)
    note = Notification.objects.get(user=people.ms1)
    assert reason not in note.title + note.body
    assert reason not in client_for("ms1").get(reverse("mentoring:pair_detail", args=[pair.pk])).content.decode()
    assert reason in client_for("coordinator").get(reverse("mentoring:pair_detail", args=[pair.pk])).content.decode()


def test_only_a_coordinator_marks_a_pairing_withdrawn(client_for, people, pair):
    response = client_for("ms1").post(url(pair), {"end-status": "withdrawn"})
    assert "Select a valid choice." in response.content.decode()
    with pytest.raises(HuddleError):
        pairs_services.mentorship_end(mentorship=pair, by=people.ms3, status="withdrawn")
    client_for("coordinator").post(url(pair), {"end-status": "withdrawn", "end-reason": "Left the program"})
    pair.refresh_from_db()
    assert pair.status == Mentorship.Status.WITHDRAWN
    assert set(Notification.objects.filter(kind="mentoring.ended").values_list("user_id", flat=True)) == {
        people.ms1.pk,
        people.ms3.pk,
    }


def test_an_ended_pairing_cannot_end_again_or_change(people, pair):
    pairs_services.mentorship_end(mentorship=pair, by=people.ms1, status="completed")
    with pytest.raises(HuddleError):
        pairs_services.mentorship_end(mentorship=pair, by=people.ms1, status="completed_early", reason="x")
    stale = Mentorship.objects.select_related("mentee", "mentor").get(pk=pair.pk)
    stale.status = Mentorship.Status.ACTIVE  # a page opened before the pair ended
    with pytest.raises(HuddleError, match="has ended"):
        pairs_services.meeting_log(
            mentorship=stale, by=people.ms1, met_on=pair.started_at.date(), duration_minutes=30,
            modality="phone", topics=[],
        )
    assert not Meeting.objects.exists()


def test_ending_frees_the_mentors_slot(people, pair):
    pairs_services.mentorship_end(mentorship=pair, by=people.ms3, status="completed")
    again = make_pair(cycle=pair.cycle, mentee=make_student(), mentor=people.ms3)
    assert again.slot == 1


def test_the_page_of_an_ended_pair_is_read_only(client_for, people, pair):
    pairs_services.mentorship_end(mentorship=pair, by=people.ms1, status="completed")
    html = client_for("ms3").get(reverse("mentoring:pair_detail", args=[pair.pk])).content.decode()
    assert "This pairing ended on" in html
    assert "Log a meeting" not in html
    assert "End this pairing" not in html


def test_outsiders_cannot_end_a_pairing(client, client_for, pair):
    client.force_login(make_student())
    assert client.post(url(pair), {"end-status": "completed"}).status_code == 404
    assert client_for("faculty").post(url(pair), {"end-status": "completed"}).status_code == 404
    pair.refresh_from_db()
    assert pair.status == Mentorship.Status.ACTIVE
