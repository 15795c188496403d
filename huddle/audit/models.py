"""The append-only record of sensitive actions."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Bulk ``update()`` and ``delete()`` would skip the model's refusal."""

    def update(self, **kwargs: Any) -> int:
        raise ValueError("Audit events are append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ValueError("Audit events are append-only.")


class AuditEvent(models.Model):
    """Who did what to whom, and when. Rows are never changed or deleted.

    The database refuses changes to this table too (triggers in migration
    0002), so not even a bug or a shell session can rewrite history.
    """

    class Action(models.TextChoices):
        ROLE_GRANTED = "role.granted", _("Role granted")
        ROLE_REVOKED = "role.revoked", _("Role revoked")
        ROSTER_IMPORTED = "roster.imported", _("Roster imported")
        TAXONOMY_CHANGED = "taxonomy.changed", _("Taxonomy changed")
        PROFILE_PRIVATE_READ = "profile.private_read", _("Private profile field read")
        MATCHING_PUBLISHED = "mentoring.published", _("Mentoring matches published")
        REMATCH_REQUEST_READ = "mentoring.rematch_read", _("Rematch request read")
        EXPORT = "export", _("Data exported")

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # People with a history are deactivated, never deleted.
    actor_label = models.CharField(max_length=254, help_text=_("Kept if the actor is deleted."))
    action = models.CharField(max_length=40, choices=Action.choices, db_index=True)
    target = models.CharField(max_length=254, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("Audit events are append-only.")
