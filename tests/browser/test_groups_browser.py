"""Study groups in a real browser: finding a group that fits, joining it, a weekly session in the feed;
a coordinator forming the demo MS1 cohort's groups from its pool.

Alice (MS1) paints Tuesday and Thursday evenings. She asks "Fits my week"
and finds Sam's Cardio crew (Tuesday evenings) but not the Saturday-night
group; she asks to join with a note, Sam approves her, schedules a weekly
session, and Alice answers "Going" for the whole series. Her calendar feed,
fetched over real HTTP, then carries every session of it. In the second
test the demo school's groups step is seeded; Alice opts in to the MS1 pool
with her profile's week pre-filled; Cora (coordinator) forms the groups,
moves one student, publishes, and Alice finds her new group on her page.
Every page is checked by axe and for CSP.
"""

import urllib.request
from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from huddle.accounts.models import Profile
from huddle.groups.models import GroupSession, Membership, Pool, PoolEntry, ProposedMember, Rsvp, StudyGroup
from huddle.home.models import CalendarFeed
from huddle.lib.registry import DemoSize
from tests.browser.conftest import click_and_audit
from tests.groups.factories import details, evenings
from tests.personas import Personas

pytestmark = pytest.mark.browser


def _paint(person: object, week: int) -> None:
    from huddle.groups.weeks import week_bytes

    Profile.objects.filter(user=person).update(availability=week_bytes(week), time_zone="America/New_York")


def test_find_a_group_that_fits_ask_be_approved_rsvp_weekly_and_see_it_in_the_feed(
    tab_for, people: Personas, live_server
) -> None:
    from huddle.groups.setup.services import group_create
    from huddle.groups.weeks import week_bytes

    _paint(people.ms1, evenings(1, 3))
    _paint(people.ms3, evenings(1, 3, 5))
    crew = group_create(
        organiser=people.ms3,
        details=details(name="Cardio crew", capacity=5, join_policy="request", meeting_week=week_bytes(evenings(1))),
    )
    group_create(
        organiser=people.ms3,
        details=details(
            name="Saturday night owls", meeting_week=week_bytes(evenings(5, starts=time(21), ends=time(23)))
        ),
    )

    alice = tab_for("ms1")
    alice.visit("/groups/find/")
    expect(alice.page.locator("#results")).to_contain_text("Saturday night owls")
    alice.page.get_by_label("Fits my week").check()
    click_and_audit(alice, lambda: alice.page.get_by_role("button", name="Show groups").click())
    results = alice.page.locator("#results")
    expect(results).to_contain_text("Cardio crew")
    expect(results).not_to_contain_text("Saturday night owls")
    expect(results).to_contain_text("2 h a week shared with your availability")
    click_and_audit(alice, lambda: results.get_by_role("link", name="Cardio crew").click())
    alice.page.get_by_label("A note to the organisers").fill("MS1, block 2; I make good flashcards.")
    click_and_audit(alice, lambda: alice.page.get_by_role("button", name="Ask to join").click())
    request = Membership.objects.get(group=crew, person=people.ms1)
    assert request.status == Membership.Status.REQUESTED

    sam = tab_for("ms3")
    sam.visit(reverse("groups:group", args=[crew.pk]))
    expect(sam.page.locator("main")).to_contain_text("I make good flashcards")
    click_and_audit(sam, lambda: sam.page.get_by_role("button", name="Approve").click())
    request.refresh_from_db()
    assert request.status == Membership.Status.ACTIVE

    # A weekly Tuesday 18:00 series for four weeks, from next week's Tuesday.
    today = timezone.localdate()
    first = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
    sam.visit(reverse("groups:session_new", args=[crew.pk]))
    sam.page.get_by_label("Date").fill(first.isoformat())
    sam.page.get_by_label("Starts").fill("18:00")
    sam.page.get_by_label("Ends").fill("19:30")
    sam.page.get_by_label("Title").fill("Murmurs and valves")
    sam.page.get_by_label("Meeting link").fill("https://meet.example.edu/cardio")
    sam.page.get_by_label("Repeat every week").check()
    sam.page.get_by_label("Last weekly session on").fill((first + timedelta(weeks=3)).isoformat())
    click_and_audit(sam, lambda: sam.page.get_by_role("button", name="Schedule and tell the members").click())
    sessions = list(GroupSession.objects.filter(group=crew).order_by("starts_at"))
    assert len(sessions) == 4 and len({s.series for s in sessions}) == 1

    alice.visit(reverse("groups:session", args=[sessions[0].pk]))
    alice.page.get_by_role("button", name="Going to this and all following").click()
    # htmx swaps the answers in place; wait for the swapped block to show "Going" pressed.
    expect(alice.page.locator("#rsvp button[aria-pressed='true']")).to_have_text("Going")
    assert Rsvp.objects.filter(person=people.ms1, answer="yes").count() == 4

    feed = CalendarFeed.objects.create(user=people.ms1)
    url = f"{live_server.url}{reverse('calendar_feed', args=[feed.token])}"
    with urllib.request.urlopen(url) as response:  # noqa: S310 (the live test server)
        calendar = Calendar.from_ical(response.read())
    events = [e for e in calendar.walk("VEVENT") if "Murmurs and valves" in str(e.get("summary"))]
    assert sorted(e.decoded("dtstart") for e in events) == [s.starts_at for s in sessions]


def test_a_coordinator_forms_the_demo_ms1_pool_moves_one_publishes_and_members_see_their_group(
    tab_for, people: Personas, taxonomies: object
) -> None:
    from huddle.accounts.demo import build_demo_school
    from huddle.groups.demo import demo_groups_step

    size = DemoSize(students=120, faculty=8)
    build_demo_school(seed=size.seed, students=size.students, faculty=size.faculty)
    demo_groups_step(size)
    _paint(people.ms1, evenings(0, 1, 2, 3))
    pool = Pool.objects.get(class_year=1)

    alice = tab_for("ms1")
    alice.visit(reverse("groups:opt_in", args=[pool.pk]))
    alice.page.get_by_label("Your goal").select_option("block_exam")
    click_and_audit(alice, lambda: alice.page.get_by_role("button", name="Opt in", exact=True).click())
    assert PoolEntry.objects.filter(pool=pool, student=people.ms1).exists()

    cora = tab_for("coordinator")
    cora.visit(reverse("groups:pool", args=[pool.pk]))
    click_and_audit(cora, lambda: cora.page.get_by_role("button", name="Form groups").click())
    cora.visit(reverse("groups:pool_proposal", args=[pool.pk]))
    expect(cora.page.locator("main")).to_contain_text("Group 1")
    # Move the first student of group 1 to group 2.
    mover = ProposedMember.objects.filter(proposed_group__pool=pool, proposed_group__number=1).first()
    assert mover is not None
    target = pool.proposed_groups.get(number=2)
    form = cora.page.locator("#group-1 form.move-form")
    form.get_by_label("Student").select_option(str(mover.entry_id))
    form.get_by_label("Move to").select_option(str(target.pk))
    click_and_audit(cora, lambda: form.get_by_role("button", name="Move").click())
    mover.refresh_from_db()
    assert mover.proposed_group_id == target.pk

    cora.page.once("dialog", lambda dialog: dialog.accept())
    click_and_audit(cora, lambda: cora.page.get_by_role("button", name="Publish the groups").click())
    pool.refresh_from_db()
    assert pool.status == Pool.Status.PUBLISHED
    mine = StudyGroup.objects.get(pool=pool, memberships__person=people.ms1, memberships__status="active")

    alice.visit("/groups/")
    expect(alice.page.locator("main")).to_contain_text(mine.name)
    click_and_audit(alice, lambda: alice.page.get_by_role("link", name=mine.name).first.click())
    expect(alice.page.get_by_role("heading", level=1)).to_contain_text(mine.name)
