"""Two acceptances at the same moment: the last place is taken once, a mentee is matched once.

The mentor's row lock serialises them (see ``tests/race.py``), and the slot
constraints back it up.
"""


import pytest

from huddle.mentoring.models import MatchingMode, MentorRequest, Mentorship
from huddle.mentoring.requests import services as requests_services
from tests.mentoring.cycle_fixtures import enroll, make_cycle, make_student, set_profile
from tests.race import race


@pytest.mark.django_db(transaction=True)
def test_two_mentees_for_the_last_place_fill_it_once(people):
    cycle = make_cycle(by=people.coordinator, mode=MatchingMode.SELF_SELECT)
    sam = enroll(cycle, set_profile(people.ms3), "mentor", capacity=1)
    asks = []
    for _ in range(2):
        mentee = enroll(cycle, make_student(1), "mentee")
        asks.append(requests_services.mentor_request_create(mentee=mentee, mentor=sam, message="", by=mentee.user))
    outcomes = race(
        [lambda r=r: requests_services.mentor_request_decide(request=r, accept=True, by=people.ms3) for r in asks]
    )
    assert sorted(outcomes) == sorted(["ok", "Sam Sato has no place left."]), outcomes
    assert Mentorship.objects.filter(mentor=sam, status=Mentorship.Status.ACTIVE).count() == 1
    assert MentorRequest.objects.filter(status=MentorRequest.Status.ACCEPTED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_one_mentee_accepted_by_two_mentors_at_once_gets_one(people):
    cycle = make_cycle(by=people.coordinator, mode=MatchingMode.SELF_SELECT)
    me = enroll(cycle, set_profile(people.ms1), "mentee")
    mentors = [enroll(cycle, make_student(3), "mentor", capacity=2) for _ in range(2)]
    asks = [requests_services.mentor_request_create(mentee=me, mentor=m, message="", by=people.ms1) for m in mentors]
    outcomes = race(
        [
            lambda r=r, m=m: requests_services.mentor_request_decide(request=r, accept=True, by=m.user)
            for r, m in zip(asks, mentors, strict=False)
        ]
    )
    assert sorted(outcomes) == sorted(["ok", "This request has already been answered or cancelled."]), outcomes
    assert Mentorship.objects.filter(mentee=me, status=Mentorship.Status.ACTIVE).count() == 1
