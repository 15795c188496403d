"""The school's posting rules, and times written the way the person reading them lives them."""

from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import pgettext

from huddle.accounts.models import User
from huddle.forum.models import ForumRules
from huddle.lib.zones import zone_of


def rules_current() -> ForumRules:
    """The one rules row; the model's defaults apply until a coordinator saves the page."""
    return ForumRules.objects.order_by("pk").first() or ForumRules()


def local_when(at: datetime, person: User) -> str:
    """``at`` in ``person``'s zone, in the active language (the same format the mentoring pages use)."""
    return date_format(timezone.localtime(at, zone_of(person)), pgettext("Django date format", "D, M j, H:i T"))
