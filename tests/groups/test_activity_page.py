"""The coordinators' activity report: groups and members by course (small counts hidden), sessions held per
week with attendance, a pinned number of queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from huddle.groups.activity.selectors import activity_report
from huddle.groups.models import Attendance, GroupSession, StudyGroup
from huddle.lib.zones import zone_named
from tests.groups.factories import make_group, topic

pytestmark = pytest.mark.django_db

ZONE = zone_named("America/New_York")


def _held(group: StudyGroup, *, days_ago: int, present: int = 0, absent: int = 0, cancelled: bool = False) -> None:
    """A session that started ``days_ago`` days ago, with attendance taken when anyone is marked."""
    starts = timezone.now() - timedelta(days=days_ago, hours=1)
    session = GroupSession.objects.create(
        group=group,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        time_zone=group.time_zone,
        status=GroupSession.Status.CANCELLED if cancelled else GroupSession.Status.SCHEDULED,
        attendance_taken_at=starts + timedelta(hours=1) if present or absent else None,
    )
    people = [m.person for m in group.memberships.filter(status="active")]
    Attendance.objects.bulk_create(
        [Attendance(session=session, person=p, present=k < present) for k, p in enumerate(people[: present + absent])]
    )


def test_it_counts_groups_and_hides_small_member_counts():
    cardio, anatomy = topic("Cardiology"), topic("Anatomy")
    for _ in range(3):
        make_group(topic=cardio, members=3, capacity=6)  # 12 members
    make_group(topic=anatomy, members=2, capacity=6)  # 3 members: too few to show
    report = activity_report(now=timezone.now(), zone=ZONE)
    rows = {r.label: r for r in report.courses}
    assert rows["Cardiology"].groups == 3 and rows["Anatomy"].groups == 1 and report.groups_total == 4
    assert rows["Anatomy"].members is None and report.suppressed
    assert rows["Cardiology"].members is None  # else 15 - 12 would give Anatomy's 3 away
    alone = activity_report(now=timezone.now(), zone=ZONE)
    assert alone.minimum == 10


def test_a_course_with_enough_members_shows_its_count():
    cardio = topic("Cardiology")
    for _ in range(4):
        make_group(topic=cardio, members=2, capacity=6)
    report = activity_report(now=timezone.now(), zone=ZONE)
    assert [(r.label, r.groups, r.members) for r in report.courses] == [("Cardiology", 4, 12)]
    assert report.members_total == 12 and not report.suppressed


def test_it_counts_sessions_held_per_week_and_attendance():
    group = make_group(members=3)
    now = timezone.now()
    this_week = now.astimezone(ZONE).date() - timedelta(days=now.astimezone(ZONE).weekday())
    days_into_week = (now.astimezone(ZONE).date() - this_week).days
    _held(group, days_ago=days_into_week + 5, present=3, absent=1)  # last week: 3 of 4 present
    _held(group, days_ago=days_into_week + 4)  # last week, no attendance
    _held(group, days_ago=days_into_week + 3, cancelled=True)  # cancelled: not held
    _held(group, days_ago=70)  # long ago: outside the 8 weeks
    GroupSession.objects.create(
        group=group,
        starts_at=now + timedelta(days=1),
        ends_at=now + timedelta(days=1, hours=1),
        time_zone=group.time_zone,
    )  # not started
    report = activity_report(now=now, zone=ZONE)
    assert len(report.weeks) == 8 and report.weeks[0].starts == this_week
    last = report.weeks[1]
    assert (last.starts, last.sessions, last.with_attendance, last.present_percent) == (
        this_week - timedelta(weeks=1),
        2,
        1,
        75,
    )
    assert sum(w.sessions for w in report.weeks) == 2


def test_only_coordinators_read_it(client_for, people):
    assert client_for("coordinator").get(reverse("groups:activity")).status_code == 200
    for role in ("ms1", "ms3", "faculty", "wellbeing"):
        assert client_for(role).get(reverse("groups:activity")).status_code == 403
    assert client_for("anonymous").get(reverse("groups:activity")).status_code == 302


#: The session, the person, their profile (the zone), their roles, the unread badge (5); groups by course,
#: members by course, sessions with their attendance (3) = 8, with 2 groups or 12.
ACTIVITY_QUERIES = 8


@pytest.mark.parametrize("groups", [2, 12])
def test_the_page_reads_a_pinned_number_of_queries(client_for, people, django_assert_num_queries, groups):
    topics = [topic("Cardiology"), topic("Anatomy"), None]
    for k in range(groups):
        group = make_group(topic=topics[k % 3], members=2, capacity=6)
        _held(group, days_ago=k % 20, present=2, absent=1)
    client = client_for("coordinator")
    url = reverse("groups:activity")
    client.get(url)
    with django_assert_num_queries(ACTIVITY_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert "Cardiology" in response.content.decode()
