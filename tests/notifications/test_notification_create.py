"""Creating a notification, and how it leaves Huddle for each e-mail mode."""

import pytest
from django.core import mail
from django.db import transaction

from huddle.notifications.models import DigestSchedule, EmailMode, Notification
from huddle.notifications.services import notification_create, preference_set
from huddle.notifications.tasks import send_notification_email


def _create(user, title="Your mentor replied", **extra):
    return notification_create(user=user, kind="test", title=title, url="/mentoring/", **extra)


def test_it_e_mails_at_once_by_default(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        note = _create(people.ms1, body="See you Tuesday.")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [people.ms1.email]
    assert "Your mentor replied" in message.subject
    assert "See you Tuesday." in message.body
    assert "http://127.0.0.1:8000/mentoring/" in message.body
    note.refresh_from_db()
    assert note.emailed_at is not None


def test_it_sends_the_e_mail_once_even_if_the_task_runs_twice(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        note = _create(people.ms1)
    assert send_notification_email.call(note.pk) is False
    assert len(mail.outbox) == 1


def test_it_sends_nothing_before_the_callers_transaction_commits(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _create(people.ms1)
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_it_sends_nothing_when_the_callers_transaction_rolls_back(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        _create(people.ms1)
        raise RuntimeError("the action failed")
    assert mail.outbox == []
    assert not Notification.objects.filter(user=people.ms1).exists()


def test_it_queues_one_digest_per_day_in_digest_mode(people, django_capture_on_commit_callbacks):
    preference_set(user=people.ms3, email_mode=EmailMode.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(3):
            _create(people.ms3, title=f"Item {number}")
    assert mail.outbox == []
    assert DigestSchedule.objects.filter(user=people.ms3).count() == 1


def test_it_sends_no_e_mail_when_e_mail_is_off(people, django_capture_on_commit_callbacks):
    preference_set(user=people.faculty, email_mode=EmailMode.OFF)
    with django_capture_on_commit_callbacks(execute=True):
        note = _create(people.faculty)
    assert mail.outbox == []
    assert not DigestSchedule.objects.filter(user=people.faculty).exists()
    assert Notification.objects.get(pk=note.pk).emailed_at is None


def test_it_truncates_an_overlong_title_instead_of_failing(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        note = _create(people.ms1, title="x" * 500)
    assert len(Notification.objects.get(pk=note.pk).title) == 200
