"""Strict parsing of settings from the environment."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from huddle.lib.env import env_bool, env_int, env_list, env_origin, mailer_settings

SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", " yes ", "on"])
def test_env_bool_reads_true(monkeypatch, raw):
    monkeypatch.setenv("HUDDLE_FLAG", raw)
    assert env_bool("HUDDLE_FLAG") is True


@pytest.mark.parametrize("raw", ["0", "false", "No", "off", ""])
def test_env_bool_reads_false(monkeypatch, raw):
    monkeypatch.setenv("HUDDLE_FLAG", raw)
    assert env_bool("HUDDLE_FLAG", default=True) is False


def test_env_bool_uses_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("HUDDLE_FLAG", raising=False)
    assert env_bool("HUDDLE_FLAG", default=True) is True


@pytest.mark.parametrize("raw", ["ture", "2", "y", "enabled"])
def test_env_bool_refuses_anything_else_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("HUDDLE_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match=f"HUDDLE_FLAG must be one of .*got '{raw}'"):
        env_bool("HUDDLE_FLAG")


def test_env_int_reads_a_whole_number_or_the_default(monkeypatch):
    monkeypatch.setenv("HUDDLE_TASK_LEASE_SECONDS", "90")
    assert env_int("HUDDLE_TASK_LEASE_SECONDS", 300) == 90
    monkeypatch.delenv("HUDDLE_TASK_LEASE_SECONDS")
    assert env_int("HUDDLE_TASK_LEASE_SECONDS", 300) == 300


@pytest.mark.parametrize(("raw", "why"), [("5m", "a whole number"), ("0", "at least 1")])
def test_env_int_refuses_nonsense_naming_the_variable(monkeypatch, raw, why):
    monkeypatch.setenv("HUDDLE_TASK_LEASE_SECONDS", raw)
    with pytest.raises(ImproperlyConfigured, match=f"HUDDLE_TASK_LEASE_SECONDS must be {why}"):
        env_int("HUDDLE_TASK_LEASE_SECONDS", 300)


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("HUDDLE_HOSTS", " a.example , b.example,, ")
    assert env_list("HUDDLE_HOSTS") == ["a.example", "b.example"]


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("console://", "django.core.mail.backends.console.EmailBackend"),
        ("locmem://", "django.core.mail.backends.locmem.EmailBackend"),
    ],
)
def test_mailer_settings_for_development_backends(url, backend):
    assert mailer_settings(url) == {"BACKEND": backend}


def test_mailer_settings_for_a_file():
    assert mailer_settings("file:///var/mail/huddle") == {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": "/var/mail/huddle"},
    }


def test_mailer_settings_for_plain_smtp_with_defaults():
    assert mailer_settings("smtp://localhost") == {
        "BACKEND": SMTP,
        "OPTIONS": {
            "host": "localhost",
            "port": 25,
            "username": "",
            "password": "",
            "use_tls": False,
            "use_ssl": False,
            "timeout": 10,
        },
    }


def test_mailer_settings_for_starttls_with_quoted_credentials():
    options = mailer_settings("smtp+tls://huddle%40school.edu:p%40ss%3Aword@mail.school.edu:587?timeout=30")["OPTIONS"]
    assert options == {
        "host": "mail.school.edu",
        "port": 587,
        "username": "huddle@school.edu",
        "password": "p@ss:word",
        "use_tls": True,
        "use_ssl": False,
        "timeout": 30,
    }


def test_mailer_settings_for_implicit_tls_defaults_to_465():
    options = mailer_settings("smtps://user:pw@mail.school.edu")["OPTIONS"]
    assert (options["port"], options["use_ssl"], options["use_tls"]) == (465, True, False)


@pytest.mark.parametrize("url", ["smtpp://mail", "http://mail", "mail.school.edu"])
def test_mailer_settings_refuses_an_unknown_scheme(url):
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL scheme"):
        mailer_settings(url)


@pytest.mark.parametrize("url", ["smtp://mail.school.edu:abc", "smtp://mail.school.edu?timeout=soon"])
def test_mailer_settings_refuses_a_port_or_timeout_that_is_not_a_number(url):
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL has a port or timeout"):
        mailer_settings(url)


@pytest.mark.parametrize(
    ("raw", "origin"),
    [
        ("https://huddle.school.edu", "https://huddle.school.edu"),
        (" https://huddle.school.edu/ ", "https://huddle.school.edu"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("http://[::1]:8000/", "http://[::1]:8000"),
    ],
)
def test_env_origin_keeps_a_bare_origin_without_the_slash(monkeypatch, raw, origin):
    monkeypatch.setenv("HUDDLE_SITE", raw)
    assert env_origin("HUDDLE_SITE") == origin


@pytest.mark.parametrize(
    "raw",
    [
        "huddle.school.edu",
        "ftp://huddle.school.edu",
        "https://",
        "https://huddle.school.edu/huddle",
        "https://huddle.school.edu/?next=x",
        "https://huddle.school.edu/#top",
        "https://admin:pw@huddle.school.edu",
        "https://huddle school.edu",
        "https://-huddle.school.edu",
    ],
)
def test_env_origin_refuses_anything_but_an_origin_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("HUDDLE_SITE", raw)
    with pytest.raises(ImproperlyConfigured, match="HUDDLE_SITE must be an http:// or https:// address with no path"):
        env_origin("HUDDLE_SITE")


def test_env_origin_refuses_a_port_that_is_not_a_number(monkeypatch):
    monkeypatch.setenv("HUDDLE_SITE", "https://huddle.school.edu:https")
    with pytest.raises(ImproperlyConfigured, match="HUDDLE_SITE has a port that is not a number"):
        env_origin("HUDDLE_SITE")


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_env_origin_without_a_default_is_required(monkeypatch, raw):
    if raw is None:
        monkeypatch.delenv("HUDDLE_SITE", raising=False)
    else:
        monkeypatch.setenv("HUDDLE_SITE", raw)
    with pytest.raises(ImproperlyConfigured, match="HUDDLE_SITE must be set when DEBUG is false"):
        env_origin("HUDDLE_SITE")
    assert env_origin("HUDDLE_SITE", "http://127.0.0.1:8000") == "http://127.0.0.1:8000"
