"""Coordinators and well-being staff must use an authenticator app; students never."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.mfa.utils import decrypt
from django.test import Client
from django.urls import reverse

from huddle.accounts.adapters import MFAAdapter
from tests.personas import PASSWORD

SET_UP = "/accounts/2fa/totp/activate/"


def _without_totp(user):
    Authenticator.objects.filter(user=user).delete()
    return user


def _current_code(user) -> str:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.mark.parametrize("role", ["coordinator", "wellbeing"])
@pytest.mark.parametrize("path", ["/", "/notifications/", "/audit/", "/section/groups/"])
def test_it_sends_staff_without_an_authenticator_to_set_one_up(people, client_for, role, path):
    _without_totp(getattr(people, role))
    response = client_for(role).get(path)
    assert response.status_code == 302
    assert response["Location"] == SET_UP


def test_it_takes_a_new_coordinator_from_sign_in_to_the_set_up_page(people):
    _without_totp(people.coordinator)
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": people.coordinator.email, "password": PASSWORD}, follow=True
    )
    # allauth asks for the password once more before changing security settings.
    assert [url for url, _status in response.redirect_chain][:2] == ["/", SET_UP]
    reauthenticate = response.redirect_chain[-1][0]
    assert reauthenticate.startswith(reverse("account_reauthenticate"))
    response = client.post(reauthenticate, {"password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == SET_UP
    assert response.status_code == 200
    assert b'name="code"' in response.content


def test_it_keeps_the_crisis_page_reachable(people, client_for):
    _without_totp(people.wellbeing)
    response = client_for("wellbeing").get(reverse("wellbeing:crisis"))
    assert response.status_code == 200
    assert b"988" in response.content


def test_it_answers_the_api_with_403_not_a_redirect(people, client_for):
    _without_totp(people.coordinator)
    response = client_for("coordinator").get("/api/me/")
    assert response.status_code == 403
    assert "two-factor" in response.json()["detail"]


def test_it_tells_htmx_to_load_the_set_up_page(people, client_for):
    _without_totp(people.coordinator)
    response = client_for("coordinator").get("/notifications/", headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == SET_UP


@pytest.mark.parametrize("role", ["coordinator", "wellbeing"])
def test_it_lets_staff_with_an_authenticator_in(client_for, role):
    assert client_for(role).get("/").status_code == 200


@pytest.mark.parametrize("role", ["ms1", "ms3", "faculty"])
def test_it_never_asks_students_or_faculty(people, client_for, role):
    assert not Authenticator.objects.filter(user=getattr(people, role)).exists()
    assert client_for(role).get("/").status_code == 200


def test_it_refuses_to_switch_off_a_coordinators_authenticator(people):
    client = Client()
    client.post(reverse("account_login"), {"login": people.coordinator.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": _current_code(people.coordinator)})
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200
    assert b"You cannot deactivate two-factor authentication." in response.content
    assert Authenticator.objects.filter(user=people.coordinator, type="totp").exists()


def test_it_lets_a_student_switch_off_an_optional_authenticator(people):
    TOTP.activate(people.ms1, generate_totp_secret())
    totp = Authenticator.objects.get(user=people.ms1, type="totp")
    assert MFAAdapter().can_delete_authenticator(totp)
    coordinator_totp = Authenticator.objects.get(user=people.coordinator, type="totp")
    assert not MFAAdapter().can_delete_authenticator(coordinator_totp)


def test_it_asks_a_coordinator_for_the_code_at_sign_in(people):
    client = Client()
    response = client.post(reverse("account_login"), {"login": people.coordinator.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": _current_code(people.coordinator)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(people.coordinator.pk)
    assert client.get("/").status_code == 200


def test_it_signs_a_student_in_without_a_code(people):
    client = Client()
    response = client.post(reverse("account_login"), {"login": people.ms1.email, "password": PASSWORD})
    assert response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(people.ms1.pk)
