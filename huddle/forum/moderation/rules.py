"""The school's posting rules, and times written the way the person reading them lives them."""

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import pgettext

from huddle.accounts.models import User
from huddle.forum.models import ForumRules


def rules_current() -> ForumRules:
    """The one rules row; the model's defaults apply until a coordinator saves the page."""
    return ForumRules.objects.order_by("pk").first() or ForumRules()


def _zone(person: User) -> ZoneInfo:
    """The person's own time zone (profile), else the school's."""
    profile = getattr(person, "profile", None)
    name = getattr(profile, "time_zone", "") or settings.TIME_ZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


def local_when(at: datetime, person: User) -> str:
    """``at`` in ``person``'s zone, in the active language (the same format the mentoring pages use)."""
    return date_format(timezone.localtime(at, _zone(person)), pgettext("Django date format", "D, M j, H:i T"))
