"""The coordinators' activity report: groups and members by course, sessions held week by week, attendance.

Counts of people (members by course) go through ``suppress_counts`` like
every table of people Huddle publishes: a course with a handful of members
shows no number, so nobody is singled out. Three queries whatever the
number of groups and sessions.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from huddle.groups.models import GroupSession, Membership, StudyGroup
from huddle.lib.suppression import suppress_counts

#: How many weeks the sessions table goes back, this week included.
WEEKS = 8


@dataclass(frozen=True)
class CourseRow:
    label: str
    groups: int
    #: Distinct active members of the course's active groups; None when too few to show.
    members: int | None


@dataclass(frozen=True)
class WeekRow:
    starts: date
    sessions: int
    #: Sessions whose organisers took attendance, and the share of those recorded present.
    with_attendance: int
    present_percent: int | None


@dataclass(frozen=True)
class Activity:
    courses: list[CourseRow]
    groups_total: int
    members_total: int | None
    suppressed: bool
    minimum: int
    weeks: list[WeekRow]
    zone: str


def _week_start(moment: datetime, zone: ZoneInfo) -> date:
    day = moment.astimezone(zone).date()
    return day - timedelta(days=day.weekday())


def activity_report(*, now: datetime, zone: ZoneInfo) -> Activity:
    """Active groups and members by course, and the last weeks' sessions (weeks from Monday on ``zone``'s clock)."""
    groups: dict[int | None, tuple[str, int]] = {}
    for topic_id, name, n in (
        StudyGroup.objects.filter(status=StudyGroup.Status.ACTIVE)
        .values_list("topic_id", "topic__name")
        .annotate(n=Count("pk"))
        .order_by("topic__name")
    ):
        groups[topic_id] = (name or "", n)
    members = dict(
        Membership.objects.filter(status=Membership.Status.ACTIVE, group__status=StudyGroup.Status.ACTIVE)
        .values_list("group__topic_id")
        .annotate(n=Count("person", distinct=True))
        .order_by()
    )
    order = sorted(groups, key=lambda t: (t is None, groups[t][0].casefold()))
    table = suppress_counts([[int(members.get(t, 0))] for t in order])
    courses = [
        CourseRow(groups[t][0] or _("No course or topic"), groups[t][1], table.cells[i][0]) for i, t in enumerate(order)
    ]

    this_week = _week_start(now, zone)
    first = this_week - timedelta(weeks=WEEKS - 1)
    since = datetime.combine(first, datetime.min.time(), tzinfo=zone)
    buckets = {first + timedelta(weeks=k): [0, 0, 0, 0] for k in range(WEEKS)}
    held = (
        GroupSession.objects.filter(status=GroupSession.Status.SCHEDULED, starts_at__gte=since, starts_at__lte=now)
        .annotate(present=Count("attendance", filter=Q(attendance__present=True)), recorded=Count("attendance"))
        .values_list("starts_at", "attendance_taken_at", "present", "recorded")
    )
    for starts_at, taken, present, recorded in held:
        row = buckets.get(_week_start(starts_at, zone))
        if row is None:
            continue
        row[0] += 1
        if taken is not None and recorded:
            row[1] += 1
            row[2] += present
            row[3] += recorded
    weeks = [
        WeekRow(day, n, taken, round(100 * present / recorded) if recorded else None)
        for day, (n, taken, present, recorded) in sorted(buckets.items(), reverse=True)
    ]
    return Activity(
        courses=courses,
        groups_total=sum(n for _name, n in groups.values()),
        members_total=table.grand_total,
        suppressed=table.any_suppressed,
        minimum=table.minimum,
        weeks=weeks,
        zone=zone.key,
    )
