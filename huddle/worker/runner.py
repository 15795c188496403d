"""The library's worker with leases: each poll sweeps lapsed leases, then claims.

Only the polling loop is ours; running a task (signals, success, failure)
is the library's ``Worker.run_task``, on a row whose outcome is fenced by
its lease (``LeasedTaskResult``).
"""

import logging
import random
import time

from django.db import close_old_connections
from django.db.utils import OperationalError
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResultQuerySet
from django_tasks_db.utils import is_locked_database_exception

from huddle.worker.models import LeasedTaskResult
from huddle.worker.services import lease_holding, task_claim, tasks_requeue_lapsed

logger = logging.getLogger("django_tasks_db")


class LeasedWorker(Worker):
    def run(self) -> None:
        logger.info("Starting worker worker_id=%s queues=%s (leases on)", self.worker_id, ",".join(self.queue_names))
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # spread a fleet's first polls
        while self.running:
            close_old_connections()
            polled, task = self._poll()
            if task is not None:
                with lease_holding(task):
                    self.run_task(task)
            if self.batch and polled and task is None:
                logger.info("No more tasks to run for worker_id=%s - exiting gracefully.", self.worker_id)
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                logger.info("Ran the maximum of %d tasks on worker_id=%s - exiting.", self._run_tasks, self.worker_id)
                return
            close_old_connections()
            if self.running and task is None:
                time.sleep(self.interval)

    def _poll(self) -> tuple[bool, LeasedTaskResult | None]:
        """Requeue lapsed tasks, then claim one; a locked SQLite file means try again later."""
        try:
            tasks_requeue_lapsed(backend_name=self.backend_name)
            return True, task_claim(tasks=self._ready(), worker_id=self.worker_id)
        except OperationalError as error:
            if is_locked_database_exception(error):
                return False, None
            raise

    def _ready(self) -> DBTaskResultQuerySet:
        tasks: DBTaskResultQuerySet = LeasedTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        return tasks
