"""What the group page and the coordinators' problems page read, in a fixed number of queries.

The group with its topic, language and the viewer's own row is two queries;
the members, the requests waiting and the board are one each, whatever their
number. Names come with the people (their profiles joined), posts are
rendered to safe HTML here so the template only places them.
"""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.utils.dates import WEEKDAYS

from huddle.accounts.availability import BLOCKS_PER_DAY
from huddle.accounts.models import User
from huddle.groups import weeks
from huddle.groups.models import Membership, Post, ProblemReport, StudyGroup
from huddle.lib.markdown import render_markdown

#: The board shows the newest posts; older ones stay stored.
BOARD_LIMIT = 50
#: Resolved reports listed below the open ones.
RESOLVED_LIMIT = 50


def person_name(person: User | None) -> str:
    """How a person is named on group pages: their profile's display name, else their full name."""
    if person is None:
        return ""
    profile = getattr(person, "profile", None)
    return profile.name if profile is not None else (person.get_full_name() or person.email)


def group_for_viewer(*, group_id: int, viewer: User) -> StudyGroup | None:
    """The group, its topic and language, and ``viewer_rows`` (the viewer's live row) for the policy: 2 queries."""
    mine = Membership.objects.filter(person_id=viewer.pk, status__in=("active", "requested"))
    return (
        StudyGroup.objects.select_related("topic", "language")
        .prefetch_related(Prefetch("memberships", queryset=mine, to_attr="viewer_rows"))
        .filter(pk=group_id)
        .first()
    )


def group_by_token(*, token: str, viewer: User) -> StudyGroup | None:
    """The group whose current invitation link this is (an old or unknown link finds nothing)."""
    if not token:
        return None
    mine = Membership.objects.filter(person_id=viewer.pk, status__in=("active", "requested"))
    return (
        StudyGroup.objects.select_related("topic", "language")
        .prefetch_related(Prefetch("memberships", queryset=mine, to_attr="viewer_rows"))
        .filter(invite_token=token)
        .first()
    )


@dataclass(frozen=True)
class MemberRow:
    membership: Membership
    name: str
    organiser: bool


def active_members(*, group: StudyGroup) -> list[MemberRow]:
    """Active members, organisers first, then by who joined first: one query."""
    organisers_first = Case(
        When(role=Membership.Role.ORGANISER, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    rows = (
        Membership.objects.filter(group=group, status=Membership.Status.ACTIVE)
        .select_related("person__profile")
        .order_by(organisers_first, "joined_at", "pk")
    )
    return [MemberRow(m, person_name(m.person), m.role == Membership.Role.ORGANISER) for m in rows]


@dataclass(frozen=True)
class RequestRow:
    membership: Membership
    name: str


def pending_requests(*, group: StudyGroup) -> list[RequestRow]:
    """Requests waiting for an organiser, oldest first, with their notes: one query."""
    rows = (
        Membership.objects.filter(group=group, status=Membership.Status.REQUESTED)
        .select_related("person__profile")
        .order_by("requested_at", "pk")
    )
    return [RequestRow(m, person_name(m.person)) for m in rows]


@dataclass(frozen=True)
class BoardPost:
    post: Post
    author: str
    html: str
    removable: bool


def board(*, group: StudyGroup, viewer: User, can_moderate: bool, limit: int = BOARD_LIMIT) -> list[BoardPost]:
    """The newest posts, rendered to sanitised HTML, with whether the viewer may remove each: one query."""
    posts = (
        Post.objects.filter(group=group, removed=False)
        .select_related("author__profile")
        .order_by("-created_at", "-pk")[:limit]
    )
    return [
        BoardPost(
            post=p,
            author=person_name(p.author),
            html=render_markdown(p.body),
            removable=can_moderate or (p.author_id is not None and p.author_id == viewer.pk),
        )
        for p in posts
    ]


@dataclass(frozen=True)
class MeetingTime:
    day: str
    starts: str
    ends: str


def _clock(block: int) -> str:
    minutes = block * 30
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def meeting_times(*, group: StudyGroup, zone: ZoneInfo, at: datetime) -> list[MeetingTime]:
    """The group's usual meeting times in ``zone`` (no query): one line per run of half hours in a day."""
    local = weeks.from_school_zone(weeks.week_int(group.meeting_week), zone.key, at)
    out = []
    for first, end in weeks.runs(local):
        day = first // BLOCKS_PER_DAY
        out.append(
            MeetingTime(
                day=str(WEEKDAYS[day]),
                starts=_clock(first - day * BLOCKS_PER_DAY),
                ends=_clock(end - day * BLOCKS_PER_DAY),
            )
        )
    return out


def problem_reports() -> list[ProblemReport]:
    """Open reports (all, newest first), then the latest resolved ones: two queries."""
    related = ("group", "reporter__profile", "resolved_by__profile")
    open_ = list(
        ProblemReport.objects.filter(status=ProblemReport.Status.OPEN)
        .select_related(*related)
        .order_by("-created_at", "-pk")
    )
    resolved = list(
        ProblemReport.objects.filter(status=ProblemReport.Status.RESOLVED)
        .select_related(*related)
        .order_by("-resolved_at", "-pk")[:RESOLVED_LIMIT]
    )
    return open_ + resolved


def groups_needing_an_organiser() -> list[StudyGroup]:
    """Active groups left without an organiser (flagged when the last one left and nobody could take over)."""
    return list(
        StudyGroup.objects.filter(needs_organiser=True, status=StudyGroup.Status.ACTIVE)
        .select_related("topic")
        .order_by("name", "pk")
    )


def report_get(*, report_id: int) -> ProblemReport | None:
    return ProblemReport.objects.select_related("group", "reporter__profile").filter(pk=report_id).first()
