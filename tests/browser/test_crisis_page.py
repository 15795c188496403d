"""The crisis page works for anyone: signed out, and with JavaScript switched off."""

import pytest

pytestmark = pytest.mark.browser


def test_the_crisis_page_works_signed_out_and_without_javascript(browser, live_server, taxonomies):
    context = browser.new_context(java_script_enabled=False, locale="en-US")
    try:
        page = context.new_page()
        response = page.goto(f"{live_server.url}/wellbeing/crisis/")
        assert response is not None and response.status == 200
        main = page.get_by_role("main")
        assert main.get_by_role("link", name="988", exact=True).first.get_attribute("href") == "tel:988"
        assert page.get_by_role("complementary", name="Crisis support").get_by_role("link", name="911").count() == 1
        # Test settings show the demo school's lines: labelled, and not links.
        assert main.get_by_text("Campus counseling (24/7)").is_visible()
        assert main.get_by_text("555-0100 (demo school: fictional number)").is_visible()
        assert page.get_by_role("link", name="555-0100").count() == 0
    finally:
        context.close()
