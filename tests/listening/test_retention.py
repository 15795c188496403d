"""Messages are deleted after the school's retention period, by tasks, idempotently."""

from datetime import timedelta

import pytest
from django.utils import timezone

from huddle.listening import tasks
from huddle.listening.conversations import services
from huddle.listening.models import Conversation, Message
from huddle.listening.safety.services import settings_update
from tests.listening.factories import make_conversation

pytestmark = pytest.mark.django_db


def _ended(people, listener, days_ago: int) -> Conversation:
    conversation = make_conversation(people.ms1, listener, opening="Something on my mind")
    services.message_send(user=people.ms1, conversation=conversation, body="A private line")
    services.conversation_end(user=people.ms1, conversation=conversation)
    Conversation.objects.filter(pk=conversation.pk).update(ended_at=timezone.now() - timedelta(days=days_ago))
    return conversation


def test_ending_queues_a_purge_that_waits_for_the_retention_period(people, listener):
    conversation = _ended(people, listener, days_ago=0)
    # The immediate test backend ran the purge at once: too early, so it deleted nothing.
    assert Message.objects.filter(conversation=conversation).count() == 2


def test_the_purge_deletes_words_after_the_period_and_twice_is_harmless(people, listener):
    conversation = _ended(people, listener, days_ago=31)
    recent = _ended(people, listener, days_ago=29)
    assert tasks.conversation_purge.enqueue(conversation.pk).return_value == 2
    assert tasks.conversation_purge.enqueue(conversation.pk).return_value == 0
    conversation.refresh_from_db()
    assert conversation.purged_at is not None and conversation.opening == ""
    assert not Message.objects.filter(conversation=conversation).exists()
    assert Message.objects.filter(conversation=recent).count() == 2


def test_a_shorter_period_set_by_staff_applies_to_the_sweep(people, listener):
    conversation = _ended(people, listener, days_ago=8)
    assert tasks.retention_sweep.enqueue().return_value == 0
    settings_update(staff=people.wellbeing, retention_days=7, wait_minutes=120)
    assert tasks.retention_sweep.enqueue().return_value == 2
    assert not Message.objects.filter(conversation=conversation).exists()


def test_the_sweep_closes_requests_that_waited_too_long(people, listener):
    waiting = services.request_create(student=people.ms1, opening="", anonymous=True)
    Conversation.objects.filter(pk=waiting.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    tasks.sweep_now()
    waiting.refresh_from_db()
    assert waiting.status == Conversation.Status.EXPIRED
