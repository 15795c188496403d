"""Reads for sessions: the group page's next sessions, one session's page, the attendance sheet, and the
members' weeks that suggested times are worked out from.

Each reads a fixed number of queries whatever the number of sessions,
members and answers. Answers are counted only for people who are members
now, so someone who left is no longer "going".
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from huddle.accounts.policy import Viewer, is_coordinator
from huddle.groups import policy
from huddle.groups.models import Attendance, GroupSession, Membership, Rsvp, StudyGroup
from huddle.groups.sessions.suggest import SuggestedTime, suggested_times
from huddle.groups.weeks import in_school_zone
from huddle.lib.zones import zone_of

Answer = Rsvp.Answer


def _active_ids(group: StudyGroup | OuterRef) -> QuerySet[Membership, Any]:
    return Membership.objects.filter(group=group, status=Membership.Status.ACTIVE).values("person_id")


def _viewer_rows(viewer: Viewer, *, through: str = "memberships") -> Prefetch:
    """The viewer's live membership rows, where ``policy.membership_of`` looks before querying."""
    rows = Membership.objects.filter(
        person_id=viewer.pk or 0, status__in=(Membership.Status.ACTIVE, Membership.Status.REQUESTED)
    )
    return Prefetch(through, queryset=rows, to_attr="viewer_rows")


def group_with_viewer(*, group_id: int, viewer: Viewer) -> StudyGroup | None:
    """The group with the viewer's membership rows (two queries), for the policy checks."""
    return StudyGroup.objects.prefetch_related(_viewer_rows(viewer)).filter(pk=group_id).first()


@dataclass(frozen=True)
class Upcoming:
    """A session on the group page: when, how many said going or maybe, and the viewer's own answer."""

    session: GroupSession
    going: int
    maybe: int
    mine: str | None

    @property
    def mine_label(self) -> str:
        return str(Answer(self.mine).label) if self.mine else ""


def upcoming_for_page(*, group: StudyGroup, viewer: Viewer, limit: int = 5, now: datetime | None = None) -> dict:
    """Context for ``groups/sessions/_upcoming.html``: merge it into the page's context and include the template.

    Keys: ``upcoming_sessions`` (list of :class:`Upcoming`, scheduled sessions
    not yet over, soonest first), ``upcoming_more`` (more lie beyond
    ``limit``), ``upcoming_group``, ``upcoming_inside`` (the viewer may open a
    session: members and coordinators), ``upcoming_member`` (may answer),
    ``upcoming_can_schedule`` and ``upcoming_zone`` (the viewer's zone, which
    the template shows times in).

    One query for the sessions with their counts and the viewer's answer, and
    one for the viewer's membership unless the group carries ``viewer_rows``
    (then none); the viewer's profile is read for the zone unless loaded.
    """
    now = now or timezone.now()
    row = policy.membership_of(viewer, group)
    member = row is not None and row.status == Membership.Status.ACTIVE
    organiser = member and row is not None and row.role == Membership.Role.ORGANISER
    current = Q(rsvps__person_id__in=_active_ids(group))
    mine = Rsvp.objects.filter(session=OuterRef("pk"), person_id=viewer.pk or 0).values("answer")[:1]
    rows = list(
        GroupSession.objects.filter(group=group, status=GroupSession.Status.SCHEDULED, ends_at__gt=now)
        .annotate(
            going=Count("rsvps", filter=current & Q(rsvps__answer=Answer.YES)),
            maybe=Count("rsvps", filter=current & Q(rsvps__answer=Answer.MAYBE)),
            mine=Subquery(mine),
        )
        .order_by("starts_at", "pk")[: limit + 1]
    )
    return {
        "upcoming_sessions": [Upcoming(s, s.going, s.maybe, s.mine if member else None) for s in rows[:limit]],  # type: ignore[attr-defined]
        "upcoming_more": len(rows) > limit,
        "upcoming_group": group,
        "upcoming_inside": member or is_coordinator(viewer),
        "upcoming_member": member,
        "upcoming_can_schedule": (organiser or is_coordinator(viewer)) and group.status == StudyGroup.Status.ACTIVE,
        "upcoming_zone": zone_of(viewer).key,
    }


def _count(rows: QuerySet, key: str) -> Subquery:
    """How many of ``rows`` there are, as a subquery (``rows`` filtered on an ``OuterRef``)."""
    return Subquery(rows.values(key).annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField())


def session_with_viewer(*, session_id: int, viewer: Viewer) -> GroupSession | None:
    """The session with its group and the viewer's membership rows (two queries), for the policy checks.

    Annotated with ``later`` (scheduled sessions of the same series follow it,
    so the page offers "…and all following"), ``members`` (active members of
    the group now) and ``present`` (members recorded present; None before
    attendance is taken).
    """
    later = GroupSession.objects.filter(
        series=OuterRef("series"), starts_at__gt=OuterRef("starts_at"), status=GroupSession.Status.SCHEDULED
    )
    members = Membership.objects.filter(group=OuterRef("group"), status=Membership.Status.ACTIVE)
    present = Attendance.objects.filter(session=OuterRef("pk"), present=True)
    return (
        GroupSession.objects.select_related("group")
        .prefetch_related(_viewer_rows(viewer, through="group__memberships"))
        .annotate(later=Exists(later), members=_count(members, "group"), present=_count(present, "session"))
        .filter(pk=session_id)
        .first()
    )


@dataclass
class SessionPage:
    """The members' answers to a session, for its page (members and coordinators only)."""

    session: GroupSession
    going: list[Rsvp] = field(default_factory=list)
    maybe: list[Rsvp] = field(default_factory=list)
    not_going: list[Rsvp] = field(default_factory=list)
    mine: str | None = None

    @property
    def members(self) -> int:
        return getattr(self.session, "members", None) or 0

    @property
    def unanswered(self) -> int:
        return max(0, self.members - len(self.going) - len(self.maybe) - len(self.not_going))

    @property
    def present(self) -> int | None:
        if self.session.attendance_taken_at is None:
            return None
        return getattr(self.session, "present", None) or 0


def session_page(*, session: GroupSession, viewer: Viewer) -> SessionPage:
    """The answers of today's members, by answer and name, with the viewer's own (one query).

    ``session`` comes from :func:`session_with_viewer`.
    """
    rsvps = (
        Rsvp.objects.filter(session=session, person_id__in=_active_ids(session.group))
        .select_related("person")
        .order_by("person__first_name", "person__last_name", "pk")
    )
    page = SessionPage(session=session)
    lists = {Answer.YES: page.going, Answer.MAYBE: page.maybe, Answer.NO: page.not_going}
    for rsvp in rsvps:
        lists[Answer(rsvp.answer)].append(rsvp)
        if rsvp.person_id == viewer.pk:
            page.mine = rsvp.answer
    return page


@dataclass(frozen=True)
class SheetRow:
    """A member on the attendance sheet, ticked if recorded present (or, before any record, if going)."""

    membership: Membership
    ticked: bool


def attendance_sheet(*, session: GroupSession) -> list[SheetRow]:
    """Today's members by name, ticked from the record, else from their "going" answers (one query)."""
    taken = session.attendance_taken_at is not None
    recorded = Attendance.objects.filter(session=session, person=OuterRef("person"), present=True)
    going = Rsvp.objects.filter(session=session, person=OuterRef("person"), answer=Answer.YES)
    rows = (
        Membership.objects.filter(group_id=session.group_id, status=Membership.Status.ACTIVE)
        .select_related("person")
        .annotate(ticked=Exists(recorded) if taken else Exists(going))
        .order_by("person__first_name", "person__last_name", "pk")
    )
    return [SheetRow(m, bool(getattr(m, "ticked", False))) for m in rows]


def member_weeks(*, group: StudyGroup, at: datetime) -> list[int]:
    """Each active member's availability as a school's-zone week int (one query; no profile → 0)."""
    rows = Membership.objects.filter(group=group, status=Membership.Status.ACTIVE).values_list(
        "person__profile__availability", "person__profile__time_zone"
    )
    return [in_school_zone(week, zone or "", at) for week, zone in rows]


def suggestions_for_group(*, group: StudyGroup, minutes: int, at: datetime | None = None) -> list[SuggestedTime]:
    """The group's best five weekly times for a session of ``minutes`` (one query)."""
    at = at or timezone.now()
    return suggested_times(weeks=member_weeks(group=group, at=at), minutes=minutes, zone=group.time_zone, at=at)
