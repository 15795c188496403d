"""Peer tutoring in a real browser, from an application to the coordinator's hours report.

Sam (MS3) passed the Peer tutoring skills module, applies to tutor
Cardiology, and Cora (coordinator) approves him. Sam opens a weekly window;
Alice (MS1) finds the session in the week view and books it. The reminder a
day before leaves through a real SMTP server with the calendar file. Time is
then moved on (the session's rows are set to have started an hour ago, as
the server's clock cannot be), Sam records attendance and notes, Alice reads
them and rates the session, and Cora finds Sam's hour in the report. A
second test fills a small-group session and lets a cancellation promote the
first person on its waitlist. Every page is checked by axe and for CSP.
"""

from datetime import timedelta
from email.message import EmailMessage

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from huddle.tutoring.bookings.services import booking_create
from huddle.tutoring.emails.tasks import sweep_now
from huddle.tutoring.models import Booking, Session, TutorSubject
from tests.browser.conftest import UI, click_and_audit
from tests.personas import Personas, make_person
from tests.smtp import SmtpSink, smtp_sink  # noqa: F401 (fixture)
from tests.tutoring.factories import make_session, make_tutor, topic, trained

pytestmark = pytest.mark.browser


def _find_and_open_booking_link(tab: UI, name: str) -> None:
    """The week view of open sessions; the session may fall in next week."""
    tab.visit("/tutoring/find/")
    link = tab.page.get_by_role("link", name=name)
    if link.count() == 0:
        click_and_audit(tab, lambda: tab.page.get_by_role("link", name="Next week").click())
    click_and_audit(tab, lambda: tab.page.get_by_role("link", name=name).first.click())


def _attachment(message: EmailMessage) -> Calendar:
    part = next(p for p in message.iter_attachments() if p.get_filename() == "session.ics")
    return Calendar.from_ical(part.get_content())


def test_apply_approve_publish_book_remind_complete_rate_report(
    tab_for, people: Personas, smtp_sink: SmtpSink  # noqa: F811 (the fixture imported above)
) -> None:
    trained(people.ms3)
    cardiology = topic("Cardiology")

    sam = tab_for("ms3")
    sam.visit("/tutoring/apply/")
    sam.page.get_by_label("Cardiology").check()
    sam.page.get_by_label("Why you want to tutor").fill("I loved the cardiovascular block and drew every murmur.")
    click_and_audit(sam, lambda: sam.page.get_by_role("button", name="Apply").click())

    cora = tab_for("coordinator")
    cora.visit("/tutoring/manage/tutors/")
    application = cora.page.locator("form", has=cora.page.get_by_role("button", name="Approve")).first
    click_and_audit(cora, lambda: application.get_by_role("button", name="Approve").click())
    assert TutorSubject.objects.get(topic=cardiology).status == TutorSubject.Status.APPROVED

    day = (timezone.localtime() + timedelta(days=3)).weekday()
    sam.visit("/tutoring/tutor/windows/")
    sam.page.get_by_label("Day", exact=True).select_option(str(day))
    sam.page.get_by_role("textbox", name="From", exact=True).fill("18:00")
    sam.page.get_by_role("textbox", name="Until", exact=True).fill("19:00")
    sam.page.get_by_label("Virtual").check()
    sam.page.get_by_label("Meeting link").fill("https://video.school.test/sam")
    click_and_audit(sam, lambda: sam.page.get_by_role("button", name="Add and open sessions").click())
    assert Session.objects.filter(tutor__person=people.ms3).count() >= 4

    alice = tab_for("ms1")
    _find_and_open_booking_link(alice, "Book 18:00 with Sam Sato")
    alice.page.get_by_label("What would you like to cover?").fill("Heart sounds: S3 versus S4")
    click_and_audit(alice, lambda: alice.page.get_by_role("button", name="Book", exact=True).click())
    expect(alice.page.get_by_role("heading", level=1)).to_have_text("Cardiology with Sam Sato")
    booking = Booking.objects.get(student=people.ms1, status=Booking.Status.BOOKED)

    confirmation = [m for m in smtp_sink.messages if m["To"] == people.ms1.email]
    assert [m["Subject"].startswith("[Huddle] Booked: Cardiology") for m in confirmation] == [True]
    sent = sweep_now(now=booking.starts_at - timedelta(hours=23))
    assert sent == 1
    reminder = [m for m in smtp_sink.messages if m["To"] == people.ms1.email][-1]
    assert "Tomorrow: Cardiology tutoring" in reminder["Subject"]
    event = next(iter(_attachment(reminder).walk("VEVENT")))
    assert event.decoded("dtstart") == booking.starts_at

    # The session has begun: its rows are moved back, as the live server's clock cannot be moved on.
    shift = booking.starts_at - (timezone.now() - timedelta(hours=1))
    Session.objects.filter(pk=booking.session_id).update(
        starts_at=booking.starts_at - shift, ends_at=booking.ends_at - shift
    )
    Booking.objects.filter(pk=booking.pk).update(starts_at=booking.starts_at - shift, ends_at=booking.ends_at - shift)

    sam.visit(f"/tutoring/sessions/{booking.session_id}/")
    sam.page.get_by_label("Minutes tutored").fill("60")
    sam.page.get_by_label("Alice Ames came").check()
    sam.page.get_by_label("Notes for Alice Ames").fill("Practise the S3/S4 audio drills before the block exam.")
    click_and_audit(sam, lambda: sam.page.get_by_role("button", name="Save attendance and minutes").click())

    alice.visit(f"/tutoring/bookings/{booking.pk}/")
    expect(alice.page.locator("main")).to_contain_text("Practise the S3/S4 audio drills")
    alice.page.get_by_label("5 – excellent").check()
    alice.page.get_by_label("Comment (optional)").fill("Clear and patient.")
    click_and_audit(alice, lambda: alice.page.get_by_role("button", name="Send rating").click())
    assert Booking.objects.get(pk=booking.pk).rating.stars == 5

    cora.visit("/tutoring/manage/reports/")
    hours = cora.page.locator("section", has=cora.page.get_by_role("heading", name="Tutor hours"))
    expect(hours).to_contain_text("Sam Sato")
    expect(hours).to_contain_text("Cardiology")
    expect(hours.get_by_role("link", name="Download as CSV")).to_be_visible()


def test_a_full_group_sessions_waitlist_promotes_on_a_cancellation(tab_for, people: Personas) -> None:
    tutor = make_tutor(people.ms3, topic("Pharmacology"))
    session = make_session(tutor, capacity=2)
    maya = make_person("maya@school.test", "Maya", "Moss", ["student"], 2)
    booking_create(student=maya, session=session, topic=topic("Pharmacology"))

    alice = tab_for("ms1")
    alice.visit(f"/tutoring/sessions/{session.pk}/book/")
    click_and_audit(alice, lambda: alice.page.get_by_role("button", name="Book", exact=True).click())
    expect(alice.page.get_by_role("heading", level=1)).to_have_text("Pharmacology with Sam Sato")
    alice_booking = Booking.objects.get(student=people.ms1)

    bo = make_person("bo@school.test", "Bo", "Berg", ["student"], 1)
    people.ms1, saved = bo, people.ms1  # tab_for signs in the persona named "ms1": Bo, for one tab
    try:
        bo_tab = tab_for("ms1")
    finally:
        people.ms1 = saved
    bo_tab.visit(f"/tutoring/sessions/{session.pk}/book/")
    bo_tab.page.get_by_label("Put me on the waitlist").check()
    click_and_audit(bo_tab, lambda: bo_tab.page.get_by_role("button", name="Join the waitlist").click())
    assert Booking.objects.get(student=bo).status == Booking.Status.WAITLISTED

    alice.visit(f"/tutoring/bookings/{alice_booking.pk}/")
    alice.page.once("dialog", lambda dialog: dialog.accept())
    click_and_audit(alice, lambda: alice.page.get_by_role("button", name="Cancel my booking").click())

    bo_tab.visit("/tutoring/bookings/")
    expect(bo_tab.page.locator("main")).to_contain_text("Pharmacology")
    promoted = Booking.objects.get(student=bo)
    assert promoted.status == Booking.Status.BOOKED and promoted.seat is not None
    assert Booking.objects.filter(session=session, status=Booking.Status.BOOKED).count() == 2
