"""A group's sessions: scheduling (one-off or weekly with an end), changing and cancelling them, RSVPs and
attendance.

A weekly series is one row per week sharing ``series``, each cut as wall-clock
time in the group's zone, so 18:00 stays 18:00 across daylight saving (it
moves in UTC instead); a date on which that time does not exist is skipped.
Rows are never deleted: a change raises the row's ``sequence`` and a
cancellation marks it, so subscribed calendars update the same event (its UID
is for life). Members hear of every new, changed or cancelled session, the
person who made the change excepted.

RSVPs are per session: "…and all following" copies one answer onto this and
every later scheduled session of the series, and nothing else does, so
declining one week never declines the term.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huddle.accounts.models import User
from huddle.groups import notices, policy
from huddle.groups.models import Attendance, GroupSession, Membership, Rsvp, StudyGroup
from huddle.groups.sessions.suggest import local_instant
from huddle.lib.errors import HuddleError, require
from huddle.lib.zones import zone_named

MIN_MINUTES, MAX_MINUTES = 15, 300
MAX_WEEKS = 26
MAX_AGENDA = 2000

type Scope = Literal["this", "following"]
SCOPES = ("this", "following")

SESSION_CHANGED = "groups.session_changed"


@dataclass(frozen=True)
class When:
    """An instant written as a date and time in a zone, in whatever language is active when it is read.

    Notification titles are written in each recipient's language after the
    commit, so the time is formatted then, not here.
    """

    instant: datetime
    zone: str

    def __str__(self) -> str:
        local = self.instant.astimezone(zone_named(self.zone))
        return f"{date_format(local, 'l j F, H:i')} ({self.zone})"


def session_url(session: GroupSession) -> str:
    return reverse("groups:session", args=[session.pk])


#: Sessions are scheduled at most this far ahead (and a far-off date never reaches datetime arithmetic).
HORIZON = timedelta(days=366)


def _within_horizon(day: date, now: datetime) -> None:
    if day > now.date() + HORIZON:
        raise HuddleError(_("Schedule sessions at most a year ahead."), field="starts_on")


def series_days(starts_on: date, weekly_until: date | None) -> list[date]:
    """The dates of a one-off (``weekly_until`` None) or of a weekly series through ``weekly_until`` inclusive."""
    if weekly_until is None:
        return [starts_on]
    days = []
    day = starts_on
    while day <= weekly_until:
        days.append(day)
        day += timedelta(weeks=1)
    return days


def _check_text(*, title: str, agenda: str, place: str, meeting_link: str) -> dict[str, str]:
    title, agenda, place, link = title.strip(), agenda.strip(), place.strip(), meeting_link.strip()
    if len(title) > 120:
        raise HuddleError(_("Keep the title under 120 characters."), field="title")
    if len(agenda) > MAX_AGENDA:
        raise HuddleError(
            _("Keep the agenda under %(n)d characters (it has %(m)d).") % {"n": MAX_AGENDA, "m": len(agenda)},
            field="agenda",
        )
    if len(place) > 200:
        raise HuddleError(_("Keep the place under 200 characters."), field="place")
    if link and not link.startswith("https://"):
        raise HuddleError(_("The meeting link must start with https://."), field="meeting_link")
    if len(link) > 200:
        raise HuddleError(_("Keep the meeting link under 200 characters."), field="meeting_link")
    return {"title": title, "agenda": agenda, "place": place, "meeting_link": link}


def _check_minutes(minutes: int) -> None:
    if minutes <= 0:
        raise HuddleError(_("The session must end after it starts."), field="minutes")
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise HuddleError(
            _("A session lasts from %(lo)d minutes to %(hi)d hours.") % {"lo": MIN_MINUTES, "hi": MAX_MINUTES // 60},
            field="minutes",
        )


def _may_run(actor: User, group: StudyGroup) -> None:
    require(policy.can_run_group(actor, group), _("Only the group's organisers schedule its sessions."))
    if group.status != StudyGroup.Status.ACTIVE:
        raise HuddleError(_("The group is archived: it has no new sessions."))


def _tell(*, group: StudyGroup, actor: User, first: GroupSession, title: str | Promise, once: str, count: int) -> None:
    notices.tell(
        people=notices.members(group, excluding=actor),
        kind=SESSION_CHANGED,
        title=title,
        url=session_url(first),
        once=once,
        group=group.name,
        when=When(first.starts_at, first.time_zone),
        n=count,
    )


@transaction.atomic
def session_schedule(
    *,
    actor: User,
    group: StudyGroup,
    starts_on: date,
    starts: time,
    minutes: int,
    weekly_until: date | None,
    title: str = "",
    agenda: str = "",
    place: str = "",
    meeting_link: str = "",
    now: datetime | None = None,
) -> list[GroupSession]:
    """A one-off session, or a weekly series every 7 days from ``starts_on`` through ``weekly_until`` inclusive.

    ``starts`` is wall-clock time in the group's zone on each date. A date on
    which that time does not exist (the spring-forward night) is skipped; the
    caller can tell which from :func:`series_days` and the rows returned. Members
    other than ``actor`` are told once.
    """
    now = now or timezone.now()
    _may_run(actor, group)
    _check_minutes(minutes)
    text = _check_text(title=title, agenda=agenda, place=place, meeting_link=meeting_link)
    _within_horizon(starts_on, now)
    if weekly_until is not None:
        if weekly_until < starts_on:
            raise HuddleError(_("The last weekly session cannot be before the first."), field="weekly_until")
        if (weekly_until - starts_on).days // 7 + 1 > MAX_WEEKS:
            raise HuddleError(
                _("A weekly series runs for at most %(n)d weeks: choose an earlier last date.") % {"n": MAX_WEEKS},
                field="weekly_until",
            )
    zone = zone_named(group.time_zone)
    first = local_instant(starts_on, starts, zone)
    if first is not None and first <= now:
        raise HuddleError(_("Choose a date and time in the future."), field="starts_on")
    length = timedelta(minutes=minutes)
    instants = [at for day in series_days(starts_on, weekly_until) if (at := local_instant(day, starts, zone))]
    if not instants:
        raise HuddleError(_("That time does not exist on that day (the clocks change)."), field="starts")
    series = uuid.uuid4() if len(instants) > 1 else None
    made = GroupSession.objects.bulk_create(
        [
            GroupSession(
                group=group,
                starts_at=at,
                ends_at=at + length,
                time_zone=zone.key,
                series=series,
                created_by=actor,
                **text,
            )
            for at in instants
        ]
    )
    if len(made) > 1:
        what = gettext_lazy("%(group)s: %(n)d weekly sessions from %(when)s")
    else:
        what = gettext_lazy("%(group)s: new session on %(when)s")
    _tell(
        group=group, actor=actor, first=made[0], title=what, once=f"groups.session:new:{made[0].uid}", count=len(made)
    )
    return made


def _in_scope(session: GroupSession, scope: str, now: datetime) -> list[GroupSession]:
    """This session, or it and every later scheduled session of its series, locked for the change."""
    if scope not in SCOPES:
        raise HuddleError(_("Choose this session or this and the following ones."), field="scope")
    rows = GroupSession.objects.select_for_update().filter(status=GroupSession.Status.SCHEDULED)
    if scope == "following" and session.series is not None:
        rows = rows.filter(series=session.series, starts_at__gte=session.starts_at, starts_at__gt=now)
    else:
        rows = rows.filter(pk=session.pk)
    return list(rows.order_by("starts_at", "pk"))


def _still_ahead(session: GroupSession, now: datetime) -> None:
    if session.status == GroupSession.Status.CANCELLED:
        raise HuddleError(_("This session is cancelled."))
    if session.starts_at <= now:
        raise HuddleError(_("This session has already started."))


@transaction.atomic
def session_update(
    *,
    actor: User,
    session: GroupSession,
    scope: Scope,
    starts_on: date,
    starts: time,
    minutes: int,
    title: str,
    agenda: str,
    place: str,
    meeting_link: str,
    now: datetime | None = None,
) -> list[GroupSession]:
    """Change this session, or it and the following ones of its series; returns the rows that changed.

    ``starts_on``/``starts`` are this session's new date and wall-clock time in
    the group's zone; with "following", every later session moves by the same
    number of days to the same wall-clock time on its own date (a date where
    that time does not exist keeps its old time). Each changed row's
    ``sequence`` goes up; rows that end up as they were are left alone.
    Members other than ``actor`` are told once per change.
    """
    now = now or timezone.now()
    session = GroupSession.objects.select_related("group").get(pk=session.pk)
    group = session.group
    _may_run(actor, group)
    _still_ahead(session, now)
    _check_minutes(minutes)
    text = _check_text(title=title, agenda=agenda, place=place, meeting_link=meeting_link)
    _within_horizon(starts_on, now)
    zone = zone_named(session.time_zone)
    moved_to = local_instant(starts_on, starts, zone)
    if moved_to is None:
        raise HuddleError(_("That time does not exist on that day (the clocks change)."), field="starts")
    if moved_to <= now:
        raise HuddleError(_("Choose a date and time in the future."), field="starts_on")
    shift = starts_on - session.starts_at.astimezone(zone).date()
    length = timedelta(minutes=minutes)
    changed: list[GroupSession] = []
    for row in _in_scope(session, scope, now):
        at = local_instant(row.starts_at.astimezone(zone).date() + shift, starts, zone) or row.starts_at
        new = {"starts_at": at, "ends_at": at + length, **text}
        if all(getattr(row, key) == value for key, value in new.items()):
            continue
        for key, value in new.items():
            setattr(row, key, value)
        row.sequence += 1
        row.save(update_fields=[*new, "sequence", "updated_at"])
        changed.append(row)
    if changed:
        if len(changed) > 1:
            what = gettext_lazy("%(group)s: %(n)d sessions changed, from %(when)s")
        else:
            what = gettext_lazy("%(group)s: the session on %(when)s changed")
        first = changed[0]
        once = f"groups.session:changed:{first.uid}:{first.sequence}"
        _tell(group=group, actor=actor, first=first, title=what, once=once, count=len(changed))
    return changed


@transaction.atomic
def session_cancel(
    *, actor: User, session: GroupSession, scope: Scope, now: datetime | None = None
) -> list[GroupSession]:
    """Cancel this session, or it and the following ones; rows stay, marked, with ``sequence`` raised.

    Members other than ``actor`` are told once.
    """
    now = now or timezone.now()
    session = GroupSession.objects.select_related("group").get(pk=session.pk)
    require(policy.can_run_group(actor, session.group), _("Only the group's organisers cancel its sessions."))
    _still_ahead(session, now)
    rows = _in_scope(session, scope, now)
    for row in rows:
        row.status = GroupSession.Status.CANCELLED
        row.sequence += 1
        row.save(update_fields=["status", "sequence", "updated_at"])
    if rows:
        if len(rows) > 1:
            what = gettext_lazy("%(group)s: %(n)d sessions cancelled, from %(when)s")
        else:
            what = gettext_lazy("%(group)s: the session on %(when)s is cancelled")
        first = rows[0]
        once = f"groups.session:cancelled:{first.uid}:{first.sequence}"
        _tell(group=session.group, actor=actor, first=first, title=what, once=once, count=len(rows))
    return rows


@transaction.atomic
def sessions_cancel_ahead(*, group: StudyGroup, now: datetime | None = None) -> int:
    """Cancel every scheduled session of ``group`` not yet started (for archiving; the caller checks who may).

    Tells nobody: archiving the group is the news. Returns how many were cancelled.
    """
    now = now or timezone.now()
    rows = list(
        GroupSession.objects.select_for_update().filter(
            group=group, status=GroupSession.Status.SCHEDULED, starts_at__gt=now
        )
    )
    for row in rows:
        row.status = GroupSession.Status.CANCELLED
        row.sequence += 1
        row.updated_at = now
    GroupSession.objects.bulk_update(rows, ["status", "sequence", "updated_at"])
    return len(rows)


@transaction.atomic
def rsvp_set(
    *, person: User, session: GroupSession, answer: str, scope: Scope = "this", now: datetime | None = None
) -> int:
    """Answer for this session, or for it and every later scheduled session of its series.

    Members only, for sessions not cancelled and not yet started. An answer
    replaces the earlier one for the same session. Returns how many sessions
    were answered.
    """
    now = now or timezone.now()
    session = GroupSession.objects.select_related("group").get(pk=session.pk)
    require(policy.is_member(person, session.group), _("Only the group's members answer for its sessions."))
    if answer not in Rsvp.Answer.values:
        raise HuddleError(_("Answer going, maybe or not going."), field="answer")
    _still_ahead(session, now)
    rows = _in_scope(session, scope, now)
    Rsvp.objects.bulk_create(
        [Rsvp(session=row, person=person, answer=answer) for row in rows],
        update_conflicts=True,
        unique_fields=["session", "person"],
        update_fields=["answer", "updated_at"],
    )
    return len(rows)


@transaction.atomic
def attendance_record(
    *, actor: User, session: GroupSession, present_ids: set[int], now: datetime | None = None
) -> list[Attendance]:
    """Who came: one row per active member, present or not; recording again replaces the record.

    Organisers (and coordinators), once the session has started.
    """
    now = now or timezone.now()
    session = GroupSession.objects.select_for_update().select_related("group").get(pk=session.pk)
    require(policy.can_run_group(actor, session.group), _("Only the group's organisers take attendance."))
    if session.status == GroupSession.Status.CANCELLED:
        raise HuddleError(_("This session is cancelled."))
    if session.starts_at > now:
        raise HuddleError(_("Attendance can be taken once the session has started."))
    member_ids = set(
        Membership.objects.filter(group=session.group, status=Membership.Status.ACTIVE).values_list(
            "person_id", flat=True
        )
    )
    if present_ids - member_ids:
        raise HuddleError(_("Only the group's members can be marked present."), field="present")
    Attendance.objects.filter(session=session).delete()
    rows = Attendance.objects.bulk_create(
        [Attendance(session=session, person_id=pid, present=pid in present_ids) for pid in sorted(member_ids)]
    )
    session.attendance_taken_at = now
    session.save(update_fields=["attendance_taken_at", "updated_at"])
    return rows
