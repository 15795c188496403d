"""The lease a worker holds on the task it runs.

``django-tasks-db`` marks a task RUNNING and never looks at it again, so a
worker killed mid-task leaves it RUNNING for ever. A lease says until when
the running worker vouches for the task; once it lapses any worker puts the
task back in the queue. The library's row has no room for it, hence this
table, one row per task that was ever claimed.
"""

from django.db import models
from django_tasks_db.models import DBTaskResult


class TaskLease(models.Model):
    task = models.OneToOneField(DBTaskResult, on_delete=models.CASCADE, primary_key=True, related_name="lease")
    # Claims so far; also the fencing token: only the newest attempt may
    # renew the lease or record the task's outcome.
    attempt = models.PositiveIntegerField(default=0)
    worker_id = models.CharField(max_length=64)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.task_id} attempt {self.attempt} until {self.expires_at:%H:%M:%S}"


class LeasedTaskResult(DBTaskResult):
    """The library's task row, recording an outcome only while its lease is held.

    A worker that stalled past its lease (and whose task another worker has
    since taken) must not overwrite the newer attempt's outcome.
    """

    class Meta:
        proxy = True

    attempt: int = 0

    def set_successful(self, return_value: object) -> None:
        from huddle.worker.services import lease_outcome_record

        lease_outcome_record(task=self, record=lambda: DBTaskResult.set_successful(self, return_value))

    def set_failed(self, exc: BaseException) -> None:
        from huddle.worker.services import lease_outcome_record

        lease_outcome_record(task=self, record=lambda: DBTaskResult.set_failed(self, exc))
