"""Painting weekly availability with the mouse and the keyboard."""

import pytest
from playwright.sync_api import expect

from huddle.accounts.availability import block_string
from huddle.accounts.models import Profile

pytestmark = pytest.mark.browser

MONDAY_0900, MONDAY_0930 = 18, 19
TUESDAY_0900, TUESDAY_0930 = 66, 67
WEDNESDAY_0200 = 98


def _centre(tab, block):
    box = tab.page.locator(f'[data-block="{block}"]').bounding_box()
    assert box is not None, f"block {block} is not on screen"
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_it_saves_what_the_mouse_and_keyboard_painted(signed_in_page, people):
    tab = signed_in_page("ms1")
    tab.visit("/people/me/availability/")
    page = tab.page

    # Drag from Monday 09:00 to Tuesday 09:30: a two-by-two rectangle. Both
    # cells are on one screen once the first is, so the page does not scroll.
    page.locator(f'[data-block="{MONDAY_0900}"]').scroll_into_view_if_needed()
    start = _centre(tab, MONDAY_0900)
    end = _centre(tab, TUESDAY_0930)
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(*end, steps=8)
    page.mouse.up()
    # Space on the focused half hour switches it, as on any checkbox.
    page.locator(f'[data-block="{WEDNESDAY_0200}"]').focus()
    page.keyboard.press("Space")
    expect(page.locator(f'[data-block="{WEDNESDAY_0200}"]')).to_be_checked()
    expect(page.locator("#avail-summary")).to_contain_text("2.5")
    tab.audit()

    page.get_by_role("button", name="Save availability").click()
    expect(page.get_by_text("Your availability is saved.")).to_be_visible()
    tab.audit()

    saved = block_string(Profile.objects.get(user=people.ms1).availability)
    on = {i for i, c in enumerate(saved) if c == "1"}
    assert on == {MONDAY_0900, MONDAY_0930, TUESDAY_0900, TUESDAY_0930, WEDNESDAY_0200}
    for block in on:
        expect(page.locator(f'[data-block="{block}"]')).to_be_checked()
