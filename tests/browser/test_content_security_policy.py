"""The Content Security Policy holds in a real browser, and the pages still work under it.

Every ``ui`` page is already audited for violations (conftest.py); these
tests visit the pages whose scripts moved out of the templates and check
that the moved scripts still do their job, and that the audit itself
catches a violation.
"""

import pytest
from playwright.sync_api import expect

from tests.mentoring.proposal_helpers import small_cycle

pytestmark = pytest.mark.browser


def test_the_audit_fails_a_page_that_breaks_the_policy(ui, taxonomies):
    ui.visit("/wellbeing/crisis/")
    with ui.page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        ui.page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "window.inlineRan = true";
                document.body.append(script);
            }"""
        )
    assert ui.page.evaluate("window.inlineRan") is None  # blocked, not merely reported
    with pytest.raises(AssertionError, match="Content Security Policy violations"):
        ui.audit()
    ui.csp_violations.clear()


def test_the_mentoring_pages_work_under_the_policy(signed_in_page, people, django_capture_on_commit_callbacks):
    small = small_cycle(people, django_capture_on_commit_callbacks)
    tab = signed_in_page("coordinator")
    page = tab.page

    # Presets fill the weights in place (static/js/weight-presets.js), no reload.
    tab.visit("/mentoring/cycles/new/")
    page.get_by_role("link", name="Career-focused").click()
    expect(page.locator("#id_weight_specialty")).to_have_value("6")
    assert "preset=" not in page.url
    tab.audit()

    # htmx loads the preview on load, with eval and injected styles off.
    tab.visit(f"/mentoring/cycles/{small.cycle.pk}/weights/")
    expect(page.get_by_text("nothing was saved")).to_be_visible()
    tab.audit()

    # The score histogram draws without style attributes; Publish still asks first.
    tab.visit(f"/mentoring/cycles/{small.cycle.pk}/proposal/")
    expect(page.locator(".histogram-bar rect").first).to_be_attached()
    questions = []

    def decline(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", decline)
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", name="Proposed pairs")).to_be_visible()
    assert questions and questions[0].startswith("Publish the pairs of every tier?")
    small.cycle.refresh_from_db()
    assert small.cycle.status == small.cycle.Status.MATCHING  # declined: nothing published
    tab.audit()

    tab.visit("/mentoring/")


def test_the_admin_works_under_the_policy(signed_in_page, people):
    people.coordinator.is_staff = people.coordinator.is_superuser = True
    people.coordinator.save(update_fields=["is_staff", "is_superuser"])
    tab = signed_in_page("coordinator")
    # The group form has the most admin script: the two-box permission picker.
    for path in ("/admin/", "/admin/auth/group/", "/admin/auth/group/add/"):
        response = tab.page.goto(tab.url(path))
        assert response is not None and response.status == 200, path
        tab.page.wait_for_load_state("load")
        assert not tab.csp_violations, f"{path}: {tab.csp_violations}"
        assert not tab.script_errors, f"{path}: {tab.script_errors}"
        # Django's admin is not ours to fix for axe (test_accessibility skips /admin/ too).
        tab.audited = len(tab.loaded)
    expect(tab.page.locator(".selector-available-title")).to_be_visible()  # drawn by SelectFilter2.js
