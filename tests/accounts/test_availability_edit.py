"""Painting your weekly availability: the grid, the hidden string and the no-script boxes."""


import re

import pytest

from huddle.accounts.availability import block_string, from_ranges, hours_per_week
from huddle.accounts.models import Profile

URL = "/people/me/availability/"


def week_string(**ranges: list[str]) -> str:
    return block_string(from_ranges(ranges))


def test_it_shows_a_7_by_48_grid_in_the_owners_zone(client_for, people):
    Profile.objects.filter(user=people.ms1).update(
        time_zone="America/Los_Angeles", availability=from_ranges({"mon": ["18:00-19:00"]})
    )
    response = client_for("ms1").get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    blocks = re.findall(r'data-block="(\d+)"', html)
    assert sorted(map(int, blocks)) == list(range(336))
    assert '<th scope="row">18:00</th>' in html
    assert '<th scope="col">Monday</th>' in html
    assert 'aria-label="Monday 18:00–18:30" checked' in html
    assert 'aria-label="Monday 19:00–19:30">' in html  # not checked
    assert "America/Los_Angeles" in html
    assert "1 hour" in html
    assert "Save availability" in html
    assert "Copy Monday to weekdays" in html and "Clear all" in html


def test_it_saves_the_grid_string(client_for, people):
    value = week_string(mon=["18:00-21:00"], sat=["09:00-10:30"])
    response = client_for("ms1").post(URL, {"availability": value, "visibility_availability": "staff"}, follow=True)
    assert "Your availability is saved." in response.content.decode()
    profile = Profile.objects.get(user=people.ms1)
    assert block_string(profile.availability) == value
    assert hours_per_week(profile.availability) == 4.5
    assert profile.visibility_of("availability") == "staff"


def test_it_saves_the_checkboxes_when_scripts_are_off(client_for, people):
    response = client_for("ms1").post(URL, {"b": ["36", "37", "335"], "visibility_availability": "everyone"})
    assert response.status_code == 302
    week = block_string(Profile.objects.get(user=people.ms1).availability)
    assert [i for i, c in enumerate(week) if c == "1"] == [36, 37, 335]


def test_it_clears_the_week_when_nothing_is_checked(client_for, people):
    Profile.objects.filter(user=people.ms1).update(availability=from_ranges({"mon": ["09:00-10:00"]}))
    client_for("ms1").post(URL, {"visibility_availability": "everyone"})
    assert hours_per_week(Profile.objects.get(user=people.ms1).availability) == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"availability": "1" * 335}, "Weekly availability must be 336 characters of 0 and 1"),
        ({"availability": "2" * 336}, "Weekly availability must be 336 characters of 0 and 1"),
        ({"availability": ""}, "Weekly availability must be 336 characters of 0 and 1"),
        ({"b": ["336"]}, "Weekly availability: “336” is not a half-hour block between 0 and 335."),
        ({"b": ["-1"]}, "Weekly availability: “-1” is not a half-hour block"),
        ({"availability": "0" * 336, "visibility_availability": "world"}, "Who sees your availability: Choose"),
    ],
)
def test_it_refuses_a_bad_grid_naming_the_field_and_saves_nothing(client_for, people, data, message):
    before = from_ranges({"tue": ["12:00-13:00"]})
    Profile.objects.filter(user=people.ms1).update(availability=before)
    response = client_for("ms1").post(URL, {"visibility_availability": "only_me", **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    profile = Profile.objects.get(user=people.ms1)
    assert bytes(profile.availability) == before
    assert profile.visibility_of("availability") == "everyone"


def test_it_sends_a_visitor_to_sign_in(client):
    assert client.get(URL).status_code == 302
    assert client.post(URL, {"availability": "0" * 336}).status_code == 302


def test_its_query_count_is_fixed(client_for, django_assert_max_num_queries):
    client = client_for("ms1")
    client.get(URL)
    with django_assert_max_num_queries(5):
        assert client.get(URL).status_code == 200
