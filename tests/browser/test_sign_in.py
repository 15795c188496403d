"""Signing in through the real allauth forms, in a real browser."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CODE_LABEL, SIGN_IN_BUTTON, fill_login_form
from tests.personas import PASSWORD

pytestmark = pytest.mark.browser


def test_it_signs_a_student_in_to_the_dashboard(signed_in_page):
    tab = signed_in_page("ms1")
    expect(tab.page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    expect(tab.page.get_by_role("button", name="Sign out")).to_be_visible()


def test_it_refuses_a_wrong_password(ui, people):
    fill_login_form(ui, people.ms1.email, "not the password")
    ui.audit()
    assert ui.page.url.endswith("/accounts/login/")
    expect(ui.page.get_by_text("not correct")).to_be_visible()
    expect(ui.page.get_by_role("button", name="Sign out")).to_have_count(0)


def test_it_asks_a_coordinator_for_a_two_factor_code(signed_in_page):
    tab = signed_in_page("coordinator")
    assert any("/accounts/2fa/authenticate/" in url for url in tab.loaded)
    expect(tab.page.get_by_role("heading", name="Staff tools")).to_be_visible()


def test_it_refuses_a_coordinator_with_a_wrong_code(ui, people):
    fill_login_form(ui, people.coordinator.email, PASSWORD)
    ui.page.wait_for_url("**/accounts/2fa/authenticate/")
    ui.audit()
    ui.page.get_by_label(CODE_LABEL).fill("000000")
    ui.page.get_by_role("button", name=SIGN_IN_BUTTON).click()
    ui.page.wait_for_load_state("load")
    ui.audit()
    expect(ui.page.get_by_text("Incorrect code")).to_be_visible()
    # The password alone does not open the dashboard: the code is still asked for.
    ui.visit("/")
    assert "/accounts/2fa/authenticate/" in ui.page.url
    expect(ui.page.get_by_role("button", name="Sign out")).to_have_count(0)
