"""The demo school's study groups: a consistent term, the log-ins' situations, the pool, deterministic, removable."""

import time
from collections import defaultdict
from datetime import timedelta

import pytest
from django.utils import timezone

from huddle.accounts.demo import MS1_EMAIL, MS3_EMAIL, build_demo_school
from huddle.accounts.models import Topic, User
from huddle.groups import weeks
from huddle.groups.demo import demo_groups_delete, demo_groups_step
from huddle.groups.demo.catalogue import FIRST_GENERATION, POOL_TITLE
from huddle.groups.find.selectors import FindFilters, find_groups
from huddle.groups.models import (
    Attendance,
    GroupSession,
    Membership,
    Pool,
    PoolEntry,
    Post,
    ProblemReport,
    Rsvp,
    StudyGroup,
)
from huddle.lib import registry
from huddle.lib.registry import DemoSize
from huddle.lib.zones import zone_named
from huddle.notifications.models import Notification

SIZE = DemoSize(students=120, faculty=8)
MODELS = (StudyGroup, Membership, GroupSession, Rsvp, Attendance, Post, ProblemReport, Pool, PoolEntry)


@pytest.fixture
def school(taxonomies):
    build_demo_school(seed=SIZE.seed, students=SIZE.students, faculty=SIZE.faculty)


@pytest.fixture
def built(school):
    started = time.perf_counter()
    lines = demo_groups_step(SIZE)
    print(f"groups demo step: {time.perf_counter() - started:.2f} s")
    return lines


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def _snapshot() -> list[object]:
    """What must come out the same for the same seed (nothing that depends on the clock's seconds)."""
    groups = []
    for group in StudyGroup.objects.select_related("topic", "language", "created_by").order_by("name", "pk"):
        people = sorted(
            (m.person.email, m.role, m.status, m.seat, m.request_note)
            for m in group.memberships.select_related("person")
        )
        zone = zone_named(group.time_zone)
        local = sorted(
            {(s.starts_at.astimezone(zone).strftime("%a %H:%M"), s.status, s.title) for s in group.sessions.all()}
        )
        groups.append(
            (group.name, group.topic_id and group.topic.name, group.goal, group.modality, group.capacity,
             group.join_policy, group.listed, group.invite_token, bytes(group.meeting_week), group.time_zone,
             group.status, group.needs_organiser, group.place, group.language and group.language.code,
             group.created_by.email, people, local, sorted(p.body for p in group.posts.all()))
        )  # fmt: skip
    entries = sorted(
        (e.student.email, e.goal, e.modality, bytes(e.availability), e.time_zone, tuple(e.attributes))
        for e in PoolEntry.objects.select_related("student")
    )
    return [groups, entries]


def test_the_step_runs_after_the_people():
    names = [step.name for step in registry.demo_plan()]
    step = registry.demo_steps.get("groups.term")
    assert step.delete is demo_groups_delete
    assert names.index("accounts.people") < names.index("groups.term")


def test_a_realistic_term_of_groups(built):
    groups = list(StudyGroup.objects.select_related("topic", "language"))
    assert 55 <= len(groups) <= 65
    assert {"step1", "block_exam", "shelf", "osce", "coursework"} <= {g.goal for g in groups}
    assert {g.modality for g in groups} == {"virtual", "in_person", "hybrid"}
    assert sum(g.language is not None and g.language.code == "es" for g in groups) >= 3
    assert all(3 <= g.capacity <= 8 for g in groups)
    assert sum(g.topic is not None for g in groups) >= 40
    assert {g.topic.kind for g in groups if g.topic} == {Topic.Kind.SYSTEM, Topic.Kind.DISCIPLINE}
    invite_only = [g for g in groups if not g.listed]
    assert len(invite_only) == 3 and all(len(g.invite_token) == 43 for g in invite_only)
    assert sum(g.status == "archived" for g in groups) == 1
    (flagged,) = [g for g in groups if g.needs_organiser]
    assert not flagged.memberships.filter(status="active").exists()
    assert flagged.memberships.filter(status="left").exists()
    full = [g for g in groups if g.memberships.filter(status="active").count() == g.capacity]
    assert len(full) >= 2
    requests = Membership.objects.filter(status="requested")
    assert requests.count() >= 5 and requests.exclude(request_note="").count() >= 3
    assert all(r.group.join_policy == "request" for r in requests.select_related("group"))
    assert ProblemReport.objects.filter(status="open").count() == 1
    assert Post.objects.count() >= 20 and all("](https://" in p.body for p in Post.objects.all())
    assert "60 groups" in built[0] or "groups (" in built[0]


def test_capacity_seats_and_meeting_times_hold(built):
    active = Membership.objects.filter(status="active")
    by_group: dict[int, list[int]] = defaultdict(list)
    for row in active:
        by_group[row.group_id].append(row.seat)
    for group in StudyGroup.objects.all():
        seats = by_group[group.pk]
        assert len(seats) == len(set(seats)) <= group.capacity
        assert all(1 <= s <= group.capacity for s in seats)
        if group.status == "active":
            assert weeks.week_int(group.meeting_week) != 0
        if seats:
            assert active.filter(group=group, role="organiser").exists(), group.name
    assert not Membership.objects.exclude(status="active").exclude(seat=None).exists()
    # Nobody is in two groups that meet at the same time, nor in more than three.
    per_person: dict[int, int] = defaultdict(int)
    busy: dict[int, int] = defaultdict(int)
    for row in active.filter(group__status="active").select_related("group"):
        week = weeks.week_int(row.group.meeting_week)
        assert busy[row.person_id] & week == 0
        busy[row.person_id] |= week
        per_person[row.person_id] += 1
    assert max(per_person.values()) <= 3


def test_sessions_keep_their_local_time_and_attendance_and_rsvps_are_consistent(built):
    now = timezone.now()
    sessions = list(GroupSession.objects.select_related("group"))
    assert len(sessions) >= 200
    series: dict[object, set[str]] = defaultdict(set)
    for s in sessions:
        assert s.ends_at > s.starts_at
        assert now - timedelta(weeks=4, days=1) <= s.starts_at <= now + timedelta(weeks=6)
        assert s.time_zone == s.group.time_zone
        if s.series:
            series[s.series].add(s.starts_at.astimezone(zone_named(s.time_zone)).strftime("%a %H:%M"))
    assert len(series) >= 30 and all(len(times) == 1 for times in series.values())
    assert 1 <= sum(s.status == "cancelled" for s in sessions) <= len(sessions) // 10
    past = [s for s in sessions if s.ends_at <= now and s.status == "scheduled"]
    taken = [s for s in past if s.attendance_taken_at is not None]
    assert len(taken) >= len(past) // 2 and len(taken) < len(past)
    assert not Attendance.objects.filter(session__attendance_taken_at=None).exists()
    marks = list(Attendance.objects.all())
    assert 0.6 <= sum(m.present for m in marks) / len(marks) <= 0.9
    for rsvp in Rsvp.objects.select_related("session"):
        assert rsvp.session.starts_at > now and rsvp.session.status == "scheduled"
        assert Membership.objects.filter(group=rsvp.session.group_id, person=rsvp.person_id, status="active").exists()


def test_the_ms1_log_in_has_groups_a_request_and_a_cardiovascular_group_that_fits_their_week(built):
    ms1 = User.objects.select_related("profile").get(email=MS1_EMAIL)
    mine = Membership.objects.filter(person=ms1).select_related("group__topic")
    active = [m for m in mine if m.status == "active"]
    assert len(active) == 2
    (organised,) = [m.group for m in active if m.role == "organiser"]
    assert organised.memberships.filter(status="requested").count() == 1
    (asked,) = [m for m in mine if m.status == "requested"]
    assert asked.request_note and asked.group.join_policy == "request"
    cardio = Topic.objects.get(name="Cardiovascular")
    assert not any(m.group.topic_id == cardio.pk for m in mine)
    # What the browser test does: Find a group, Cardiovascular, fits my week.
    results = find_groups(
        viewer=ms1, filters=FindFilters(topic=cardio, fits_my_week=True), now=timezone.now(), zone="America/New_York"
    )
    fitting = [
        card for card in results.cards
        if card.group.join_policy == "request" and card.places_left > 0 and card.shared_hours >= 2
    ]  # fmt: skip
    assert fitting and all(card.my_status == "" for card in results.cards)
    assert GroupSession.objects.filter(group=fitting[0].group, starts_at__gt=timezone.now()).count() >= 4


def test_the_ms3_log_in_is_in_a_shelf_group(built):
    rows = Membership.objects.filter(person__email=MS3_EMAIL, status="active").select_related("group")
    assert any(m.group.goal == "shelf" for m in rows)


def test_one_open_pool_of_ms1s_without_the_ms1_log_in(built):
    (pool,) = Pool.objects.all()
    assert pool.title == POOL_TITLE and pool.status == "open" and pool.class_year == 1
    assert (pool.min_size, pool.max_size, pool.min_common_hours, pool.mix_years) == (4, 6, 2, False)
    assert pool.protected_attributes == [FIRST_GENERATION]
    entries = list(pool.entries.select_related("student__profile"))
    assert len(entries) >= pool.max_size * 2
    assert all(e.student.profile.class_year == 1 for e in entries)
    assert MS1_EMAIL not in {e.student.email for e in entries}
    assert {e.goal for e in entries} <= {"block_exam", "coursework"}
    assert {e.modality for e in entries} <= {"virtual", "in_person", "either"}
    assert all(e.attributes in ([], [FIRST_GENERATION]) for e in entries)
    assert sum(bool(e.attributes) for e in entries) <= len(entries) // 2
    assert all(weeks.week_int(e.availability) for e in entries)


def test_it_notifies_nobody_and_running_it_twice_adds_nothing(school):
    before = Notification.objects.count()
    demo_groups_step(SIZE)
    counts = _counts()
    assert demo_groups_step(SIZE) == ["Study groups: the demo is already loaded."]
    assert _counts() == counts and Notification.objects.count() == before


def test_the_same_seed_builds_the_same_term_and_delete_removes_it_all(school):
    demo_groups_step(SIZE)
    first = _snapshot()
    lines = demo_groups_delete()
    assert "60 groups" in lines[0] or "groups and 1 pools" in lines[0]
    assert all(n == 0 for n in _counts().values())
    assert User.objects.filter(email=MS1_EMAIL).exists()
    demo_groups_step(SIZE)
    assert _snapshot() == first


def test_it_is_quick(school):
    started = time.perf_counter()
    demo_groups_step(SIZE)
    assert time.perf_counter() - started < 3
