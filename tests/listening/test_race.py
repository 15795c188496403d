"""Two listeners accept the same request at the same moment, from real threads: exactly one gets it."""

import pytest

from huddle.listening.conversations import services
from huddle.listening.models import Conversation
from tests.race import race


@pytest.mark.django_db(transaction=True)
def test_two_listeners_accepting_at_once_one_wins(people, listener, second_listener):
    conversation = services.request_create(student=people.ms1, opening="", anonymous=True)
    outcomes = race(
        [
            lambda: services.request_accept(listener=listener, conversation_id=conversation.pk),
            lambda: services.request_accept(listener=second_listener, conversation_id=conversation.pk),
        ]
    )
    assert sorted(outcomes) == ["Another listener already accepted this request, or it was withdrawn.", "ok"]
    conversation.refresh_from_db()
    assert conversation.status == Conversation.Status.ACTIVE
    assert conversation.listener_id in {listener.pk, second_listener.pk}
    assert conversation.messages.count() == 1  # one "a listener joined" line, not two


@pytest.mark.django_db(transaction=True)
def test_cancel_racing_accept_leaves_one_outcome(people, listener):
    conversation = services.request_create(student=people.ms1, opening="", anonymous=True)
    outcomes = race(
        [
            lambda: services.request_accept(listener=listener, conversation_id=conversation.pk),
            lambda: services.request_cancel(student=people.ms1, conversation=conversation),
        ]
    )
    assert outcomes.count("ok") == 1
    conversation.refresh_from_db()
    assert conversation.status in (Conversation.Status.ACTIVE, Conversation.Status.CANCELLED)
