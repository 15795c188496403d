"""A real SMTP server on 127.0.0.1 for tests that must see mail leave Django.

Use it by importing the fixture into a test module::

    from tests.smtp import smtp_sink  # noqa: F401

The fixture points ``MAILERS["default"]`` at the server (Django's test set-up
replaces MAILERS with locmem; the ``settings`` fixture sets it back for one
test) and yields the sink, whose ``messages`` are parsed e-mails.
"""

import os
import select
import signal
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller


@dataclass
class SmtpSink:
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp_sink(settings: Any) -> Iterator[SmtpSink]:
    sink = SmtpSink(port=0)
    with smtp_server(sink) as sink.port:
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": sink.port, "timeout": 5},
            }
        }
        yield sink


@dataclass
class KillingSink:
    """An SMTP server that SIGKILLs the sending worker at chosen points of chosen deliveries.

    ``plan`` maps a delivery's ordinal (1 for the first RCPT the server ever
    sees, 2 for the next, resends included) to the stage at which the worker
    dies: ``"rcpt"`` (on RCPT, before replying), ``"data"`` (message received,
    refused unrecorded: never accepted), ``"accepted"`` (recorded as accepted,
    the worker dies before reading the reply: the in-doubt case) or ``"quit"``
    (on QUIT, after a normal delivery). The kill is decided by the server, not
    by time, and the handler returns only once the worker is dead, so nothing
    the worker could still do is mistaken for what it did before.
    """

    plan: dict[int, str]
    messages: list[EmailMessage] = field(default_factory=list)
    kills: list[tuple[int, str]] = field(default_factory=list)
    deliveries: int = 0
    _worker_pid: int | None = None
    _worker_known: threading.Event = field(default_factory=threading.Event)

    def worker_started(self, pid: int) -> None:
        self._worker_pid = pid
        self._worker_known.set()

    def _kill_worker_if_planned(self, stage: str) -> bool:
        if self.plan.get(self.deliveries) != stage:
            return False
        # A worker can reach the server before the test has registered it.
        assert self._worker_known.wait(timeout=120), "no worker registered"
        pid, self._worker_pid = self._worker_pid, None
        self._worker_known.clear()
        assert pid is not None
        dead = os.pidfd_open(pid)
        try:
            os.kill(pid, signal.SIGKILL)
            assert select.select([dead], [], [], 120)[0], f"worker {pid} outlived SIGKILL"
        finally:
            os.close(dead)
        self.kills.append((self.deliveries, stage))
        return True

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: list[str]) -> str:
        self.deliveries += 1
        self._kill_worker_if_planned("rcpt")
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self._kill_worker_if_planned("data"):
            return "451 Not accepted"
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        self._kill_worker_if_planned("accepted")
        return "250 Message accepted"

    async def handle_QUIT(self, server: Any, session: Any, envelope: Any) -> str:
        self._kill_worker_if_planned("quit")
        return "221 Bye"


@contextmanager
def smtp_server(handler: Any) -> Iterator[int]:
    """Serve ``handler`` on a free port of 127.0.0.1; yields the port."""
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()
