"""Marking notifications read swaps the list in place (htmx), and stays accessible."""

import pytest
from playwright.sync_api import expect

from huddle.notifications.models import Notification
from huddle.notifications.services import notification_create

pytestmark = pytest.mark.browser


def test_it_marks_everything_read_without_leaving_the_page(signed_in_page, people):
    notification_create(user=people.ms1, kind="test", title="Your mentor replied", url="/mentoring/")
    tab = signed_in_page("ms1")
    tab.visit("/notifications/")
    page = tab.page
    notes = page.locator("#notes")
    expect(notes.get_by_text("New", exact=True)).to_have_count(1)
    expect(page.locator("#nav-notifications .badge")).to_have_text("1")
    loads_before = len(tab.loaded)

    page.get_by_role("button", name="Mark all as read").click()
    expect(notes.get_by_text("New", exact=True)).to_have_count(0)
    expect(notes.get_by_role("link", name="Your mentor replied")).to_be_visible()
    expect(page.locator("#nav-notifications .badge")).to_have_count(0)
    assert len(tab.loaded) == loads_before, "the list should update in place, not reload the page"
    tab.audit()
    assert not Notification.objects.filter(user=people.ms1, read_at__isnull=True).exists()
