"""Check-ins: a 1-5 rating and a comment only coordinators read."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from huddle.lib.errors import HuddleError
from huddle.mentoring.models import CheckIn, Mentorship
from huddle.mentoring.pairs import services as pairs_services
from tests.mentoring.pair_fixtures import add_check_in, add_meeting, make_student, standard_pair

SECRET = "My mentor keeps cancelling at the last minute"


@pytest.fixture
def pair(people):
    return standard_pair(people)


def url(pair):
    return reverse("mentoring:pair_check_in", args=[pair.pk])


def page(pair):
    return reverse("mentoring:pair_detail", args=[pair.pk])


def test_it_says_on_the_form_who_reads_the_comment(client_for, pair):
    html = client_for("ms1").get(page(pair)).content.decode()
    assert "Visible to program coordinators only" in html


def test_either_side_checks_in(client_for, people, pair):
    client_for("ms1").post(url(pair), {"checkin-rating": "4", "checkin-comment": ""})
    client_for("ms3").post(url(pair), {"checkin-rating": "5", "checkin-comment": "Great"})
    assert sorted(CheckIn.objects.values_list("by_id", "rating")) == sorted(
        [(people.ms1.pk, 4), (people.ms3.pk, 5)]
    )


def test_the_partner_never_sees_the_comment_but_coordinators_do(client_for, people, pair):
    client_for("ms1").post(url(pair), {"checkin-rating": "2", "checkin-comment": SECRET})
    assert SECRET in client_for("ms1").get(page(pair)).content.decode()
    partner_html = client_for("ms3").get(page(pair)).content.decode()
    assert SECRET not in partner_html
    assert "2/5" not in partner_html
    assert SECRET in client_for("coordinator").get(page(pair)).content.decode()


def test_it_updates_the_status_at_a_glance_for_htmx(client_for, people, pair):
    Mentorship.objects.filter(pk=pair.pk).update(started_at=timezone.now() - timedelta(days=40))
    add_meeting(pair, by=people.ms1)
    add_check_in(pair, by=people.ms1, days_ago=30)
    client = client_for("ms1")
    assert "Needs a check-in" in client.get(page(pair)).content.decode()
    html = client.post(url(pair), {"checkin-rating": "5"}, HTTP_HX_REQUEST="true").content.decode()
    assert html.lstrip().startswith('<section id="check_in"')
    assert "Thank you for checking in." in html
    assert "On track" in html and 'hx-swap-oob="true"' in html


@pytest.mark.parametrize("rating", ["0", "6", "", "five"])
def test_it_refuses_a_rating_outside_1_to_5(client_for, pair, rating):
    response = client_for("ms1").post(url(pair), {"checkin-rating": rating}, HTTP_HX_REQUEST="true")
    assert "errorlist" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_the_service_refuses_a_bad_rating_too(people, pair):
    with pytest.raises(HuddleError) as refused:
        pairs_services.check_in_create(mentorship=pair, by=people.ms1, rating=9)
    assert refused.value.field == "rating"


def test_it_refuses_a_second_check_in_the_same_day(client_for, pair):
    client = client_for("ms3")
    client.post(url(pair), {"checkin-rating": "4"})
    response = client.post(url(pair), {"checkin-rating": "3"}, HTTP_HX_REQUEST="true")
    assert "You already checked in today." in response.content.decode()
    assert CheckIn.objects.count() == 1


def test_it_refuses_someone_outside_the_pair(client, client_for, pair):
    client.force_login(make_student())
    assert client.post(url(pair), {"checkin-rating": "1"}).status_code == 404
    assert client_for("coordinator").post(url(pair), {"checkin-rating": "1"}).status_code == 403
    assert not CheckIn.objects.exists()
