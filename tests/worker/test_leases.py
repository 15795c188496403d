"""Leases on running tasks: the sweep requeues lapsed ones, caps attempts, fences stale workers."""

from datetime import timedelta

import pytest
from django.core.management import get_commands
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from huddle.notifications.models import Notification
from huddle.notifications.tasks import send_notification_email
from huddle.worker.models import LeasedTaskResult, TaskLease
from huddle.worker.services import LeaseLost, lease_holding, lease_renew, task_claim, tasks_requeue_lapsed


def _claimed_task(people, worker_id="w1"):
    note = Notification.objects.create(user=people.ms1, kind="test", title="Hello")
    send_notification_email.enqueue(note.pk)
    task = task_claim(tasks=LeasedTaskResult.objects.ready(), worker_id=worker_id)
    assert task is not None
    return task


def _lapse(task):
    TaskLease.objects.filter(task_id=task.pk).update(expires_at=timezone.now() - timedelta(seconds=1))


def _status(task):
    return DBTaskResult.objects.get(pk=task.pk).status


def test_db_worker_is_the_leased_one():
    assert get_commands()["db_worker"] == "huddle.worker"


def test_a_claim_takes_a_lease_with_an_attempt_number(db_tasks, people):
    task = _claimed_task(people)
    lease = TaskLease.objects.get(task_id=task.pk)
    assert (lease.attempt, lease.worker_id, _status(task)) == (1, "w1", "RUNNING")
    assert lease.expires_at > timezone.now() + timedelta(seconds=db_tasks.HUDDLE_TASK_LEASE_SECONDS - 60)


def test_the_sweep_requeues_a_lapsed_lease_and_leaves_a_live_one(db_tasks, people):
    lapsed, live = _claimed_task(people, "dead"), _claimed_task(people, "alive")
    _lapse(lapsed)
    assert tasks_requeue_lapsed(backend_name="default") == (1, 0)
    assert (_status(lapsed), _status(live)) == ("READY", "RUNNING")
    again = task_claim(tasks=LeasedTaskResult.objects.ready(), worker_id="w2")
    assert again.pk == lapsed.pk and TaskLease.objects.get(task_id=lapsed.pk).attempt == 2


def test_the_sweep_requeues_a_task_claimed_before_leases_existed(db_tasks, people):
    old, recent = _claimed_task(people), _claimed_task(people)
    TaskLease.objects.all().delete()
    DBTaskResult.objects.filter(pk=old.pk).update(started_at=timezone.now() - timedelta(hours=1))
    assert tasks_requeue_lapsed(backend_name="default") == (1, 0)
    assert (_status(old), _status(recent)) == ("READY", "RUNNING")


def test_a_task_out_of_attempts_fails_with_a_message(db_tasks, people):
    db_tasks.HUDDLE_TASK_MAX_ATTEMPTS = 2
    task = _claimed_task(people)
    for expected in [(1, 0), (0, 1)]:
        _lapse(task)
        assert tasks_requeue_lapsed(backend_name="default") == expected
        task_claim(tasks=LeasedTaskResult.objects.ready(), worker_id="w2")
    row = DBTaskResult.objects.get(pk=task.pk)
    assert row.status == "FAILED" and row.exception_class_path == "huddle.worker.services.TaskAbandoned"
    assert "Abandoned after 2 attempts" in row.traceback


def test_a_stale_attempt_loses_its_lease_and_cannot_record_an_outcome(db_tasks, people):
    stale = _claimed_task(people, "slow")
    _lapse(stale)
    tasks_requeue_lapsed(backend_name="default")
    with lease_holding(stale), pytest.raises(LeaseLost):
        lease_renew()
    fresh = task_claim(tasks=LeasedTaskResult.objects.ready(), worker_id="fast")
    stale.set_successful("stale")
    assert _status(stale) == "RUNNING"
    with lease_holding(fresh):
        lease_renew()
    fresh.set_successful("fresh")
    assert DBTaskResult.objects.get(pk=stale.pk).return_value == "fresh"


def test_renewing_outside_a_worker_does_nothing(db):
    lease_renew()
