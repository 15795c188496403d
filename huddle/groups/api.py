"""Study groups in the JSON API: find groups, the caller's own groups, a group, join, ask, leave, sessions, RSVP.

The same reads, services and policy as the pages: discovery is Find a
group's selector (``find.selectors.find_groups``, with the hours each group
shares with the caller's week and "fits my week"), joining, asking and
leaving go through ``membership.services`` (seats under the group's lock, so
a full group stays full), RSVPs through ``sessions.services.rsvp_set``.

What a caller sees follows the group page: an invite-only or archived
group exists only for its members, coordinators and whoever holds its
current invitation link (``token``); to anyone else it is ``404``. The
members' list, the meeting link and the sessions' agendas, places and links
are for members and coordinators. Nothing a student gave a pool (their
attributes, their availability) is in any answer.

Times are ISO 8601 in UTC; a group's usual meeting times are given on the
caller's clock (``zone`` names it) as weekday (0 = Monday) and ``HH:MM``.
A refusal by a rule or a race (the group is full, the last place was just
taken, already a member) answers ``409`` with the service's message in
``detail``; a request the caller may not make at all, ``403``.
"""

from datetime import UTC, datetime
from typing import Annotated, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from huddle.accounts.http import signed_in_user
from huddle.accounts.lookups import active_topic, language_by_code
from huddle.accounts.models import Topic, User
from huddle.groups import policy, weeks
from huddle.groups.find.selectors import FindFilters, find_groups, my_groups, my_requests
from huddle.groups.membership.services import membership_join, membership_leave, membership_request
from huddle.groups.models import GroupSession, Membership, StudyGroup
from huddle.groups.page.selectors import active_members, group_for_viewer
from huddle.groups.sessions.selectors import session_with_viewer, upcoming_for_page
from huddle.groups.sessions.services import rsvp_set
from huddle.lib.errors import HuddleError
from huddle.lib.http import MAX_ID
from huddle.lib.zones import zone_of

router = Router(tags=["groups"])

Id = Annotated[int, Field(gt=0, le=MAX_ID)]
PageNumber = Annotated[int, Field(gt=0, le=10_000)]
Token = Annotated[str, Field(max_length=64)]
#: Upcoming sessions one answer gives at most.
SESSIONS_LIMIT = 50
_BLOCKS_PER_DAY = 48


# -- Schemas ---------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str


class TopicOut(Schema):
    id: int
    name: str


class MeetingTimeOut(Schema):
    #: 0 = Monday … 6 = Sunday, on the caller's clock.
    weekday: int
    starts: str
    ends: str


class GroupCardOut(Schema):
    id: int
    name: str
    description: str
    topic: TopicOut | None
    goal: str
    modality: str
    #: A language code, or null when the group names none.
    language: str | None
    capacity: int
    members: int
    places_left: int
    #: ``open`` (join at once) or ``request`` (an organiser approves).
    join_policy: str
    meeting_times: list[MeetingTimeOut]
    #: Hours a week the usual meeting times share with the caller's availability.
    shared_hours: float
    #: The caller's own place: ``active``, ``requested`` or null.
    my_status: str | None


class GroupPageOut(Schema):
    count: int
    page: int
    pages: int
    #: The caller's time zone, which the meeting times are given in.
    zone: str
    #: The caller painted no availability: shared hours are 0 and ``fits_my_week`` filters nothing.
    no_availability: bool
    items: list[GroupCardOut]


class MyGroupOut(Schema):
    id: int
    name: str
    topic: TopicOut | None
    goal: str
    #: ``organiser`` or ``member``.
    role: str
    members: int
    capacity: int
    next_session_at: datetime | None
    #: Requests waiting for a decision (given to organisers; 0 for members).
    pending_requests: int


class MyRequestOut(Schema):
    membership_id: int
    group_id: int
    group_name: str
    note: str
    requested_at: datetime | None


class MineOut(Schema):
    groups: list[MyGroupOut]
    requests: list[MyRequestOut]


class MemberOut(Schema):
    name: str
    role: str
    joined_at: datetime | None


class GroupOut(Schema):
    id: int
    name: str
    description: str
    topic: TopicOut | None
    goal: str
    modality: str
    place: str
    #: Given to members and coordinators only.
    meeting_link: str
    language: str | None
    capacity: int
    members_count: int
    places_left: int
    join_policy: str
    listed: bool
    #: ``active`` or ``archived``.
    status: str
    #: The group lost its organisers and waits for a coordinator.
    needs_organiser: bool
    #: The zone the group's weekly sessions are set in.
    time_zone: str
    #: The caller's zone, which ``meeting_times`` are given in.
    zone: str
    meeting_times: list[MeetingTimeOut]
    organisers: list[str]
    #: Members and coordinators only; null for anyone else.
    members: list[MemberOut] | None
    my_status: str | None
    my_role: str | None


class MembershipOut(Schema):
    id: int
    group_id: int
    #: ``active`` (a member), ``requested`` (waiting for an organiser), ``left``…
    status: str
    role: str
    request_note: str
    requested_at: datetime | None
    joined_at: datetime | None


class JoinIn(Schema):
    #: The invitation link's secret, for an invite-only group.
    token: Token = ""


class RequestIn(Schema):
    note: Annotated[str, Field(max_length=500)] = ""
    token: Token = ""


class UpcomingOut(Schema):
    id: int
    starts_at: datetime
    ends_at: datetime
    #: The zone the session is set in.
    time_zone: str
    title: str
    going: int
    maybe: int
    #: The caller's answer (members): ``yes``, ``maybe``, ``no`` or null.
    my_answer: str | None
    #: Agenda, place and link: members and coordinators only ("" for anyone else).
    agenda: str
    place: str
    meeting_link: str


class SessionsOut(Schema):
    items: list[UpcomingOut]
    #: More sessions lie beyond these.
    more: bool


class RsvpIn(Schema):
    answer: Literal["yes", "maybe", "no"]
    #: ``following``: this session and every later one of its weekly series.
    scope: Literal["this", "following"] = "this"


class RsvpOut(Schema):
    session_id: int
    answer: str
    #: How many sessions took the answer (more than one with ``scope=following``).
    sessions_answered: int


class FindIn(Schema):
    q: Annotated[str, Field(max_length=100)] = ""
    #: A topic id.
    topic: Id | None = None
    goal: Literal["step1", "step2", "block_exam", "shelf", "osce", "coursework"] | None = None
    modality: Literal["virtual", "in_person", "hybrid"] | None = None
    #: A language code (``es``).
    language: Annotated[str, Field(max_length=8)] | None = None
    open_places: bool = False
    fits_my_week: bool = False
    sort: Literal["shared", "newest"] = "shared"
    page: PageNumber = 1


class GroupIn(Schema):
    token: Token = ""


# -- Helpers ----------------------------------------------------------------------------


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _utc_or_none(value: datetime | None) -> datetime | None:
    return None if value is None else _utc(value)


def _topic_out(topic: Topic | None) -> TopicOut | None:
    return TopicOut(id=topic.pk, name=topic.name) if topic is not None else None


def _times(stored: bytes | memoryview, zone: str, now: datetime) -> list[MeetingTimeOut]:
    """A school's-zone meeting week as weekday and clock ranges on ``zone``'s clock."""
    local = weeks.from_school_zone(weeks.week_int(stored), zone, now)
    out = []
    for first, end in weeks.runs(local):
        day = first // _BLOCKS_PER_DAY
        start, stop = (first - day * _BLOCKS_PER_DAY) * 30, (end - day * _BLOCKS_PER_DAY) * 30
        out.append(
            MeetingTimeOut(
                weekday=day, starts=f"{start // 60:02d}:{start % 60:02d}", ends=f"{stop // 60:02d}:{stop % 60:02d}"
            )
        )
    return out


def _visible(user: User, group_id: int, token: str = "") -> StudyGroup:
    """The group with the caller's own row, for whoever may see it; anyone else gets 404, as for no group."""
    group = group_for_viewer(group_id=group_id, viewer=user)
    if group is None or not policy.can_see_group(user, group, token=token):
        raise HttpError(404, "Not found.")
    return group


def _membership_out(row: Membership) -> MembershipOut:
    return MembershipOut(
        id=row.pk,
        group_id=row.group_id,
        status=row.status,
        role=row.role,
        request_note=row.request_note,
        requested_at=_utc_or_none(row.requested_at),
        joined_at=_utc_or_none(row.joined_at),
    )


def _refused(refusal: HuddleError) -> HttpError:
    return HttpError(409, refusal.message)


# -- Operations -------------------------------------------------------------------------


@router.get("/", response=GroupPageOut, summary="Find a group: listed groups with the hours they share with you")
def groups_find(request: HttpRequest, filters: Query[FindIn]) -> GroupPageOut:
    """As Find a group: most hours shared with the caller's week first (or newest); 20 a page.

    ``fits_my_week`` keeps groups whose every usual meeting time lies inside
    the caller's availability; ``open_places`` those with a place left.
    Invite-only and archived groups are never listed.
    """
    user = signed_in_user(request)
    if not policy.can_use_groups(user):
        raise HttpError(403, "Study groups are for signed-in people.")
    zone = zone_of(user).key
    now = timezone.now()
    wanted = FindFilters(
        text=filters.q,
        topic=active_topic(filters.topic),
        goal=filters.goal or "",
        modality=filters.modality or "",
        language=language_by_code(filters.language),
        open_places=filters.open_places,
        fits_my_week=filters.fits_my_week,
        sort=filters.sort,
    )
    results = find_groups(viewer=user, filters=wanted, now=now, zone=zone, page=filters.page)
    items = [
        GroupCardOut(
            id=card.group.pk,
            name=card.group.name,
            description=card.group.description,
            topic=_topic_out(card.group.topic),
            goal=card.group.goal,
            modality=card.group.modality,
            language=card.group.language.code if card.group.language else None,
            capacity=card.group.capacity,
            members=card.members,
            places_left=card.places_left,
            join_policy=card.group.join_policy,
            meeting_times=_times(card.group.meeting_week, zone, now),
            shared_hours=card.shared_hours,
            my_status=card.my_status or None,
        )
        for card in results.cards
    ]
    page = results.page
    return GroupPageOut(
        count=page.paginator.count,
        page=page.number,
        pages=page.paginator.num_pages,
        zone=zone,
        no_availability=results.no_availability,
        items=items,
    )


@router.get("/mine", response=MineOut, summary="The caller's groups and the requests they are waiting on")
def groups_mine(request: HttpRequest) -> MineOut:
    """Active groups the caller is a member of (with the next session), and their requests still waiting."""
    user = signed_in_user(request)
    groups = [
        MyGroupOut(
            id=row.group.pk,
            name=row.group.name,
            topic=_topic_out(row.group.topic),
            goal=row.group.goal,
            role=row.role,
            members=row.members,
            capacity=row.group.capacity,
            next_session_at=_utc_or_none(row.next_session_at),
            pending_requests=row.pending,
        )
        for row in my_groups(person=user, now=timezone.now())
    ]
    requests = [
        MyRequestOut(
            membership_id=row.pk,
            group_id=row.group_id,
            group_name=row.group.name,
            note=row.request_note,
            requested_at=_utc_or_none(row.requested_at),
        )
        for row in my_requests(person=user)
    ]
    return MineOut(groups=groups, requests=requests)


@router.get("/{group_id}", response={200: GroupOut, 404: ErrorOut}, summary="A group: details, meeting times, members")
def groups_detail(request: HttpRequest, group_id: Id, params: Query[GroupIn]) -> GroupOut:
    """The members' list and the meeting link are for members and coordinators; organisers' names for all.

    An invite-only group is found with its invitation ``token``; otherwise it is ``404`` to outsiders.
    """
    user = signed_in_user(request)
    group = _visible(user, group_id, params.token)
    zone = zone_of(user).key
    rows = active_members(group=group)
    inside = policy.can_read_inside(user, group)
    mine = policy.membership_of(user, group)
    return GroupOut(
        id=group.pk,
        name=group.name,
        description=group.description,
        topic=_topic_out(group.topic),
        goal=group.goal,
        modality=group.modality,
        place=group.place,
        meeting_link=group.meeting_link if inside else "",
        language=group.language.code if group.language else None,
        capacity=group.capacity,
        members_count=len(rows),
        places_left=max(group.capacity - len(rows), 0),
        join_policy=group.join_policy,
        listed=group.listed,
        status=group.status,
        needs_organiser=group.needs_organiser,
        time_zone=group.time_zone,
        zone=zone,
        meeting_times=_times(group.meeting_week, zone, timezone.now()),
        organisers=[row.name for row in rows if row.organiser],
        members=[
            MemberOut(name=row.name, role=row.membership.role, joined_at=_utc_or_none(row.membership.joined_at))
            for row in rows
        ]
        if inside
        else None,
        my_status=mine.status if mine else None,
        my_role=mine.role if mine and mine.status == Membership.Status.ACTIVE else None,
    )


@router.post(
    "/{group_id}/join",
    response={201: MembershipOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Join an open group (takes a place at once)",
)
def groups_join(request: HttpRequest, group_id: Id, payload: JoinIn) -> Status[MembershipOut]:
    """A full group, a group that approves members, or being in it already is ``409`` with the reason."""
    user = signed_in_user(request)
    group = _visible(user, group_id, payload.token)
    if not policy.can_join_groups(user):
        raise HttpError(403, "Only students join study groups.")
    try:
        row = membership_join(person=user, group=group, token=payload.token)
    except HuddleError as refusal:
        raise _refused(refusal) from refusal
    return Status(201, _membership_out(row))


@router.post(
    "/{group_id}/request",
    response={201: MembershipOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Ask to join a group whose organisers approve members",
)
def groups_request(request: HttpRequest, group_id: Id, payload: RequestIn) -> Status[MembershipOut]:
    """The organisers are told, with the note; an open group is ``409`` (join it instead)."""
    user = signed_in_user(request)
    group = _visible(user, group_id, payload.token)
    if not policy.can_join_groups(user):
        raise HttpError(403, "Only students join study groups.")
    try:
        row = membership_request(person=user, group=group, note=payload.note, token=payload.token)
    except HuddleError as refusal:
        raise _refused(refusal) from refusal
    return Status(201, _membership_out(row))


@router.post(
    "/{group_id}/leave",
    response={200: MembershipOut, 404: ErrorOut, 409: ErrorOut},
    summary="Leave a group (an organiser who was the last one passes the role on)",
)
def groups_leave(request: HttpRequest, group_id: Id) -> MembershipOut:
    user = signed_in_user(request)
    group = _visible(user, group_id)
    try:
        row = membership_leave(person=user, group=group)
    except HuddleError as refusal:
        raise _refused(refusal) from refusal
    return _membership_out(row)


@router.get(
    "/{group_id}/sessions",
    response={200: SessionsOut, 404: ErrorOut},
    summary="A group's upcoming sessions, soonest first",
)
def groups_sessions(request: HttpRequest, group_id: Id, params: Query[GroupIn]) -> SessionsOut:
    """Scheduled sessions not yet over (at most 50), with how many are going; details for members only."""
    user = signed_in_user(request)
    group = _visible(user, group_id, params.token)
    page = upcoming_for_page(group=group, viewer=user, limit=SESSIONS_LIMIT)
    inside = bool(page["upcoming_inside"])
    items = []
    for row in page["upcoming_sessions"]:
        session: GroupSession = row.session
        items.append(
            UpcomingOut(
                id=session.pk,
                starts_at=_utc(session.starts_at),
                ends_at=_utc(session.ends_at),
                time_zone=session.time_zone,
                title=session.title,
                going=row.going,
                maybe=row.maybe,
                my_answer=row.mine,
                agenda=session.agenda if inside else "",
                place=session.place if inside else "",
                meeting_link=session.meeting_link if inside else "",
            )
        )
    return SessionsOut(items=items, more=bool(page["upcoming_more"]))


@router.post(
    "/sessions/{session_id}/rsvp",
    response={200: RsvpOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Answer going, maybe or not going for a session (or it and the rest of its series)",
)
def groups_rsvp(request: HttpRequest, session_id: Id, payload: RsvpIn) -> RsvpOut:
    """Members only; a cancelled or started session is ``409``."""
    user = signed_in_user(request)
    session = session_with_viewer(session_id=session_id, viewer=user)
    if session is None or not policy.can_see_group(user, session.group):
        raise HttpError(404, "Not found.")
    if not policy.is_member(user, session.group):
        raise HttpError(403, "Only the group's members answer for its sessions.")
    try:
        answered = rsvp_set(person=user, session=session, answer=payload.answer, scope=payload.scope)
    except HuddleError as refusal:
        raise _refused(refusal) from refusal
    return RsvpOut(session_id=session.pk, answer=payload.answer, sessions_answered=answered)
