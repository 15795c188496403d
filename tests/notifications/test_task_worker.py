"""E-mail through the real task queue: a database row, then ``manage.py db_worker``.

Everywhere else tests run tasks in-process (ImmediateBackend); this one
proves the production path: the row is written only when the caller's
transaction commits, and a separate worker run sends the mail.
"""

from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from huddle.notifications.models import EmailMode, Notification
from huddle.notifications.services import notification_create, preference_set

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WORKER = ["db_worker", "--batch", "--no-startup-delay", "--no-reload"]


@pytest.fixture
def db_tasks(settings, transactional_db):
    settings.TASKS = DB_TASKS


def test_it_queues_the_e_mail_on_commit_and_the_worker_sends_it(db_tasks, people):
    with transaction.atomic():
        note = notification_create(user=people.ms1, kind="test", title="Your group meets at 6", url="/")
        # Inside the transaction nothing is queued yet.
        assert not DBTaskResult.objects.exists()
    task = DBTaskResult.objects.get()
    assert task.status == "READY"
    assert task.task_path == "huddle.notifications.tasks.send_notification_email"
    assert mail.outbox == []

    call_command(*WORKER, verbosity=0)

    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert task.return_value is True
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [people.ms1.email]
    assert "Your group meets at 6" in mail.outbox[0].subject
    assert Notification.objects.get(pk=note.pk).emailed_at is not None


def test_it_queues_nothing_when_the_transaction_rolls_back(db_tasks, people):
    with pytest.raises(RuntimeError), transaction.atomic():
        notification_create(user=people.ms1, kind="test", title="Never sent")
        raise RuntimeError("the action failed")
    assert not DBTaskResult.objects.exists()
    call_command(*WORKER, verbosity=0)
    assert mail.outbox == []


def test_it_defers_the_digest_to_the_digest_hour(db_tasks, people, settings):
    preference_set(user=people.ms3, email_mode=EmailMode.DIGEST)
    notification_create(user=people.ms3, kind="test", title="First")
    notification_create(user=people.ms3, kind="test", title="Second")
    task = DBTaskResult.objects.get()
    assert task.task_path == "huddle.notifications.tasks.send_digest"
    local = task.run_after.astimezone(ZoneInfo(people.ms3.profile.time_zone))
    assert local.hour == settings.HUDDLE_DIGEST_HOUR
    assert task.run_after > timezone.now()
    # Not due yet: a batch run leaves it waiting and sends nothing.
    call_command(*WORKER, verbosity=0)
    task.refresh_from_db()
    assert task.status == "READY"
    assert mail.outbox == []
