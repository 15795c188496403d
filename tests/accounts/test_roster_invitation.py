"""The invitation e-mail: who invited you, what Huddle is, and a working link."""

import re

from django.test import Client

from huddle.accounts.models import Invitation, User
from huddle.accounts.roster import roster_commit, roster_preview_create
from huddle.accounts.tasks import send_invitation
from tests.accounts.roster_helpers import HEADER, fixture_file, upload
from tests.smtp import smtp_sink  # noqa: F401 (fixture)


def _import(text, by, capture):
    roster = roster_preview_create(file=upload(text), by=by)
    with capture(execute=True):
        roster_commit(roster_import=roster, by=by)


def _link(body: str) -> str:
    match = re.search(r"https?://\S+/accounts/password/reset/key/\S+", body)
    assert match, body
    return match.group(0)


def test_it_says_who_invited_them_and_what_huddle_is(people, mailoutbox, settings, django_capture_on_commit_callbacks):
    settings.HUDDLE_BASE_URL = "https://huddle.school.test"
    settings.HUDDLE_SCHOOL_NAME = "Lakeside School of Medicine"
    _import(
        HEADER + "jane.doe@school.test,Jane,Doe,student,MS1,\n", people.coordinator, django_capture_on_commit_callbacks
    )
    (mail,) = mailoutbox
    assert mail.to == ["jane.doe@school.test"]
    assert mail.subject == "You're invited to Huddle at Lakeside School of Medicine"
    assert mail.body.startswith("Hello Jane,")
    assert "Cora Cruz has invited you to Huddle, the peer-support platform of Lakeside School of Medicine." in mail.body
    assert "Your role: Student." in mail.body
    assert _link(mail.body).startswith("https://huddle.school.test/accounts/password/reset/key/")
    assert "This link works once and for 3 days." in mail.body
    assert "with this e-mail address (jane.doe@school.test)." in mail.body
    assert "sign in with" not in mail.body  # No SSO configured.


def test_its_link_lets_the_person_choose_a_password_and_sign_in(people, mailoutbox, django_capture_on_commit_callbacks):
    _import(
        HEADER + "jane.doe@school.test,Jane,Doe,student,MS1,\n", people.coordinator, django_capture_on_commit_callbacks
    )
    path = _link(mailoutbox[0].body).split("://", 1)[1].split("/", 1)[1]
    client = Client()
    response = client.get(f"/{path}")
    assert response.status_code == 302  # allauth moves the key out of the URL.
    form_url = response["Location"]
    response = client.post(form_url, {"password1": "a new long passphrase", "password2": "a new long passphrase"})
    assert response.status_code == 302
    jane = User.objects.get(email="jane.doe@school.test")
    assert jane.check_password("a new long passphrase")
    assert Client().login(email="jane.doe@school.test", password="a new long passphrase")


def test_it_mentions_single_sign_on_when_the_school_has_it(
    people, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {"APPS": [{"provider_id": "school", "name": "Lakeside SSO", "client_id": "x", "secret": "y"}]}
    }
    _import(
        HEADER + "jane.doe@school.test,Jane,Doe,student;coordinator,MS1,\n", None, django_capture_on_commit_callbacks
    )
    body = mailoutbox[0].body
    assert "Your roles: Student, Coordinator." in body
    assert "You can also sign in with “Lakeside SSO”" in body
    assert "has invited you to Huddle, its peer-support platform." in body  # Imported by the system.


def test_it_is_sent_once_even_if_the_task_runs_twice(people, mailoutbox, django_capture_on_commit_callbacks):
    _import(
        HEADER + "jane.doe@school.test,Jane,Doe,student,MS1,\n", people.coordinator, django_capture_on_commit_callbacks
    )
    invitation = Invitation.objects.get()
    assert invitation.sent_at is not None
    assert send_invitation.call(invitation.pk) is False
    assert len(mailoutbox) == 1


def test_it_is_not_sent_to_someone_who_already_signed_in(people, mailoutbox):
    people.faculty.last_login = people.faculty.date_joined
    people.faculty.save()
    invitation = Invitation.objects.create(user=people.faculty, invited_by=people.coordinator)
    assert send_invitation.call(invitation.pk) is True
    assert mailoutbox == []
    invitation.refresh_from_db()
    assert invitation.sent_at is not None


def test_it_reaches_a_real_smtp_server(people, smtp_sink, django_capture_on_commit_callbacks):  # noqa: F811
    roster = roster_preview_create(file=fixture_file("valid.csv"), by=people.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        roster_commit(roster_import=roster, by=people.coordinator)
    assert sorted(r[0] for r in smtp_sink.recipients) == [
        "jane.doe@school.test",
        "omar.ali@school.test",
        "pat.lee@school.test",
    ]
    jane = next(m for m in smtp_sink.messages if m["To"] == "jane.doe@school.test")
    assert jane["Subject"].startswith("You're invited to Huddle")
    assert "/accounts/password/reset/key/" in jane.get_content()
    assert Invitation.objects.filter(sent_at__isnull=True).count() == 0
