"""Unmet demand: a student's search for a tutor that found no open session.

Coordinators read these rows as "what students looked for and could not
book" (by subject and hour), so one student repeating one search all day
counts once a day, not once per page load.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huddle.accounts.models import Language, Topic, User
from huddle.lib.errors import require
from huddle.lib.zones import school_zone
from huddle.tutoring import policy
from huddle.tutoring.models import Modality, UnmetSearch


@transaction.atomic
def unmet_search_record(
    *,
    student: User,
    topic: Topic | None = None,
    weekday: int | None = None,
    hour: int | None = None,
    modality: str = "",
    language: Language | None = None,
    now: datetime | None = None,
) -> UnmetSearch | None:
    """Record a search that found nothing, once per identical search, student and school day.

    ``weekday`` (0 = Monday) and ``hour`` are on the school's clock, as the
    demand report counts them. Returns ``None`` when today already has it.
    """
    require(policy.can_book(student), _("Only students' searches count as demand."))
    now = now or timezone.now()
    wish = {
        "student": student,
        "topic": topic,
        "weekday": weekday if weekday is not None and 0 <= weekday <= 6 else None,
        "hour": hour if hour is not None and 0 <= hour <= 23 else None,
        "modality": modality if modality in Modality.values else "",
        "language": language,
        "day": now.astimezone(school_zone()).date(),
    }
    if UnmetSearch.objects.filter(**wish).exists():
        return None
    return UnmetSearch.objects.create(**wish)
