"""Locking a proposed pair: it survives re-runs; htmx swaps its row."""

from huddle.mentoring.models import Cycle, ProposedPair
from tests.mentoring.proposal_helpers import run, small_cycle


def test_it_locks_and_keeps_the_pair_through_a_rerun(client_for, people, django_capture_on_commit_callbacks):
    s = small_cycle(people, django_capture_on_commit_callbacks)
    pair = s.pair_of(s.ana)
    response = client_for("coordinator").post(
        f"/mentoring/cycles/{s.cycle.pk}/proposal/pairs/{pair.pk}/lock/", {"locked": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert f'id="pair-{pair.pk}"'.encode() in response.content and b"Unlock" in response.content
    run(s.cycle, people, django_capture_on_commit_callbacks)
    kept = ProposedPair.objects.get(pk=pair.pk)
    assert kept.locked and kept.mentor_id == s.eve.pk
    assert kept.reasons[0]["code"] == "locked"


def test_it_unlocks(client_for, people, django_capture_on_commit_callbacks):
    s = small_cycle(people, django_capture_on_commit_callbacks)
    pair = s.pair_of(s.ana)
    ProposedPair.objects.filter(pk=pair.pk).update(locked=True)
    response = client_for("coordinator").post(
        f"/mentoring/cycles/{s.cycle.pk}/proposal/pairs/{pair.pk}/lock/", {"locked": "0"}
    )
    assert response.status_code == 302
    assert not ProposedPair.objects.get(pk=pair.pk).locked


def test_it_refuses_after_publication(client_for, people, django_capture_on_commit_callbacks):
    s = small_cycle(people, django_capture_on_commit_callbacks)
    pair = s.pair_of(s.ana)
    Cycle.objects.filter(pk=s.cycle.pk).update(status=Cycle.Status.ACTIVE)
    client_for("coordinator").post(f"/mentoring/cycles/{s.cycle.pk}/proposal/pairs/{pair.pk}/lock/", {"locked": "1"})
    assert not ProposedPair.objects.get(pk=pair.pk).locked


def test_a_student_cannot_lock(client_for, people, django_capture_on_commit_callbacks):
    s = small_cycle(people, django_capture_on_commit_callbacks)
    pair = s.pair_of(s.ana)
    response = client_for("ms3").post(f"/mentoring/cycles/{s.cycle.pk}/proposal/pairs/{pair.pk}/lock/", {"locked": "1"})
    assert response.status_code == 403
    assert not ProposedPair.objects.get(pk=pair.pk).locked


def test_it_needs_a_post(client_for, people, django_capture_on_commit_callbacks):
    s = small_cycle(people, django_capture_on_commit_callbacks)
    pair = s.pair_of(s.ana)
    assert (
        client_for("coordinator").get(f"/mentoring/cycles/{s.cycle.pk}/proposal/pairs/{pair.pk}/lock/").status_code
        == 405
    )
