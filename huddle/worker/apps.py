from django.apps import AppConfig


class WorkerConfig(AppConfig):
    """Task leases; listed before ``django_tasks_db`` so its ``db_worker`` is ours."""

    name = "huddle.worker"
    label = "worker"
    verbose_name = "Task worker"
