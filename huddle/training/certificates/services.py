"""Completions: granted when the last condition of a module is met, never edited afterwards.

A module is complete when its quiz is passed and, if the module asks for
it, one of its workshops was attended. Both must fall within the module's
validity window counted back from the moment the second one happens, so a
renewal needs a fresh pass (and a fresh workshop) — a five-year-old
attendance does not renew a yearly module.
"""

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from huddle.accounts.models import User
from huddle.notifications.services import notification_create, words
from huddle.training.models import Attempt, Completion, Module, Rsvp


def _window_start(module: Module, now: datetime) -> datetime | None:
    return now - timedelta(days=module.valid_for_days) if module.valid_for_days else None


def completion_grant_if_due(*, person: User, module: Module, now: datetime) -> Completion | None:
    """A new completion when the person has just met the module's last condition, else None.

    Idempotent: the same passing attempt never completes a module twice.
    """
    since = _window_start(module, now)
    attempts = Attempt.objects.filter(person=person, quiz__module=module, passed=True)
    if since is not None:
        attempts = attempts.filter(submitted_at__gte=since)
    attempt = attempts.order_by("-submitted_at", "-pk").first()
    if attempt is None or Completion.objects.filter(person=person, attempt=attempt).exists():
        return None
    if module.requires_workshop:
        attended = Rsvp.objects.filter(person=person, workshop__module=module, attended=True)
        if since is not None:
            attended = attended.filter(workshop__ends_at__gte=since)
        if not attended.exists():
            return None
    expires = now + timedelta(days=module.valid_for_days) if module.valid_for_days else None
    completion = Completion.objects.create(
        person=person, module=module, quiz=attempt.quiz, attempt=attempt, completed_at=now, expires_at=expires
    )
    notification_create(
        user=person,
        kind="training.completed",
        title=words(_("You completed %(module)s"), module=module.title),
        body=words(_("Your certificate is ready.")),
        url=reverse("training:certificate", args=[completion.pk]),
        once=f"training.completed:{completion.pk}",
    )
    return completion
