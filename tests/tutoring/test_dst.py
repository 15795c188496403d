"""Daylight saving: a weekly 18:00 in New York stays 18:00 there and moves in UTC; a viewer in Kolkata
(UTC+5:30, no daylight saving) sees the real instant on their own clock.

The US changes on the first Sunday of November (1 Nov 2026: 18:00 is 22:00 UTC
the Sunday before, 23:00 UTC from then on) and the second Sunday of March
(14 Mar 2027: back from 23:00 to 22:00 UTC). Services are given an explicit
``now``, so these fixed dates are tested whenever the suite runs. The find page
reads the real clock, so its test takes the next US changes after today.
"""

import re
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from huddle.home.feed import feed_for, feed_ics
from huddle.lib.errors import HuddleError
from huddle.tutoring.bookings.services import booking_create, booking_series_create
from huddle.tutoring.models import Booking, Session, Window
from huddle.tutoring.schedule.cutting import cut_window, local_instant
from huddle.tutoring.schedule.services import sessions_cut, window_create
from tests.personas import Personas
from tests.tutoring.factories import live_in, make_student, make_tutor, rules_set, session_on, topic, virtual

pytestmark = pytest.mark.django_db

NEW_YORK, KOLKATA = ZoneInfo("America/New_York"), ZoneInfo("Asia/Kolkata")
SUNDAY, TUESDAY = 6, 1
FALL_BACK, SPRING_FORWARD = date(2026, 11, 1), date(2027, 3, 14)
BEFORE_NOVEMBER = datetime(2026, 10, 20, 9, 0, tzinfo=NEW_YORK)
BEFORE_MARCH = datetime(2027, 3, 1, 9, 0, tzinfo=NEW_YORK)


def utc(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def weekly(weekday: int, first: date, last: date, starts: time = time(18, 0), minutes: int = 60) -> list:
    ends = (datetime.combine(first, starts) + timedelta(minutes=minutes)).time()
    return cut_window(
        weekday=weekday, starts=starts, ends=ends, minutes=minutes, zone=NEW_YORK, first=first, last=last, blocked=set()
    )


# --- Cutting (no database) ------------------------------------------------------------------------


def test_cutting_a_sunday_window_across_the_november_change_moves_it_an_hour_later_in_utc():
    slots = weekly(SUNDAY, date(2026, 10, 18), date(2026, 11, 15))
    assert [s.starts_at for s in slots] == [
        utc(date(2026, 10, 18), 22), utc(date(2026, 10, 25), 22),
        utc(date(2026, 11, 1), 23), utc(date(2026, 11, 8), 23), utc(date(2026, 11, 15), 23),
    ]  # fmt: skip
    assert {s.starts_at.astimezone(NEW_YORK).time() for s in slots} == {time(18, 0)}
    assert {s.ends_at - s.starts_at for s in slots} == {timedelta(hours=1)}


def test_cutting_a_tuesday_window_across_the_march_change_moves_it_an_hour_earlier_in_utc():
    slots = weekly(TUESDAY, date(2027, 3, 1), date(2027, 3, 23))
    assert [s.starts_at for s in slots] == [
        utc(date(2027, 3, 2), 23),
        utc(date(2027, 3, 9), 23),
        utc(date(2027, 3, 16), 22),
        utc(date(2027, 3, 23), 22),
    ]
    assert {s.starts_at.astimezone(NEW_YORK).time() for s in slots} == {time(18, 0)}


def test_a_local_time_that_does_not_exist_is_skipped_and_an_ambiguous_one_is_taken_first():
    assert local_instant(SPRING_FORWARD, time(2, 30), NEW_YORK) is None
    slots = weekly(SUNDAY, date(2027, 3, 7), date(2027, 3, 21), starts=time(2, 30))
    assert [s.starts_at for s in slots] == [utc(date(2027, 3, 7), 7, 30), utc(date(2027, 3, 21), 6, 30)]
    # 01:30 happens twice on 1 November 2026: the first time (still EDT, 05:30 UTC) is the one.
    assert local_instant(FALL_BACK, time(1, 30), NEW_YORK) == utc(FALL_BACK, 5, 30)


def test_every_cut_session_lasts_its_length_even_on_the_nights_the_clocks_change():
    """A 30-minute session must not last 90 minutes because its end fell in the repeated hour."""
    for first in (FALL_BACK, SPRING_FORWARD):
        slots = cut_window(
            weekday=SUNDAY, starts=time(0, 0), ends=time(4, 0), minutes=30, zone=NEW_YORK, first=first, last=first,
            blocked=set(),
        )  # fmt: skip
        assert slots, first
        assert {s.ends_at - s.starts_at for s in slots} == {timedelta(minutes=30)}, first
        for earlier, later in pairwise(slots):
            assert earlier.ends_at <= later.starts_at, (first, earlier, later)


# --- Sessions cut by the service, stored and read back on this database ---------------------------


@pytest.fixture
def sam(people: Personas):
    return make_tutor(live_in(people.ms3, "America/New_York"))


@pytest.fixture
def sundays(sam) -> list[Session]:
    """Sam's Sunday 18:00 window cut in October 2026 and again in March 2027, each with its own ``now``."""
    window_create(
        user=sam.person,
        tutor=sam,
        weekday=SUNDAY,
        starts=time(18, 0),
        ends=time(19, 0),
        session_minutes=60,
        offer=virtual(),
        now=BEFORE_NOVEMBER,
    )
    sessions_cut(tutor=sam, now=BEFORE_MARCH)
    return list(Session.objects.filter(tutor=sam).order_by("starts_at"))


def _on(sessions: list[Session], day: date) -> Session:
    (session,) = [s for s in sessions if s.starts_at.astimezone(NEW_YORK).date() == day]
    return session


def test_the_service_stores_each_sunday_at_18_local_and_the_right_utc_instant(sundays):
    stored = {s.starts_at.astimezone(NEW_YORK).date(): s.starts_at for s in sundays}
    assert {at.astimezone(NEW_YORK).time() for at in stored.values()} == {time(18, 0)}
    assert stored[date(2026, 10, 25)] == utc(date(2026, 10, 25), 22)
    assert stored[FALL_BACK] == utc(FALL_BACK, 23)
    assert stored[date(2026, 11, 8)] == utc(date(2026, 11, 8), 23)
    assert stored[date(2027, 3, 7)] == utc(date(2027, 3, 7), 23)
    assert stored[SPRING_FORWARD] == utc(SPRING_FORWARD, 22)
    assert stored[date(2027, 3, 21)] == utc(date(2027, 3, 21), 22)
    assert all(s.time_zone == "America/New_York" for s in sundays)


def test_a_series_across_the_change_books_the_same_local_hour_every_week(people, sundays):
    first = _on(sundays, date(2026, 10, 25))
    booked = booking_series_create(student=people.ms1, session=first, topic=topic(), weeks=3, now=BEFORE_NOVEMBER)
    assert [b.starts_at.astimezone(NEW_YORK).time() for b in booked] == [time(18, 0)] * 3
    assert [b.starts_at.astimezone(UTC).hour for b in booked] == [22, 23, 23]


def test_a_series_keeps_the_windows_zone_when_the_tutor_moves_to_another(people, sam, sundays):
    """London changes a week before New York: read on a London clock, 18:00 New York is not one time."""
    live_in(sam.person, "Europe/London")
    first = _on(sundays, date(2026, 10, 25))
    booked = booking_series_create(student=people.ms1, session=first, topic=topic(), weeks=3, now=BEFORE_NOVEMBER)
    assert [b.starts_at.astimezone(NEW_YORK).date() for b in booked] == [
        date(2026, 10, 25),
        FALL_BACK,
        date(2026, 11, 8),
    ]


def test_a_window_at_0230_skips_the_night_that_time_does_not_exist(sam):
    window_create(
        user=sam.person,
        tutor=sam,
        weekday=SUNDAY,
        starts=time(2, 30),
        ends=time(3, 30),
        session_minutes=60,
        offer=virtual(),
        now=BEFORE_MARCH,
    )
    window = Window.objects.get(tutor=sam)
    march = [s.starts_at for s in Session.objects.filter(window=window, starts_at__lt=utc(date(2027, 3, 28), 0))]
    assert march == [utc(date(2027, 3, 7), 7, 30), utc(date(2027, 3, 21), 6, 30)]
    with pytest.raises(HuddleError, match="does not exist"):
        session_on(sam, SPRING_FORWARD, time(2, 30), now=BEFORE_MARCH)


# --- What a viewer in Kolkata sees ----------------------------------------------------------------

#: The Sunday 18:00 New York sessions on a Kolkata clock (the next morning): before and after each US change.
KOLKATA_TIMES = {
    date(2026, 10, 25): "03:30",  # EDT: 22:00 UTC
    FALL_BACK: "04:30",  # EST: 23:00 UTC
    date(2027, 3, 7): "04:30",  # EST
    SPRING_FORWARD: "03:30",  # EDT
}


@pytest.fixture
def alices_bookings(people, sundays) -> dict[date, Booking]:
    alice = live_in(people.ms1, "Asia/Kolkata")
    booked = {}
    for day in KOLKATA_TIMES:
        now = BEFORE_NOVEMBER if day.year == 2026 else BEFORE_MARCH
        booked[day] = booking_create(student=alice, session=_on(sundays, day), topic=topic(), now=now)
    return booked


def test_the_feed_gives_the_real_instants(people, alices_bookings):
    body = feed_ics(feed=feed_for(user_id=people.ms1.pk), now=BEFORE_NOVEMBER)
    events = {str(e["UID"]): e for e in Calendar.from_ical(body).walk("VEVENT")}
    for day, booking in alices_bookings.items():
        (event,) = [e for uid, e in events.items() if str(booking.uid) in uid]
        start = event.decoded("DTSTART")
        assert start == booking.starts_at and start.utcoffset() == timedelta(0)
        assert start.astimezone(NEW_YORK).time() == time(18, 0)
        assert start.astimezone(KOLKATA).strftime("%H:%M") == KOLKATA_TIMES[day]
        assert start.astimezone(KOLKATA).date() == day + timedelta(days=1)


_FACT = re.compile(r'<time datetime="([^"]+)">([^<]+)</time>')


def test_the_booking_page_and_the_book_page_show_the_kolkata_clock(client_for, alices_bookings):
    client = client_for("ms1")
    for day, booking in alices_bookings.items():
        next_day = day + timedelta(days=1)
        expected_text = f"{next_day:%A} {next_day.day} {next_day:%B %Y}, {KOLKATA_TIMES[day]}"
        expected_instant = booking.starts_at.astimezone(KOLKATA).isoformat()
        for url in (
            reverse("tutoring:booking", args=[booking.pk]),
            reverse("tutoring:book", args=[booking.session_id]),
        ):
            page = client.get(url)
            assert page.status_code == 200, url
            html = page.content.decode()
            assert (expected_instant, expected_text) in _FACT.findall(html), (url, _FACT.findall(html))
            assert "Times are in your time zone, Asia/Kolkata." in html


def _next_sunday(year: int, month: int, nth: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(SUNDAY - first.weekday()) % 7 + 7 * (nth - 1))


def _next_change(month: int, nth: int, after: date) -> date:
    """The next US change (first Sunday of November, second of March) after ``after``."""
    for year in (after.year, after.year + 1):
        day = _next_sunday(year, month, nth)
        if day > after:
            return day
    raise AssertionError("unreachable")


_TIME = re.compile(r'<time datetime="([^"]+)">(\d\d:\d\d)</time>')


@pytest.mark.parametrize(
    ("month", "nth", "before", "after"), [(11, 1, "03:30", "04:30"), (3, 2, "04:30", "03:30")], ids=["fall", "spring"]
)
def test_the_find_page_shows_the_next_real_change_on_a_kolkata_clock(client_for, people, month, nth, before, after):
    """The week view reads the real clock, so this takes the next US change after today (8+ days ahead)."""
    rules_set(horizon_weeks=56)  # the next change can be up to a year away
    tutor = make_tutor(live_in(make_student(90), "America/New_York"))
    window_create(
        user=tutor.person,
        tutor=tutor,
        weekday=SUNDAY,
        starts=time(18, 0),
        ends=time(19, 0),
        session_minutes=60,
        offer=virtual(),
    )
    live_in(people.ms1, "Asia/Kolkata")
    client = client_for("ms1")
    change = _next_change(month, nth, after=timezone.now().astimezone(NEW_YORK).date() + timedelta(days=8))
    this_monday = timezone.now().astimezone(KOLKATA).date()
    this_monday -= timedelta(days=this_monday.weekday())
    for sunday, expected in ((change - timedelta(days=7), before), (change, after)):
        monday = sunday + timedelta(days=1)  # the Kolkata day the session falls on
        week = (monday - this_monday).days // 7
        page = client.get(reverse("tutoring:find"), {"week": week})
        assert page.status_code == 200
        html = page.content.decode()
        assert "Times are in your time zone, Asia/Kolkata." in html
        starts = _TIME.findall(html)[::2]  # each slot has a start and an end
        instant = datetime.combine(sunday, time(18, 0), tzinfo=NEW_YORK)
        assert (instant.astimezone(KOLKATA).isoformat(), expected) in starts, (sunday, starts)
        assert datetime.fromisoformat(instant.astimezone(KOLKATA).isoformat()) == instant
