"""In-app notifications and how each person wants to hear about them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from huddle.lib.mail import EmailClaim


class EmailMode(models.TextChoices):
    NOW = "now", _("E-mail me each one as it happens")
    DIGEST = "digest", _("One daily digest e-mail")
    OFF = "off", _("No e-mail; in Huddle only")


class NotificationPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_mode = models.CharField(max_length=10, choices=EmailMode.choices, default=EmailMode.NOW)

    def __str__(self) -> str:
        return f"{self.user}: {self.email_mode}"


class Notification(EmailClaim):
    """One message to one person; the body never names an anonymous author.

    Its e-mail is claimed, sent, then confirmed in ``emailed_at`` (see tasks.py).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # The event this tells the person about, when it must be told once only.
    once = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notif_user_recent"),
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notif_user_unread"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["user", "once"], condition=~Q(once=""), name="notif_told_once"),
        ]

    def __str__(self) -> str:
        return self.title


class DigestSchedule(EmailClaim):
    """One queued digest per person per day, so two workers never send two."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)
    # The notifications this digest lists, fixed at its first attempt.
    note_ids = models.JSONField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_digest_per_day")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"
