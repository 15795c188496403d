"""Publishing a proposal: study groups with members, an organiser, a first session, notices — exactly once."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from huddle.audit.models import AuditEvent
from huddle.groups.models import FormationRun, GroupSession, Membership, Pool, PoolEntry, ProposedMember, StudyGroup
from huddle.groups.pools import services
from huddle.groups.weeks import week_bytes
from huddle.lib.errors import HuddleError
from huddle.lib.zones import zone_named
from huddle.notifications.models import Notification
from tests.groups.factories import evenings, make_coordinator, make_pool, make_student, opt_in

pytestmark = pytest.mark.django_db

MARKER = "Carer for a relative ZZ9-MARKER"


def _formed(coordinator, capture, **pool_kw):
    """Three evenings × four students; in each, one student is also free on Saturday morning (the most time)."""
    pool = make_pool(coordinator, protected_attributes=(MARKER,), **pool_kw)
    keen = {}
    for day in range(3):
        for k in range(4):
            extra = evenings(5, starts=time(9), ends=time(12)) if k == 2 else 0
            entry = opt_in(pool, week=evenings(day) | extra, attributes=(MARKER,) if k < 2 else ())
            if k == 2:
                keen[day] = entry.student_id
    with capture(execute=True):
        services.formation_start(pool=pool, by=coordinator)
    assert FormationRun.objects.get(pool=pool).status == FormationRun.Status.DONE
    return pool, keen


def test_it_creates_groups_members_first_sessions_and_notices_once(people, django_capture_on_commit_callbacks):
    coordinator = people.coordinator
    pool, keen = _formed(coordinator, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        created = services.pool_publish(pool=pool, by=coordinator)
    assert len(created) == 3
    pool.refresh_from_db()
    assert pool.status == Pool.Status.PUBLISHED and pool.published_at
    school = zone_named("America/New_York")
    for group in created:
        group.refresh_from_db()
        members = list(Membership.objects.filter(group=group).order_by("seat"))
        assert [m.seat for m in members] == [1, 2, 3, 4] and all(m.status == "active" for m in members)
        day = next(d for d, student in keen.items() if student in {m.person_id for m in members})
        assert members[0].role == "organiser" and members[0].person_id == keen[day]  # the most availability
        assert [m.role for m in members[1:]] == ["member"] * 3
        assert group.name.startswith("MS1 block 2 · Group ") and group.pool_id == pool.pk
        assert not group.listed and group.join_policy == "request" and group.capacity == 4
        assert group.goal == "block_exam" and group.modality == "virtual" and group.time_zone == "America/New_York"
        assert bytes(group.meeting_week) == week_bytes(evenings(day))
        session = GroupSession.objects.get(group=group)
        local = session.starts_at.astimezone(school)
        assert session.title == "First meeting" and session.status == "scheduled"
        assert (local.weekday(), local.time()) == (day, time(18)) and session.ends_at - session.starts_at == timedelta(
            hours=1
        )
        assert timezone.now() < session.starts_at <= timezone.now() + timedelta(days=8)
    placed = Notification.objects.filter(kind="groups.placed")
    assert placed.count() == 12 and placed.values("user").distinct().count() == 12
    assert {n.once for n in placed} == {f"groups.placed:{pool.pk}:{n.user_id}" for n in placed}
    assert AuditEvent.objects.filter(action="groups.pool_published", target=f"pool:{pool.pk}").count() == 1

    with pytest.raises(HuddleError, match="published already"), django_capture_on_commit_callbacks(execute=True):
        services.pool_publish(pool=pool, by=coordinator)
    assert StudyGroup.objects.count() == 3 and Membership.objects.count() == 12
    assert GroupSession.objects.count() == 3 and placed.count() == 12


def test_a_group_with_no_common_hour_gets_no_first_session(django_capture_on_commit_callbacks):
    coordinator = make_coordinator()
    pool = make_pool(coordinator, min_size=2, max_size=2, min_common_hours=0)
    opt_in(pool, week=evenings(0))
    opt_in(pool, week=evenings(1))
    with django_capture_on_commit_callbacks(execute=True):
        services.formation_start(pool=pool, by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        (group,) = services.pool_publish(pool=pool, by=coordinator)
    assert group.memberships.count() == 2 and not GroupSession.objects.filter(group=group).exists()


def test_a_group_of_one_is_not_published(people, django_capture_on_commit_callbacks):
    coordinator = people.coordinator
    pool = make_pool(coordinator, min_size=2, max_size=3)
    entries = [opt_in(pool, week=evenings(d)) for d in (0, 0, 1, 1)]
    with django_capture_on_commit_callbacks(execute=True):
        services.formation_start(pool=pool, by=coordinator)
    alone = ProposedMember.objects.get(entry=entries[0]).proposed_group
    services.proposal_move(pool=pool, entry=entries[1], to=None, by=coordinator)
    with pytest.raises(HuddleError, match=f"Group {alone.number} has one student"):
        services.pool_publish(pool=pool, by=coordinator)
    assert not StudyGroup.objects.exists() and Pool.objects.get(pk=pool.pk).status == Pool.Status.OPEN


def test_the_publish_button_publishes_and_members_never_see_attributes(
    client, people, django_capture_on_commit_callbacks
):
    coordinator = people.coordinator
    pool, _keen = _formed(coordinator, django_capture_on_commit_callbacks)
    client.force_login(coordinator)
    assert MARKER in client.get(reverse("groups:pool_proposal", args=[pool.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("groups:pool_publish", args=[pool.pk]), follow=True)
    assert "3 groups are published" in response.content.decode()
    again = client.post(reverse("groups:pool_publish", args=[pool.pk]), follow=True)
    assert "published already" in again.content.decode() and StudyGroup.objects.count() == 3

    marked = PoolEntry.objects.filter(pool=pool, attributes=[MARKER]).first()
    student = marked.student
    group = Membership.objects.get(person=student).group
    client.force_login(student)
    for url in (
        reverse("groups:group", args=[group.pk]),
        reverse("groups:pools"),
        reverse("groups:home"),
        Notification.objects.get(user=student, kind="groups.placed").url,
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        assert MARKER not in page.content.decode(), url
    assert client.get(reverse("groups:pool_proposal", args=[pool.pk])).status_code == 403


def test_a_student_cannot_publish(django_capture_on_commit_callbacks):
    pool, _keen = _formed(make_coordinator(), django_capture_on_commit_callbacks)
    with pytest.raises(HuddleError):
        services.pool_publish(pool=pool, by=make_student())
    assert not StudyGroup.objects.exists()
