"""Reads of the groups home and Find a group.

Find a group compares every listed group's usual meeting times with the
viewer's availability. Both are weeks in the school's zone (the viewer's is
shifted once, at today's offsets), so the comparison is an AND and a popcount
per group, done in Python over one narrow query (id, week, creation time),
then sorted and cut into pages; only the page's 20 groups are read in full.
Two queries whatever the number of groups: the candidates, then the page.

The groups home lists the viewer's groups with the next session and the
requests waiting, and the requests the viewer made: two queries.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huddle.accounts.availability import BLOCKS_PER_DAY
from huddle.accounts.models import Language, Topic, User
from huddle.groups import weeks
from huddle.groups.models import GroupSession, Membership, StudyGroup

PAGE_SIZE = 20

#: How results may be ordered; "shared" breaks ties by newest.
SORTS = {
    "shared": gettext_lazy("Most hours shared with my week"),
    "newest": gettext_lazy("Newest first"),
}

_LIVE = (Membership.Status.ACTIVE, Membership.Status.REQUESTED)


@dataclass(frozen=True)
class FindFilters:
    """What the viewer asked for in Find a group (the GET form, the API)."""

    text: str = ""
    topic: Topic | None = None
    goal: str = ""
    modality: str = ""
    language: Language | None = None
    open_places: bool = False
    fits_my_week: bool = False
    sort: str = "shared"


@dataclass(frozen=True)
class GroupCard:
    """One result of Find a group, as the card shows it."""

    group: StudyGroup
    members: int
    shared_hours: float
    #: The usual meeting times on the viewer's clock, e.g. "Tuesday 18:00–20:00".
    meeting_times: list[str]
    #: The viewer's live membership: "active", "requested" or "".
    my_status: str

    @property
    def places_left(self) -> int:
        return max(self.group.capacity - self.members, 0)


@dataclass(frozen=True)
class FindResults:
    """A page of results, with what the page must say about the viewer's week."""

    page: Page  # type: ignore[type-arg]
    cards: list[GroupCard]
    zone_name: str
    #: The viewer painted no availability: shared hours are all 0 and "fits my week" cannot filter.
    no_availability: bool
    #: "Fits my week" was asked for but could not be applied (no availability).
    fits_ignored: bool


@dataclass(frozen=True)
class MyGroup:
    """A group the viewer is an active member of, on the groups home."""

    group: StudyGroup
    role: str
    members: int
    next_session_at: datetime | None
    #: Requests waiting for a decision (shown to organisers only).
    pending: int

    @property
    def is_organiser(self) -> bool:
        return self.role == Membership.Role.ORGANISER


def viewer_week(*, viewer: User, now: datetime) -> int:
    """The viewer's availability as a school's-zone week (0 when they painted none or have no profile)."""
    profile = getattr(viewer, "profile", None)
    if profile is None:
        return 0
    return weeks.in_school_zone(profile.availability, profile.time_zone, now)


def shared_hours(*, group_week: int, person_week: int) -> float:
    """Hours a week a group's usual meeting times share with a person's week (both school's zone)."""
    return weeks.hours(group_week & person_week)


def fits(*, group_week: int, person_week: int) -> bool:
    """The group has usual meeting times and every one of them is inside the person's week."""
    return group_week != 0 and group_week & ~person_week == 0


def _clock(block: int) -> str:
    minutes = block * 30
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def meeting_times(*, week: int, zone: str, now: datetime) -> list[str]:
    """A school's-zone week as readable ranges on ``zone``'s clock ("Tuesday 18:00–20:00"), in week order."""
    shown = weeks.from_school_zone(week, zone, now)
    out = []
    for first, end in weeks.runs(shown):
        day = first // BLOCKS_PER_DAY
        out.append(
            _("%(day)s %(starts)s–%(ends)s")
            % {
                "day": WEEKDAYS[day],
                "starts": _clock(first - day * BLOCKS_PER_DAY),
                "ends": _clock(end - day * BLOCKS_PER_DAY),
            }
        )
    return out


def _active_members() -> Count:
    return Count("memberships", filter=Q(memberships__status=Membership.Status.ACTIVE))


def listed_groups(*, filters: FindFilters) -> QuerySet[StudyGroup]:
    """Listed, active groups matching the filters that SQL can answer (all but the week-based ones).

    Invite-only and archived groups never match.
    """
    rows = StudyGroup.objects.filter(status=StudyGroup.Status.ACTIVE, listed=True)
    text = filters.text.strip()
    if text:
        rows = rows.filter(Q(name__icontains=text) | Q(description__icontains=text))
    if filters.topic is not None:
        rows = rows.filter(topic=filters.topic)
    if filters.goal:
        rows = rows.filter(goal=filters.goal)
    if filters.modality:
        rows = rows.filter(modality=filters.modality)
    if filters.language is not None:
        rows = rows.filter(language=filters.language)
    if filters.open_places:
        rows = rows.alias(active_members=_active_members()).filter(active_members__lt=F("capacity"))
    return rows


def find_groups(
    *, viewer: User, filters: FindFilters, now: datetime, zone: str, page: int | str | None = 1
) -> FindResults:
    """One page of Find a group for ``viewer``, their clock ``zone``: two queries for any number of groups.

    Ordered by hours shared with the viewer's week (most first), then newest;
    or newest only when ``filters.sort == "newest"``.
    """
    mine = viewer_week(viewer=viewer, now=now)
    no_availability = mine == 0
    fits_ignored = filters.fits_my_week and no_availability
    candidates = listed_groups(filters=filters).values_list("pk", "meeting_week", "created_at")
    scored = []
    for pk, stored, created_at in candidates:
        group_week = weeks.week_int(stored)
        if filters.fits_my_week and not no_availability and not fits(group_week=group_week, person_week=mine):
            continue
        scored.append((pk, (group_week & mine).bit_count(), created_at, group_week))
    if filters.sort == "newest":
        scored.sort(key=lambda row: (row[2], row[0]), reverse=True)
    else:
        scored.sort(key=lambda row: (row[1], row[2], row[0]), reverse=True)
    shown = Paginator(scored, PAGE_SIZE).get_page(page)
    ids = [row[0] for row in shown.object_list]
    mine_there = Membership.objects.filter(group=OuterRef("pk"), person=viewer, status__in=_LIVE).values("status")[:1]
    full = {
        g.pk: g
        for g in StudyGroup.objects.filter(pk__in=ids)
        .select_related("topic", "language")
        .annotate(active_members=_active_members(), my_status=Subquery(mine_there))
    }
    cards = [
        GroupCard(
            group=full[pk],
            members=full[pk].active_members,  # type: ignore[attr-defined]
            shared_hours=blocks / 2,
            meeting_times=meeting_times(week=group_week, zone=zone, now=now),
            my_status=full[pk].my_status or "",  # type: ignore[attr-defined]
        )
        for pk, blocks, _created, group_week in shown.object_list
        if pk in full
    ]
    return FindResults(
        page=shown, cards=cards, zone_name=zone, no_availability=no_availability, fits_ignored=fits_ignored
    )


def _count_of(rows: QuerySet[Membership]) -> Coalesce:
    """A correlated ``COUNT`` of ``rows`` (filtered on ``OuterRef``), 0 when none."""
    counted = rows.order_by().values("group").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def my_groups(*, person: User, now: datetime) -> list[MyGroup]:
    """The active groups ``person`` is an active member of, with the next scheduled session: one query."""
    next_session = (
        GroupSession.objects.filter(group=OuterRef("group"), status=GroupSession.Status.SCHEDULED, starts_at__gt=now)
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    rows = (
        Membership.objects.filter(
            person=person, status=Membership.Status.ACTIVE, group__status=StudyGroup.Status.ACTIVE
        )
        .select_related("group", "group__topic")
        .annotate(
            next_session_at=Subquery(next_session),
            members=_count_of(Membership.objects.filter(group=OuterRef("group"), status=Membership.Status.ACTIVE)),
            pending=_count_of(Membership.objects.filter(group=OuterRef("group"), status=Membership.Status.REQUESTED)),
        )
        .order_by("group__name", "group__pk")
    )
    return [
        MyGroup(
            group=row.group,
            role=row.role,
            members=row.members,  # type: ignore[attr-defined]
            next_session_at=row.next_session_at,  # type: ignore[attr-defined]
            pending=row.pending if row.role == Membership.Role.ORGANISER else 0,  # type: ignore[attr-defined]
        )
        for row in rows
    ]


def my_requests(*, person: User) -> list[Membership]:
    """The requests ``person`` made that wait for an organiser, newest first: one query."""
    return list(
        Membership.objects.filter(
            person=person, status=Membership.Status.REQUESTED, group__status=StudyGroup.Status.ACTIVE
        )
        .select_related("group", "group__topic")
        .order_by("-requested_at", "-pk")
    )
