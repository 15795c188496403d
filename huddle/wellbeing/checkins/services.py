"""A student's weekly check-in: optional, private, about thirty seconds.

One row per student and ISO week (a unique constraint); answering again the
same week changes that row. Nothing here tells anyone else: a concerning
answer shows the student resources and an offer to talk, and it is the
student who decides whether to take it up.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huddle.lib.errors import HuddleError, require
from huddle.wellbeing import policy
from huddle.wellbeing.models import BurnoutAnswer, CheckIn, CheckInReminder
from huddle.wellbeing.weeks import this_week, week_of

NOTE_MAX = 1000
#: Burnout answers that make the page offer help at once (symptoms that persist, or complete burnout).
CONCERNING_BURNOUT = 4
CONCERNING_STRESS = 5


@dataclass(frozen=True)
class Saved:
    checkin: CheckIn
    created: bool
    concerning: bool


def is_concerning(checkin: CheckIn) -> bool:
    """Persisting or complete burnout, or the highest stress: offer resources and a conversation."""
    return checkin.burnout >= CONCERNING_BURNOUT or checkin.stress >= CONCERNING_STRESS


def _validated(burnout: int, stress: int, sleep_hours: int | None, note: str) -> dict[str, Any]:
    if burnout not in BurnoutAnswer.values:
        raise HuddleError(_("Choose the sentence that fits your week best."), field="burnout")
    if not 1 <= stress <= 5:
        raise HuddleError(_("Stress is a number from 1 (none) to 5 (very high)."), field="stress")
    if sleep_hours is not None and not 0 <= sleep_hours <= 16:
        raise HuddleError(_("Sleep is the usual hours a night, from 0 to 16."), field="sleep_hours")
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise HuddleError(_("Keep the note under %(n)d characters.") % {"n": NOTE_MAX}, field="note")
    return {"burnout": burnout, "stress": stress, "sleep_hours": sleep_hours, "note": note}


def checkin_save(
    *,
    student: Any,
    burnout: int,
    stress: int,
    sleep_hours: int | None = None,
    note: str = "",
    week: date | None = None,
) -> Saved:
    """Record this week's answers (or ``week``'s: the demo and tests fill earlier weeks)."""
    require(policy.can_check_in(student), _("Check-ins are for students."))
    fields = _validated(burnout, stress, sleep_hours, note)
    monday = week_of(week) if week is not None else this_week()
    if monday > this_week():
        raise HuddleError(_("A check-in cannot be for a week that has not started."), field="week")
    try:
        with transaction.atomic():
            checkin = CheckIn.objects.create(student=student, week=monday, **fields)
            created = True
    except IntegrityError:
        # Answered already this week (perhaps in another tab): the new answers replace the old.
        with transaction.atomic():
            CheckIn.objects.filter(student=student, week=monday).update(**fields, updated_at=timezone.now())
            checkin = CheckIn.objects.get(student=student, week=monday)
            created = False
    return Saved(checkin, created, is_concerning(checkin))


def checkin_delete_all(*, student: Any) -> int:
    """A student may erase their whole history; it was only ever theirs."""
    require(policy.can_check_in(student), _("Check-ins are for students."))
    deleted, _rows = CheckIn.objects.filter(student=student).delete()
    return deleted


def next_reminder_time(*, student: Any, now: datetime | None = None) -> datetime:
    """Next Monday at 10:00 in the student's time zone: early in the week, never at night."""
    now = now or timezone.now()
    tz_name = getattr(getattr(student, "profile", None), "time_zone", None) or settings.TIME_ZONE
    local = now.astimezone(ZoneInfo(tz_name))
    monday = week_of(local.date()) + timedelta(weeks=1)
    return datetime.combine(monday, time(10, 0), tzinfo=ZoneInfo(tz_name))


def checkin_reminder_set(*, student: Any, on: bool) -> bool:
    """Opt in to (or out of) the weekly nudge; opting in schedules the next one."""
    require(policy.can_check_in(student), _("Check-ins are for students."))
    if not on:
        CheckInReminder.objects.filter(student=student).delete()
        return False
    _row, created = CheckInReminder.objects.get_or_create(student=student)
    if created:
        transaction.on_commit(lambda: reminder_schedule(student=student))
    return True


def reminder_schedule(*, student: Any) -> None:
    """Queue next week's nudge where the task backend can wait; the in-process test backend cannot."""
    from huddle.wellbeing.tasks import checkin_remind

    if not checkin_remind.get_backend().supports_defer:
        return
    send_at = next_reminder_time(student=student)
    checkin_remind.using(run_after=send_at).enqueue(student.pk, week_of(send_at.date()).isoformat())
