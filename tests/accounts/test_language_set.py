"""The language switch: any visitor may use it; a signed-in person's choice is remembered,
and what Huddle writes to a person (notifications, e-mails) is in their language."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from huddle.accounts.models import User
from huddle.mentoring.pairs import services as pairs_services
from huddle.notifications.models import Notification
from tests.mentoring.pair_fixtures import standard_pair

URL = reverse("accounts:language")


def test_a_signed_in_person_keeps_their_choice_across_devices(client_for, people):
    response = client_for("ms1").post(URL, {"language": "es", "next": "/mentoring/"})
    assert response.status_code == 302 and response["Location"] == "/mentoring/"
    assert User.objects.get(pk=people.ms1.pk).language == "es"
    # A new session, with an English browser: still Spanish.
    html = client_for("ms1").get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="es">' in html


def test_a_visitor_switches_with_a_cookie_and_reads_the_crisis_page_in_spanish(client):
    response = client.post(URL, {"language": "es", "next": "/wellbeing/crisis/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert '<html lang="es">' in client.get("/wellbeing/crisis/").content.decode()


@pytest.mark.parametrize("language", ["fr", "", "es-ES<script>"])
def test_it_refuses_a_language_huddle_does_not_speak(client, language):
    response = client.post(URL, {"language": language})
    assert response.status_code == 400
    assert "Choose English or Español." in response.content.decode()


def test_it_never_sends_a_visitor_to_another_site(client):
    response = client.post(URL, {"language": "es", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_every_page_offers_the_switch_in_each_languages_own_name(db):
    html = Client().get("/accounts/login/").content.decode()
    assert '<option value="es" lang="es">Español</option>' in html
    assert '<option value="en" lang="en" selected>English</option>' in html


def test_notifications_and_their_e_mail_are_in_the_recipients_language(people, django_capture_on_commit_callbacks):
    pair = standard_pair(people)
    User.objects.filter(pk=people.ms3.pk).update(language="es")
    people.ms3.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        pairs_services.next_meeting_set(mentorship=pair, by=people.ms1, at=timezone.now() + timedelta(days=3), place="")
    note = Notification.objects.get(user=people.ms3)
    assert note.title.startswith("Próxima reunión de mentoría")
    (message,) = mail.outbox
    assert message.to == [people.ms3.email] and "Próxima reunión de mentoría" in message.subject
