"""The proposal: moves within the size bounds and around locks, hours recomputed, attributes read only by
coordinators and audited, a pinned number of queries."""

from datetime import time

import pytest
from django.urls import reverse

from huddle.audit.models import AuditEvent
from huddle.groups.models import FormationRun, PoolEntry, ProposedGroup, ProposedMember
from huddle.groups.pools import services
from huddle.groups.weeks import week_bytes
from huddle.lib.errors import HuddleError
from tests.groups.factories import evenings, make_pool, opt_in

pytestmark = pytest.mark.django_db

MARKER = "First-generation student QX7-MARKER"


def _formed(
    coordinator, capture, *, clusters: int = 2, size: int = 2, max_size: int | None = None, marked: bool = True
):
    """A pool of ``clusters`` evenings × ``size`` students (two per cluster share the marker attribute), formed."""
    pool = make_pool(
        coordinator, min_size=size, max_size=max_size or size, protected_attributes=(MARKER,) if marked else ()
    )
    for day in range(clusters):
        for k in range(size):
            opt_in(pool, week=slot(day), attributes=(MARKER,) if marked and day == 0 and k < 2 else ())
    with capture(execute=True):
        services.formation_start(pool=pool, by=coordinator)
    run = FormationRun.objects.get(pool=pool)
    assert run.status == FormationRun.Status.DONE, run.error
    return pool


def _group_of(entry: PoolEntry) -> ProposedGroup:
    return ProposedMember.objects.select_related("proposed_group").get(entry=entry).proposed_group


def _codes(group: ProposedGroup) -> list[str]:
    group.refresh_from_db()
    return [r["code"] for r in group.reasons]


def test_a_move_never_makes_a_group_larger_than_the_largest(people, django_capture_on_commit_callbacks):
    pool = _formed(people.coordinator, django_capture_on_commit_callbacks)
    monday, tuesday = (PoolEntry.objects.filter(pool=pool, availability=bytes_of(d)).first() for d in (0, 1))
    with pytest.raises(HuddleError) as refused:
        services.proposal_move(pool=pool, entry=monday, to=_group_of(tuesday), by=people.coordinator)
    assert refused.value.field == "group"
    assert "already has 2 students, the largest group this pool allows" in refused.value.message


def slot(k: int) -> int:
    """The ``k``-th weekly two hours: Monday to Sunday 18:00–20:00, then the same days from 08:00, 11:00…"""
    hour = 18 if k < 7 else 8 + 3 * (k // 7 - 1)
    return evenings(k % 7, starts=time(hour), ends=time(hour + 2))


def bytes_of(k: int) -> bytes:
    return week_bytes(slot(k))


def test_a_move_recomputes_both_groups_common_hours(people, django_capture_on_commit_callbacks):
    pool = _formed(people.coordinator, django_capture_on_commit_callbacks, clusters=2, size=2, max_size=3)
    monday = PoolEntry.objects.filter(pool=pool, availability=bytes_of(0)).first()
    tuesday_group = _group_of(PoolEntry.objects.filter(pool=pool, availability=bytes_of(1)).first())
    monday_group = _group_of(monday)
    assert "below_min_hours" not in _codes(tuesday_group)
    services.proposal_move(pool=pool, entry=monday, to=tuesday_group, by=people.coordinator)
    assert _group_of(monday) == tuesday_group
    codes = _codes(tuesday_group)
    assert "group_no_common_time" in codes and "below_min_hours" in codes and "moved" in codes
    # Moving the student back restores the engine's wording of the group's time (with the hand-made mark).
    services.proposal_move(pool=pool, entry=monday, to=None, by=people.coordinator)
    assert not ProposedMember.objects.filter(entry=monday).exists()
    assert "group_common_hours" in _codes(tuesday_group) and "below_min_hours" not in _codes(tuesday_group)
    # The Monday group is left with one student; a protected attribute there is alone now.
    monday_group.refresh_from_db()
    assert monday_group.members.count() == 1
    services.proposal_move(pool=pool, entry=monday, to=monday_group, by=people.coordinator)
    assert "protected_together" in _codes(monday_group)


def test_a_locked_group_keeps_its_members(people, django_capture_on_commit_callbacks):
    pool = _formed(people.coordinator, django_capture_on_commit_callbacks, clusters=2, size=2, max_size=3)
    monday = PoolEntry.objects.filter(pool=pool, availability=bytes_of(0)).first()
    tuesday = PoolEntry.objects.filter(pool=pool, availability=bytes_of(1)).first()
    locked = _group_of(monday)
    services.proposal_lock(pool=pool, group=locked, locked=True, by=people.coordinator)
    with pytest.raises(HuddleError) as out:
        services.proposal_move(pool=pool, entry=monday, to=_group_of(tuesday), by=people.coordinator)
    assert out.value.field == "entry" and "locked" in out.value.message
    with pytest.raises(HuddleError) as into:
        services.proposal_move(pool=pool, entry=tuesday, to=locked, by=people.coordinator)
    assert into.value.field == "group" and "locked" in into.value.message
    services.proposal_lock(pool=pool, group=locked, locked=False, by=people.coordinator)
    services.proposal_move(pool=pool, entry=tuesday, to=locked, by=people.coordinator)
    assert _group_of(tuesday) == locked


def test_the_move_button_shows_the_refusal(client, people, django_capture_on_commit_callbacks):
    pool = _formed(people.coordinator, django_capture_on_commit_callbacks)
    monday = PoolEntry.objects.filter(pool=pool, availability=bytes_of(0)).first()
    tuesday_group = _group_of(PoolEntry.objects.filter(pool=pool, availability=bytes_of(1)).first())
    client.force_login(people.coordinator)
    url = reverse("groups:pool_move", args=[pool.pk])
    response = client.post(url, {"entry": monday.pk, "group": tuesday_group.pk}, follow=True)
    assert "the largest group this pool allows" in response.content.decode()
    response = client.post(url, {"entry": monday.pk, "group": ""}, follow=True)
    assert "is now among the unplaced students" in response.content.decode()
    assert "Taken out of the groups by a coordinator" in response.content.decode()


def test_the_proposal_shows_groups_hours_reasons_and_the_comparison(client, people, django_capture_on_commit_callbacks):
    people.coordinator.profile.time_zone = "America/Los_Angeles"
    people.coordinator.profile.save()
    pool = _formed(people.coordinator, django_capture_on_commit_callbacks)
    client.force_login(people.coordinator)
    html = client.get(reverse("groups:pool_proposal", args=[pool.pk])).content.decode()
    # Monday 18:00-20:00 in New York is 15:00-17:00 in Los Angeles, said on the reader's clock.
    assert "Monday 15:00–17:00" in html and "America/Los_Angeles" in html
    assert "All 2 share 2 h a week" in html and "Random groups" in html and "Weakest group" in html
    assert f"{MARKER}: 2 together" in html


def test_reading_the_attributes_is_audited_once_per_view(client, people, django_capture_on_commit_callbacks):
    pool = _formed(people.coordinator, django_capture_on_commit_callbacks)
    client.force_login(people.coordinator)
    url = reverse("groups:pool_proposal", args=[pool.pk])
    assert MARKER in client.get(url).content.decode()
    client.get(url)
    events = AuditEvent.objects.filter(action="groups.pool_attributes_read")
    assert events.count() == 2
    assert events.first().target == f"pool:{pool.pk}" and events.first().detail["entries"] == 2


def test_a_pool_without_attributes_is_not_audited(client, people, django_capture_on_commit_callbacks):
    pool = _formed(people.coordinator, django_capture_on_commit_callbacks, marked=False)
    client.force_login(people.coordinator)
    client.get(reverse("groups:pool_proposal", args=[pool.pk]))
    assert not AuditEvent.objects.filter(action="groups.pool_attributes_read").exists()


def test_students_never_see_attributes_on_the_pool_list(client, people, django_capture_on_commit_callbacks):
    pool = _formed(people.coordinator, django_capture_on_commit_callbacks)
    student = PoolEntry.objects.filter(pool=pool, attributes=[MARKER]).first().student
    client.force_login(student)
    assert MARKER not in client.get(reverse("groups:pools")).content.decode()
    assert client.get(reverse("groups:pool_proposal", args=[pool.pk])).status_code == 403


#: The session, the person, their profile (the zone), their roles and the unread badge (5); then the pool,
#: the latest run (done: no second look for the last finished one), the proposed groups with their members
#: and profiles (2), the unplaced entries with theirs, and the audit row = 11, with 6 students or 24.
PROPOSAL_QUERIES = 11


@pytest.mark.parametrize("clusters", [2, 8])
def test_the_proposal_reads_a_pinned_number_of_queries(
    client, people, django_capture_on_commit_callbacks, django_assert_num_queries, clusters
):
    pool = _formed(people.coordinator, django_capture_on_commit_callbacks, clusters=clusters, size=3)
    opt_in(pool, week=evenings(6, starts=time(6), ends=time(8)))  # one unplaced (late)
    client.force_login(people.coordinator)
    url = reverse("groups:pool_proposal", args=[pool.pk])
    client.get(url)  # the first view after signing in also saves the session
    with django_assert_num_queries(PROPOSAL_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('class="panel" id="group-') == clusters
