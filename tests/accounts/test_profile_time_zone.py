"""The browser's time zone: a suggestion while the profile still has the school default."""

from huddle.accounts.models import Profile

URL = "/people/me/time-zone/"


def test_it_suggests_the_browsers_zone_while_the_profile_has_the_default(client_for, people):
    client = client_for("ms1")
    response = client.post(URL, {"time_zone": "America/Denver"})
    assert response.json() == {"time_zone": "America/Denver", "suggest": True}
    assert client.session["tz"] == "America/Denver"
    # Only a suggestion: the profile changes when the person saves it.
    assert Profile.objects.get(user=people.ms1).time_zone == "America/New_York"


def test_it_keeps_a_zone_the_person_chose(client_for, people):
    Profile.objects.filter(user=people.ms1).update(time_zone="Europe/Berlin")
    client = client_for("ms1")
    response = client.post(URL, {"time_zone": "America/Denver"})
    assert response.json() == {"time_zone": "Europe/Berlin", "suggest": False}
    assert client.session["tz"] == "Europe/Berlin"


def test_it_refuses_an_unknown_zone(client_for):
    response = client_for("ms1").post(URL, {"time_zone": "Nowhere/Land"})
    assert response.status_code == 400
    assert "Time zone" in response.json()["error"]


def test_it_only_accepts_post_from_a_signed_in_person(client, client_for):
    assert client_for("ms1").get(URL).status_code == 405
    assert client.post(URL, {"time_zone": "America/Denver"}).status_code == 302


def test_the_profile_form_offers_the_suggestion_hook(client_for):
    html = client_for("ms1").get("/people/me/").content.decode()
    assert 'data-tz-detect data-default-tz="America/New_York"' in html
    assert 'data-url="/people/me/time-zone/"' in html
