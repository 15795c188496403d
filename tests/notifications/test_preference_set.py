"""Choosing how Huddle e-mails you."""

import pytest
from django.urls import reverse

from huddle.lib.errors import HuddleError
from huddle.notifications.models import NotificationPreference
from huddle.notifications.services import email_mode_for, preference_set


@pytest.mark.parametrize("mode", ["now", "digest", "off"])
def test_it_saves_each_mode(people, client_for, mode):
    response = client_for("ms1").post(reverse("notifications:preferences"), {"email_mode": mode}, follow=True)
    assert email_mode_for(people.ms1) == mode
    assert b"Your e-mail preference is saved." in response.content
    assert f'value="{mode}" checked'.encode() in response.content


@pytest.mark.parametrize("bad", ["", "hourly", "NOW"])
def test_it_refuses_an_unknown_mode_with_a_message(people, client_for, bad):
    response = client_for("ms1").post(reverse("notifications:preferences"), {"email_mode": bad}, follow=True)
    assert b"Choose how Huddle should e-mail you." in response.content
    assert not NotificationPreference.objects.filter(user=people.ms1).exists()


def test_the_service_names_the_field_at_fault(people):
    with pytest.raises(HuddleError) as error:
        preference_set(user=people.ms1, email_mode="weekly")
    assert error.value.field == "email_mode"


def test_it_keeps_one_row_per_person(people):
    preference_set(user=people.ms1, email_mode="digest")
    preference_set(user=people.ms1, email_mode="off")
    assert NotificationPreference.objects.filter(user=people.ms1).count() == 1
    assert email_mode_for(people.ms1) == "off"
