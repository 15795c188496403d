"""Retention through the real task queue: ending a conversation queues its purge for later, plus one sweep chain."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from huddle.listening.conversations import services
from tests.listening.factories import make_conversation

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def db_tasks(settings, transactional_db):
    settings.TASKS = DB_TASKS


def test_ending_queues_a_purge_after_the_retention_period_and_one_sweep(db_tasks, people, listener):
    for _ in range(2):
        conversation = make_conversation(people.ms1, listener)
        services.conversation_end(user=listener, conversation=conversation)
    purges = DBTaskResult.objects.filter(task_path="huddle.listening.tasks.conversation_purge")
    assert purges.count() == 2
    for purge in purges:
        wait = purge.run_after - timezone.now()
        assert timedelta(days=29, hours=23) < wait <= timedelta(days=30)
    assert DBTaskResult.objects.filter(task_path="huddle.listening.tasks.retention_sweep").count() == 1
