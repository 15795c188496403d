"""Forming a pool's groups: the background run, its progress, re-runs around locked groups, failures."""

from html import escape

import pytest
from django.urls import reverse
from django.utils import timezone

from huddle.groups.models import FormationRun, Pool, PoolEntry, ProposedGroup
from huddle.groups.pools import adapter, services
from huddle.lib.errors import HuddleError
from tests.groups.factories import evenings, make_coordinator, make_pool, make_student, opt_in

pytestmark = pytest.mark.django_db


def _clustered_pool(by, *, clusters: int = 3, size: int = 4, **pool_kw):
    """``clusters`` groups of ``size`` students, each cluster free only on its own evening (Mon, Tue, …, 18–20).

    Only the split by evening gives every group its 2 hours in common, so the engine finds it; random
    groups of the same pool (a fixed seed) mix evenings and share no time.
    """
    pool = make_pool(by, min_size=size, max_size=size, **pool_kw)
    for day in range(clusters):
        for _ in range(size):
            opt_in(pool, week=evenings(day))
    return pool


def _run(pool, by, capture) -> FormationRun:
    with capture(execute=True):
        run = services.formation_start(pool=pool, by=by)
    return FormationRun.objects.get(pk=run.pk)


def _partition(pool) -> set[frozenset[int]]:
    return {
        frozenset(g.members.values_list("entry_id", flat=True))
        for g in ProposedGroup.objects.filter(pool=pool).prefetch_related("members")
    }


def test_it_forms_groups_meeting_the_minimum_where_random_groups_do_not(django_capture_on_commit_callbacks):
    coordinator = make_coordinator()
    pool = _clustered_pool(coordinator)
    run = _run(pool, coordinator, django_capture_on_commit_callbacks)
    assert run.status == FormationRun.Status.DONE, run.error
    assert run.progress == 100 and run.started_at and run.finished_at
    by_evening = {
        frozenset(PoolEntry.objects.filter(pool=pool, availability=e.availability).values_list("pk", flat=True))
        for e in PoolEntry.objects.filter(pool=pool)
    }
    assert _partition(pool) == by_evening
    stats = run.stats
    assert stats["groups"] == 3 and stats["share_meeting_min"] == 100 and stats["worst_common_hours"] == 2.0
    assert stats["rule_violations"] == 0 and stats["unplaced"] == 0
    assert stats["random"]["share_meeting_min"] < 100 and stats["random"]["worst_common_hours"] < 2.0
    assert isinstance(stats["ms"], int) and stats["engine"]["students"] == 12
    for group in ProposedGroup.objects.filter(pool=pool):
        codes = [r["code"] for r in group.reasons]
        assert "group_common_hours" in codes and "below_min_hours" not in codes


def test_it_keeps_no_one_alone_with_a_protected_attribute(django_capture_on_commit_callbacks):
    coordinator = make_coordinator()
    label = "First-generation student"
    pool = make_pool(coordinator, min_size=2, max_size=2, min_common_hours=0, protected_attributes=(label,))
    everyone = evenings(0, 1, 2)
    shared = [opt_in(pool, week=everyone, attributes=(label,)) for _ in range(2)]
    for _ in range(4):
        opt_in(pool, week=everyone)
    run = _run(pool, coordinator, django_capture_on_commit_callbacks)
    assert run.stats["rule_violations"] == 0
    assert frozenset(e.pk for e in shared) in _partition(pool)


def test_a_re_run_keeps_locked_groups_as_they_are(django_capture_on_commit_callbacks):
    coordinator = make_coordinator()
    pool = _clustered_pool(coordinator)
    _run(pool, coordinator, django_capture_on_commit_callbacks)
    kept = ProposedGroup.objects.filter(pool=pool).order_by("number").first()
    assert kept is not None
    services.proposal_lock(pool=pool, group=kept, locked=True, by=coordinator)
    kept_members = set(kept.members.values_list("entry_id", flat=True))
    kept_reasons = ProposedGroup.objects.get(pk=kept.pk).reasons
    others = set(ProposedGroup.objects.filter(pool=pool).exclude(pk=kept.pk).values_list("pk", flat=True))
    opt_in(pool, week=evenings(0))  # a late opt-in free when the locked group meets
    run = _run(pool, coordinator, django_capture_on_commit_callbacks)
    assert run.status == FormationRun.Status.DONE, run.error
    again = ProposedGroup.objects.get(pk=kept.pk)
    assert again.locked and again.number == kept.number and again.reasons == kept_reasons
    assert set(again.members.values_list("entry_id", flat=True)) == kept_members
    assert not ProposedGroup.objects.filter(pk__in=others).exists()  # the unlocked ones were replaced
    assert run.stats["locked_groups"] == 1 and run.stats["groups"] == 3 and run.seed == 1


def test_it_refuses_a_pool_smaller_than_the_smallest_group():
    coordinator = make_coordinator()
    pool = make_pool(coordinator, min_size=4, max_size=6)
    for _ in range(3):
        opt_in(pool)
    with pytest.raises(HuddleError) as refused:
        services.formation_start(pool=pool, by=coordinator)
    assert refused.value.field == "min_size"
    assert refused.value.message == "The pool has 3 students; the smallest group is 4."
    assert not FormationRun.objects.exists()


def test_the_run_button_says_why_it_refused(client, people):
    coordinator = people.coordinator
    pool = make_pool(coordinator, min_size=4, max_size=6)
    for _ in range(3):
        opt_in(pool)
    client.force_login(coordinator)
    response = client.post(reverse("groups:pool_run", args=[pool.pk]), follow=True)
    assert "The pool has 3 students; the smallest group is 4." in response.content.decode()


def test_it_refuses_a_second_run_while_one_is_queued():
    coordinator = make_coordinator()
    pool = _clustered_pool(coordinator, clusters=1)
    FormationRun.objects.create(pool=pool, requested_by=coordinator)
    with pytest.raises(HuddleError, match="already forming"):
        services.formation_start(pool=pool, by=coordinator)


def test_a_student_cannot_run_the_engine():
    pool = _clustered_pool(make_coordinator(), clusters=1)
    with pytest.raises(HuddleError):
        services.formation_start(pool=pool, by=make_student())


def test_a_run_that_cannot_save_fails_with_a_message_not_a_traceback(
    django_capture_on_commit_callbacks, client, people
):
    coordinator = people.coordinator
    pool = _clustered_pool(coordinator, clusters=1)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        run = services.formation_start(pool=pool, by=coordinator)
    Pool.objects.filter(pk=pool.pk).update(status=Pool.Status.PUBLISHED)
    for callback in queued:
        callback()
    run.refresh_from_db()
    assert run.status == FormationRun.Status.FAILED and run.finished_at
    assert run.error == "The pool was published while the engine ran; this run's result was not saved."
    client.force_login(coordinator)
    page = client.get(reverse("groups:pool_progress", args=[pool.pk])).content.decode()
    assert "The last run failed:" in page and escape(run.error) in page and "Traceback" not in page


def test_the_progress_fragment_polls_while_queued_and_stops_when_done(
    client, people, django_capture_on_commit_callbacks
):
    coordinator = people.coordinator
    pool = _clustered_pool(coordinator, clusters=1)
    client.force_login(coordinator)
    url = reverse("groups:pool_progress", args=[pool.pk])
    never = client.get(url).content.decode()
    assert "hx-trigger" not in never and "has not run yet" in never
    with django_capture_on_commit_callbacks(execute=False) as queued:
        run = services.formation_start(pool=pool, by=coordinator)
    waiting = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in waiting and "Waiting for the worker" in waiting and "<progress" in waiting
    FormationRun.objects.filter(pk=run.pk).update(status=FormationRun.Status.RUNNING, progress=10)
    running = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in running and 'value="10"' in running
    for callback in queued:
        callback()
    done = client.get(url).content.decode()
    assert "hx-trigger" not in done and reverse("groups:pool_proposal", args=[pool.pk]) in done
    assert "<html" not in done  # a fragment, not the page


@pytest.mark.parametrize("clusters", [1, 5])
def test_the_run_loads_the_pool_in_two_queries(django_assert_num_queries, django_capture_on_commit_callbacks, clusters):
    coordinator = make_coordinator()
    pool = _clustered_pool(coordinator, clusters=clusters)
    _run(pool, coordinator, django_capture_on_commit_callbacks)
    services.proposal_lock(
        pool=pool, group=ProposedGroup.objects.filter(pool=pool).first(), locked=True, by=coordinator
    )
    pool = Pool.objects.select_related("topic").get(pk=pool.pk)
    with django_assert_num_queries(2):  # the entries with their students' profiles, the locked groups' members
        loaded = adapter.pool_load(pool, at=timezone.now())
    assert len(loaded.members) == 4 * clusters and len(loaded.locked) == 1 and len(loaded.free) == 4 * clusters - 4
