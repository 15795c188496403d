"""Peer listening: listeners and their hours, conversations with their messages, blocks, reports, debriefs.

A request and the conversation it becomes are one row (``Conversation``):
its status moves WAITING → ACTIVE → ENDED (or CANCELLED / EXPIRED while
waiting) only through conditional updates, so two listeners accepting at
once cannot both get it. Messages are deleted after the school's retention
period; the conversation row keeps no words once ``purged_at`` is set.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

#: One character per hour of the week, Monday 00:00 first, in the school's time zone.
HOURS_IN_WEEK = 168
NO_HOURS = "0" * HOURS_IN_WEEK
MESSAGE_MAX = 2000
OPENING_MAX = 280
RETENTION_MIN_DAYS, RETENTION_MAX_DAYS = 1, 365
WAIT_MIN_MINUTES, WAIT_MAX_MINUTES = 10, 24 * 60


class Listener(models.Model):
    """A student who passed the training and opted in to listen to peers."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="listener")
    active = models.BooleanField(default=True)
    paused = models.BooleanField(default=False)
    hours = models.CharField(max_length=HOURS_IN_WEEK, default=NO_HOURS)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(hours__regex=r"^[01]{168}$"), name="listening_hours_week"),
        ]

    def __str__(self) -> str:
        return f"listener {self.user_id}"


class ListeningSettings(models.Model):
    """The school's one row of listening settings, edited by well-being staff."""

    retention_days = models.PositiveIntegerField(
        default=30, validators=[MinValueValidator(RETENTION_MIN_DAYS), MaxValueValidator(RETENTION_MAX_DAYS)]
    )
    wait_minutes = models.PositiveIntegerField(
        default=120, validators=[MinValueValidator(WAIT_MIN_MINUTES), MaxValueValidator(WAIT_MAX_MINUTES)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(retention_days__gte=RETENTION_MIN_DAYS, retention_days__lte=RETENTION_MAX_DAYS),
                name="listening_retention_bounds",
            ),
            models.CheckConstraint(
                condition=Q(wait_minutes__gte=WAIT_MIN_MINUTES, wait_minutes__lte=WAIT_MAX_MINUTES),
                name="listening_wait_bounds",
            ),
        ]

    def __str__(self) -> str:
        return "listening settings"


class Conversation(models.Model):
    """A student's request for a listener, and the private conversation it becomes."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for a listener")
        ACTIVE = "active", _("In conversation")
        ENDED = "ended", _("Ended")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("No listener was free")

    class Handoff(models.TextChoices):
        NONE = "", _("No handoff")
        PROPOSED = "proposed", _("Handoff proposed")
        CONSENTED = "consented", _("Waiting for well-being staff")
        DECLINED = "declined", _("Handoff declined")
        JOINED = "joined", _("Well-being staff joined")

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    anonymous = models.BooleanField(default=False)
    opening = models.CharField(max_length=OPENING_MAX, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    listener = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    listener_left = models.BooleanField(default=False)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handoff = models.CharField(max_length=10, choices=Handoff.choices, default=Handoff.NONE, blank=True)
    #: An anonymous student's choice to let well-being staff see their name on a handoff.
    name_shared = models.BooleanField(default=False)
    contact_warnings = models.PositiveIntegerField(default=0)
    submission = models.UUIDField(null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"]), models.Index(fields=["status", "ended_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="active") | Q(listener__isnull=False), name="listening_active_has_listener"
            ),
            models.UniqueConstraint(
                fields=["student"], condition=Q(status="waiting"), name="listening_one_waiting_request"
            ),
        ]

    def __str__(self) -> str:
        return f"listening conversation {self.pk}"


class Message(models.Model):
    """One line of a conversation, plain text; deleted with the rest after the retention period."""

    class Side(models.TextChoices):
        STUDENT = "student", _("Student")
        LISTENER = "listener", _("Listener")
        STAFF = "staff", _("Well-being staff")
        SYSTEM = "system", _("Huddle")

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    side = models.CharField(max_length=10, choices=Side.choices)
    body = models.TextField(max_length=MESSAGE_MAX)
    #: The sender confirmed sending what looked like contact details.
    contact_shared = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"message {self.pk}"


class Block(models.Model):
    """``blocker`` never meets ``blocked`` again as listener and student, either way round."""

    blocker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    blocked = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["blocker", "blocked"], name="listening_block_once")]

    def __str__(self) -> str:
        return f"block {self.pk}"


class Report(models.Model):
    """A concern about a conversation, for well-being staff; also filed by Huddle on repeated contact sharing."""

    class Reason(models.TextChoices):
        CONTACT = "contact", _("Asked for or shared contact details, or to talk elsewhere")
        INAPPROPRIATE = "inappropriate", _("Sexual or inappropriate messages")
        HARASSMENT = "harassment", _("Harassment, discrimination or disrespect")
        SAFETY = "safety", _("I am worried about someone's safety")
        OTHER = "other", _("Something else")

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    details = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"listening report {self.pk}"


class Debrief(models.Model):
    """A listener asks well-being staff to talk after a hard conversation; no message content is shared."""

    listener = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    summary = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"debrief {self.pk}"
