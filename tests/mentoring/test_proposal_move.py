"""Moving a mentee to another mentor, re-checked against capacity and the hard rules."""

from huddle.mentoring.models import ProposedPair
from tests.mentoring.cycle_fixtures import enroll, make_student
from tests.mentoring.proposal_helpers import run, small_cycle


def _move(client, s, mentee, mentor):
    return client.post(f"/mentoring/cycles/{s.cycle.pk}/proposal/peer/move/{mentee.pk}/", {"mentor": mentor.pk})


def test_it_lists_candidates_best_first(client_for, people, django_capture_on_commit_callbacks):
    s = small_cycle(people, django_capture_on_commit_callbacks)
    response = client_for("coordinator").get(f"/mentoring/cycles/{s.cycle.pk}/proposal/peer/move/{s.ana.pk}/")
    assert response.status_code == 200
    rows = response.context["rows"]
    assert rows[0].c.mentor.pk == s.eve.pk  # her own mentor, still allowed (her place counts as free)
    assert rows[0].c.allowed


def test_it_refuses_a_full_mentor_with_a_clear_message(client_for, people, django_capture_on_commit_callbacks):
    s = small_cycle(people, django_capture_on_commit_callbacks)
    response = _move(client_for("coordinator"), s, s.ana, s.max)
    assert response.status_code == 400
    assert "already has 1 mentee(s), their capacity" in response.content.decode()
    assert s.pair_of(s.ana).mentor_id == s.eve.pk


def test_it_refuses_a_pair_breaking_a_hard_rule(client_for, people, django_capture_on_commit_callbacks):
    s = small_cycle(people, django_capture_on_commit_callbacks, require_shared_language=True)
    french = enroll(s.cycle, make_student(3, languages=("fr",)), "mentor", capacity=2)
    response = _move(client_for("coordinator"), s, s.ana, french)
    assert response.status_code == 400
    assert "No language in common" in response.content.decode()
    same_year = enroll(s.cycle, make_student(1), "mentor", capacity=2)
    response = _move(client_for("coordinator"), s, s.ana, same_year)
    assert "not at least 1 years ahead" in response.content.decode()


def test_it_moves_and_locks_then_a_rerun_keeps_it(client_for, people, django_capture_on_commit_callbacks):
    s = small_cycle(people, django_capture_on_commit_callbacks)
    spare = enroll(s.cycle, make_student(4, availability={"sun": ["10:00-12:00"]}), "mentor", capacity=1)
    response = _move(client_for("coordinator"), s, s.ana, spare)
    assert response.status_code == 302
    pair = s.pair_of(s.ana)
    assert pair.mentor_id == spare.pk and pair.locked
    assert next(r["code"] for r in pair.reasons) == "locked"
    run(s.cycle, people, django_capture_on_commit_callbacks)
    assert s.pair_of(s.ana).mentor_id == spare.pk
    assert ProposedPair.objects.filter(cycle=s.cycle).count() == 2


def test_it_places_an_unmatched_mentee(client_for, people, django_capture_on_commit_callbacks):
    s = small_cycle(people, django_capture_on_commit_callbacks)
    late = enroll(s.cycle, make_student(1), "mentee")
    spare = enroll(s.cycle, make_student(4), "mentor", capacity=1)
    assert _move(client_for("coordinator"), s, late, spare).status_code == 302
    assert s.pair_of(late).mentor_id == spare.pk


def test_a_student_cannot_move(client_for, people, django_capture_on_commit_callbacks):
    s = small_cycle(people, django_capture_on_commit_callbacks)
    assert _move(client_for("ms3"), s, s.ana, s.max).status_code == 403
    assert client_for("ms3").get(f"/mentoring/cycles/{s.cycle.pk}/proposal/peer/move/{s.ana.pk}/").status_code == 403


def test_its_query_count_does_not_grow_with_the_cohort(client_for, people, django_assert_max_num_queries):
    from huddle.mentoring.models import Cycle
    from tests.mentoring.cycle_fixtures import make_cohort, make_cycle

    client = client_for("coordinator")
    urls = []
    for size in (60, 600):
        cycle = make_cycle(by=people.coordinator, status=Cycle.Status.MATCHING)
        make_cohort(cycle, mentees=size, mentors=size // 10)
        mentee = cycle.enrollments.filter(side="mentee").first()
        urls.append(f"/mentoring/cycles/{cycle.pk}/proposal/peer/move/{mentee.pk}/")
    client.get(urls[0])
    with django_assert_max_num_queries(16) as small:
        client.get(urls[0])
    with django_assert_max_num_queries(len(small)):
        response = client.get(urls[1])
    assert len(response.context["rows"]) == 60


def test_a_withdrawn_mentee_has_no_candidates(client_for, people, django_capture_on_commit_callbacks):
    from huddle.mentoring.models import Enrollment

    s = small_cycle(people, django_capture_on_commit_callbacks)
    Enrollment.objects.filter(pk=s.ana.pk).update(status=Enrollment.Status.WITHDRAWN)
    response = client_for("coordinator").get(f"/mentoring/cycles/{s.cycle.pk}/proposal/peer/move/{s.ana.pk}/")
    assert response.status_code == 200 and response.context["rows"] == []
    assert _move(client_for("coordinator"), s, s.ana, s.max).status_code == 400
