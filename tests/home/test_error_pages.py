"""Friendly error pages that never show a traceback."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from huddle import urls
from huddle.home import views

TRACEBACK_HINTS = ["Traceback", 'File "', "django.", "Exception", "DEBUG"]


@pytest.fixture
def production(settings):
    settings.DEBUG = False


def _no_traceback(content: str) -> None:
    for hint in TRACEBACK_HINTS:
        assert hint not in content


def test_it_points_django_at_huddles_handlers():
    assert urls.handler400 == "huddle.home.views.bad_request"
    assert urls.handler403 == "huddle.home.views.permission_denied"
    assert urls.handler404 == "huddle.home.views.page_not_found"
    assert urls.handler500 == "huddle.home.views.server_error"


def test_it_shows_the_404_page(production, people, client_for):
    response = client_for("ms1").get("/no/such/page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Page not found" in content
    assert 'class="skip-link"' in content  # inside Huddle's layout
    _no_traceback(content)


def test_it_shows_the_404_page_to_a_visitor(production, db, client):
    response = client.get("/wellbeing/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_it_shows_the_403_page(production, people, client_for):
    response = client_for("ms1").get(reverse("audit:log"))
    assert response.status_code == 403
    content = response.content.decode()
    assert "Not allowed" in content
    assert "ask your program coordinator" in content
    _no_traceback(content)


def test_it_shows_the_400_page_for_a_bad_host(production, db, client):
    response = client.get("/", headers={"host": "evil.example"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Bad request" in content
    _no_traceback(content)
    assert "evil.example" not in content


def test_it_renders_the_500_page_without_the_database(production):
    # No db fixture: pytest-django would fail this test on any query.
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    content = response.content.decode()
    assert "Something went wrong" in content
    assert 'href="tel:988"' in content
    _no_traceback(content)


def test_it_answers_an_unhandled_error_with_the_500_page(production, db, settings):
    settings.ROOT_URLCONF = "tests.home.urls_with_failing_view"
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    content = response.content.decode()
    assert "Something went wrong" in content
    _no_traceback(content)
    assert "secret detail" not in content
