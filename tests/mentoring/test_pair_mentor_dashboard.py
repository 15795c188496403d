"""The mentor's page: every mentee on one page; a mentee's mentors, one per tier."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from huddle.mentoring.models import PlannedMeeting, Tier
from huddle.mentoring.pairs import services as pairs_services
from tests.mentoring.pair_fixtures import add_check_in, add_meeting, make_cycle, make_pair, make_student

URL = reverse("mentoring:mentor_dashboard")


def test_a_mentor_sees_every_mentee_with_their_status(client_for, people):
    cycle = make_cycle(by=people.coordinator)
    long_ago = timezone.now() - timedelta(days=40)
    on_track = make_pair(cycle=cycle, mentee=make_student(), mentor=people.ms3)
    add_meeting(on_track, by=people.ms3)
    add_check_in(on_track, by=people.ms3, days_ago=2)
    PlannedMeeting.objects.create(
        mentorship=on_track, starts_at=timezone.now() + timedelta(days=3), planned_by=people.ms3
    )
    due = make_pair(cycle=cycle, mentee=make_student(), mentor=people.ms3, started_at=long_ago)
    add_meeting(due, by=people.ms3, met_on=timezone.localdate() - timedelta(days=30))
    add_check_in(due, by=due.mentee.user, days_ago=1)  # the mentee's check-in does not count for Sam
    not_met = make_pair(cycle=cycle, mentee=make_student(), mentor=people.ms3)

    html = client_for("ms3").get(URL).content.decode()
    assert "Your 3 mentees" in html
    for pair, status in ((on_track, "On track"), (due, "Needs a check-in"), (not_met, "No meeting yet")):
        name = pair.mentee.user.get_full_name()
        row = html[html.index(name) :].split("</tr>")[0]
        assert status in row
    assert reverse("mentoring:pair_detail", args=[not_met.pk]) in html


def test_a_mentee_sees_a_faculty_and_a_peer_mentor(client_for, people):
    cycle = make_cycle(by=people.coordinator, two_tier=True)
    make_pair(cycle=cycle, mentee=people.ms1, mentor=people.faculty, tier=Tier.FACULTY)
    make_pair(cycle=cycle, mentee=people.ms1, mentor=people.ms3, tier=Tier.PEER)
    html = client_for("ms1").get(URL).content.decode()
    assert "Your mentors" in html
    assert "Fatima Farouk" in html and "Sam Sato" in html
    assert "Faculty mentor" in html and "Near-peer (senior student) mentor" in html


def test_ended_pairings_are_listed_apart(client_for, people):
    pair = make_pair(cycle=make_cycle(by=people.coordinator), mentee=people.ms1, mentor=people.ms3)
    pairs_services.mentorship_end(mentorship=pair, by=people.ms1, status="completed")
    html = client_for("ms3").get(URL).content.decode()
    assert "Past pairings" in html
    assert "Your mentee" not in html


def test_someone_without_a_pair_is_pointed_to_the_programs(client_for):
    html = client_for("faculty").get(URL).content.decode()
    assert "You have no mentoring pair yet." in html


def test_it_sends_a_visitor_to_sign_in(client):
    assert "/accounts/login/" in client.get(URL)["Location"]


def _mentees(people, cycle, n):
    for _ in range(n):
        pair = make_pair(cycle=cycle, mentee=make_student(), mentor=people.faculty)
        add_meeting(pair, by=people.faculty)
        add_meeting(pair, by=pair.mentee.user)
        add_check_in(pair, by=people.faculty)
        PlannedMeeting.objects.create(
            mentorship=pair, starts_at=timezone.now() + timedelta(days=2), planned_by=people.faculty
        )


@pytest.mark.django_db
def test_its_query_count_does_not_grow_with_mentees(client_for, people, django_assert_max_num_queries):
    cycle = make_cycle(by=people.coordinator)
    client = client_for("faculty")
    client.get(URL)
    _mentees(people, cycle, 1)
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    _mentees(people, cycle, 9)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(URL)
    assert response.content.decode().count("No meeting yet") == 0
    assert "Your 10 mentees" in response.content.decode()
    with django_assert_max_num_queries(6):
        client.get(URL)
