"""Booking, cancelling, moving and the waitlist.

Every write that makes a booking live runs with the session row locked and
as a conditional update or insert under the database's constraints: a
session never holds more people than places (numbered seats, unique), a
student never holds two overlapping bookings and a tutor never has two
overlapping sessions (checks here; exclusion constraints on PostgreSQL).
E-mails and notifications leave only after commit.
"""

import uuid
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huddle.accounts.models import Topic, User
from huddle.lib.errors import HuddleError, require
from huddle.lib.zones import zone_named, zone_of
from huddle.notifications.services import notification_create, words
from huddle.tutoring import policy
from huddle.tutoring.bookings.guard import clash_as_message, student_clash
from huddle.tutoring.bookings.seats import free_seat, locked, waiting
from huddle.tutoring.emails.services import cancellation_schedule, emails_schedule
from huddle.tutoring.models import Booking, Session, TutorSubject
from huddle.tutoring.rules import booking_check, rules_current

NOTE_LIMIT = 1000
MAX_SERIES_WEEKS = 12


def _bookable(*, student: User, session: Session, topic: Topic, now: datetime) -> None:
    """What a session must be for anyone to book it, and this student to book it for this subject."""
    require(policy.can_book(student), _("Only students book tutoring sessions."))
    if session.status != Session.Status.OPEN or session.starts_at <= now:
        raise HuddleError(_("This session is no longer open."), field="session")
    tutor = session.tutor
    if tutor.person_id == student.pk:
        raise HuddleError(_("You cannot book your own session."), field="session")
    if tutor.paused:
        raise HuddleError(_("This tutor is taking a break; choose another tutor."), field="session")
    if session.topic_id is not None and session.topic_id != topic.pk:
        raise HuddleError(_("This session is for %(subject)s only.") % {"subject": session.topic}, field="topic")
    approved = TutorSubject.objects.filter(tutor=tutor, topic=topic, status=TutorSubject.Status.APPROVED)
    if not approved.exists():
        raise HuddleError(_("This tutor does not tutor %(subject)s.") % {"subject": topic.name}, field="topic")


def _note(note: str) -> str:
    note = note.strip()
    if len(note) > NOTE_LIMIT:
        raise HuddleError(_("Keep the note under %(n)d characters.") % {"n": NOTE_LIMIT}, field="note")
    return note


def _session_changed(session: Session) -> None:
    """Who holds a place changed: the tutor's calendar event must be re-read (``SEQUENCE`` up)."""
    Session.objects.filter(pk=session.pk).update(sequence=F("sequence") + 1)


def _tell_tutor(booking: Booking, title: Promise) -> None:
    session = booking.session
    tutor = session.tutor.person
    url = reverse("tutoring:session", args=[session.pk])
    when = session.starts_at
    transaction.on_commit(
        lambda: notification_create(
            user=tutor,
            kind="tutoring.booking_changed",
            title=words(title, when=_when(when, tutor)),
            url=url,
        )
    )


def _when(at: datetime, person: User) -> str:
    return date_format(at.astimezone(zone_of(person)), "D j M, H:i")


def _book_one(
    *, student: User, session: Session, topic: Topic, note: str, waitlist: bool, series: uuid.UUID | None, now: datetime
) -> Booking:
    session = locked(session)
    _bookable(student=student, session=session, topic=topic, now=now)
    existing = Booking.objects.filter(session=session, student=student).exclude(status=Booking.Status.CANCELLED)
    if existing.filter(status=Booking.Status.WAITLISTED).exists():
        raise HuddleError(_("You are already on this session's waitlist."), field="session")
    if existing.exists():
        raise HuddleError(_("You already booked this session."), field="session")
    booking_check(student=student, session=session, rules=rules_current(), now=now)
    student_clash(student=student, starts_at=session.starts_at, ends_at=session.ends_at)
    seat = free_seat(session)
    if seat is None and not waitlist:
        raise HuddleError(
            _("The last place in this session was just taken. Join its waitlist or choose another time."),
            field="session",
        )
    booking = Booking(
        session=session,
        student=student,
        topic=topic,
        note=note,
        series=series,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        status=Booking.Status.BOOKED if seat else Booking.Status.WAITLISTED,
        seat=seat,
        waitlisted_at=None if seat else now,
    )
    with clash_as_message():
        booking.save()
    booking.session = session
    if seat:
        _session_changed(session)
        emails_schedule(booking=booking, now=now)
        _tell_tutor(booking, gettext_lazy("New tutoring booking for %(when)s"))
    return booking


@transaction.atomic
def booking_create(
    *,
    student: User,
    session: Session,
    topic: Topic,
    note: str = "",
    waitlist: bool = False,
    now: datetime | None = None,
) -> Booking:
    """Book a place (or, asked for, a waitlist spot when the session is full)."""
    return _book_one(
        student=student,
        session=session,
        topic=topic,
        note=_note(note),
        waitlist=waitlist,
        series=None,
        now=now or timezone.now(),
    )


def series_sessions(*, session: Session, weeks: int) -> list[tuple[datetime, Session | None]]:
    """Each of ``weeks`` consecutive weeks from this session: its local start and the session then, or None.

    The same window at the same wall-clock time in the window's own zone (not
    the tutor's zone today), so the series stays at 18:00 across DST. A week
    with no session (a day off, beyond the horizon) is None, never skipped.
    """
    zone = zone_named(session.time_zone)
    first = session.starts_at.astimezone(zone)
    wanted = [first + timedelta(weeks=k) for k in range(weeks)]
    if session.window_id is None:
        return [(wanted[0], session), *((at, None) for at in wanted[1:])]
    rows = Session.objects.filter(window_id=session.window_id, starts_at__gte=session.starts_at).order_by("starts_at")
    by_local = {(s.starts_at.astimezone(zone).date(), s.starts_at.astimezone(zone).time()): s for s in rows}
    return [(at, by_local.get((at.date(), at.time()))) for at in wanted]


@transaction.atomic
def booking_series_create(
    *, student: User, session: Session, topic: Topic, weeks: int, note: str = "", now: datetime | None = None
) -> list[Booking]:
    """The same session every week for ``weeks`` weeks: every occurrence is checked, and all or none is booked.

    A refusal lists each week that failed and why, so a student can pick
    another time rather than discover the third clash after fixing the first.
    """
    now = now or timezone.now()
    if not 2 <= weeks <= MAX_SERIES_WEEKS:
        raise HuddleError(_("Choose from 2 to %(n)d weeks.") % {"n": MAX_SERIES_WEEKS}, field="weeks")
    note = _note(note)
    series, booked, refusals = uuid.uuid4(), [], []
    for at, occurrence in series_sessions(session=session, weeks=weeks):
        if occurrence is None:
            missing = _("No session that week (a day off, or not open yet).")
            refusals.append(f"{_when(at, student)}: {missing}")
            continue
        try:
            booked.append(
                _book_one(
                    student=student, session=occurrence, topic=topic, note=note, waitlist=False, series=series, now=now
                )
            )
        except HuddleError as refusal:
            refusals.append(f"{_when(occurrence.starts_at, student)}: {refusal.message}")
    if refusals:
        transaction.set_rollback(True)
        raise HuddleError(_("Nothing was booked. %(weeks)s") % {"weeks": " · ".join(refusals)}, field="weeks")
    return booked


def _promote_waitlist(session: Session, now: datetime) -> list[Booking]:
    """Give each free place to the first person waiting who can still take it (session locked by the caller).

    A conditional update (``… WHERE status = 'waitlisted'``) under the same
    constraints as a booking; someone who has since booked another session
    at the same time is skipped, told, and taken off this waitlist.
    """
    promoted = []
    for candidate in list(waiting(session).select_related("student", "session__tutor__person")):
        seat = free_seat(session)
        if seat is None:
            break
        try:
            student_clash(student=candidate.student, starts_at=session.starts_at, ends_at=session.ends_at)
            with clash_as_message():
                changed = Booking.objects.filter(pk=candidate.pk, status=Booking.Status.WAITLISTED).update(
                    status=Booking.Status.BOOKED, seat=seat, promoted_at=now, sequence=F("sequence") + 1
                )
        except HuddleError:
            Booking.objects.filter(pk=candidate.pk, status=Booking.Status.WAITLISTED).update(
                status=Booking.Status.CANCELLED, cancelled_at=now
            )
            _tell_student(
                candidate,
                "tutoring.waitlist_skipped",
                gettext_lazy("A place opened on %(when)s, but you have another booking then"),
            )
            continue
        if changed:
            candidate.refresh_from_db()
            promoted.append(candidate)
            _session_changed(session)
            emails_schedule(booking=candidate, now=now)
            _tell_student(
                candidate, "tutoring.promoted", gettext_lazy("A place freed up for you: tutoring on %(when)s")
            )
    return promoted


def _tell_student(booking: Booking, kind: str, title: Promise) -> None:
    student = booking.student
    url = reverse("tutoring:booking", args=[booking.pk])
    when = booking.starts_at
    transaction.on_commit(
        lambda: notification_create(
            user=student,
            kind=kind,
            title=words(title, when=_when(when, student)),
            url=url,
            once=f"{kind}:{booking.pk}:{booking.sequence}",
        )
    )


@transaction.atomic
def booking_cancel(*, user: User, booking: Booking, now: datetime | None = None) -> Booking:
    """Give up a place or a waitlist spot; inside the cancellation window it counts as late.

    The freed place goes to the first person waiting.
    """
    now = now or timezone.now()
    require(policy.can_change_booking(user, booking), _("Only the student who booked can cancel."))
    session = locked(booking.session)
    booking.refresh_from_db()
    if booking.status not in (Booking.Status.BOOKED, Booking.Status.WAITLISTED):
        raise HuddleError(_("This booking is not active."))
    if booking.starts_at <= now:
        raise HuddleError(_("This session has already started."))
    was_booked = booking.status == Booking.Status.BOOKED
    late = was_booked and booking.starts_at - now < timedelta(hours=rules_current().cancel_window_hours)
    changed = Booking.objects.filter(pk=booking.pk, status=booking.status).update(
        status=Booking.Status.CANCELLED, seat=None, cancelled_at=now, cancelled_late=late, sequence=F("sequence") + 1
    )
    if not changed:
        raise HuddleError(_("This booking changed meanwhile; reload the page."))
    booking.refresh_from_db()
    booking.session = session
    if was_booked:
        _session_changed(session)
        cancellation_schedule(booking=booking, now=now)
        _tell_tutor(booking, gettext_lazy("A tutoring booking for %(when)s was cancelled"))
        _promote_waitlist(session, now)
    return booking


@transaction.atomic
def booking_move(*, user: User, booking: Booking, to: Session, now: datetime | None = None) -> Booking:
    """Move a booking to another session of the same tutor, outside the cancellation window.

    The move is one conditional update (``… WHERE status = 'booked' AND
    session = old``) under the same rules and constraints as a new booking;
    the old place goes to the waitlist, reminders are replaced.
    """
    now = now or timezone.now()
    require(policy.can_change_booking(user, booking), _("Only the student who booked can move it."))
    if to.pk == booking.session_id:
        raise HuddleError(_("Choose a different time."), field="session")
    # Lock both sessions in id order, so two opposite moves cannot deadlock.
    held = {s.pk: locked(s) for s in sorted([booking.session, to], key=lambda s: s.pk)}
    old, target = held[booking.session_id], held[to.pk]
    booking.refresh_from_db()
    if booking.status != Booking.Status.BOOKED:
        raise HuddleError(_("Only a booked place can be moved."))
    rules = rules_current()
    if booking.starts_at - now < timedelta(hours=rules.cancel_window_hours):
        raise HuddleError(
            _("Bookings can be moved up to %(n)d hours before they start; you can still cancel.")
            % {"n": rules.cancel_window_hours},
            field="session",
        )
    if target.tutor_id != old.tutor_id:
        raise HuddleError(
            _("Move to another time with the same tutor, or cancel and book someone else."), field="session"
        )
    _bookable(student=booking.student, session=target, topic=booking.topic, now=now)
    if (
        Booking.objects.filter(session=target, student=booking.student)
        .exclude(status=Booking.Status.CANCELLED)
        .exists()
    ):
        raise HuddleError(_("You already booked this session."), field="session")
    booking_check(student=booking.student, session=target, rules=rules, now=now, moving=booking)
    student_clash(student=booking.student, starts_at=target.starts_at, ends_at=target.ends_at, excluding=booking)
    seat = free_seat(target)
    if seat is None:
        raise HuddleError(_("That session is full; choose another time."), field="session")
    with clash_as_message():
        changed = Booking.objects.filter(pk=booking.pk, status=Booking.Status.BOOKED, session=old).update(
            session=target,
            seat=seat,
            starts_at=target.starts_at,
            ends_at=target.ends_at,
            sequence=F("sequence") + 1,
            series=None,
        )
    if not changed:
        raise HuddleError(_("This booking changed meanwhile; reload the page."))
    booking.refresh_from_db()
    _session_changed(old)
    _session_changed(target)
    emails_schedule(booking=booking, now=now)
    _tell_tutor(booking, gettext_lazy("A tutoring booking moved to %(when)s"))
    _promote_waitlist(old, now)
    return booking


@transaction.atomic
def session_cancel(*, user: User, session: Session, now: datetime | None = None) -> Session:
    """The tutor (or a coordinator) cancels a session.

    Everyone booked or waiting is told, and it stays in calendars, marked cancelled.
    """
    now = now or timezone.now()
    require(policy.can_manage_sessions(user, session.tutor), _("Only the tutor or a coordinator cancels a session."))
    session = locked(session)
    if session.status != Session.Status.OPEN or session.starts_at <= now:
        raise HuddleError(_("Only a session that has not started can be cancelled."))
    Session.objects.filter(pk=session.pk).update(status=Session.Status.CANCELLED, sequence=F("sequence") + 1)
    for booking in list(
        session.bookings.filter(status__in=[Booking.Status.BOOKED, Booking.Status.WAITLISTED]).select_related("student")
    ):
        was_booked = booking.status == Booking.Status.BOOKED
        Booking.objects.filter(pk=booking.pk).update(
            status=Booking.Status.CANCELLED,
            seat=None,
            cancelled_at=now,
            cancelled_by_tutor=True,
            sequence=F("sequence") + 1,
        )
        booking.refresh_from_db()
        if was_booked:
            cancellation_schedule(booking=booking, now=now)
        _tell_student(
            booking, "tutoring.session_cancelled", gettext_lazy("Your tutoring session on %(when)s was cancelled")
        )
    session.refresh_from_db()
    return session


@transaction.atomic
def session_places_set(*, user: User, session: Session, capacity: int, now: datetime | None = None) -> Session:
    """Change a session's places: fewer than people holding one is refused; more go to the waitlist at once."""
    from huddle.tutoring.models import MAX_GROUP_PLACES

    now = now or timezone.now()
    require(policy.can_manage_sessions(user, session.tutor), _("Only the tutor or a coordinator changes a session."))
    session = locked(session)
    if not 1 <= capacity <= MAX_GROUP_PLACES:
        raise HuddleError(_("Give from 1 to %(n)d places.") % {"n": MAX_GROUP_PLACES}, field="capacity")
    held = session.bookings.filter(status=Booking.Status.BOOKED).count()
    if capacity < held:
        raise HuddleError(
            _("%(n)d students already hold a place: give at least %(n)d.") % {"n": held}, field="capacity"
        )
    Session.objects.filter(pk=session.pk).update(capacity=capacity)
    session.refresh_from_db()
    _promote_waitlist(session, now)
    return session
