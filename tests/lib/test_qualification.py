"""Peer-role qualification: every registered checker must agree; none registered gates nothing."""

import pytest

from huddle.lib import qualification
from huddle.lib.qualification import PeerRole, Qualification, qualification_for


def test_without_a_checker_everyone_qualifies():
    with qualification.checkers.scoped() as hook:
        hook._items.clear()
        assert qualification_for(person=None, role=PeerRole.TUTOR).qualified


def test_the_first_refusal_is_the_answer_and_names_what_is_missing():
    with qualification.checkers.scoped() as hook:
        hook._items.clear()
        hook.register(lambda person, role: Qualification(role=role, qualified=True))
        hook.register(lambda person, role: Qualification(role=role, qualified=False, missing=("Active listening",)))
        answer = qualification_for(person=None, role=PeerRole.LISTENER)
    assert not answer.qualified
    assert answer.refusal() == "To be a peer listener you first need: Active listening."


def test_an_unknown_role_is_a_programming_error():
    with pytest.raises(AssertionError):
        qualification_for(person=None, role="surgeon")
