"""The personal calendar feed's secret address."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


def new_feed_token() -> str:
    """256 random bits, URL-safe: the address is the only key to the feed."""
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """One secret feed address per person; resetting it revokes the old one.

    The token is shown to its owner whenever they open the calendar page, as
    calendar services do, so it is kept as is; it opens a read-only list of
    the person's own events and nothing else.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)
    last_fetched_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user_id}"
