"""Every URL Huddle serves refuses an anonymous visitor, except the public ones.

The URLs are found by walking the resolver, not listed by hand, so a view
added without ``@login_required`` (or an API route without auth) fails here.
"""

from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import resolve
from django.urls.exceptions import Resolver404

from tests.home.urlwalk import Endpoint, endpoints

#: Pages a person must reach before signing in, by URL name.
PUBLIC = {
    # Signing in, and getting back in when locked out of a password.
    "account_login",
    "account_logout",
    "account_inactive",
    "account_signup",  # shows "invitation only"; sign-up itself is closed
    "account_email_verification_sent",
    "account_confirm_email",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "socialaccount_login_cancelled",
    "socialaccount_login_error",
    # Help must never sit behind a log-in.
    "wellbeing:crisis",
    # The language switch: the crisis and sign-in pages must be readable before signing in.
    "accounts:language",
    # The load balancer and the API's own documentation.
    "healthz",
    "api:openapi-json",
    "api:openapi-view",
}

LOGIN_PATHS = ("/accounts/login/", "/admin/login/")
REFUSED = {401, 403, 404, 405}


def _is_public(path: str) -> bool:
    try:
        return resolve(path).view_name in PUBLIC
    except Resolver404:
        return False


def _verdict(client: Client, method: str, endpoint: Endpoint) -> str | None:
    """None when the visitor is refused; otherwise what they got."""
    response = getattr(client, method)(endpoint.path, follow=True)
    for location, _status in response.redirect_chain:
        target = urlsplit(location).path
        if target.startswith(LOGIN_PATHS):
            return None
    if response.status_code in REFUSED:
        return None
    final_path = response.request["PATH_INFO"]
    if response.redirect_chain and _is_public(final_path):
        # Sent on to a public page (e.g. allauth's old /social/ addresses).
        return None
    return (
        f"{method.upper()} {endpoint.path} ({endpoint.name or endpoint.view}) → {response.status_code} at {final_path}"
    )


def _unprotected(client: Client, found: list[Endpoint]) -> list[str]:
    problems = []
    for endpoint in found:
        if endpoint.name in PUBLIC:
            continue
        for method in ("get", "post"):
            verdict = _verdict(client, method, endpoint)
            if verdict:
                problems.append(verdict)
    return problems


def test_it_can_fill_every_url_pattern(people):
    found, unfilled = endpoints(sample_int=people.ms1.pk)
    assert unfilled == []
    assert len(found) > 50


def test_it_refuses_an_anonymous_visitor_everywhere_but_the_public_pages(people, client):
    # Integer parameters get a real person's id, so a view that skipped its
    # access check would find something to show rather than a 404.
    found, _unfilled = endpoints(sample_int=people.ms1.pk)
    assert _unprotected(client, found) == []


def test_it_lists_only_public_pages_that_exist(people):
    found, _unfilled = endpoints(sample_int=people.ms1.pk)
    assert {endpoint.name for endpoint in found} >= PUBLIC


@pytest.mark.parametrize("name", sorted(PUBLIC - {"account_logout", "accounts:language"}))
def test_it_serves_the_public_pages_to_a_visitor(people, client, name):
    found, _unfilled = endpoints(sample_int=people.ms1.pk)
    path = next(endpoint.path for endpoint in found if endpoint.name == name)
    response = client.get(path)
    # The social-login error page answers 401 by design; the rest render.
    assert response.status_code in {200, 401}


def test_it_catches_a_view_shipped_without_login_required(people, client, settings):
    settings.ROOT_URLCONF = "tests.home.urls_with_unprotected_view"
    found, _unfilled = endpoints(sample_int=people.ms1.pk, urlconf=settings.ROOT_URLCONF)
    problems = _unprotected(client, found)
    assert problems == [
        f"GET /oops/{people.ms1.pk}/ (oops) → 200 at /oops/{people.ms1.pk}/",
        f"POST /oops/{people.ms1.pk}/ (oops) → 200 at /oops/{people.ms1.pk}/",
    ]


def test_it_sends_the_admin_sign_in_through_allauth(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("path", ["/api/me/", "/api/notifications/"])
def test_it_answers_401_to_the_api_without_a_session(client, path):
    assert client.get(path).status_code == 401
