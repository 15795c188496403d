"""The personal calendar feed: every app's calendar entries for one person.

Calendar apps poll a subscribed address every few hours with no session, so
the address itself is the credential: secret, per person, and revocable by
resetting it. The feed covers a window around today; apps decide what an
entry reveals (a listener session, say, can be an entry without names).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from huddle.home.models import CalendarFeed, new_feed_token
from huddle.lib import calendar, registry

#: Past events stay visible a while (and cancellations reach calendars that
#: last synced before them); future ones up to a year ahead.
PAST = timedelta(days=60)
FUTURE = timedelta(days=366)


def feed_for(*, user_id: int) -> CalendarFeed:
    """The person's feed address, created on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(user_id=user_id)
    return feed


def feed_reset(*, user_id: int) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    with transaction.atomic():
        feed, created = CalendarFeed.objects.select_for_update().get_or_create(user_id=user_id)
        if not created:
            feed.token = new_feed_token()
            feed.created_at = timezone.now()
            feed.save(update_fields=["token", "created_at"])
    return feed


def feed_by_token(*, token: str) -> CalendarFeed | None:
    """The feed this address opens (an active person's), or None."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if feed is not None:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_fetched_at=timezone.now())
    return feed


def feed_ics(*, feed: CalendarFeed, now: datetime | None = None) -> bytes:
    """The person's feed as an iCalendar file."""
    now = now or timezone.now()
    entries = registry.entries_for(feed.user, now - PAST, now + FUTURE)
    return calendar.calendar_bytes(entries, name=f"Huddle · {settings.HUDDLE_SCHOOL_NAME}", now=now)
