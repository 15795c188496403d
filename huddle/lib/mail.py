"""E-mail that is sent once, or in doubt and then resent as the same message.

Exactly-once delivery over SMTP is impossible: if the process dies after the
server accepted a message (its ``250`` reply) but before we record that, we
cannot know whether it went. So every e-mail Huddle owes a person is

1. **claimed** in a committed transaction before any SMTP traffic
   (``email_claimed_by``/``email_claimed_at``, ``email_attempts`` counted), so
   a claimed-but-unconfirmed row is visibly *in doubt*;
2. **sent** with a ``Message-ID`` derived from the row, never random, so a
   resend after an in-doubt crash is the *same* message, which mail clients
   and many servers de-duplicate;
3. **confirmed** (its sent field set and committed) right after the server's
   ``250``, on the same connection, *before* ``QUIT`` — ``send_mail()`` would
   close the connection first and add that round trip to the window.

The in-doubt window is thus the time between the server's ``250`` and one
local ``UPDATE`` committing. A crash anywhere before the ``250`` (connect,
``MAIL``, ``RCPT``, ``DATA``) means the message was not accepted and the
resend is the first delivery; a crash inside the window gives a duplicate
with the same ``Message-ID``; a crash after it sends nothing more.

A claim is exclusive: another holder may take it only when it is its own
earlier attempt (the same task, rerun after its worker died) or when the
claim is older than a task lease.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from email.utils import format_datetime

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from huddle.lib.urls import site_host


class EmailClaim(models.Model):
    """The claim fields of a row that owes one e-mail."""

    email_claimed_by = models.CharField(max_length=64, blank=True)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True


def email_claim(*, rows: models.QuerySet, sent_field: str, holder: str) -> bool:
    """Claim the unsent e-mail of the row in ``rows`` for ``holder``; False if sent or held by another.

    Commit it before sending: the caller wraps it in its own short transaction.
    """
    now = timezone.now()
    stale = now - timedelta(seconds=settings.HUDDLE_TASK_LEASE_SECONDS)
    free = Q(email_claimed_by="") | Q(email_claimed_by=holder) | Q(email_claimed_at__lt=stale)
    unsent = rows.filter(free, **{f"{sent_field}__isnull": True})
    return bool(unsent.update(email_claimed_by=holder, email_claimed_at=now, email_attempts=F("email_attempts") + 1))


def message_id(kind: str, *parts: object) -> str:
    """A stable Message-ID: the same row always gives the same one."""
    return "<huddle.{}@{}>".format(".".join([kind, *(str(p) for p in parts)]), site_host())


def stable_headers(kind: str, *parts: object, written_at: datetime | None = None) -> dict[str, str]:
    """Headers that make a resend the same message: Message-ID and, when known, Date."""
    headers = {"Message-ID": message_id(kind, *parts)}
    if written_at is not None:
        headers["Date"] = format_datetime(written_at)
    return headers


def email_send_confirmed(*, message: EmailMessage, confirm: Callable[[], object]) -> None:
    """Send over a connection of our own and run ``confirm`` before closing it (QUIT)."""
    with mailers.default as connection:
        connection.send_messages([message])
        confirm()
