"""Running matching: the task writes a proposal, with progress and reasons."""

import pytest

from huddle.lib.errors import HuddleError
from huddle.mentoring.models import Cycle, Enrollment, MatchRun, ProposedPair, Tier
from huddle.mentoring.proposals import services as proposals_services
from huddle.mentoring.reasons import reason_text
from tests.mentoring.cycle_fixtures import MORNINGS, enroll, make_cycle, make_faculty, make_student


def _matching_cycle(people, **kw):
    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.MATCHING, **kw)
    return cycle


def test_it_writes_a_proposal_with_reasons(people, django_capture_on_commit_callbacks):
    cycle = _matching_cycle(people)
    a = enroll(cycle, make_student(1, specialties=("Cardiology",)), "mentee")
    b = enroll(cycle, make_student(1), "mentee")
    m = enroll(cycle, make_student(3, specialties=("Cardiology",)), "mentor", capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        runs = proposals_services.matching_start(cycle=cycle, by=people.coordinator)
    run = MatchRun.objects.get(pk=runs[0].pk)
    assert run.status == MatchRun.Status.DONE, run.error
    assert run.progress == 100
    pairs = {p.mentee_id: p for p in ProposedPair.objects.filter(cycle=cycle)}
    assert set(pairs) == {a.pk, b.pk}
    assert all(p.mentor_id == m.pk for p in pairs.values())
    codes = [r["code"] for r in pairs[a.pk].reasons]
    assert "specialties" in codes and "hours" in codes and "senior" in codes
    assert run.stats["matched"] == 2 and run.stats["mean_common_hours"] == 8.0


def test_it_leaves_out_people_who_paint_too_little_time(people, django_capture_on_commit_callbacks):
    cycle = _matching_cycle(people, min_weekly_hours=5)
    lazy = enroll(cycle, make_student(1, availability={"mon": ["18:00-19:00"]}), "mentee")
    keen = enroll(cycle, make_student(1), "mentee")
    enroll(cycle, make_student(3), "mentor")
    with django_capture_on_commit_callbacks(execute=True):
        proposals_services.matching_start(cycle=cycle, by=people.coordinator)
    run = MatchRun.objects.get(cycle=cycle)
    assert list(ProposedPair.objects.filter(cycle=cycle).values_list("mentee_id", flat=True)) == [keen.pk]
    why = run.unmatched[str(lazy.user_id)]
    assert why["code"] == "low_hours" and "less than 5 h/week" in reason_text(why)


def test_it_compares_availability_in_the_schools_time_zone(people, django_capture_on_commit_callbacks):
    # 18:00-21:00 in Los Angeles is 21:00-24:00 in New York: no overlap with a New York 18:00-21:00.
    cycle = _matching_cycle(people, min_weekly_hours=0)
    enroll(cycle, make_student(1, time_zone="America/Los_Angeles", availability={"mon": ["15:00-18:00"]}), "mentee")
    enroll(cycle, make_student(3, availability={"mon": ["18:00-21:00"]}), "mentor")
    with django_capture_on_commit_callbacks(execute=True):
        proposals_services.matching_start(cycle=cycle, by=people.coordinator)
    pair = ProposedPair.objects.get(cycle=cycle)
    hours = [r for r in pair.reasons if r["code"] == "hours"]
    assert hours and hours[0]["hours"] == 3.0


def test_it_runs_two_tiers_as_two_runs(people, django_capture_on_commit_callbacks):
    cycle = _matching_cycle(people, two_tier=True)
    mentee = enroll(cycle, make_student(1), "mentee")
    enroll(cycle, make_faculty(), "mentor", tier=Tier.FACULTY)
    enroll(cycle, make_student(4), "mentor", tier=Tier.PEER)
    with django_capture_on_commit_callbacks(execute=True):
        runs = proposals_services.matching_start(cycle=cycle, by=people.coordinator)
    assert sorted(r.tier for r in runs) == [Tier.FACULTY, Tier.PEER]
    tiers = set(ProposedPair.objects.filter(cycle=cycle, mentee=mentee).values_list("tier", flat=True))
    assert tiers == {Tier.FACULTY, Tier.PEER}


def test_it_never_proposes_a_pair_from_an_earlier_cycle(people, django_capture_on_commit_callbacks):
    mentee_user, mentor_user = make_student(1), make_student(3)
    earlier = make_cycle(by=people.coordinator, status=Cycle.Status.CLOSED)
    from tests.mentoring.pair_fixtures import make_pair

    make_pair(cycle=earlier, mentee=mentee_user, mentor=mentor_user)
    cycle = _matching_cycle(people)
    enroll(cycle, mentee_user, "mentee")
    enroll(cycle, mentor_user, "mentor")
    other = enroll(cycle, make_student(3, availability=MORNINGS), "mentor")
    with django_capture_on_commit_callbacks(execute=True):
        proposals_services.matching_start(cycle=cycle, by=people.coordinator)
    assert ProposedPair.objects.get(cycle=cycle).mentor_id == other.pk


def test_it_refuses_a_second_run_while_one_is_queued(people):
    cycle = _matching_cycle(people)
    enroll(cycle, make_student(1), "mentee")
    enroll(cycle, make_student(3), "mentor")
    MatchRun.objects.create(cycle=cycle, tier=Tier.PEER, requested_by=people.coordinator)
    with pytest.raises(HuddleError, match="already running"):
        proposals_services.matching_start(cycle=cycle, by=people.coordinator)


def test_it_refuses_a_cycle_still_enrolling(people):
    cycle = make_cycle(by=people.coordinator)
    enroll(cycle, make_student(1), "mentee")
    with pytest.raises(HuddleError, match="Close enrollment"):
        proposals_services.matching_start(cycle=cycle, by=people.coordinator)


def test_it_refuses_a_student(people):
    cycle = _matching_cycle(people)
    with pytest.raises(HuddleError):
        proposals_services.matching_start(cycle=cycle, by=people.ms3)
    assert not MatchRun.objects.exists()


def test_it_marks_everyone_unmatched_when_no_mentor_enrolled(people, django_capture_on_commit_callbacks):
    cycle = _matching_cycle(people)
    mentee = enroll(cycle, make_student(1), "mentee")
    with django_capture_on_commit_callbacks(execute=True):
        proposals_services.matching_start(cycle=cycle, by=people.coordinator)
    run = MatchRun.objects.get(cycle=cycle)
    assert run.status == MatchRun.Status.DONE
    assert run.unmatched[str(mentee.user_id)]["code"] == "no_mentors"


def test_a_withdrawn_mentee_is_not_matched(people, django_capture_on_commit_callbacks):
    cycle = _matching_cycle(people)
    gone = enroll(cycle, make_student(1), "mentee", status=Enrollment.Status.WITHDRAWN)
    enroll(cycle, make_student(1), "mentee")
    enroll(cycle, make_student(3), "mentor")
    with django_capture_on_commit_callbacks(execute=True):
        proposals_services.matching_start(cycle=cycle, by=people.coordinator)
    assert not ProposedPair.objects.filter(mentee=gone).exists()
    assert ProposedPair.objects.filter(cycle=cycle).count() == 1
