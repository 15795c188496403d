"""Tasks go to the database queue in these tests, as in production."""

import pytest

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def db_tasks(settings):
    settings.TASKS = DB_TASKS
    return settings
