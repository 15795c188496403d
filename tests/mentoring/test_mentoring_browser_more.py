"""Two more mentoring walks in a real browser, every page checked with axe.

The early fit check: a mentee answers "not a good fit", her mentor's page
reveals nothing, the coordinator rematches her from "Needs attention".
Self-select: two mentees ask a mentor for his last place; accepting the
second is refused, and two acceptances fired at once fill the place once.
"""

import re
from collections.abc import Callable, Iterator

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from huddle.mentoring.models import (
    Enrollment,
    FitCheck,
    MatchingMode,
    MentorRequest,
    Mentorship,
    RematchRequest,
)
from huddle.mentoring.requests import services as requests_services
from huddle.notifications.models import Notification
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
from tests.mentoring.pair_fixtures import add_meeting, standard_pair

pytestmark = pytest.mark.browser

PRIVATE = "We never find anything to talk about"
REFUSED = re.compile(r"has no place left|That place was just taken")


@pytest.fixture
def tab_for(browser, live_server) -> Iterator[Callable[[object], UI]]:  # noqa: F811
    """``tab_for(user)`` → a tab in its own browser context, signed in as that student."""
    opened: list[tuple[object, UI]] = []

    def make(user: object) -> UI:
        context = browser.new_context(locale="en-US", timezone_id="America/New_York")
        context.set_default_timeout(TIMEOUT_MS)
        context.add_init_script(path=axe.AXE_JS)
        tab = UI(context.new_page(), str(live_server))
        opened.append((context, tab))
        sign_in(tab, user, two_factor=False)
        return tab

    yield make
    try:
        for _context, tab in opened:
            tab.check_unaudited()
    finally:
        for context, _tab in opened:
            context.close()


def test_not_a_good_fit_leads_to_a_private_no_fault_rematch(signed_in_page, tab_for, people):  # noqa: F811
    for person in (people.ms1, people.ms3):
        set_profile(person)
    pair = standard_pair(people)
    add_meeting(pair, by=people.ms3)
    cycle = pair.cycle
    spare = enroll(cycle, make_student(4), "mentor", capacity=2)
    pair_url = reverse("mentoring:pair_detail", args=[pair.pk])

    # Sam's page before anything is answered, to compare with afterwards.
    sam = tab_for(people.ms3)
    sam.visit(pair_url)
    expect(sam.page.get_by_role("heading", name="Is this a good fit?")).to_be_visible()
    sam_before = sam.page.locator("main").inner_text()

    # Alice answers "not a good fit" with a private comment; the answer is no-fault.
    alice = tab_for(people.ms1)
    alice.visit(pair_url)
    ap = alice.page
    ap.get_by_label("Not a good fit").check()
    ap.get_by_label("Anything a coordinator should know? (optional)").fill(PRIVATE)
    ap.get_by_role("button", name="Send answer").click()
    expect(ap.locator("#fit_check")).to_contain_text(
        "Thanks — a coordinator will find you a new match; this is no-fault."
    )
    expect(ap.get_by_role("heading", name="Is this a good fit?")).to_have_count(0)
    alice.audit()
    assert FitCheck.objects.get(mentorship=pair).good_fit is False

    # Sam's page is exactly as it was: no comment, no hint of who answered what.
    sam.visit(pair_url)
    sam_after = sam.page.locator("main").inner_text()
    assert sam_after == sam_before
    assert PRIVATE not in sam.page.content()
    assert not Notification.objects.filter(user__in=[people.ms1, people.ms3]).exists()

    # The coordinator finds the pair under "Needs attention" and rematches Alice.
    tab = signed_in_page("coordinator")
    page = tab.page
    tab.visit(reverse("mentoring:cycle_detail", args=[cycle.pk]))
    attention = page.locator("section", has=page.get_by_role("heading", name=re.compile("Needs attention")))
    expect(attention).to_contain_text("Not a good fit (early check)")
    expect(attention).to_contain_text("mentee Alice Ames")
    attention.get_by_role("link", name="Read and rematch").click()
    tab.audit()
    expect(page.get_by_role("heading", name="Rematch Alice Ames")).to_be_visible()
    expect(page.get_by_text(PRIVATE)).to_be_visible()
    expect(page.get_by_role("button", name="Pair with this mentor Sam Sato")).to_have_count(0)
    page.get_by_role("button", name=f"Pair with this mentor {spare.user.get_full_name()}").click()
    expect(page.get_by_text(f"The mentee is paired with {spare.user.get_full_name()}.")).to_be_visible()
    tab.audit()
    expect(page.get_by_role("link", name="Read and rematch")).to_have_count(0)

    # Alice sees her new mentor.
    alice.visit("/mentoring/")
    expect(ap.get_by_role("heading", name=f"Your mentor: {spare.user.get_full_name()}")).to_be_visible()

    pair.refresh_from_db()
    assert pair.status == Mentorship.Status.COMPLETED_EARLY
    assert pair.ended_at is not None and not pair.needs_rematch
    new = Mentorship.objects.get(mentee=pair.mentee, status=Mentorship.Status.ACTIVE)
    assert new.mentor == spare
    request = RematchRequest.objects.get(mentorship=pair)
    assert request.kind == RematchRequest.Kind.FIT_CHECK
    assert request.resolved_at is not None and request.resolved_by == people.coordinator


def _self_select_cycle(people):
    cycle = make_cycle(by=people.coordinator, mode=MatchingMode.SELF_SELECT, name="Pick a near-peer")
    alice = enroll(cycle, set_profile(people.ms1), "mentee")
    bob = enroll(cycle, make_student(1), "mentee")
    sam = enroll(cycle, set_profile(people.ms3), "mentor", capacity=1)
    return cycle, alice, bob, sam


def _ask(tab: UI, mentor_name: str) -> None:
    tab.visit("/mentoring/")
    tab.page.get_by_role("link", name="Choose a mentor").click()
    tab.audit()
    tab.page.get_by_role("button", name=f"Ask {mentor_name}").click()
    expect(tab.page.get_by_text(f"Your request is on its way to {mentor_name}.")).to_be_visible()
    tab.audit()


def _active_mentees(mentor: Enrollment) -> int:
    return Mentorship.objects.filter(mentor=mentor, status=Mentorship.Status.ACTIVE).count()


def test_the_second_acceptance_of_the_last_place_is_refused(signed_in_page, tab_for, people):  # noqa: F811
    _cycle, alice, bob, sam = _self_select_cycle(people)
    bob_name = bob.user.get_full_name()

    # Both mentees ask Sam, each in their own browser.
    _ask(tab_for(people.ms1), "Sam Sato")
    bob_tab = tab_for(bob.user)
    _ask(bob_tab, "Sam Sato")
    assert MentorRequest.objects.filter(mentor=sam, status=MentorRequest.Status.PENDING).count() == 2

    # Sam accepts Alice; his one place is taken.
    tab = signed_in_page("ms3")
    page = tab.page
    tab.visit("/mentoring/")
    page.locator("li", has_text="Alice Ames").get_by_role("button", name="Accept").click()
    expect(page.get_by_text("Your answer is sent.")).to_be_visible()
    expect(page.get_by_role("heading", name="Your mentee: Alice Ames")).to_be_visible()
    tab.audit()

    # Sam is full, so Bob's request ends at once: no Accept button that must fail.
    expect(page.locator("li", has_text=bob_name).get_by_role("button", name="Accept")).to_have_count(0)
    assert MentorRequest.objects.get(mentor=sam, mentee=bob).status == MentorRequest.Status.DECLINED
    assert Notification.objects.filter(user=bob.user, title__contains="has no place left").exists()
    assert _active_mentees(sam) == 1
    assert Mentorship.objects.get(mentor=sam, status=Mentorship.Status.ACTIVE).mentee == alice
    assert not Mentorship.objects.filter(mentee=bob).exists()

    # Bob no longer finds Sam among the mentors with a place left.
    bob_tab.visit(reverse("mentoring:browse_mentors", args=[sam.cycle_id]))
    expect(bob_tab.page.get_by_role("button", name="Ask Sam Sato")).to_have_count(0)


def test_two_acceptances_at_the_same_moment_fill_the_last_place_once(tab_for, people):
    _cycle, alice, bob, sam = _self_select_cycle(people)
    for mentee in (alice, bob):
        requests_services.mentor_request_create(mentee=mentee, mentor=sam, message="", by=mentee.user)

    # Sam, signed in twice, has both requests open side by side.
    tabs = [tab_for(people.ms3), tab_for(people.ms3)]
    buttons = []
    for tab, mentee in zip(tabs, (alice, bob), strict=True):
        tab.visit("/mentoring/")
        buttons.append(
            tab.page.locator("li", has_text=mentee.user.get_full_name()).get_by_role("button", name="Accept")
        )
        expect(buttons[-1]).to_be_visible()

    # Submit both forms without waiting in between, then wait for both answers.
    with tabs[0].page.expect_navigation(), tabs[1].page.expect_navigation():
        for button in buttons:
            button.evaluate("b => b.form.requestSubmit(b)")
    said = []
    for tab in tabs:
        tab.audit()
        said.append(tab.page.locator(".messages").inner_text())

    assert sum("Your answer is sent." in text for text in said) == 1, said
    assert sum(bool(REFUSED.search(text)) for text in said) == 1, said
    assert _active_mentees(sam) == 1
    assert MentorRequest.objects.filter(mentor=sam, status=MentorRequest.Status.ACCEPTED).count() == 1
