"""The school's booking rules, and the one check that says which rule stops a booking and when it lifts.

A student stopped by a rule is told the rule in the school's words and, where
it lifts by itself (a suspension, a full day or week), the date it does.
Counting days and weeks uses the school's zone: "two bookings a day" means a
day on the school's calendar, wherever the student is.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from huddle.accounts.models import User
from huddle.lib.errors import HuddleError
from huddle.lib.zones import school_zone
from huddle.tutoring.models import Booking, Rules, Session


def rules_current() -> Rules:
    """The one rules row; the model's defaults apply until a coordinator saves the page."""
    return Rules.objects.order_by("pk").first() or Rules()


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    zone = school_zone()
    start = datetime.combine(day, datetime.min.time(), tzinfo=zone)
    return start, datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=zone)


def _school_day(at: datetime) -> date:
    return at.astimezone(school_zone()).date()


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _shown(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


@dataclass(frozen=True)
class Suspension:
    """Booking paused after too many no-shows, until ``until``."""

    no_shows: int
    until: date


def suspension_of(*, student: User, rules: Rules, now: datetime) -> Suspension | None:
    """Suspended when the no-shows in the last term reach the limit; it lifts ``suspension_days`` after the last."""
    if rules.no_show_limit == 0:
        return None
    since = now - timedelta(days=rules.no_show_term_days)
    starts = list(
        Booking.objects.filter(student=student, status=Booking.Status.NO_SHOW, starts_at__gte=since)
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
    )
    if len(starts) < rules.no_show_limit:
        return None
    until = _school_day(starts[0]) + timedelta(days=rules.suspension_days)
    return Suspension(len(starts), until) if until > _school_day(now) else None


def _live(student: User, *, excluding: Booking | None) -> QuerySet[Booking]:
    rows = Booking.objects.filter(student=student, status=Booking.Status.BOOKED)
    return rows.exclude(pk=excluding.pk) if excluding is not None else rows


def booking_refusal(
    *, student: User, session: Session, rules: Rules, now: datetime, moving: Booking | None = None
) -> str:
    """The first rule this booking breaks, in words with when it lifts; "" when none does.

    ``moving`` is a booking being moved to ``session``: it does not count against itself.
    """
    for check in (_suspended, _too_soon, _day_full, _week_full, _back_to_back, _tutor_hours):
        message = check(student, session, rules, now, moving)
        if message:
            return message
    return ""


def booking_check(
    *, student: User, session: Session, rules: Rules, now: datetime, moving: Booking | None = None
) -> None:
    message = booking_refusal(student=student, session=session, rules=rules, now=now, moving=moving)
    if message:
        raise HuddleError(message, field="session")


def _suspended(student: User, session: Session, rules: Rules, now: datetime, moving: Booking | None) -> str:
    suspension = suspension_of(student=student, rules=rules, now=now)
    if suspension is None:
        return ""
    return ngettext(
        "Booking is paused after %(n)d no-show this term; you can book again from %(date)s.",
        "Booking is paused after %(n)d no-shows this term; you can book again from %(date)s.",
        suspension.no_shows,
    ) % {"n": suspension.no_shows, "date": _shown(suspension.until)}


def _too_soon(student: User, session: Session, rules: Rules, now: datetime, moving: Booking | None) -> str:
    if session.starts_at - now >= timedelta(hours=rules.lead_time_hours):
        return ""
    return ngettext(
        "Sessions are booked at least %(n)d hour ahead; this one starts too soon.",
        "Sessions are booked at least %(n)d hours ahead; this one starts too soon.",
        rules.lead_time_hours,
    ) % {"n": rules.lead_time_hours}


def _day_full(student: User, session: Session, rules: Rules, now: datetime, moving: Booking | None) -> str:
    day = _school_day(session.starts_at)
    start, end = _day_bounds(day)
    held = _live(student, excluding=moving).filter(starts_at__gte=start, starts_at__lt=end).count()
    if held < rules.max_per_day:
        return ""
    return ngettext(
        "You already have %(n)d booking on %(date)s, the most the school allows in a day.",
        "You already have %(n)d bookings on %(date)s, the most the school allows in a day.",
        held,
    ) % {"n": held, "date": _shown(day)}


def _week_full(student: User, session: Session, rules: Rules, now: datetime, moving: Booking | None) -> str:
    monday = _week_start(_school_day(session.starts_at))
    start, _end = _day_bounds(monday)
    end = _day_bounds(monday + timedelta(days=6))[1]
    held = _live(student, excluding=moving).filter(starts_at__gte=start, starts_at__lt=end).count()
    if held < rules.max_per_week:
        return ""
    return ngettext(
        "You already have %(n)d booking in the week of %(date)s, the most the school allows in a week; "
        "the next week opens on %(next)s.",
        "You already have %(n)d bookings in the week of %(date)s, the most the school allows in a week; "
        "the next week opens on %(next)s.",
        held,
    ) % {"n": held, "date": _shown(monday), "next": _shown(monday + timedelta(days=7))}


def _back_to_back(student: User, session: Session, rules: Rules, now: datetime, moving: Booking | None) -> str:
    if not rules.no_back_to_back:
        return ""
    touching = _live(student, excluding=moving).filter(Q(ends_at=session.starts_at) | Q(starts_at=session.ends_at))
    if not touching.exists():
        return ""
    return _("The school asks for a break between sessions: you have a booking right before or after this one.")


def _tutor_hours(student: User, session: Session, rules: Rules, now: datetime, moving: Booking | None) -> str:
    """Booked hours of the tutor that week, counting this session once even in a group."""
    monday = _week_start(_school_day(session.starts_at))
    start = _day_bounds(monday)[0]
    end = _day_bounds(monday + timedelta(days=6))[1]
    booked = Session.objects.filter(
        tutor_id=session.tutor_id, starts_at__gte=start, starts_at__lt=end, bookings__status=Booking.Status.BOOKED
    ).exclude(status=Session.Status.CANCELLED)
    sessions = {s.pk: s for s in booked.distinct()}
    if moving is not None and moving.session_id in sessions:
        others = Booking.objects.filter(session_id=moving.session_id, status=Booking.Status.BOOKED).exclude(
            pk=moving.pk
        )
        if not others.exists():
            del sessions[moving.session_id]
    sessions[session.pk] = session
    minutes = sum((s.ends_at - s.starts_at).total_seconds() / 60 for s in sessions.values())
    if minutes <= rules.max_tutor_hours_per_week * 60:
        return ""
    return ngettext(
        "This tutor has reached the school's limit of %(n)d booked hour in the week of %(date)s.",
        "This tutor has reached the school's limit of %(n)d booked hours in the week of %(date)s.",
        rules.max_tutor_hours_per_week,
    ) % {"n": rules.max_tutor_hours_per_week, "date": _shown(monday)}
