"""The pair page: who sees it, what each side sees, and its query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from huddle.accounts.models import Visibility
from tests.mentoring.pair_fixtures import add_check_in, add_goal, add_meeting, make_student, standard_pair

NOTES = "Talked about the breakup and the shelf exam"


@pytest.fixture
def pair(people):
    return standard_pair(people)


def url(pair):
    return reverse("mentoring:pair_detail", args=[pair.pk])


def test_it_shows_the_mentee_their_mentor_and_why(client_for, pair):
    response = client_for("ms1").get(url(pair))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your mentor: Sam Sato" in html
    assert "You asked to be paired with Sam Sato." in html
    assert "You are both interested in Cardiology and Pediatrics." in html
    assert "Your mentor is 2 years ahead of you." in html
    assert "ask your administrator" not in html.lower()


def test_it_words_the_reasons_from_the_mentors_side(client_for, pair):
    html = client_for("ms3").get(url(pair)).content.decode()
    assert "Your mentee: Alice Ames" in html
    assert "Alice Ames asked to be paired with you." in html
    assert "You are 2 years ahead of your mentee." in html


def test_it_shows_the_pair_their_private_notes(client_for, people, pair):
    add_meeting(pair, by=people.ms1, notes=NOTES)
    for role in ("ms1", "ms3"):
        assert NOTES in client_for(role).get(url(pair)).content.decode()


def test_it_respects_the_partners_profile_visibility(client_for, people, pair):
    profile = people.ms3.profile
    profile.bio = "I love teaching anatomy."
    profile.pronouns = "he/him"
    profile.visibility = {**profile.visibility, "bio": Visibility.ONLY_ME, "pronouns": Visibility.STAFF}
    profile.save()
    html = client_for("ms1").get(url(pair)).content.decode()
    assert "I love teaching anatomy." not in html
    assert "he/him" not in html
    assert "MS3" in html  # class year stays visible to everyone


@pytest.mark.parametrize("role", ["ms3_outsider", "faculty", "wellbeing"])
def test_it_hides_the_pair_from_everyone_else(client_for, client, people, pair, role):
    if role == "ms3_outsider":
        client.force_login(make_student(3))
        response = client.get(url(pair))
    else:
        response = client_for(role).get(url(pair))
    assert response.status_code == 404


def test_it_sends_a_visitor_to_sign_in(client, pair):
    response = client.get(url(pair))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_never_shows_meeting_notes_to_a_coordinator(client_for, people, pair):
    add_meeting(pair, by=people.ms1, notes=NOTES)
    add_check_in(pair, by=people.ms1, rating=2, comment="We keep missing each other")
    response = client_for("coordinator").get(url(pair))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Coordinator view" in html
    assert NOTES not in html
    assert "Away rotations" not in html  # the meeting's free-text topic is the pair's too
    assert "We keep missing each other" in html
    assert "2/5" in html
    assert "1 meeting" in html


def _fill(pair, people, *, scale):
    for k in range(3 * scale):
        add_meeting(pair, by=people.ms1, notes=f"note {k}")
    for k in range(scale):
        add_goal(pair, title=f"Goal {k}", milestones=5, done=k % 5)
    for k in range(2 * scale):
        add_check_in(pair, by=people.ms1 if k % 2 else people.ms3, days_ago=k + 1)


def _count(client, path):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


# The planned next meeting is its own row now (one query more than before it had a calendar UID).
@pytest.mark.parametrize(("role", "pinned"), [("ms1", 15), ("coordinator", 13)])
def test_its_query_count_does_not_grow_with_activity(
    client_for, people, pair, role, pinned, django_assert_max_num_queries
):
    client = client_for(role)
    client.get(url(pair))  # the first request of a session does its one-off work (two-factor check)
    _fill(pair, people, scale=1)
    small = _count(client, url(pair))
    _fill(pair, people, scale=10)
    with django_assert_max_num_queries(min(small, pinned)):
        response = client.get(url(pair))
    assert response.content.decode().count("<tr>") > 30
