"""Group sessions in the personal calendar feed: every session of every group the person is a member of.

UIDs are for life (the session's own ``uid``, never its time), a change
raises ``SEQUENCE``, and a cancelled session stays in the feed marked
cancelled so calendars that synced it take it off.
"""

from datetime import datetime, timedelta

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from huddle.accounts.models import User
from huddle.groups.models import GroupSession, Membership, Rsvp
from huddle.lib.registry import CalendarEntry
from huddle.lib.urls import absolute_url, site_host

ALARMS = (timedelta(hours=1),)


def session_uid(session: GroupSession) -> str:
    return f"huddle-group-session-{session.uid}@{site_host()}"


def _where(session: GroupSession) -> str:
    return " · ".join(part for part in (session.place, session.meeting_link) if part)


def session_entry(session: GroupSession, *, answer: str | None) -> CalendarEntry:
    """One member's event for a session; needs ``group`` loaded. ``answer`` is theirs (None if none)."""
    cancelled = session.status == GroupSession.Status.CANCELLED
    return CalendarEntry(
        uid=session_uid(session),
        start=session.starts_at,
        end=session.ends_at,
        summary=_("%(group)s: %(title)s") % {"group": session.group.name, "title": session.title or _("Study session")},
        sequence=session.sequence,
        cancelled=cancelled,
        location=_where(session),
        description=session.agenda,
        url=absolute_url(reverse("groups:session", args=[session.pk])),
        updated=session.updated_at,
        alarms=ALARMS if answer == Rsvp.Answer.YES and not cancelled else (),
    )


def group_calendar_entries(*, user: User, start: datetime, end: datetime) -> list[CalendarEntry]:
    """The sessions, scheduled or cancelled, starting in ``[start, end)`` of the groups ``user`` is an active
    member of, with the person's answer (one query).

    Someone who answered "not going" still gets the event, not cancelled and
    without a reminder: ``STATUS`` and ``SEQUENCE`` describe the meeting, which
    is the same event for every member, not one person's plans. Marking it
    cancelled for them alone would tell their calendar the meeting is off
    when it is not, and a later "going" would have to un-cancel it with a
    per-person sequence that we do not keep. A declined session also stays
    where they can change their mind from it.
    """
    answer = Rsvp.objects.filter(session=OuterRef("pk"), person=user).values("answer")[:1]
    rows = (
        GroupSession.objects.filter(
            group__memberships__person=user,
            group__memberships__status=Membership.Status.ACTIVE,
            starts_at__gte=start,
            starts_at__lt=end,
            status__in=(GroupSession.Status.SCHEDULED, GroupSession.Status.CANCELLED),
        )
        .select_related("group")
        .annotate(answer=Subquery(answer))
        .order_by("starts_at", "pk")
    )
    return [session_entry(s, answer=getattr(s, "answer", None)) for s in rows]
