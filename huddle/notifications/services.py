"""Creating notifications and deciding how they leave Huddle.

Callers create a notification inside their own transaction; the e-mail is
queued only once that transaction commits, so a rolled-back action never
sends mail.
"""

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from huddle.lib import registry
from huddle.lib.errors import HuddleError
from huddle.lib.i18n import speaking
from huddle.notifications.models import DigestSchedule, EmailMode, Notification, NotificationPreference


def email_mode_for(user: Any) -> str:
    pref = NotificationPreference.objects.filter(user=user).first()
    return pref.email_mode if pref else EmailMode.NOW.value


#: A notification's words: given as a function, they are written in the recipient's language.
type Words = str | Callable[[], str]


def words(message: str | Promise, **params: object) -> Callable[[], str]:
    """``message`` (a ``gettext_lazy`` text) with its ``%(name)s`` values, written when read."""
    return lambda: str(message) % params if params else str(message)


def _in_language_of(user: Any, words: Words) -> str:
    if isinstance(words, str):
        return words
    with speaking(user):
        return words()


def notification_create(
    *, user: Any, kind: str, title: Words, body: Words = "", url: str = "", once: str = ""
) -> Notification:
    """One notification; ``kind`` must be registered by an app's contributions.

    Pass ``title`` and ``body`` as functions (``lambda: _("…") % {…}``): they
    run in the recipient's language, not the language of whoever caused the
    notification. ``once`` is a key that makes a second call for the same
    person and event (a task run again after a crash) create nothing.
    """
    registry.notification_kinds.get(kind)
    if once:
        earlier = Notification.objects.filter(user=user, once=once).first()
        if earlier is not None:
            return earlier
    note = Notification.objects.create(
        user=user,
        kind=kind,
        title=_in_language_of(user, title)[:200],
        body=_in_language_of(user, body),
        url=url[:300],
        once=once,
    )
    mode = email_mode_for(user)
    if mode == EmailMode.NOW:
        transaction.on_commit(lambda: _enqueue_email(note.pk))
    elif mode == EmailMode.DIGEST:
        transaction.on_commit(lambda: digest_schedule(user=user))
    return note


def notify_many(*, users: Iterable[Any], kind: str, title: Words, body: Words = "", url: str = "") -> int:
    count = 0
    for user in users:
        notification_create(user=user, kind=kind, title=title, body=body, url=url)
        count += 1
    return count


def _enqueue_email(notification_id: int) -> None:
    from huddle.notifications.tasks import send_notification_email

    send_notification_email.enqueue(notification_id)


def next_digest_time(*, user: Any, now: datetime | None = None) -> datetime:
    """The next digest hour in the person's own time zone."""
    now = now or timezone.now()
    tz_name = getattr(getattr(user, "profile", None), "time_zone", None) or settings.TIME_ZONE
    local = now.astimezone(ZoneInfo(tz_name))
    send_at = local.replace(hour=settings.HUDDLE_DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if send_at <= local:
        send_at += timedelta(days=1)
    return send_at


def digest_schedule(*, user: Any) -> None:
    """Queue tomorrow's (or today's) digest once; the unique row is the lock."""
    from huddle.notifications.tasks import send_digest

    send_at = next_digest_time(user=user)
    try:
        with transaction.atomic():
            DigestSchedule.objects.create(user=user, day=send_at.date())
    except IntegrityError:
        return
    if not send_digest.get_backend().supports_defer:
        # The in-process test backend cannot wait until the digest hour, and
        # sending now would mail one item at a time; the row waits instead.
        return
    send_digest.using(run_after=send_at).enqueue(user.pk, send_at.date().isoformat())


def notifications_mark_read(*, user: Any, ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


def preference_set(*, user: Any, email_mode: str) -> NotificationPreference:
    if email_mode not in EmailMode.values:
        raise HuddleError(_("Choose how Huddle should e-mail you."), field="email_mode")
    pref, _created = NotificationPreference.objects.update_or_create(user=user, defaults={"email_mode": email_mode})
    return pref
