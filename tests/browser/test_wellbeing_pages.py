"""Well-being in a real browser: the crisis page one click away, three weeks of check-ins and
their trend, suppressed totals for staff, and an anonymous story from submission to reading.

Every page is checked by axe and for Content Security Policy violations.
"""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from huddle.wellbeing.checkins.services import checkin_save
from huddle.wellbeing.weeks import this_week
from tests.browser.conftest import UI
from tests.wellbeing.factories import bulk_checkins, make_story, make_students

pytestmark = pytest.mark.browser


def _submit(tab: UI, button: str) -> None:
    with tab.page.expect_navigation():
        tab.page.get_by_role("button", name=button).click()
    tab.audit()


def test_the_crisis_page_is_one_click_from_every_page(tab_for, people):
    story = make_story(people.ms3)
    alice = tab_for("ms1")
    for path in ("/", "/wellbeing/", "/wellbeing/check-in/", f"/wellbeing/stories/{story.pk}/", "/forum/"):
        alice.visit(path)
        bar = alice.page.get_by_role("complementary", name="Crisis support")
        expect(bar.get_by_role("link", name="988")).to_have_attribute("href", "tel:988")
        with alice.page.expect_navigation():
            bar.get_by_role("link", name="Campus lines and all crisis resources").click()
        alice.audit()
        expect(alice.page.get_by_role("heading", name="Crisis resources", level=1)).to_be_visible()
        expect(alice.page.get_by_text("Huddle is not a crisis service")).to_be_visible()


def test_a_student_checks_in_over_three_weeks_and_sees_the_trend(tab_for, people):
    # Two earlier weeks through the service (its week parameter), the third through the page.
    checkin_save(student=people.ms1, burnout=1, stress=2, sleep_hours=8, week=this_week() - timedelta(weeks=2))
    checkin_save(student=people.ms1, burnout=2, stress=3, sleep_hours=7, week=this_week() - timedelta(weeks=1))
    alice = tab_for("ms1")
    alice.visit("/wellbeing/check-in/")
    alice.page.get_by_label("I feel completely burned out", exact=False).check()
    alice.page.get_by_role("group", name="How stressed").get_by_label("4").check()
    alice.page.get_by_label("Hours of sleep").fill("5")
    _submit(alice, "Check in")
    # A concerning answer: resources at once, and an offer that is only an offer.
    expect(alice.page.get_by_role("heading", name="That sounds like a hard week")).to_be_visible()
    expect(alice.page.get_by_text("It is an offer, never a requirement.")).to_be_visible()
    with alice.page.expect_navigation():
        alice.page.get_by_role("link", name="See your year so far").click()
    alice.audit()
    chart = alice.page.get_by_role("img", name="Burnout and stress by week over the last 52 weeks")
    expect(chart).to_be_visible()
    assert chart.locator("circle").count() == 6
    alice.page.get_by_text("The same weeks as a table").click()
    rows = alice.page.get_by_role("table", name="Your check-ins, week by week").locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0).locator("td").first).to_have_text("5")  # newest first


def test_wellbeing_staff_see_nine_students_hidden_with_their_complement(tab_for, people):
    bulk_checkins(make_students(20, 1), burnout=2)
    bulk_checkins(make_students(25, 2, "ok"), burnout=2)
    bulk_checkins(make_students(9, 2, "bad"), burnout=4)
    bulk_checkins(make_students(12, 3), burnout=2)
    will = tab_for("wellbeing")
    will.visit("/wellbeing/totals/")
    table = will.page.get_by_role("table", name="Burnout answers by class year")
    ms2 = table.get_by_role("row", name="MS2")
    expect(ms2.locator("td").nth(3)).to_have_text("hidden")  # the 9 students answering 4
    # Its row shows no other way back to it: a second entry of the row is hidden too.
    hidden_in_row = ms2.locator("td").filter(has_text="hidden")
    assert hidden_in_row.count() >= 2
    assert "9" not in [text.strip() for text in ms2.locator("td").all_inner_texts()]
    expect(table.get_by_role("row", name="MS1").locator("td").nth(1)).to_have_text("20")


def test_a_story_shared_anonymously_is_approved_and_read_as_anonymous(tab_for, people):
    sam = tab_for("ms3")
    sam.visit("/wellbeing/stories/new/")
    sam.page.get_by_label("Title").fill("The week I asked for extra time")
    sam.page.get_by_label("Your story").fill(
        "I put off asking for exam accommodations for a whole year. When I finally asked, it took three weeks "
        "and nobody on faculty learned why. I wish I had asked sooner."
    )
    sam.page.get_by_label("Accommodations").check()
    expect(sam.page.get_by_label("Share anonymously", exact=False)).to_be_checked()
    _submit(sam, "Send for review")
    expect(sam.page.get_by_text("Waiting for review")).to_be_visible()

    will = tab_for("wellbeing")
    will.visit("/wellbeing/stories/review/")
    with will.page.expect_navigation():
        will.page.get_by_role("link", name="The week I asked for extra time").click()
    will.audit()
    _submit(will, "Approve and publish")

    alice = tab_for("ms1")
    alice.visit("/wellbeing/stories/?theme=accommodations")
    with alice.page.expect_navigation():
        alice.page.get_by_role("link", name="The week I asked for extra time").click()
    alice.audit()
    expect(alice.page.get_by_text("Anonymous student")).to_be_visible()
    assert "Sato" not in alice.page.content() and "Sam" not in alice.page.get_by_role("main").inner_text()
    _submit(alice, "This helped me (0)")
    expect(alice.page.get_by_role("button", name="This helped me (1)")).to_have_attribute("aria-pressed", "true")
