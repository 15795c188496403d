"""Five failed sign-ins for one address lock it for 15 minutes.

ACCOUNT_RATE_LIMITS["login_failed"] is "20/15m/ip,5/15m/key"; the counters
live in the shared database cache, so every web worker sees the same count.
"""

from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.test import Client
from django.urls import reverse

from tests.personas import PASSWORD

LOCKED = "Too many failed login attempts. Try again later."


def _sign_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_it_signs_a_student_in_with_the_right_password(people, client):
    response = _sign_in(client, people.ms1.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_it_refuses_a_wrong_password_with_a_clear_message(people, client):
    response = _sign_in(client, people.ms1.email, "not the password")
    assert response.status_code == 200
    assert b"not correct" in response.content
    assert "_auth_user_id" not in client.session


def test_it_locks_the_address_after_five_failures_even_for_the_right_password(people, client):
    for _attempt in range(5):
        response = _sign_in(client, people.ms1.email, "not the password")
        assert LOCKED not in response.content.decode()
    response = _sign_in(client, people.ms1.email, PASSWORD)
    assert response.status_code == 200
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_counts_the_address_whatever_its_case(people, client):
    for _attempt in range(5):
        _sign_in(client, people.ms1.email.upper(), "not the password")
    response = _sign_in(client, people.ms1.email, PASSWORD)
    assert LOCKED in response.content.decode()


def test_it_leaves_another_account_unaffected(people, client):
    for _attempt in range(5):
        _sign_in(client, people.ms1.email, "not the password")
    response = _sign_in(client, people.ms3.email, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(people.ms3.pk)


def test_it_keeps_the_count_in_the_shared_cache(people, client):
    assert isinstance(caches["default"], DatabaseCache)
    for _attempt in range(5):
        _sign_in(client, people.ms1.email, "not the password")
    # A fresh client (another browser, another worker) is refused as well.
    response = _sign_in(Client(), people.ms1.email, PASSWORD)
    assert LOCKED in response.content.decode()
