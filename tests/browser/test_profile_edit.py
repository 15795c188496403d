"""Editing your own profile in a real browser."""

import pytest
from playwright.sync_api import expect

from huddle.accounts.models import Profile

pytestmark = pytest.mark.browser


def test_it_saves_the_profile_and_keeps_it_after_a_reload(signed_in_page, people):
    tab = signed_in_page("ms1")
    tab.visit("/people/me/")
    page = tab.page
    page.get_by_label("Display name").fill("Ali A.")
    page.get_by_label("Pronouns", exact=True).fill("she/her")
    page.get_by_label("Short bio", exact=True).fill("MS1 who likes anatomy and running.")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    tab.audit()

    page.reload()
    tab.audit()
    expect(page.get_by_label("Display name")).to_have_value("Ali A.")
    expect(page.get_by_label("Pronouns", exact=True)).to_have_value("she/her")
    expect(page.get_by_label("Short bio", exact=True)).to_have_value("MS1 who likes anatomy and running.")
    profile = Profile.objects.get(user=people.ms1)
    assert (profile.display_name, profile.pronouns) == ("Ali A.", "she/her")


def test_it_shows_a_field_error_for_a_bio_that_is_too_long(signed_in_page, people):
    tab = signed_in_page("ms1")
    tab.visit("/people/me/")
    page = tab.page
    bio = page.get_by_label("Short bio", exact=True)
    # The textarea's maxlength stops typing; a script (or an old browser) does not.
    bio.evaluate("(el) => { el.value = 'x'.repeat(1001); }")
    page.get_by_label("Display name").fill("Not saved")
    page.get_by_role("button", name="Save profile").click()
    page.wait_for_load_state("load")
    tab.audit()

    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved")
    expect(page.locator("#id_bio_error")).to_contain_text("1000")
    expect(bio).to_have_attribute("aria-invalid", "true")
    profile = Profile.objects.get(user=people.ms1)
    assert profile.bio == "" and profile.display_name == ""
