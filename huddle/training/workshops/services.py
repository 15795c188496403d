"""Workshops: scheduling, RSVP with a waitlist that promotes itself, attendance.

Every change of places runs with the workshop row locked (``select_for_update``;
SQLite's ``BEGIN IMMEDIATE`` serialises writers), so two people cannot take
the last place and a cancellation promotes exactly one person. Seats are
numbered and unique per workshop: the database refuses a double booking
even if this code were wrong.
"""

from dataclasses import asdict, dataclass, replace
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from huddle.accounts.models import User
from huddle.audit.services import audit_record
from huddle.lib.errors import HuddleError, require
from huddle.notifications.services import notification_create, words
from huddle.training import policy
from huddle.training.certificates.services import completion_grant_if_due
from huddle.training.models import Module, Rsvp, Workshop

MAX_CAPACITY = 500


@dataclass(frozen=True)
class WorkshopDetails:
    """What a coordinator writes about a workshop, checked once for creating and for editing."""

    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    place: str
    virtual_link: str
    capacity: int

    def checked(self) -> "WorkshopDetails":
        """The same details trimmed, or a ``HuddleError`` naming the first field that is wrong."""
        title = self.title.strip()
        if not title:
            raise HuddleError(_("Give the workshop a title."), field="title")
        if timezone.is_naive(self.starts_at) or timezone.is_naive(self.ends_at):
            raise HuddleError(_("Give the start with its time zone."), field="starts_at")
        if self.starts_at <= timezone.now():
            raise HuddleError(_("Schedule the workshop in the future."), field="starts_at")
        if self.ends_at <= self.starts_at:
            raise HuddleError(_("The workshop must end after it starts."), field="ends_at")
        if not self.place.strip() and not self.virtual_link.strip():
            raise HuddleError(_("Give a place or a video call link."), field="place")
        if self.virtual_link and not self.virtual_link.startswith("https://"):
            raise HuddleError(_("Give a video call link starting with https://."), field="virtual_link")
        if not 1 <= self.capacity <= MAX_CAPACITY:
            raise HuddleError(_("Give from 1 to %(n)d places.") % {"n": MAX_CAPACITY}, field="capacity")
        return replace(
            self,
            title=title[:160],
            description=self.description.strip(),
            place=self.place.strip()[:200],
            virtual_link=self.virtual_link.strip(),
        )


@transaction.atomic
def workshop_create(
    *,
    user: User,
    module: Module,
    title: str,
    description: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str,
    virtual_link: str,
    capacity: int,
    organiser: User | None = None,
) -> Workshop:
    require(policy.can_schedule_workshops(user), _("Only coordinators schedule workshops."))
    if module.status == Module.Status.RETIRED:
        raise HuddleError(_("Choose a module that is not retired."), field="module")
    details = WorkshopDetails(title, description, starts_at, ends_at, place, virtual_link, capacity).checked()
    return Workshop.objects.create(module=module, organiser=organiser or user, **asdict(details))


@transaction.atomic
def workshop_update(*, user: User, workshop: Workshop, details: WorkshopDetails) -> Workshop:
    """Move, re-place or resize a scheduled workshop.

    Fewer places than people already holding one is refused (nobody loses a
    place they were given); more places go to the waitlist at once, first come
    first served. A new time, place or link raises the calendar sequence and
    tells everyone with a place or a waitlist spot.
    """
    require(policy.can_run_workshop(user, workshop), _("Only the organiser or a coordinator edits a workshop."))
    workshop = _locked(workshop)
    if workshop.status != Workshop.Status.SCHEDULED:
        raise HuddleError(_("This workshop was cancelled."))
    if workshop.starts_at <= timezone.now():
        raise HuddleError(_("This workshop has already started."))
    details = details.checked()
    going = workshop.rsvps.filter(status=Rsvp.Status.GOING).count()
    if details.capacity < going:
        already = ngettext(
            "%(n)d person already has a place: give at least %(n)d place.",
            "%(n)d people already have a place: give at least %(n)d places.",
            going,
        )
        raise HuddleError(already % {"n": going}, field="capacity")
    moved = (details.starts_at, details.ends_at, details.place, details.virtual_link) != (
        workshop.starts_at,
        workshop.ends_at,
        workshop.place,
        workshop.virtual_link,
    )
    Workshop.objects.filter(pk=workshop.pk).update(
        **asdict(details), sequence=F("sequence") + (1 if moved else 0), updated_at=timezone.now()
    )
    workshop.refresh_from_db()
    while (seat := _free_seat(workshop)) is not None and _promote(workshop, seat) is not None:
        pass
    if moved:
        _tell_of_change(workshop)
    return workshop


def _tell_of_change(workshop: Workshop) -> None:
    """Everyone still coming or waiting hears of the new time or place, after commit."""
    people = [r.person for r in workshop.rsvps.exclude(status=Rsvp.Status.CANCELLED).select_related("person")]
    title, url, stamp = workshop.title, reverse("training:workshop", args=[workshop.pk]), workshop.sequence
    for person in people:
        transaction.on_commit(
            lambda person=person: notification_create(  # type: ignore[misc]
                user=person,
                kind="training.workshop_changed",
                title=words(gettext_lazy("%(workshop)s has a new time or place"), workshop=title),
                body=words(gettext_lazy("Check the details; your calendar feed shows the change.")),
                url=url,
                once=f"training.workshop_changed:{workshop.pk}:{person.pk}:{stamp}",
            )
        )


def _locked(workshop: Workshop) -> Workshop:
    return Workshop.objects.select_for_update().get(pk=workshop.pk)


def _free_seat(workshop: Workshop) -> int | None:
    """A seat number nobody holds, while fewer people hold one than there are places.

    Counting, not looking for a gap below ``capacity``: after places were
    reduced a person may hold seat 9 of 8, and the gap at seat 3 is no place.
    """
    taken = set(workshop.rsvps.filter(status=Rsvp.Status.GOING).values_list("seat", flat=True))
    if len(taken) >= workshop.capacity:
        return None
    return next(seat for seat in range(1, workshop.capacity + len(taken) + 1) if seat not in taken)


@transaction.atomic
def rsvp_create(*, user: User, workshop: Workshop) -> Rsvp:
    """A place if one is free, else the end of the waitlist."""
    workshop = _locked(workshop)
    require(policy.can_rsvp(user, workshop), _("This workshop was cancelled."))
    now = timezone.now()
    if workshop.starts_at <= now:
        raise HuddleError(_("This workshop has already started."))
    existing = Rsvp.objects.filter(workshop=workshop, person=user).first()
    if existing is not None and existing.status == Rsvp.Status.GOING:
        raise HuddleError(_("You already have a place."))
    if existing is not None and existing.status == Rsvp.Status.WAITLISTED:
        raise HuddleError(_("You are already on the waitlist."))
    seat = _free_seat(workshop)
    rsvp = existing or Rsvp(workshop=workshop, person=user)
    rsvp.status = Rsvp.Status.GOING if seat else Rsvp.Status.WAITLISTED
    rsvp.seat = seat
    rsvp.waitlisted_at = None if seat else now
    rsvp.promoted_at = None
    rsvp.sequence = (rsvp.sequence + 1) if existing else 0
    rsvp.save()
    return rsvp


@transaction.atomic
def rsvp_cancel(*, user: User, workshop: Workshop) -> Rsvp:
    """Give up a place (or leave the waitlist); a freed place goes to the first person waiting."""
    workshop = _locked(workshop)
    rsvp = Rsvp.objects.filter(workshop=workshop, person=user).first()
    if rsvp is None or rsvp.status == Rsvp.Status.CANCELLED:
        raise HuddleError(_("You have no place or waitlist spot to cancel."))
    if workshop.starts_at <= timezone.now():
        raise HuddleError(_("This workshop has already started."))
    freed = rsvp.seat if rsvp.status == Rsvp.Status.GOING else None
    changed = Rsvp.objects.filter(pk=rsvp.pk, status=rsvp.status).update(
        status=Rsvp.Status.CANCELLED,
        seat=None,
        waitlisted_at=None,
        sequence=F("sequence") + 1,
        updated_at=timezone.now(),
    )
    if not changed:
        raise HuddleError(_("Your place changed meanwhile; reload the page."))
    if freed is not None:
        _promote(workshop, freed)
    rsvp.refresh_from_db()
    return rsvp


def _promote(workshop: Workshop, seat: int) -> Rsvp | None:
    """The first person on the waitlist takes ``seat`` (the workshop row is locked by the caller)."""
    waiting = (
        Rsvp.objects.filter(workshop=workshop, status=Rsvp.Status.WAITLISTED).order_by("waitlisted_at", "pk").first()
    )
    if waiting is None:
        return None
    now = timezone.now()
    changed = Rsvp.objects.filter(pk=waiting.pk, status=Rsvp.Status.WAITLISTED).update(
        status=Rsvp.Status.GOING,
        seat=seat,
        waitlisted_at=None,
        promoted_at=now,
        sequence=F("sequence") + 1,
        updated_at=now,
    )
    if not changed:
        return None
    person, title, pk = waiting.person, workshop.title, workshop.pk
    url = reverse("training:workshop", args=[pk])
    transaction.on_commit(
        lambda: notification_create(
            user=person,
            kind="training.promoted",
            title=words(gettext_lazy("You have a place at %(workshop)s"), workshop=title),
            body=words(gettext_lazy("A place opened up, so your waitlist spot became a place. See you there!")),
            url=url,
            once=f"training.promoted:{waiting.pk}:{now.isoformat()}",
        )
    )
    return waiting


@transaction.atomic
def workshop_cancel(*, user: User, workshop: Workshop) -> Workshop:
    """Call a workshop off; everyone's calendar shows it cancelled and they are told."""
    require(policy.can_run_workshop(user, workshop), _("Only the organiser or a coordinator cancels a workshop."))
    changed = Workshop.objects.filter(pk=workshop.pk, status=Workshop.Status.SCHEDULED).update(
        status=Workshop.Status.CANCELLED, sequence=F("sequence") + 1, updated_at=timezone.now()
    )
    if not changed:
        raise HuddleError(_("This workshop is already cancelled."))
    workshop.refresh_from_db()
    people = [r.person for r in workshop.rsvps.exclude(status=Rsvp.Status.CANCELLED).select_related("person")]
    title, url = workshop.title, reverse("training:workshop", args=[workshop.pk])
    for person in people:
        transaction.on_commit(
            lambda person=person: notification_create(  # type: ignore[misc]
                user=person,
                kind="training.workshop_cancelled",
                title=words(gettext_lazy("%(workshop)s is cancelled"), workshop=title),
                url=url,
                once=f"training.workshop_cancelled:{workshop.pk}:{person.pk}",
            )
        )
    audit_record(actor=user, action="training.workshop_cancelled", target=f"training-workshop:{workshop.pk}")
    return workshop


@transaction.atomic
def attendance_mark(*, user: User, workshop: Workshop, attended_ids: set[int]) -> int:
    """Mark who came (everyone with a place: ticked came, unticked did not); attending may complete the module."""
    require(policy.can_run_workshop(user, workshop), _("Only the organiser or a coordinator marks attendance."))
    now = timezone.now()
    if workshop.starts_at > now:
        raise HuddleError(_("Mark attendance once the workshop has started."))
    if workshop.status != Workshop.Status.SCHEDULED:
        raise HuddleError(_("This workshop was cancelled."))
    going = list(workshop.rsvps.filter(status=Rsvp.Status.GOING).select_related("person"))
    unknown = attended_ids - {r.pk for r in going}
    if unknown:
        raise HuddleError(_("Tick only people who had a place."), field="attended")
    for rsvp in going:
        came = rsvp.pk in attended_ids
        Rsvp.objects.filter(pk=rsvp.pk).update(attended=came, attendance_marked_by=user)
        if came:
            completion_grant_if_due(person=rsvp.person, module=workshop.module, now=now)
    return len(attended_ids)
