"""Reading workshops: the list with places left and the viewer's RSVP, one workshop, the calendar feed."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from huddle.accounts.models import User
from huddle.lib import calendar
from huddle.lib.registry import CalendarEntry
from huddle.lib.urls import absolute_url
from huddle.training.models import Rsvp, Workshop


@dataclass(frozen=True)
class WorkshopRow:
    workshop: Workshop
    going: int
    waiting: int
    mine: Rsvp | None

    @property
    def places_left(self) -> int:
        return max(self.workshop.capacity - self.going, 0)

    @property
    def full(self) -> bool:
        return self.places_left == 0


def _with_counts(rows):  # type: ignore[no-untyped-def]
    return rows.annotate(
        going=Count("rsvps", filter=Q(rsvps__status=Rsvp.Status.GOING)),
        waiting=Count("rsvps", filter=Q(rsvps__status=Rsvp.Status.WAITLISTED)),
    )


def workshop_rows(*, viewer: User, now: datetime, module_id: int | None = None, limit: int = 50) -> list[WorkshopRow]:
    """Upcoming workshops with their counts and the viewer's own RSVP (two queries)."""
    rows = _with_counts(
        Workshop.objects.filter(ends_at__gte=now, module__status="published").select_related("module")
    ).prefetch_related(Prefetch("rsvps", queryset=Rsvp.objects.filter(person_id=viewer.pk), to_attr="mine"))
    if module_id is not None:
        rows = rows.filter(module_id=module_id)
    return [
        WorkshopRow(w, w.going, w.waiting, w.mine[0] if w.mine else None)  # type: ignore[attr-defined]
        for w in rows.order_by("starts_at", "pk")[:limit]
    ]


def workshop_row(*, viewer: User, workshop_id: int) -> WorkshopRow | None:
    w = (
        _with_counts(Workshop.objects.filter(pk=workshop_id).select_related("module", "organiser"))
        .prefetch_related(Prefetch("rsvps", queryset=Rsvp.objects.filter(person_id=viewer.pk), to_attr="mine"))
        .first()
    )
    if w is None:
        return None
    return WorkshopRow(w, w.going, w.waiting, w.mine[0] if w.mine else None)  # type: ignore[attr-defined]


def waitlist_position(rsvp: Rsvp) -> int:
    """1 for the next person to get a place."""
    return (
        Rsvp.objects.filter(workshop_id=rsvp.workshop_id, status=Rsvp.Status.WAITLISTED)
        .filter(Q(waitlisted_at__lt=rsvp.waitlisted_at) | Q(waitlisted_at=rsvp.waitlisted_at, pk__lt=rsvp.pk))
        .count()
        + 1
    )


def attendees(*, workshop: Workshop) -> list[Rsvp]:
    """Who has a place, then who waits, for the organiser's page."""
    return list(
        workshop.rsvps.exclude(status=Rsvp.Status.CANCELLED)
        .select_related("person__profile")
        .order_by("status", "waitlisted_at", "person__last_name", "pk")
    )


def workshop_entry(rsvp: Rsvp) -> CalendarEntry:
    """One RSVP'd workshop as the person's calendar shows it: same UID for life, cancelled ones kept."""
    w = rsvp.workshop
    url = absolute_url(reverse("training:workshop", args=[w.pk]))
    summary = w.title if rsvp.status == Rsvp.Status.GOING else _("Waitlist: %(title)s") % {"title": w.title}
    location = w.place or w.virtual_link
    return CalendarEntry(
        uid=calendar.event_uid("training-workshop", w.pk),
        start=w.starts_at,
        end=w.ends_at,
        summary=summary,
        sequence=w.sequence + rsvp.sequence,
        cancelled=rsvp.status == Rsvp.Status.CANCELLED or w.status == Workshop.Status.CANCELLED,
        location=location,
        description=_("Huddle training workshop (%(module)s). %(url)s") % {"module": w.module.title, "url": url},
        url=url,
        updated=max(w.updated_at, rsvp.updated_at),
    )


def workshop_calendar_entries(*, user: User, start: datetime, end: datetime) -> list[CalendarEntry]:
    """Every workshop the person RSVP'd to in a window, cancelled ones included (one query)."""
    rows = (
        Rsvp.objects.filter(person=user, workshop__starts_at__gte=start, workshop__starts_at__lt=end)
        .select_related("workshop__module")
        .order_by("workshop__starts_at", "pk")
    )
    return [workshop_entry(rsvp) for rsvp in rows]
