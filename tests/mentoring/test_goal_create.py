"""Goals and milestones: adding them, ticking them, progress."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from huddle.mentoring.models import Goal, Milestone
from huddle.mentoring.pairs.selectors import pair_goals
from tests.mentoring.pair_fixtures import add_goal, make_pair, make_student, standard_pair


@pytest.fixture
def pair(people):
    return standard_pair(people)


def goal_url(pair):
    return reverse("mentoring:pair_goal_create", args=[pair.pk])


def test_it_adds_a_goal(client_for, pair):
    due = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = client_for("ms1").post(
        goal_url(pair), {"goal-title": "  Shadow in two clinics ", "goal-focus_area": "career", "goal-due_on": due}
    )
    assert response.status_code == 302
    goal = Goal.objects.get(mentorship=pair)
    assert goal.title == "Shadow in two clinics"
    assert goal.focus_area == "career"
    assert goal.due_on.isoformat() == due


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"goal-title": ""}, "This field is required."),
        ({"goal-title": "x" * 201}, "at most 200 characters"),
        ({"goal-title": "Ok", "goal-focus_area": "fame"}, "Select a valid choice."),
        ({"goal-title": "Ok", "goal-due_on": "2001-01-01"}, "The due date cannot be in the past."),
    ],
)
def test_it_refuses_a_bad_goal(client_for, pair, data, message):
    response = client_for("ms3").post(goal_url(pair), data, HTTP_HX_REQUEST="true")
    assert message in response.content.decode()
    assert not Goal.objects.exists()


def test_it_adds_a_milestone_and_shows_the_goals_in_place(client_for, pair):
    goal = add_goal(pair, milestones=0)
    url = reverse("mentoring:pair_milestone_create", args=[pair.pk, goal.pk])
    response = client_for("ms1").post(url, {f"ms{goal.pk}-title": "Pick a question bank"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="goals"')
    assert "Pick a question bank" in html
    assert Milestone.objects.get(goal=goal).title == "Pick a question bank"


def test_it_says_which_milestone_form_was_wrong(client_for, pair):
    goal = add_goal(pair, milestones=0)
    url = reverse("mentoring:pair_milestone_create", args=[pair.pk, goal.pk])
    html = client_for("ms1").post(url, {f"ms{goal.pk}-title": ""}, HTTP_HX_REQUEST="true").content.decode()
    assert f'id="ms{goal.pk}-title"' in html
    assert 'aria-invalid="true"' in html
    assert "This field is required." in html


def test_it_ticks_and_unticks_a_milestone(client_for, pair):
    goal = add_goal(pair, milestones=4, done=1)
    second = goal.milestones.order_by("id")[1]
    url = reverse("mentoring:pair_milestone_done", args=[pair.pk, second.pk])
    client = client_for("ms3")
    html = client.post(url, {"done": "1"}, HTTP_HX_REQUEST="true").content.decode()
    second.refresh_from_db()
    assert second.done_at is not None
    assert "2 of 4 milestones done (50%)" in html
    client.post(url, {"done": "0"}, HTTP_HX_REQUEST="true")
    second.refresh_from_db()
    assert second.done_at is None


def test_it_computes_progress_per_goal(pair):
    add_goal(pair, title="A", milestones=3, done=1)
    add_goal(pair, title="B", milestones=0)
    views = pair_goals(mentorship=pair)
    assert [(g.done, g.total, g.percent) for g in views] == [(1, 3, 33), (0, 0, 0)]


def test_it_refuses_a_milestone_of_another_pairs_goal(client_for, people, pair):
    other = make_pair(cycle=pair.cycle, mentee=make_student(), mentor=people.ms3)
    foreign = add_goal(other, milestones=1)
    milestone = foreign.milestones.get()
    done_url = reverse("mentoring:pair_milestone_done", args=[pair.pk, milestone.pk])
    assert client_for("ms1").post(done_url, {"done": "1"}).status_code == 404
    add_url = reverse("mentoring:pair_milestone_create", args=[pair.pk, foreign.pk])
    assert client_for("ms1").post(add_url, {f"ms{foreign.pk}-title": "x"}).status_code == 404
    milestone.refresh_from_db()
    assert milestone.done_at is None


def test_it_refuses_goals_from_outside_the_pair(client, pair):
    client.force_login(make_student())
    assert client.post(goal_url(pair), {"goal-title": "Mine now"}).status_code == 404
    assert not Goal.objects.exists()
