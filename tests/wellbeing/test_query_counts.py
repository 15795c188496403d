"""Well-being pages read a fixed number of queries: a year of check-ins costs what one week does.

Every page reads the session, the person and their roles, and the header's
unread badge (4). The check-in page adds this week's answer and whether the
nudge is on; the trend page the year's check-ins; the stories page the
stories with their reaction counts, their themes and the viewer's own
reactions; the staff's totals page one read for the class-year table and one
for the weekly table (both as plain values).
"""

from datetime import timedelta

import pytest
from django.urls import reverse

from huddle.wellbeing.models import CheckIn, StoryReaction
from huddle.wellbeing.weeks import this_week
from tests.wellbeing.factories import bulk_checkins, make_story, make_students

pytestmark = pytest.mark.django_db

PAGES = {"checkin": 6, "trend": 5, "stories": 7, "aggregates": 6}


def _year_for(student) -> None:
    CheckIn.objects.bulk_create(
        CheckIn(student=student, week=this_week() - timedelta(weeks=n), burnout=1 + n % 5, stress=1 + n % 5)
        for n in range(52)
    )


def _count(client, url, django_assert_num_queries, expected):
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def test_the_check_in_and_trend_pages_do_not_grow_with_a_year_of_answers(people, client_for, django_assert_num_queries):
    client = client_for("ms1")
    client.get(reverse("home"))  # the first request of a session checks two-factor once
    for name in ("checkin", "trend"):
        _count(client, reverse(f"wellbeing:{name}"), django_assert_num_queries, PAGES[name])
    _year_for(people.ms1)
    for name in ("checkin", "trend"):
        _count(client, reverse(f"wellbeing:{name}"), django_assert_num_queries, PAGES[name])


def test_the_stories_page_does_not_grow_with_stories_or_reactions(people, client_for, django_assert_num_queries):
    client = client_for("ms1")
    client.get(reverse("home"))
    make_story(people.ms3)
    _count(client, reverse("wellbeing:stories"), django_assert_num_queries, PAGES["stories"])
    readers = make_students(5, 2)
    for n in range(15):
        story = make_story(people.ms3, anonymous=n % 2 == 0, title=f"Story {n}")
        StoryReaction.objects.bulk_create(StoryReaction(story=story, reader=r, kind="helped") for r in readers)
    _count(client, reverse("wellbeing:stories"), django_assert_num_queries, PAGES["stories"])


def test_the_totals_page_does_not_grow_with_weeks_of_check_ins(people, client_for, django_assert_num_queries):
    client = client_for("wellbeing")
    client.get(reverse("home"))
    url = reverse("wellbeing:aggregates") + "?weeks=52"
    _count(client, url, django_assert_num_queries, PAGES["aggregates"])
    students = make_students(15, 1)
    for n in range(52):
        bulk_checkins(students, burnout=1 + n % 5, week=this_week() - timedelta(weeks=n))
    _count(client, url, django_assert_num_queries, PAGES["aggregates"])


#: The front page reads nothing beyond what every page does; one story adds the
#: story, its themes and its reactions.
MORE_PAGES = {"home": 4, "story": 7}


def test_the_front_page_and_a_story_do_not_grow_with_answers_or_reactions(
    people, client_for, django_assert_num_queries
):
    client = client_for("ms1")
    client.get(reverse("home"))
    story = make_story(people.ms3, anonymous=True)
    urls = {"home": reverse("wellbeing:home"), "story": reverse("wellbeing:story", args=[story.pk])}
    for name, url in urls.items():
        _count(client, url, django_assert_num_queries, MORE_PAGES[name])
    _year_for(people.ms1)
    readers = make_students(12, 2)
    for kind in ("helped", "thanks"):
        StoryReaction.objects.bulk_create(StoryReaction(story=story, reader=r, kind=kind) for r in readers)
    for name, url in urls.items():
        _count(client, url, django_assert_num_queries, MORE_PAGES[name])
