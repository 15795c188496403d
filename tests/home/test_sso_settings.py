"""Single sign-on is offered only when the school configures it."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from huddle.lib.env import oidc_providers

OIDC = {
    "OIDC_SERVER_URL": "https://login.school.example/realms/med",
    "OIDC_CLIENT_ID": "huddle",
    "OIDC_CLIENT_SECRET": "s3cret",
}


@pytest.fixture
def no_oidc(monkeypatch):
    for name in [*OIDC, "OIDC_PROVIDER_ID", "OIDC_NAME"]:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_it_offers_no_provider_without_oidc_variables(no_oidc):
    assert oidc_providers() == {}


def test_it_configures_the_school_provider_from_the_environment(no_oidc):
    for name, value in OIDC.items():
        no_oidc.setenv(name, value)
    no_oidc.setenv("OIDC_NAME", "Med School SSO")
    app = oidc_providers()["openid_connect"]["APPS"][0]
    assert app == {
        "provider_id": "school",
        "name": "Med School SSO",
        "client_id": "huddle",
        "secret": "s3cret",
        "settings": {"server_url": "https://login.school.example/realms/med"},
    }


@pytest.mark.parametrize("missing", ["OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"])
def test_it_refuses_a_half_configured_provider(no_oidc, missing):
    for name, value in OIDC.items():
        if name != missing:
            no_oidc.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=missing):
        oidc_providers()


@pytest.mark.parametrize("url", ["http://login.school.example", "login.school.example", "ftp://x"])
def test_it_refuses_a_provider_reached_without_tls(no_oidc, url):
    for name, value in OIDC.items():
        no_oidc.setenv(name, value)
    no_oidc.setenv("OIDC_SERVER_URL", url)
    with pytest.raises(ImproperlyConfigured, match="OIDC_SERVER_URL"):
        oidc_providers()


def test_it_allows_plain_http_to_a_provider_on_this_machine(no_oidc):
    for name, value in OIDC.items():
        no_oidc.setenv(name, value)
    no_oidc.setenv("OIDC_SERVER_URL", "http://127.0.0.1:8080/realms/dev")
    assert oidc_providers()["openid_connect"]["APPS"][0]["settings"]["server_url"].startswith("http://127.0.0.1")


def test_the_sign_in_page_shows_the_school_button_only_when_configured(db, client, settings, no_oidc):
    settings.SOCIALACCOUNT_PROVIDERS = oidc_providers()
    assert b"/accounts/oidc/" not in client.get("/accounts/login/").content
    for name, value in OIDC.items():
        no_oidc.setenv(name, value)
    no_oidc.setenv("OIDC_NAME", "Med School SSO")
    settings.SOCIALACCOUNT_PROVIDERS = oidc_providers()
    content = client.get("/accounts/login/").content.decode()
    assert "/accounts/oidc/school/login/" in content
    assert "Med School SSO" in content
