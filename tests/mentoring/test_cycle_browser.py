"""A whole cycle in a real browser, every page checked with axe.

The coordinator creates a program, two students enroll, matching runs, the
coordinator tries weights, locks and moves a pair, publishes; the mentee sees
why; the mentor withdraws and the mentee is rematched alone. A self-select
cycle: a mentee asks, the mentor accepts.
"""

import re

import pytest
from playwright.sync_api import expect

from huddle.mentoring.models import Cycle, Enrollment, MatchingMode, Mentorship, ProposedPair
from tests.browser import axe
from tests.browser.conftest import (  # noqa: F401
    TIMEOUT_MS,
    UI,
    browser,
    playwright,
    sign_in,
    signed_in_page,
    ui,
)
from tests.mentoring.cycle_fixtures import enroll, make_cycle, make_student, set_profile

pytestmark = pytest.mark.browser


def _switch(tab, user):
    """Sign the students' tab in as another student."""
    if tab.page.get_by_role("button", name="Sign out").count():
        tab.page.get_by_role("button", name="Sign out").click()
        tab.page.wait_for_load_state("load")
        tab.audit()
    sign_in(tab, user, two_factor=False)


@pytest.fixture
def student_tab(browser, live_server):  # noqa: F811
    """A second browser, for the students; the coordinator stays signed in in the first."""
    context = browser.new_context(locale="en-US", timezone_id="America/New_York")
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(path=axe.AXE_JS)
    tab = UI(context.new_page(), str(live_server))
    yield tab
    tab.check_unaudited()
    context.close()


def test_a_whole_algorithmic_cycle(signed_in_page, student_tab, people):  # noqa: F811
    for person in (people.ms1, people.ms3):
        set_profile(person, specialties=("Pediatrics",))
    others = [make_student(1) for _ in range(2)] + [make_student(4) for _ in range(2)]
    tab = signed_in_page("coordinator")
    page = tab.page
    page.on("dialog", lambda dialog: dialog.accept())

    # The coordinator creates the program and opens enrollment.
    tab.visit("/mentoring/cycles/new/")
    page.get_by_label("Name").fill("Browser mentoring")
    page.get_by_label("Algorithmic: best total fit").check()
    page.get_by_role("button", name="Create the cycle").click()
    expect(page.get_by_role("heading", name="Browser mentoring")).to_be_visible()
    tab.audit()
    cycle = Cycle.objects.get(name="Browser mentoring")
    page.get_by_role("button", name="Open enrollment").click()
    expect(page.get_by_text("Enrollment is open.")).to_be_visible()
    tab.audit()
    for user in others[:2]:
        enroll(cycle, user, "mentee")
    for user in others[2:]:
        enroll(cycle, user, "mentor", capacity=1)

    # Alice enrolls as a mentee, Sam as a mentor.
    st, sp = student_tab, student_tab.page
    _switch(st, people.ms1)
    st.visit("/mentoring/")
    sp.get_by_role("link", name="Enroll as a mentee").click()
    st.audit()
    sp.get_by_label("What would you like from this program?").fill("Find my way into pediatrics")
    sp.get_by_label("Career and specialty").check()
    sp.get_by_role("button", name="Enroll").click()
    expect(sp.get_by_text("You are enrolled in Browser mentoring.")).to_be_visible()
    st.audit()
    _switch(st, people.ms3)
    st.visit(f"/mentoring/cycles/{cycle.pk}/enroll/mentor/")
    sp.get_by_label("How many mentees can you take?").fill("1")
    sp.get_by_role("button", name="Enroll").click()
    st.audit()

    # The coordinator sees the counts, tries a weight, closes enrollment and matches.
    tab.visit(f"/mentoring/cycles/{cycle.pk}/")
    expect(page.get_by_text("3 mentees · 3 mentors")).to_be_visible()
    page.get_by_role("link", name="Weights and their effect").click()
    tab.audit()
    expect(page.locator("#preview")).to_contain_text("Pairs matched")
    page.get_by_label("Shared specialty interests").fill("9")
    expect(page.locator("#preview")).to_contain_text("3 / 3")
    tab.audit()
    tab.visit(f"/mentoring/cycles/{cycle.pk}/")
    page.get_by_role("button", name="Close enrollment").click()
    tab.audit()
    page.get_by_role("button", name="Run matching").click()
    tab.audit()
    page.get_by_role("link", name="Open the proposal").click()
    tab.audit()
    alice = Enrollment.objects.get(cycle=cycle, user=people.ms1)
    assert ProposedPair.objects.get(mentee=alice).mentor.user == people.ms3
    expect(page.get_by_text("Both interested in Pediatrics")).to_be_visible()

    # Lock Alice's pair in place (htmx), move another mentee by hand.
    page.get_by_role("button", name="Lock Alice Ames").click()
    expect(page.get_by_role("button", name="Unlock Alice Ames")).to_be_visible()
    tab.audit()
    assert ProposedPair.objects.get(mentee=alice).locked
    moved = Enrollment.objects.get(cycle=cycle, user=others[0])
    current = ProposedPair.objects.get(mentee=moved).mentor
    target = Enrollment.objects.filter(cycle=cycle, side="mentor", user__in=others[2:]).exclude(pk=current.pk).get()
    ProposedPair.objects.filter(mentor=target).delete()  # free the target's one place
    page.get_by_role("link", name=f"Move {others[0].get_full_name()}").click()
    tab.audit()
    page.get_by_role("button", name=f"Move here {target.user.get_full_name()}").click()
    expect(page.get_by_text(re.compile("is now with .* \\(locked\\)"))).to_be_visible()
    tab.audit()
    assert ProposedPair.objects.get(mentee=moved).mentor == target
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("pairs are published and both sides notified")).to_be_visible()
    tab.audit()

    # Alice sees her mentor and why.
    _switch(st, people.ms1)
    st.visit("/mentoring/")
    expect(sp.get_by_role("heading", name="Your mentor: Sam Sato")).to_be_visible()
    sp.get_by_text("Why you were paired").click()
    expect(sp.get_by_text("Both interested in Pediatrics")).to_be_visible()
    st.audit()

    # Sam withdraws; the coordinator rematches Alice alone.
    _switch(st, people.ms3)
    st.visit("/mentoring/")
    sp.get_by_role("button", name="Withdraw").click()
    expect(sp.get_by_text("You have withdrawn from Browser mentoring.")).to_be_visible()
    st.audit()
    spare = enroll(cycle, set_profile(make_student(4)), "mentor", capacity=1)
    tab.visit(f"/mentoring/cycles/{cycle.pk}/")
    expect(page.get_by_role("heading", name=re.compile("Needs attention"))).to_be_visible()
    page.get_by_role("link", name="Read and rematch").click()
    tab.audit()
    page.get_by_role("button", name=f"Pair with this mentor {spare.user.get_full_name()}").click()
    expect(page.get_by_text(f"The mentee is paired with {spare.user.get_full_name()}.")).to_be_visible()
    tab.audit()
    assert Mentorship.objects.get(mentee=alice, status=Mentorship.Status.ACTIVE).mentor == spare


def test_a_self_select_mentee_asks_and_the_mentor_accepts(signed_in_page, people):  # noqa: F811
    cycle = make_cycle(by=people.coordinator, mode=MatchingMode.SELF_SELECT, name="Choose your mentor")
    enroll(cycle, set_profile(people.ms1), "mentee")
    sam = enroll(cycle, set_profile(people.ms3), "mentor", capacity=1)
    tab = signed_in_page("ms1")
    page = tab.page
    tab.visit("/mentoring/")
    page.get_by_role("link", name="Choose a mentor").click()
    tab.audit()
    page.get_by_label("A short note (optional)").fill("Hello from Alice")
    page.get_by_role("button", name="Ask Sam Sato").click()
    expect(page.get_by_text("Your request is on its way to Sam Sato.")).to_be_visible()
    tab.audit()
    _switch(tab, people.ms3)
    tab.visit("/mentoring/")
    expect(page.get_by_text("Hello from Alice")).to_be_visible()
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("heading", name="Your mentee: Alice Ames")).to_be_visible()
    tab.audit()
    assert Mentorship.objects.get(mentor=sam).mentee.user == people.ms1
