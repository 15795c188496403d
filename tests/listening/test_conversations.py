"""Requests, accepting, messages, the contact guard, handoff, ending, blocking and reporting, through the services."""

from datetime import timedelta

import pytest
from django.utils import timezone

from huddle.audit.models import AuditEvent
from huddle.lib.errors import HuddleError
from huddle.listening.conversations import services
from huddle.listening.models import Block, Conversation, Message, Report
from huddle.listening.safety.services import block_other_side, debrief_request, report_file, settings_update
from huddle.listening.volunteers.selectors import listeners_on_duty, next_listening_hours
from huddle.listening.volunteers.services import listener_opt_in
from huddle.notifications.models import Notification
from tests.listening.factories import ALL_WEEK, make_conversation, qualified

pytestmark = pytest.mark.django_db


def test_a_request_reaches_listeners_on_duty_without_the_students_name(people, listener):
    conversation = services.request_create(student=people.ms1, opening="Exam stress", anonymous=True)
    note = Notification.objects.get(user=listener, kind="listening.request")
    assert "Alice" not in note.title + note.body and "Exam stress" not in note.title + note.body
    assert conversation.status == Conversation.Status.WAITING
    assert not Notification.objects.filter(user=people.ms1, kind="listening.request").exists()


def test_one_waiting_request_at_a_time_and_the_student_can_cancel(people, listener):
    conversation = services.request_create(student=people.ms1, opening="", anonymous=False)
    with pytest.raises(HuddleError, match="already have a request"):
        services.request_create(student=people.ms1, opening="", anonymous=False)
    services.request_cancel(student=people.ms1, conversation=conversation)
    conversation.refresh_from_db()
    assert conversation.status == Conversation.Status.CANCELLED
    with pytest.raises(HuddleError, match="no longer waiting"):
        services.request_cancel(student=people.ms1, conversation=conversation)


def test_the_first_listener_gets_it_the_second_is_told(people, listener, second_listener):
    conversation = services.request_create(student=people.ms1, opening="", anonymous=True)
    services.request_accept(listener=listener, conversation_id=conversation.pk)
    with pytest.raises(HuddleError, match="already accepted"):
        services.request_accept(listener=second_listener, conversation_id=conversation.pk)
    conversation.refresh_from_db()
    assert conversation.listener == listener and conversation.status == Conversation.Status.ACTIVE
    assert Notification.objects.filter(user=people.ms1, kind="listening.accepted").count() == 1


def test_an_expired_request_cannot_be_accepted(people, listener):
    conversation = services.request_create(student=people.ms1, opening="", anonymous=True)
    Conversation.objects.filter(pk=conversation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(HuddleError):
        services.request_accept(listener=listener, conversation_id=conversation.pk)


def test_a_listener_whose_training_lapsed_cannot_accept(people, listener):
    conversation = services.request_create(student=people.ms1, opening="", anonymous=True)
    with qualified(), pytest.raises(HuddleError, match="Active listening"):
        services.request_accept(listener=listener, conversation_id=conversation.pk)


def test_an_unqualified_student_cannot_opt_in_and_is_told_what_is_missing(people):
    with qualified(), pytest.raises(HuddleError, match="Active listening"):
        listener_opt_in(user=people.ms1, hours=ALL_WEEK)
    with qualified(people.ms1):
        assert listener_opt_in(user=people.ms1, hours=ALL_WEEK).active


def test_with_nobody_on_duty_the_student_learns_when_hours_start(people, listener):
    from huddle.listening.models import Listener

    tuesday_evening = "0" * 24 + "0" * 20 + "11" + "0" * 2 + "0" * 120
    Listener.objects.filter(user=listener).update(hours=tuesday_evening)
    monday_noon = timezone.make_aware(timezone.datetime(2026, 11, 30, 12, 0))
    assert listeners_on_duty(moment=monday_noon) == []
    start = next_listening_hours(moment=monday_noon)
    assert start is not None and (start.weekday(), start.hour) == (1, 20)


def test_a_blocked_pair_never_meets_again_either_way(people, listener):
    conversation = make_conversation(people.ms1, listener)
    block_other_side(user=people.ms1, conversation=conversation)
    assert Block.objects.filter(blocker=people.ms1, blocked=listener).exists()
    conversation.refresh_from_db()
    assert conversation.status == Conversation.Status.ENDED
    waiting = services.request_create(student=people.ms1, opening="", anonymous=True)
    assert not Notification.objects.filter(user=listener, kind="listening.request").exists()
    with pytest.raises(HuddleError, match="not available"):
        services.request_accept(listener=listener, conversation_id=waiting.pk)


def test_a_listener_blocks_a_student_without_learning_who_they_are(people, listener):
    conversation = make_conversation(people.ms1, listener, anonymous=True)
    block_other_side(user=listener, conversation=conversation)
    assert Block.objects.filter(blocker=listener, blocked=people.ms1).exists()
    assert listeners_on_duty(student=people.ms1) == []


def test_messages_are_plain_bounded_and_only_for_the_two_of_them(people, listener):
    conversation = make_conversation(people.ms1, listener)
    with pytest.raises(HuddleError, match="Write a message"):
        services.message_send(user=people.ms1, conversation=conversation, body="   ")
    with pytest.raises(HuddleError, match="at most"):
        services.message_send(user=people.ms1, conversation=conversation, body="x" * 2001)
    with pytest.raises(HuddleError, match="closed"):
        services.message_send(user=people.faculty, conversation=conversation, body="hello")
    sent = services.message_send(user=listener, conversation=conversation, body="<b>hi</b>")
    assert sent.side == Message.Side.LISTENER and sent.body == "<b>hi</b>"


@pytest.mark.parametrize(
    "text",
    ["text me at 555 123 4567", "my email is sam@gmail.com", "add me on insta", "I'm @sam.sato there", "whatsapp?"],
)
def test_contact_details_need_a_confirmed_second_send(people, listener, text):
    conversation = make_conversation(people.ms1, listener)
    with pytest.raises(HuddleError, match="contact details") as refused:
        services.message_send(user=listener, conversation=conversation, body=text)
    assert refused.value.field == "body"
    conversation.refresh_from_db()
    assert conversation.contact_warnings == 1
    sent = services.message_send(user=listener, conversation=conversation, body=text, contact_confirmed=True)
    assert sent.contact_shared


def test_ordinary_words_are_not_flagged(people, listener):
    conversation = make_conversation(people.ms1, listener)
    sent = services.message_send(user=people.ms1, conversation=conversation, body="I called 988 last week, it helped.")
    assert not sent.contact_shared


def test_repeated_contact_sharing_files_one_report_for_wellbeing_staff(people, listener):
    conversation = make_conversation(people.ms1, listener)
    for n in range(3):
        services.message_send(
            user=listener, conversation=conversation, body=f"text me 555 000 111{n}", contact_confirmed=True
        )
    report = Report.objects.get(conversation=conversation)
    assert report.reporter is None and report.reason == Report.Reason.CONTACT
    assert Notification.objects.filter(user=people.wellbeing, kind="listening.report").count() == 1


def test_the_warm_handoff_needs_the_students_consent_and_staff_join_audited(people, listener):
    conversation = make_conversation(people.ms1, listener, anonymous=True)
    with pytest.raises(HuddleError):
        services.handoff_join(staff=people.wellbeing, conversation=conversation)
    services.handoff_propose(listener=listener, conversation=conversation)
    assert not Notification.objects.filter(kind="listening.handoff").exists()
    conversation.refresh_from_db()
    services.handoff_answer(student=people.ms1, conversation=conversation, consent=True, share_name=False)
    note = Notification.objects.get(user=people.wellbeing, kind="listening.handoff")
    assert "Alice" not in note.title + note.body
    conversation.refresh_from_db()
    assert not conversation.name_shared
    services.handoff_join(staff=people.wellbeing, conversation=conversation)
    with pytest.raises(HuddleError, match="already joined"):
        services.handoff_join(staff=people.wellbeing, conversation=conversation)
    assert AuditEvent.objects.filter(action="listening.join", actor=people.wellbeing).count() == 1
    conversation.refresh_from_db()
    services.message_send(user=people.wellbeing, conversation=conversation, body="Hi, I'm Will from well-being.")
    services.listener_leave(listener=listener, conversation=conversation)
    conversation.refresh_from_db()
    with pytest.raises(HuddleError):
        services.message_send(user=listener, conversation=conversation, body="still here?")


def test_a_declined_handoff_tells_nobody_and_can_be_proposed_again(people, listener):
    conversation = make_conversation(people.ms1, listener)
    services.handoff_propose(listener=listener, conversation=conversation)
    conversation.refresh_from_db()
    services.handoff_answer(student=people.ms1, conversation=conversation, consent=False, share_name=True)
    conversation.refresh_from_db()
    assert conversation.handoff == Conversation.Handoff.DECLINED
    assert not Notification.objects.filter(kind="listening.handoff").exists()
    services.handoff_propose(listener=listener, conversation=conversation)


def test_either_side_ends_and_a_report_reaches_staff_without_words(people, listener):
    conversation = make_conversation(people.ms1, listener)
    services.message_send(user=people.ms1, conversation=conversation, body="Something private")
    services.conversation_end(user=listener, conversation=conversation)
    conversation.refresh_from_db()
    assert conversation.status == Conversation.Status.ENDED and conversation.ended_at
    with pytest.raises(HuddleError):
        services.conversation_end(user=people.ms1, conversation=conversation)
    with pytest.raises(HuddleError, match="Choose what happened"):
        report_file(user=people.ms1, conversation=conversation, reason="", details="")
    report_file(user=people.ms1, conversation=conversation, reason="harassment", details="")
    note = Notification.objects.get(user=people.wellbeing, kind="listening.report")
    assert "private" not in note.title + note.body.lower()


def test_a_debrief_notifies_staff_and_carries_only_the_summary(people, listener):
    debrief = debrief_request(listener=listener, summary="")
    assert debrief.summary == ""
    assert Notification.objects.filter(user=people.wellbeing, kind="listening.debrief").count() == 1
    with pytest.raises(HuddleError):
        debrief_request(listener=people.ms1, summary="")


def test_settings_have_bounds_and_are_audited(people):
    with pytest.raises(HuddleError) as refused:
        settings_update(staff=people.wellbeing, retention_days=0, wait_minutes=60)
    assert refused.value.field == "retention_days"
    with pytest.raises(HuddleError):
        settings_update(staff=people.faculty, retention_days=10, wait_minutes=60)
    settings_update(staff=people.wellbeing, retention_days=10, wait_minutes=60)
    assert AuditEvent.objects.filter(action="listening.settings").count() == 1
