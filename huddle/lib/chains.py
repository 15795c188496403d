"""Self-rescheduling tasks (a sweep that queues its next run): start a chain if none is queued.

No cron: a periodic task queues itself again when it finishes. If a chain
was lost (a database restored, a task failed for good), the next action
that needs it starts a new one here.
"""

from typing import Any

from django.db import transaction


def chain_ensure(task: Any) -> None:
    """Enqueue ``task`` unless one is already waiting or running (only where the backend can defer)."""
    from django_tasks_db.models import DBTaskResult

    if not task.get_backend().supports_defer:
        return
    with transaction.atomic():
        queued = DBTaskResult.objects.filter(task_path=task.module_path, status__in=["READY", "RUNNING"]).exists()
        if not queued:
            task.enqueue()
