"""Kill real workers mid-batch: every notification is e-mailed, once unless in doubt, and no task is stuck.

200 notifications, one task each, go through real ``manage.py db_worker``
processes to a real SMTP server. The server SIGKILLs the worker at planned
deliveries (by count, not by time) and at planned SMTP stages; the test
starts a new worker after each kill, then lets a last one finish. Leases last
one second here, so a dead worker's task is requeued soon after a new worker
starts; only one worker runs at a time, so no live task can lapse under it
however slow the machine.
"""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from huddle.lib.mail import message_id
from huddle.notifications.models import Notification
from huddle.notifications.services import notification_create
from tests.smtp import KillingSink, smtp_server

ROOT = Path(__file__).resolve().parents[2]
BATCH = 200
# Delivery ordinal → where the worker dies. "accepted" kills leave the send in doubt.
PLAN = {
    7: "rcpt",
    23: "data",
    41: "accepted",
    58: "quit",
    79: "rcpt",
    97: "accepted",
    121: "data",
    144: "quit",
    170: "rcpt",
}
IN_DOUBT = sum(stage == "accepted" for stage in PLAN.values())
PATIENCE = 300  # seconds: a generous bound on a wait for a condition, never a pace


def _database_url() -> str:
    """The test database, for a worker in another process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = f"{quote(db['USER'] or '')}:{quote(db['PASSWORD'] or '')}"
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _start_worker(sink: KillingSink, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "HUDDLE_TESTING": "true",
        "DATABASE_URL": _database_url(),
        "HUDDLE_TASK_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_URL": f"smtp://127.0.0.1:{port}?timeout=60",
        "HUDDLE_TASK_LEASE_SECONDS": "1",
        # Each kill costs at most one attempt of one task: the cap is never reached.
        "HUDDLE_TASK_MAX_ATTEMPTS": str(len(PLAN) + 2),
    }
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.05"]
    with log.open("ab") as out:
        worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    sink.worker_started(worker.pid)
    return worker


def _wait_until(done, what: str) -> None:
    deadline = time.monotonic() + PATIENCE
    while not done():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.1)


def _all_sent() -> bool:
    unfinished = DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists()
    return not unfinished and not Notification.objects.filter(emailed_at__isnull=True).exists()


@pytest.fixture
def batch(db_tasks, transactional_db, people):
    users = list(people.all().values())
    for i in range(BATCH):
        notification_create(user=users[i % len(users)], kind="test", title=f"Reminder {i}", url="/")
    assert DBTaskResult.objects.filter(status="READY").count() == BATCH
    return Notification.objects.all()


def test_killed_workers_leave_every_notification_e_mailed_once_and_no_task_stuck(batch, tmp_path):
    sink = KillingSink(plan=PLAN)
    log = tmp_path / "workers.log"
    with smtp_server(sink) as port:
        for _ in PLAN:
            worker = _start_worker(sink, port, log)
            assert worker.wait(timeout=PATIENCE) == -signal.SIGKILL, log.read_text()
        last = _start_worker(sink, port, log)
        try:
            _wait_until(_all_sent, "the last worker to finish the batch")
            assert last.poll() is None, log.read_text()
        finally:
            last.terminate()
            last.wait(timeout=PATIENCE)

    assert sink.kills == sorted(PLAN.items())
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    expected = {message_id("notification", n.pk, f"{n.created_at:%Y%m%d%H%M%S%f}") for n in batch}
    delivered = Counter(m["Message-ID"] for m in sink.messages)
    assert set(delivered) == expected
    twice = [mid for mid, copies in delivered.items() if copies > 1]
    assert sum(delivered.values()) == BATCH + IN_DOUBT and len(twice) == IN_DOUBT
    for mid in twice:
        first, second = (m for m in sink.messages if m["Message-ID"] == mid)
        assert (first["Date"], first["Subject"], first.get_content()) == (
            second["Date"],
            second["Subject"],
            second.get_content(),
        )
