"""The home page answers each persona and sends a visitor to sign in."""

import pytest


@pytest.mark.parametrize("role", ["ms1", "ms3", "faculty", "coordinator", "wellbeing"])
def test_it_shows_home_to_each_role(client_for, role):
    response = client_for(role).get("/")
    assert response.status_code == 200
    assert b"Welcome" in response.content


def test_it_sends_a_visitor_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_header_names_the_school_only_when_one_is_set(client, settings):
    settings.HUDDLE_SCHOOL_NAME = settings.PRODUCT_NAME
    page = client.get("/wellbeing/crisis/").content.decode()
    assert "brand-school" not in page and "peer support for medical schools" in page
    settings.HUDDLE_SCHOOL_NAME = "Lakeside School of Medicine"
    page = client.get("/wellbeing/crisis/").content.decode()
    assert "· Lakeside School of Medicine" in page and "peer support for Lakeside School of Medicine" in page
