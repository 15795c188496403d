"""The pages: anonymity on every page a listener opens, the contact warning, handoff consent, audited staff reads."""

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from huddle.audit.models import AuditEvent
from huddle.listening.models import Conversation, Message
from huddle.notifications.models import Notification
from tests.listening.factories import make_conversation

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _secrets(people) -> list[str]:
    alice = people.ms1
    return [alice.first_name, alice.last_name, alice.email, f"/people/{alice.pk}/"]


def test_an_anonymous_request_never_names_the_student_to_the_listener(
    people, listener, django_capture_on_commit_callbacks
):
    student = _client(people.ms1)
    with django_capture_on_commit_callbacks(execute=True):
        response = student.post(reverse("listening:request"), {"opening": "Rough week", "anonymous": "on"})
    conversation = Conversation.objects.get(student=people.ms1)
    assert response.status_code == 302
    sam = _client(listener)
    pages = [sam.get(reverse("listening:home")).content.decode()]
    with django_capture_on_commit_callbacks(execute=True):
        assert sam.post(reverse("listening:accept", args=[conversation.pk])).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        student.post(reverse("listening:send", args=[conversation.pk]), {"body": "Thanks for taking this"})
    pages.append(sam.get(reverse("listening:conversation", args=[conversation.pk])).content.decode())
    pages.append(
        sam.get(reverse("listening:messages", args=[conversation.pk]) + "?after=0&state=active-none-0").content.decode()
    )
    pages.append(sam.get(reverse("home")).content.decode())
    pages += [n.title + n.body for n in Notification.objects.filter(user=listener)]
    pages += [m.subject + m.body for m in mail.outbox if listener.email in m.to]
    assert any(listener.email in m.to for m in mail.outbox)
    assert "Anonymous student" in pages[1]
    for text in pages:
        for secret in _secrets(people):
            assert secret not in text
    assert all("Thanks for taking this" not in m.body for m in mail.outbox)


def test_a_contact_warning_is_shown_then_the_sender_may_confirm(people, listener):
    conversation = make_conversation(people.ms1, listener)
    client = _client(listener)
    url = reverse("listening:send", args=[conversation.pk])
    refused = client.post(url, {"body": "add me on insta @sam.sato"})
    assert refused.status_code == 400
    assert "contact details" in refused.content.decode() and 'name="contact_confirmed"' in refused.content.decode()
    assert client.post(url, {"body": "add me on insta @sam.sato", "contact_confirmed": "on"}).status_code == 302
    page = _client(people.ms1).get(reverse("listening:conversation", args=[conversation.pk])).content.decode()
    assert "Note from Huddle" in page


def test_the_student_consents_in_the_conversation_and_staff_join_with_an_audit_line(people, listener):
    conversation = make_conversation(people.ms1, listener, anonymous=True)
    url = reverse("listening:conversation", args=[conversation.pk])
    will = _client(people.wellbeing)
    assert will.get(url).status_code == 404  # nothing to review before the student consents
    _client(listener).post(reverse("listening:handoff", args=[conversation.pk]))
    student = _client(people.ms1)
    assert "Bring in well-being staff?" in student.get(url).content.decode()
    student.post(reverse("listening:consent", args=[conversation.pk]), {"consent": "yes", "share_name": "on"})
    queue = will.get(reverse("listening:staff")).content.decode()
    assert "Alice Ames" in queue  # she chose to share her name with staff
    assert will.post(reverse("listening:join", args=[conversation.pk])).status_code == 302
    assert will.get(url).status_code == 200
    assert AuditEvent.objects.filter(action="listening.conversation_read", actor=people.wellbeing).count() == 1
    assert AuditEvent.objects.filter(action="listening.join").count() == 1
    assert "Alice" not in _client(listener).get(url).content.decode()


def test_a_poll_that_sees_the_state_change_reloads_the_page(people, listener):
    conversation = make_conversation(people.ms1, listener)
    url = reverse("listening:messages", args=[conversation.pk])
    response = _client(people.ms1).get(url + "?after=0&state=waiting-none-0")
    assert response.status_code == 204 and response["HX-Refresh"] == "true"
    assert _client(people.ms1).get(url + "?after=abc&state=active-none-0").status_code == 400


def test_an_unqualified_student_sees_what_is_missing(people):
    from tests.listening.factories import qualified

    with qualified():
        page = _client(people.ms1).get(reverse("listening:volunteer")).content.decode()
    assert "Complete Active listening" in page and "/training/" in page


def test_hours_are_saved_in_the_school_zone(people):
    from tests.listening.factories import qualified

    with qualified(people.ms1):
        response = _client(people.ms1).post(
            reverse("listening:volunteer"), {"monday_from": "18", "monday_until": "22", "confirm": "on"}
        )
    assert response.status_code == 302
    assert people.ms1.listener.hours[18:22] == "1111"


@pytest.mark.parametrize("status", ["waiting", "active"])
def test_a_student_in_a_conversation_sees_the_campus_lines_as_on_the_home_page(people, listener, status):
    from django.conf import settings

    conversation = make_conversation(people.ms1, None if status == "waiting" else listener, status=status)
    page = _client(people.ms1).get(reverse("listening:conversation", args=[conversation.pk])).content.decode()
    lines = settings.HUDDLE_CAMPUS_CRISIS_LINES.lines
    assert lines and all(line.label in page and line.number in page for line in lines)


def test_with_nobody_on_duty_the_home_page_shows_crisis_resources(people):
    page = _client(people.ms1).get(reverse("listening:home")).content.decode()
    assert "No listener has listening hours" in page and 'href="tel:988"' in page
    assert reverse("wellbeing:crisis") in page


def _grow(conversation: Conversation, n: int) -> None:
    Message.objects.bulk_create(
        Message(conversation=conversation, side="student" if i % 2 else "listener", body=f"line {i}") for i in range(n)
    )


#: Every page reads the session, the person, their roles and the unread badge. The home page then reads the
#: listener row, the student's open and recent conversations, every available listener's week once (who is on
#: duty now and when hours next start), the requests waiting and the listener's open conversations; the
#: conversation page reads the conversation (people joined) and its messages, one query however long it is.
PAGES = {"home": 10, "conversation": 6}


@pytest.mark.parametrize("grow", [2, 200])
def test_query_counts_do_not_grow_with_messages(people, listener, grow):
    conversation = make_conversation(people.ms1, listener)
    _grow(conversation, grow)
    make_conversation(people.ms1, None, status="waiting")
    client = _client(listener)
    counts = {}
    for name, url in (
        ("home", reverse("listening:home")),
        ("conversation", reverse("listening:conversation", args=[conversation.pk])),
    ):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[name] = len(queries)
    assert counts == PAGES


def test_staff_read_a_reported_conversation_and_each_read_is_audited(people, listener):
    from huddle.listening.safety.services import report_file

    conversation = make_conversation(people.ms1, listener, anonymous=True)
    url = reverse("listening:conversation", args=[conversation.pk])
    will = _client(people.wellbeing)
    assert will.get(url).status_code == 404
    report_file(user=listener, conversation=conversation, reason="inappropriate", details="")
    page = will.get(url)
    assert page.status_code == 200 and "Anonymous student" in page.content.decode()
    assert "Alice" not in page.content.decode()
    assert AuditEvent.objects.filter(action="listening.conversation_read", actor=people.wellbeing).count() == 1
    for persona in ("faculty", "coordinator"):
        assert _client(getattr(people, persona)).get(url).status_code == 404


def test_the_compose_box_warns_while_typing_without_storing_the_draft(people, listener):
    conversation = make_conversation(people.ms1, listener)
    url = reverse("listening:contact_check", args=[conversation.pk])
    client = _client(people.ms1)
    assert "contact details" in client.post(url, {"body": "my snap is sam99"}).content.decode()
    assert "contact details" not in client.post(url, {"body": "rough day"}).content.decode()
    assert not Message.objects.filter(conversation=conversation).exists()
