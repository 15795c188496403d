"""Peer listening in a real browser: an anonymous request, a trained listener, a warm handoff to well-being staff.

Alice asks anonymously; Sam, who passed the listener training (the
qualification checker says so), accepts; they exchange messages; Sam
proposes a handoff; Alice consents in the conversation without sharing her
name; Will from well-being staff sees the handoff in the queue and joins the
same conversation. Pages are reloaded rather than waiting for polling, and
every page is checked by axe and for CSP violations.
"""

import pytest
from playwright.sync_api import expect

from huddle.audit.models import AuditEvent
from huddle.listening.models import Conversation
from tests.browser.conftest import UI, click_and_audit
from tests.listening.factories import make_listener, qualified

pytestmark = pytest.mark.browser


def _send(tab: UI, text: str) -> None:
    tab.page.get_by_role("textbox", name="Message").fill(text)
    click_and_audit(tab, lambda: tab.page.get_by_role("button", name="Send", exact=True).click())


def _park(tab: UI) -> None:
    """Leave a polling page for one that does not poll, so the other side's next step cannot reload it unseen."""
    tab.visit("/listening/")


def test_anonymous_request_accepted_then_handed_off_to_wellbeing_staff(tab_for, people):
    make_listener(people.ms3)
    with qualified(people.ms3):
        alice = tab_for("ms1")
        alice.visit("/listening/")
        alice.page.get_by_label("What is on your mind? (optional)").fill("Exam week is crushing me")
        alice.page.get_by_label("Talk anonymously").check()
        click_and_audit(alice, lambda: alice.page.get_by_role("button", name="Ask for a listener").click())
        expect(alice.page.get_by_role("heading", level=1)).to_have_text("Waiting for a listener")
        conversation = Conversation.objects.get(student=people.ms1)
        path = f"/listening/c/{conversation.pk}/"
        _park(alice)

        sam = tab_for("ms3")
        sam.visit("/listening/")
        waiting = sam.page.locator("li", has_text="Exam week is crushing me")
        expect(waiting).to_contain_text("Anonymous student")
        expect(sam.page.get_by_text("Alice")).to_have_count(0)
        click_and_audit(sam, lambda: waiting.get_by_role("button", name="Accept").click())
        expect(sam.page.get_by_role("heading", level=1)).to_have_text("Talking with Anonymous student")
        _park(sam)

        alice.visit(path)
        expect(alice.page.get_by_role("heading", level=1)).to_have_text("Talking with Sam Sato (peer listener)")
        _send(alice, "I failed a practice exam and I can't stop thinking about it.")
        _park(alice)

        sam.visit(path)
        expect(sam.page.locator("#message-list")).to_contain_text("I failed a practice exam")
        _send(sam, "That sounds really hard. I'm here.")
        click_and_audit(
            sam, lambda: sam.page.get_by_role("button", name="Propose a warm handoff to well-being staff").click()
        )
        _park(sam)

        alice.visit(path)
        expect(alice.page.locator("#message-list")).to_contain_text("That sounds really hard. I'm here.")
        consent = alice.page.locator("#handoff-consent")
        consent.get_by_label("Yes, ask someone from well-being staff to join").check()
        expect(consent.get_by_label("Share my name with well-being staff")).not_to_be_checked()
        click_and_audit(alice, lambda: consent.get_by_role("button", name="Send my answer").click())
        expect(alice.page.locator("#message-list")).to_contain_text("Well-being staff have been asked to join")
        _park(alice)

        will = tab_for("wellbeing")
        will.visit("/listening/staff/")
        handoff = will.page.locator("li", has_text="Handoff: Anonymous student")
        expect(handoff).to_be_visible()
        expect(will.page.get_by_text("Alice")).to_have_count(0)
        click_and_audit(will, lambda: handoff.get_by_role("button", name="Join").click())
        expect(will.page.locator("#message-list")).to_contain_text("Well-being staff joined the conversation.")
        _send(will, "Hi, I'm Will from well-being. Thank you for saying yes.")

        alice.visit(path)
        expect(alice.page.locator("#message-list")).to_contain_text("Hi, I'm Will from well-being.")
    conversation.refresh_from_db()
    assert conversation.handoff == Conversation.Handoff.JOINED and conversation.staff_id == people.wellbeing.pk
    assert AuditEvent.objects.filter(action="listening.join", actor=people.wellbeing).count() == 1
