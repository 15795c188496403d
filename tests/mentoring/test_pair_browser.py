"""The pair space in a real browser: htmx sections update in place, and axe finds no barrier."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from huddle.mentoring.models import CheckIn, Meeting, Milestone
from tests.browser.conftest import browser, playwright, signed_in_page, ui  # noqa: F401
from tests.mentoring.pair_fixtures import add_goal, add_meeting, standard_pair

pytestmark = pytest.mark.browser


def test_a_mentee_logs_a_meeting_ticks_a_milestone_and_checks_in(signed_in_page, people):  # noqa: F811
    pair = standard_pair(people)
    add_meeting(pair, by=people.ms3, notes="First coffee")
    goal = add_goal(pair, title="Build a Step 1 schedule", milestones=2)
    tab = signed_in_page("ms1")
    tab.visit(reverse("mentoring:pair_detail", args=[pair.pk]))
    page = tab.page
    expect(page.get_by_role("heading", name="Your mentor: Sam Sato")).to_be_visible()

    page.get_by_text("Log a meeting").click()
    page.get_by_label("Duration (minutes)").fill("40")
    page.get_by_label("Phone").check()
    page.get_by_label("Research").check()
    page.get_by_label("Private notes").fill("Talked about summer labs")
    page.get_by_role("button", name="Log meeting").click()
    expect(page.locator("#meetings [role=status]")).to_have_text("Meeting logged.")
    expect(page.locator("#meetings")).to_contain_text("Talked about summer labs", use_inner_text=False)
    tab.audit()
    assert Meeting.objects.filter(mentorship=pair).count() == 2

    page.get_by_role("button", name="Step 1").click()
    expect(page.locator("#goals")).to_contain_text("1 of 2 milestones done (50%)")
    expect(page.get_by_role("button", name="Step 1")).to_have_attribute("aria-pressed", "true")
    assert Milestone.objects.filter(goal=goal, done_at__isnull=False).count() == 1

    page.get_by_text("4", exact=True).check()
    page.get_by_label("Comment (optional)").fill("Good so far")
    page.get_by_role("button", name="Check in").click()
    expect(page.locator("#check_in [role=status]")).to_have_text("Thank you for checking in.")
    tab.audit()
    assert CheckIn.objects.get(mentorship=pair).rating == 4
    assert len(tab.loaded) == tab.audited  # every change above happened in place


def test_the_mentors_page_passes_axe(signed_in_page, people):  # noqa: F811
    pair = standard_pair(people)
    add_meeting(pair, by=people.ms3)
    tab = signed_in_page("ms3")
    tab.visit(reverse("mentoring:mentor_dashboard"))
    expect(tab.page.get_by_role("link", name="Alice Ames")).to_be_visible()


def test_the_coordinators_view_passes_axe_and_hides_notes(signed_in_page, people):  # noqa: F811
    pair = standard_pair(people)
    add_meeting(pair, by=people.ms3, notes="Private words")
    tab = signed_in_page("coordinator")
    tab.visit(reverse("mentoring:pair_detail", args=[pair.pk]))
    expect(tab.page.get_by_text("Coordinator view")).to_be_visible()
    assert "Private words" not in tab.page.content()
