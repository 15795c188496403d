"""What a tutor offers: weekly windows cut into sessions, one-off sessions, blocked dates.

Windows are cut into sessions ``Rules.horizon_weeks`` ahead, at once and then
by a daily task, so the week view and every booking work on real rows (the
database can then guard them). A tutor never has two overlapping live
sessions: windows are checked against each other, cut sessions that would
overlap a one-off are skipped, and PostgreSQL's exclusion constraint has the
last word.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huddle.accounts.models import Topic, User
from huddle.lib.chains import chain_ensure
from huddle.lib.errors import HuddleError, require
from huddle.lib.zones import zone_named, zone_of
from huddle.tutoring import policy
from huddle.tutoring.bookings.guard import clash_as_message, tutor_clash
from huddle.tutoring.bookings.services import session_cancel
from huddle.tutoring.models import (
    MAX_GROUP_PLACES,
    SESSION_MINUTES,
    BlockedDate,
    Booking,
    Modality,
    Session,
    Tutor,
    TutorSubject,
    Window,
)
from huddle.tutoring.rules import rules_current
from huddle.tutoring.schedule.cutting import cut_window, local_instant


@dataclass(frozen=True)
class Offer:
    """Where and how: shared by windows and one-off sessions, checked once."""

    modality: str
    meeting_link: str
    room: str
    capacity: int
    topic: Topic | None

    def checked(self, tutor: Tutor) -> "Offer":
        if self.modality not in Modality.values:
            raise HuddleError(_("Choose virtual or in person."), field="modality")
        link, room = self.meeting_link.strip(), self.room.strip()[:200]
        if self.modality == Modality.VIRTUAL and not link.startswith("https://"):
            raise HuddleError(_("Give a meeting link starting with https://."), field="meeting_link")
        if self.modality == Modality.IN_PERSON and not room:
            raise HuddleError(_("Say which room."), field="room")
        if not 1 <= self.capacity <= MAX_GROUP_PLACES:
            raise HuddleError(_("Give from 1 to %(n)d places.") % {"n": MAX_GROUP_PLACES}, field="capacity")
        if (
            self.topic is not None
            and not TutorSubject.objects.filter(
                tutor=tutor, topic=self.topic, status=TutorSubject.Status.APPROVED
            ).exists()
        ):
            raise HuddleError(_("Choose a subject you are approved to tutor."), field="topic")
        link = link if self.modality == Modality.VIRTUAL else ""
        room = room if self.modality == Modality.IN_PERSON else ""
        return Offer(self.modality, link, room, self.capacity, self.topic)


def _may_offer(user: User, tutor: Tutor) -> None:
    require(policy.can_manage_sessions(user, tutor), _("Only the tutor manages their sessions."))
    if not tutor.subjects.filter(status=TutorSubject.Status.APPROVED).exists():
        raise HuddleError(_("You can offer sessions once a coordinator approves a subject."))


@transaction.atomic
def window_create(
    *,
    user: User,
    tutor: Tutor,
    weekday: int,
    starts: time,
    ends: time,
    session_minutes: int,
    offer: Offer,
    now: datetime | None = None,
) -> Window:
    """A weekly window in the tutor's own zone, cut into sessions at once."""
    _may_offer(user, tutor)
    if not 0 <= weekday <= 6:
        raise HuddleError(_("Choose a day of the week."), field="weekday")
    if session_minutes not in SESSION_MINUTES:
        raise HuddleError(_("Choose a session length from the list."), field="session_minutes")
    if ends <= starts:
        raise HuddleError(_("The window must end after it starts."), field="ends")
    span = datetime.combine(date.min, ends) - datetime.combine(date.min, starts)
    if span < timedelta(minutes=session_minutes):
        raise HuddleError(_("The window is shorter than one session."), field="ends")
    offer = offer.checked(tutor)
    clash = tutor.windows.filter(active=True, weekday=weekday, starts__lt=ends, ends__gt=starts)
    if clash.exists():
        raise HuddleError(_("This overlaps another of your weekly windows."), field="starts")
    window = Window.objects.create(
        tutor=tutor,
        weekday=weekday,
        starts=starts,
        ends=ends,
        time_zone=zone_of(tutor.person).key,
        session_minutes=session_minutes,
        topic=offer.topic,
        modality=offer.modality,
        meeting_link=offer.meeting_link,
        room=offer.room,
        capacity=offer.capacity,
    )
    sessions_cut(tutor=tutor, now=now)
    transaction.on_commit(_extend_ensure)
    return window


@transaction.atomic
def window_remove(*, user: User, window: Window, now: datetime | None = None) -> int:
    """Stop a window: its future sessions nobody booked go; booked ones stay until the tutor cancels them.

    Returns how many booked sessions remain, so the page can say so.
    """
    now = now or timezone.now()
    require(policy.can_manage_sessions(user, window.tutor), _("Only the tutor manages their sessions."))
    Window.objects.filter(pk=window.pk).update(active=False)
    future = Session.objects.filter(window=window, starts_at__gt=now, status=Session.Status.OPEN)
    unbooked = future.exclude(bookings__status__in=[Booking.Status.BOOKED, Booking.Status.WAITLISTED])
    Booking.objects.filter(session__in=unbooked).delete()
    unbooked.delete()
    return future.count()


def sessions_cut(*, tutor: Tutor, now: datetime | None = None) -> int:
    """Cut every active window into sessions up to the horizon; idempotent (one row per window and start)."""
    now = now or timezone.now()
    horizon = rules_current().horizon_weeks
    blocked = set(tutor.blocked_dates.values_list("day", flat=True))
    made = 0
    for window in tutor.windows.filter(active=True):
        zone = zone_named(window.time_zone)
        first = now.astimezone(zone).date()
        slots = cut_window(
            weekday=window.weekday,
            starts=window.starts,
            ends=window.ends,
            minutes=window.session_minutes,
            zone=zone,
            first=first,
            last=first + timedelta(weeks=horizon),
            blocked=blocked,
        )
        for slot in slots:
            if slot.starts_at <= now or Session.objects.filter(window=window, starts_at=slot.starts_at).exists():
                continue
            if _overlaps(tutor, slot.starts_at, slot.ends_at):
                continue
            with clash_as_message():
                Session.objects.create(
                    tutor=tutor,
                    window=window,
                    starts_at=slot.starts_at,
                    ends_at=slot.ends_at,
                    time_zone=window.time_zone,
                    topic=window.topic,
                    modality=window.modality,
                    meeting_link=window.meeting_link,
                    room=window.room,
                    capacity=window.capacity,
                )
                made += 1
    return made


def _overlaps(tutor: Tutor, starts_at: datetime, ends_at: datetime) -> bool:
    try:
        tutor_clash(tutor=tutor, starts_at=starts_at, ends_at=ends_at)
    except HuddleError:
        return True
    return False


@transaction.atomic
def session_add(
    *, user: User, tutor: Tutor, day: date, starts: time, minutes: int, offer: Offer, now: datetime | None = None
) -> Session:
    """A one-off session on a date, at a wall-clock time in the tutor's zone."""
    now = now or timezone.now()
    _may_offer(user, tutor)
    if minutes not in SESSION_MINUTES:
        raise HuddleError(_("Choose a session length from the list."), field="minutes")
    zone = zone_of(tutor.person)
    starts_at = local_instant(day, starts, zone)
    if starts_at is None:
        raise HuddleError(_("That time does not exist on that day (the clocks change)."), field="starts")
    if starts_at <= now:
        raise HuddleError(_("Choose a time in the future."), field="day")
    offer = offer.checked(tutor)
    ends_at = starts_at + timedelta(minutes=minutes)
    tutor_clash(tutor=tutor, starts_at=starts_at, ends_at=ends_at)
    with clash_as_message():
        return Session.objects.create(
            tutor=tutor,
            starts_at=starts_at,
            ends_at=ends_at,
            time_zone=zone.key,
            topic=offer.topic,
            modality=offer.modality,
            meeting_link=offer.meeting_link,
            room=offer.room,
            capacity=offer.capacity,
        )


@transaction.atomic
def blocked_date_add(*, user: User, tutor: Tutor, day: date, now: datetime | None = None) -> BlockedDate:
    """Block a day: its open sessions nobody booked are removed, booked ones are cancelled and the students told."""
    now = now or timezone.now()
    require(policy.can_manage_sessions(user, tutor), _("Only the tutor manages their sessions."))
    zone = zone_of(tutor.person)
    if day < now.astimezone(zone).date():
        raise HuddleError(_("Choose today or a later date."), field="day")
    blocked, _created = BlockedDate.objects.get_or_create(tutor=tutor, day=day)
    start = datetime.combine(day, time.min, tzinfo=zone)
    that_day = Session.objects.filter(
        tutor=tutor, status=Session.Status.OPEN, starts_at__gte=max(start, now), starts_at__lt=start + timedelta(days=1)
    )
    for session in list(that_day):
        if session.bookings.filter(status__in=[Booking.Status.BOOKED, Booking.Status.WAITLISTED]).exists():
            session_cancel(user=user, session=session, now=now)
        else:
            session.bookings.all().delete()
            session.delete()
    return blocked


@transaction.atomic
def blocked_date_remove(*, user: User, blocked: BlockedDate, now: datetime | None = None) -> None:
    require(policy.can_manage_sessions(user, blocked.tutor), _("Only the tutor manages their sessions."))
    tutor = blocked.tutor
    blocked.delete()
    sessions_cut(tutor=tutor, now=now)


def _extend_ensure() -> None:
    from huddle.tutoring.schedule.tasks import sessions_extend

    chain_ensure(sessions_extend)
