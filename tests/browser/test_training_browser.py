"""Training in a real browser: a quiz failed, retaken and passed up to the certificate; a full
workshop's waitlist promoting someone when a place is given up. Every page is checked by axe
and for Content Security Policy violations (``UI.audit``)."""

import pytest
from playwright.sync_api import expect

from huddle.notifications.models import Notification
from huddle.training.models import Completion, Rsvp
from huddle.training.workshops.services import rsvp_create
from tests.browser.conftest import UI, click_and_audit
from tests.training.factories import make_module, make_workshop

pytestmark = pytest.mark.browser


def _answer(tab: UI, question: str, options: list[str]) -> None:
    group = tab.page.get_by_role("group", name=question)
    for option in options:
        group.get_by_label(option).check()


def test_a_student_fails_the_quiz_retakes_it_passes_and_sees_the_certificate(tab_for, people):
    module = make_module("Active listening", pass_mark=100, valid_for_days=365)
    alice = tab_for("ms1")
    alice.visit("/training/")
    click_and_audit(alice, lambda: alice.page.get_by_role("link", name="Active listening").click())
    click_and_audit(alice, lambda: alice.page.get_by_role("link", name="Take the quiz").click())
    _answer(alice, "1. Which is an open question?", ["What has this week been like?"])
    _answer(alice, "2. Which are reflections?", ["You feel behind."])
    click_and_audit(alice, lambda: alice.page.get_by_role("button", name="Submit answers").click())
    expect(alice.page.get_by_role("status")).to_contain_text("You scored 50 %; the pass mark is 100 %")
    assert not Completion.objects.exists()

    click_and_audit(alice, lambda: alice.page.get_by_role("link", name="Retake the quiz").click())
    _answer(alice, "1. Which is an open question?", ["What has this week been like?"])
    _answer(alice, "2. Which are reflections?", ["You feel behind.", "It sounds exhausting."])
    click_and_audit(alice, lambda: alice.page.get_by_role("button", name="Submit answers").click())
    expect(alice.page.get_by_role("status")).to_contain_text("You passed with 100 %")
    click_and_audit(alice, lambda: alice.page.get_by_role("link", name="See your certificate").click())
    completion = Completion.objects.get(person=people.ms1, module=module)
    certificate = alice.page.locator("article.certificate")
    expect(certificate).to_contain_text("Alice Ames")
    expect(certificate).to_contain_text("Active listening")
    expect(certificate).to_contain_text(completion.code)

    alice.visit("/training/")
    expect(alice.page.get_by_role("table").first).to_contain_text("Completed")


def test_a_full_workshops_waitlist_promotes_when_someone_cancels(tab_for, people):
    workshop = make_workshop(make_module("Peer tutoring skills"), capacity=1, title="Small-group tutoring lab")
    rsvp_create(user=people.ms1, workshop=workshop)

    sam = tab_for("ms3")
    sam.visit(f"/training/workshops/{workshop.pk}/")
    click_and_audit(sam, lambda: sam.page.get_by_role("button", name="Join the waitlist").click())
    expect(sam.page.locator("#my-place")).to_contain_text("You are number 1 on the waitlist.")

    alice = tab_for("ms1")
    alice.visit(f"/training/workshops/{workshop.pk}/")
    expect(alice.page.locator("#my-place")).to_contain_text("You have a place.")
    click_and_audit(alice, lambda: alice.page.get_by_role("button", name="Cancel my place").click())
    expect(alice.page.locator("#my-place")).to_contain_text("You cancelled.")

    sam.visit(f"/training/workshops/{workshop.pk}/")
    expect(sam.page.locator("#my-place")).to_contain_text("You have a place.")
    expect(sam.page.locator("#my-place")).to_contain_text("the place went to you from the waitlist")
    assert Rsvp.objects.get(workshop=workshop, person=people.ms3).status == "going"
    assert Notification.objects.filter(user=people.ms3, kind="training.promoted").count() == 1
