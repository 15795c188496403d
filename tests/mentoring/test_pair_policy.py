"""Who may see and change a pair: the permission functions in mentoring.policy."""

import pytest
from django.contrib.auth.models import AnonymousUser

from huddle.mentoring import policy
from huddle.mentoring.models import Mentorship
from tests.mentoring.pair_fixtures import standard_pair


@pytest.fixture
def pair(people):
    return standard_pair(people)


@pytest.mark.parametrize(
    ("role", "view", "notes", "log", "staff"),
    [
        ("ms1", True, True, True, False),
        ("ms3", True, True, True, False),
        ("coordinator", True, False, False, True),
        ("faculty", False, False, False, False),
        ("wellbeing", False, False, False, False),
    ],
)
def test_each_role_gets_what_it_should(people, pair, role, view, notes, log, staff):
    user = people.all()[role]
    assert policy.can_view_pair(user, pair) is view
    assert policy.can_see_pair_notes(user, pair) is notes
    assert policy.can_log_meeting(user, pair) is log
    assert policy.can_check_in(user, pair) is log
    assert policy.can_view_pair_staff(user, pair) is staff


def test_an_anonymous_visitor_gets_nothing(pair):
    anonymous = AnonymousUser()
    assert not policy.can_view_pair(anonymous, pair)
    assert not policy.is_pair_member(anonymous, pair)


def test_ending_rules(people, pair):
    assert policy.can_end_mentorship(people.ms1, pair, "completed")
    assert policy.can_end_mentorship(people.ms3, pair, "completed_early")
    assert not policy.can_end_mentorship(people.ms3, pair, "withdrawn")
    assert policy.can_end_mentorship(people.coordinator, pair, "withdrawn")
    assert not policy.can_end_mentorship(people.faculty, pair, "completed")
    assert not policy.can_end_mentorship(people.ms1, pair, "cancelled")
    pair.status = Mentorship.Status.COMPLETED
    assert not policy.can_end_mentorship(people.coordinator, pair, "withdrawn")
    assert not policy.can_log_meeting(people.ms1, pair)
    assert policy.can_view_pair(people.ms1, pair)
