"""Demo activity: a deterministic, realistic mix of pair histories."""

from django.utils import timezone

from huddle.mentoring.demo.activity import add_demo_activity
from huddle.mentoring.models import CheckIn, FitCheck, Goal, Meeting, Mentorship, Milestone, PlannedMeeting
from huddle.mentoring.pairs.selectors import PairStatus, staff_pair_page
from tests.mentoring.pair_fixtures import make_cycle, make_pair, make_student


def _pairs(people, n=9):
    cycle = make_cycle(by=people.coordinator)
    mentors = [make_student(3) for _ in range(3)]
    return [make_pair(cycle=cycle, mentee=make_student(1), mentor=mentors[k % 3]) for k in range(n)]


def _fingerprint():
    return (
        sorted(Meeting.objects.values_list("mentorship_id", "met_on", "duration_minutes", "modality", "private_notes")),
        sorted(CheckIn.objects.values_list("mentorship_id", "by_id", "rating", "created_at")),
        sorted(Goal.objects.values_list("mentorship_id", "title", "due_on")),
        sorted(Milestone.objects.values_list("goal__mentorship_id", "title", "done_at")),
        sorted(Mentorship.objects.values_list("pk", "started_at")),
        sorted(PlannedMeeting.objects.values_list("mentorship_id", "starts_at", "place")),
    )


def test_it_gives_pairs_each_status(people):
    pairs = _pairs(people)
    now = timezone.now()
    add_demo_activity(seed=7, now=now)
    statuses = [staff_pair_page(mentorship=Mentorship.objects.get(pk=p.pk), now=now).status for p in pairs]
    assert statuses[:3] == [PairStatus.ON_TRACK, PairStatus.NEEDS_CHECK_IN, PairStatus.NO_MEETING]
    assert statuses.count(PairStatus.ON_TRACK) >= 3


def test_its_history_is_plausible(people):
    _pairs(people)
    now = timezone.now()
    add_demo_activity(seed=3, now=now)
    today = timezone.localdate(now)
    for meeting in Meeting.objects.select_related("mentorship"):
        assert timezone.localdate(meeting.mentorship.started_at) <= meeting.met_on <= today
        assert 5 <= meeting.duration_minutes <= 600
    for check_in in CheckIn.objects.select_related("mentorship"):
        assert check_in.mentorship.started_at <= check_in.created_at <= now
    for fit in FitCheck.objects.select_related("mentorship"):
        assert fit.good_fit and fit.created_at >= fit.mentorship.started_at
    assert PlannedMeeting.objects.exists()
    assert all(m.starts_at > now for m in PlannedMeeting.objects.all())


def test_it_is_deterministic_and_adds_nothing_the_second_time(people):
    pairs = _pairs(people)
    started = {p.pk: p.started_at for p in pairs}
    now = timezone.now()
    add_demo_activity(seed=11, now=now)
    first = _fingerprint()
    add_demo_activity(seed=11, now=now)
    assert _fingerprint() == first

    for model in (Meeting, CheckIn, FitCheck, Goal, PlannedMeeting):
        model.objects.all().delete()
    for pk, at in started.items():
        Mentorship.objects.filter(pk=pk).update(started_at=at)
    add_demo_activity(seed=11, now=now)
    assert _fingerprint() == first


def test_it_leaves_ended_pairs_alone(people):
    pair = _pairs(people, n=1)[0]
    Mentorship.objects.filter(pk=pair.pk).update(status=Mentorship.Status.COMPLETED)
    add_demo_activity(seed=1)
    assert not Meeting.objects.exists() and not Goal.objects.exists()
