"""The campus resources the crisis page lists: the staff's rows, else the deploy-time lines."""

import logging
from dataclasses import dataclass

from django.conf import settings

from huddle.lib.crisis import CrisisLine
from huddle.wellbeing.models import CrisisResource

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ResourceView:
    """A resource as the page draws it: a ``tel:``/``sms:`` link, a web link, or a labelled demo number."""

    label: str
    channel: str
    contact: str
    hours: str = ""
    notes: str = ""

    @property
    def line(self) -> CrisisLine:
        return CrisisLine(self.label, self.contact)

    @property
    def fictional(self) -> bool:
        return self.channel != CrisisResource.Channel.WEB and self.line.fictional

    @property
    def href(self) -> str:
        if self.fictional:
            return ""
        if self.channel == CrisisResource.Channel.WEB:
            return self.contact
        scheme = "sms" if self.channel == CrisisResource.Channel.TEXT else "tel"
        return f"{scheme}:{self.line.dial}"


def campus_resources() -> list[ResourceView]:
    """One query. Staff rows win; until staff add one, the ``HUDDLE_CAMPUS_CRISIS_LINES`` lines show.

    The crisis page must not fail when the database does: whatever goes
    wrong reading the rows (an outage, a missing table after a bad deploy,
    no database at all), the deploy-time lines show, beside the national
    lines the template always has. Hence the broad ``except``, and the log.
    """
    try:
        rows = [
            ResourceView(r.label, r.channel, r.contact, r.hours, r.notes)
            for r in CrisisResource.objects.order_by("order", "label", "pk")
        ]
    except Exception:  # see the docstring: the crisis page must render
        logger.exception("Crisis resources could not be read; showing the deploy-time lines")
        rows = []
    if rows:
        return rows
    return [
        ResourceView(line.label, CrisisResource.Channel.PHONE, line.number)
        for line in settings.HUDDLE_CAMPUS_CRISIS_LINES.lines
    ]
