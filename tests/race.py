"""Run calls at the same moment from real threads, each on its own database connection.

Row locks (``select_for_update``; SQLite's ``BEGIN IMMEDIATE``) and
constraints must serialise them on SQLite and PostgreSQL alike, so the
outcome does not depend on which thread the scheduler runs first. Any
unexpected exception is recorded as an outcome, so a test fails on it
instead of a thread dying quietly. Should SQLite answer "locked" before its
busy timeout, the statement is retried.
"""

import threading
import time
from collections.abc import Callable

from django.db import OperationalError, connection

from huddle.lib.errors import HuddleError


def _waiting_for_sqlite_lock(call: Callable[[], object]) -> object:
    deadline = time.monotonic() + 10
    while True:
        try:
            return call()
        except OperationalError as error:
            if connection.vendor != "sqlite" or "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def race(calls: list[Callable[[], object]]) -> list[str]:
    """Each call's outcome: "ok", a HuddleError's message, or "unexpected …"."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            _waiting_for_sqlite_lock(call)
            outcomes.append("ok")
        except HuddleError as error:
            outcomes.append(error.message)
        except Exception as error:
            outcomes.append(f"unexpected {type(error).__name__}: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes
