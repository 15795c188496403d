"""The early fit check: asked once of each side, a "no" is a private, no-fault rematch."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from huddle.lib.errors import HuddleError
from huddle.mentoring.models import FitCheck, Mentorship, RematchRequest
from huddle.mentoring.pairs import services as pairs_services
from huddle.notifications.models import Notification
from tests.mentoring.pair_fixtures import add_meeting, standard_pair, without_tokens

PROMPT = "Is this a good fit?"
PRIVATE = "We have nothing to talk about and he is condescending"
THANKS = "Thanks — a coordinator will find you a new match; this is no-fault."


@pytest.fixture
def pair(people):
    return standard_pair(people)



def url(pair):
    return reverse("mentoring:pair_fit_check", args=[pair.pk])


def page(pair):
    return reverse("mentoring:pair_detail", args=[pair.pk])


def test_it_does_not_ask_before_the_first_meeting_or_three_weeks(client_for, pair):
    assert PROMPT not in client_for("ms1").get(page(pair)).content.decode()


def test_it_asks_both_sides_after_the_first_meeting(client_for, people, pair):
    add_meeting(pair, by=people.ms3)
    for role in ("ms1", "ms3"):
        assert PROMPT in client_for(role).get(page(pair)).content.decode()


def test_it_asks_after_three_weeks_without_a_meeting(client_for, pair):
    Mentorship.objects.filter(pk=pair.pk).update(started_at=timezone.now() - timedelta(days=22))
    assert PROMPT in client_for("ms1").get(page(pair)).content.decode()


def test_a_good_fit_closes_the_prompt_without_a_rematch(client_for, people, pair):
    add_meeting(pair, by=people.ms3)
    client = client_for("ms1")
    client.post(url(pair), {"fit-good_fit": "yes"})
    assert FitCheck.objects.get(by=people.ms1).good_fit is True
    assert not RematchRequest.objects.exists()
    assert PROMPT not in client.get(page(pair)).content.decode()


def test_not_a_good_fit_asks_coordinators_for_a_rematch_privately(
    client_for, people, pair, django_capture_on_commit_callbacks
):
    add_meeting(pair, by=people.ms3)
    partner = client_for("ms3")
    partner_before = without_tokens(partner.get(page(pair)).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("ms1").post(
            url(pair), {"fit-good_fit": "no", "fit-comment": PRIVATE}, HTTP_HX_REQUEST="true"
        )
    assert THANKS in response.content.decode()
    request = RematchRequest.objects.get()
    assert (request.kind, request.requested_by, request.reason) == ("fit_check", people.ms1, PRIVATE)
    pair.refresh_from_db()
    assert pair.needs_rematch is True
    note = Notification.objects.get(user=people.coordinator, kind="mentoring.rematch")
    assert PRIVATE not in note.title + note.body
    assert note.url == page(pair)
    # Nobody in the pair is notified, and the partner's page reveals nothing.
    assert not Notification.objects.filter(user__in=[people.ms1, people.ms3]).exists()
    partner_after = without_tokens(partner.get(page(pair)).content.decode())
    assert partner_after == partner_before  # Sam's page is exactly as it was: still asked, nothing revealed.
    assert PROMPT in partner_after
    assert THANKS in client_for("ms1").get(page(pair)).content.decode()


def test_the_coordinator_sees_the_answer_and_comment(client_for, people, pair):
    add_meeting(pair, by=people.ms3)
    client_for("ms3").post(url(pair), {"fit-good_fit": "no", "fit-comment": PRIVATE})
    html = client_for("coordinator").get(page(pair)).content.decode()
    assert PRIVATE in html
    assert "not a good fit" in html
    assert "Needs a rematch" in html


def test_a_second_answer_from_another_tab_is_refused_with_a_message(client_for, people, pair):
    add_meeting(pair, by=people.ms3)
    client = client_for("ms1")
    assert client.post(url(pair), {"fit-good_fit": "yes"}, HTTP_HX_REQUEST="true").status_code == 200
    second = client.post(url(pair), {"fit-good_fit": "no", "fit-comment": "changed my mind"}, HTTP_HX_REQUEST="true")
    assert "You have already answered the fit check." in second.content.decode()
    assert FitCheck.objects.get().good_fit is True


def test_it_asks_only_once(people, pair):
    add_meeting(pair, by=people.ms3)
    pairs_services.fit_check_answer(mentorship=pair, by=people.ms1, good_fit=True)
    with pytest.raises(HuddleError, match="already answered"):
        pairs_services.fit_check_answer(mentorship=pair, by=people.ms1, good_fit=False)
    assert FitCheck.objects.count() == 1
    assert not RematchRequest.objects.exists()


def test_it_refuses_an_answer_before_the_check_opens(people, pair):
    with pytest.raises(HuddleError, match="opens after your first meeting"):
        pairs_services.fit_check_answer(mentorship=pair, by=people.ms1, good_fit=False)
    assert not FitCheck.objects.exists()


def test_it_requires_an_answer(client_for, people, pair):
    add_meeting(pair, by=people.ms3)
    response = client_for("ms1").post(url(pair), {"fit-comment": "hm"}, HTTP_HX_REQUEST="true")
    assert "This field is required." in response.content.decode()
    assert not FitCheck.objects.exists()
