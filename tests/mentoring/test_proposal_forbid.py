"""Forbidding a proposed pair: it leaves the proposal and no re-run proposes it again."""

from huddle.mentoring.models import ForbiddenPair, ProposedPair
from tests.mentoring.proposal_helpers import run, small_cycle


def test_it_rules_the_pair_out_for_good(client_for, people, django_capture_on_commit_callbacks):
    s = small_cycle(people, django_capture_on_commit_callbacks)
    pair = s.pair_of(s.ana)
    assert pair.mentor_id == s.eve.pk
    response = client_for("coordinator").post(f"/mentoring/cycles/{s.cycle.pk}/proposal/pairs/{pair.pk}/forbid/")
    assert response.status_code == 302
    assert not ProposedPair.objects.filter(pk=pair.pk).exists()
    assert ForbiddenPair.objects.filter(mentee=s.ana, mentor=s.eve).exists()
    page = client_for("coordinator").get(f"/mentoring/cycles/{s.cycle.pk}/proposal/")
    assert "Taken out of the proposal" in page.content.decode()
    run(s.cycle, people, django_capture_on_commit_callbacks)
    # Eve is ruled out and Max's one place goes to Ben (better fit): Ana stays unmatched.
    assert not ProposedPair.objects.filter(cycle=s.cycle, mentee=s.ana, mentor=s.eve).exists()


def test_a_forbidden_pair_cannot_be_moved_back(client_for, people, django_capture_on_commit_callbacks):
    s = small_cycle(people, django_capture_on_commit_callbacks)
    pair = s.pair_of(s.ana)
    client = client_for("coordinator")
    client.post(f"/mentoring/cycles/{s.cycle.pk}/proposal/pairs/{pair.pk}/forbid/")
    response = client.post(f"/mentoring/cycles/{s.cycle.pk}/proposal/peer/move/{s.ana.pk}/", {"mentor": s.eve.pk})
    assert response.status_code == 400
    assert "ruled this pair out" in response.content.decode()


def test_a_student_cannot_forbid(client_for, people, django_capture_on_commit_callbacks):
    s = small_cycle(people, django_capture_on_commit_callbacks)
    pair = s.pair_of(s.ana)
    assert client_for("ms1").post(f"/mentoring/cycles/{s.cycle.pk}/proposal/pairs/{pair.pk}/forbid/").status_code == 403
    assert ProposedPair.objects.filter(pk=pair.pk).exists()
