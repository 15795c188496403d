"""Leases on running tasks: claim, renew (the heartbeat), sweep, fence.

A worker claims a task and its lease in one short transaction. The lease
lapses ``HUDDLE_TASK_LEASE_SECONDS`` later unless the task renews it by
calling :func:`lease_renew` between units of work (per e-mail, per phase): a
heartbeat without a thread, because the only code that knows the task is
alive is the task itself. At every poll each worker puts back in the queue
the RUNNING tasks whose lease lapsed (their worker was killed, or stalled
longer than a lease); after ``HUDDLE_TASK_MAX_ATTEMPTS`` claims a task is
marked failed with a message saying so instead of being retried for ever.

The attempt number fences stale workers: a worker that stalled past its
lease finds, at its next renewal, that a newer attempt owns the task
(:class:`LeaseLost`), and it can no longer record the task's outcome.
Requeued tasks run again from the start, so every task must be idempotent.

Which task this process is running is kept in a context variable for the
duration of the task only: it is the worker's own execution context (as the
library's ``running_task`` flag is), not shared state; the lease itself is in
the database, where every worker sees it.
"""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID, uuid4

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet
from django_tasks_db.utils import exclusive_transaction

from huddle.lib.mail import email_claim
from huddle.worker.models import LeasedTaskResult, TaskLease
from huddle.worker.selectors import lapsed_condition, lapsed_task_ids, lease_duration

logger = logging.getLogger(__name__)


class LeaseLost(BaseException):
    """A newer attempt owns this task: stop now.

    A ``BaseException``, like ``asyncio.CancelledError``, so that a task's own
    ``except Exception`` (which records a failure on a domain row) lets it
    through to the worker, which records nothing either.
    """


class TaskAbandoned(Exception):
    """Recorded as a task's failure when it used up its attempts."""


@dataclass(frozen=True)
class Held:
    task_id: UUID
    attempt: int


_held: ContextVar[Held | None] = ContextVar("huddle_task_lease", default=None)


def task_claim(*, tasks: DBTaskResultQuerySet, worker_id: str) -> LeasedTaskResult | None:
    """Take the next ready task and a fresh lease on it in one short transaction."""
    with exclusive_transaction(tasks.db):
        task = tasks.get_locked()
        if task is None:
            return None
        assert isinstance(task, LeasedTaskResult)
        task.claim(worker_id)
        task.attempt = len(task.worker_ids)
        TaskLease.objects.update_or_create(
            task_id=task.pk,
            defaults={"attempt": task.attempt, "worker_id": worker_id, "expires_at": timezone.now() + lease_duration()},
        )
    return task


@contextmanager
def lease_holding(task: LeasedTaskResult) -> Iterator[None]:
    """While the worker runs ``task``, :func:`lease_renew` renews its lease."""
    token = _held.set(Held(task_id=task.pk, attempt=task.attempt))
    try:
        yield
    finally:
        _held.reset(token)


def lease_holder() -> str:
    """Who is running this code: the task's id (the same on every attempt),
    or a one-off id outside a leased worker (tests' in-process backend)."""
    held = _held.get()
    return str(held.task_id) if held else f"inline-{uuid4().hex}"


def lease_renew() -> None:
    """The heartbeat: extend the current task's lease, or raise :class:`LeaseLost`.

    Call it between units of work, outside a long transaction (the renewal
    counts once it commits). Outside a leased worker it does nothing.
    """
    held = _held.get()
    if held is None:
        return
    renewed = TaskLease.objects.filter(
        task_id=held.task_id, attempt=held.attempt, task__status=TaskResultStatus.RUNNING
    ).update(expires_at=timezone.now() + lease_duration())
    if not renewed:
        raise LeaseLost(f"task {held.task_id} attempt {held.attempt}: a newer attempt owns it")


def lease_outcome_record(*, task: LeasedTaskResult, record: Callable[[], None]) -> None:
    """Record a task's outcome only if this attempt still holds its lease."""
    with transaction.atomic():
        current = DBTaskResult.objects.select_for_update(of=("self",)).filter(
            pk=task.pk, status=TaskResultStatus.RUNNING, lease__attempt=task.attempt
        )
        if list(current.values_list("pk", flat=True)):
            record()
            return
    logger.warning("Task %s attempt %s finished after losing its lease; outcome not recorded", task.pk, task.attempt)


def tasks_requeue_lapsed(*, backend_name: str, now: datetime | None = None) -> tuple[int, int]:
    """Put back in the queue the running tasks whose lease lapsed; fail those out of attempts.

    Returns (requeued, abandoned). Rows another worker is sweeping are skipped.
    """
    now = now or timezone.now()
    candidates = lapsed_task_ids(now=now, backend_name=backend_name)
    if not candidates:
        return 0, 0
    requeued = abandoned = 0
    with transaction.atomic():
        lapsed = DBTaskResult.objects.select_for_update(skip_locked=True, of=("self",)).filter(
            lapsed_condition(now=now), pk__in=candidates, status=TaskResultStatus.RUNNING
        )
        for task in lapsed:
            if len(task.worker_ids) >= settings.HUDDLE_TASK_MAX_ATTEMPTS:
                task.set_failed(TaskAbandoned(_abandoned_message(len(task.worker_ids))))
                abandoned += 1
            else:
                task.status = TaskResultStatus.READY
                task.save(update_fields=["status"])
                requeued += 1
    if requeued or abandoned:
        logger.warning("Lapsed task leases: %d requeued, %d abandoned after too many attempts", requeued, abandoned)
    return requeued, abandoned


def _abandoned_message(attempts: int) -> str:
    return _(
        "Abandoned after %(attempts)d attempts: each time, the worker running this task stopped "
        "(killed, crashed or stalled) before it finished, and its lease lapsed."
    ) % {"attempts": attempts}


def task_email_claim(*, rows: QuerySet, sent_field: str) -> bool:
    """Renew this task's lease and claim the e-mail it owes, committed together.

    Renewing first means a stale attempt (:class:`LeaseLost`) never claims;
    the holder is the task's id, so the same task rerun after its worker died
    takes over its own claim at once.
    """
    with transaction.atomic():
        lease_renew()
        return email_claim(rows=rows, sent_field=sent_field, holder=lease_holder())
