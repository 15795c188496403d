"""Each task, run again after its worker died, finishes its work exactly once."""

from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from huddle.mentoring.models import Cycle, MatchRun, ProposedPair
from huddle.mentoring.proposals import services as mentoring
from huddle.notifications.models import DigestSchedule, EmailMode, Notification
from huddle.notifications.services import notification_create, preference_set
from huddle.notifications.tasks import send_digest, send_notification_email
from huddle.worker.models import LeasedTaskResult, TaskLease
from huddle.worker.services import lease_holding, task_claim, tasks_requeue_lapsed
from tests.mentoring.cycle_fixtures import enroll, make_cycle, make_student

WORKER = ["db_worker", "--batch", "--no-startup-delay", "--no-reload"]


def _claim():
    return task_claim(tasks=LeasedTaskResult.objects.ready(), worker_id="doomed")


def _worker_dies(task):
    """Its lease lapses; the next poll puts the task back in the queue."""
    TaskLease.objects.filter(task_id=task.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert tasks_requeue_lapsed(backend_name="default") == (1, 0)


def test_a_matching_run_left_running_by_a_dead_worker_finishes_when_requeued(db_tasks, transactional_db, people):
    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.MATCHING)
    mentee = enroll(cycle, make_student(1), "mentee")
    enroll(cycle, make_student(3), "mentor")
    (run,) = mentoring.matching_start(cycle=cycle, by=people.coordinator)
    task = _claim()
    MatchRun.objects.filter(pk=run.pk).update(status=MatchRun.Status.RUNNING, progress=60)  # then SIGKILL
    _worker_dies(task)

    call_command(*WORKER, verbosity=0)

    run.refresh_from_db()
    assert (run.status, run.progress) == (MatchRun.Status.DONE, 100), run.error
    assert list(ProposedPair.objects.filter(cycle=cycle).values_list("mentee_id", flat=True)) == [mentee.pk]
    assert DBTaskResult.objects.get(pk=task.pk).status == "SUCCESSFUL"


def test_an_in_doubt_e_mail_is_resent_as_the_same_message_and_only_by_its_own_task(db_tasks, people):
    note = notification_create(user=people.ms1, kind="test", title="Group at 6", url="/")
    send_notification_email.enqueue(note.pk)
    first = _claim()
    with lease_holding(first):
        assert send_notification_email.call(note.pk) is True
    Notification.objects.filter(pk=note.pk).update(emailed_at=None)  # killed before the confirm committed

    # Another task may not send while the claim is fresh; this task's next attempt may.
    assert send_notification_email.call(note.pk) is False
    _worker_dies(first)
    with lease_holding(_claim()):
        assert send_notification_email.call(note.pk) is True
        assert send_notification_email.call(note.pk) is False

    sent, resent = (m.message() for m in mail.outbox)
    assert sent["Message-ID"] == resent["Message-ID"] and sent["Date"] == resent["Date"]
    assert sent.as_bytes() == resent.as_bytes()
    assert Notification.objects.get(pk=note.pk).email_attempts == 2


def test_a_resent_digest_lists_what_the_first_attempt_listed(db_tasks, people):
    preference_set(user=people.ms3, email_mode=EmailMode.DIGEST)
    notification_create(user=people.ms3, kind="test", title="Group meets Monday")
    schedule = DigestSchedule.objects.create(user=people.ms3, day=timezone.localdate())
    send_digest.enqueue(people.ms3.pk, schedule.day.isoformat())
    task = _claim()
    with lease_holding(task):
        assert send_digest.call(people.ms3.pk, schedule.day.isoformat()) == 1
    DigestSchedule.objects.filter(pk=schedule.pk).update(sent_at=None)  # killed before the confirm
    Notification.objects.update(emailed_at=None)
    later = Notification.objects.create(user=people.ms3, kind="test", title="Arrived after the first attempt")

    _worker_dies(task)
    with lease_holding(_claim()):
        assert send_digest.call(people.ms3.pk, schedule.day.isoformat()) == 1

    first, second = (m.message() for m in mail.outbox)
    assert first["Message-ID"] == second["Message-ID"]
    assert first.get_payload() == second.get_payload()
    assert "Arrived after" not in second.get_payload()
    assert Notification.objects.get(pk=later.pk).emailed_at is None
