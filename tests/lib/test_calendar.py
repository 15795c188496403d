"""Calendar files read back by the ``icalendar`` parser: UIDs, sequences, cancellations, time zones."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from huddle.lib.calendar import calendar_bytes, event_uid
from huddle.lib.registry import CalendarEntry, Recurrence

NY = ZoneInfo("America/New_York")
START = datetime(2031, 3, 4, 17, 30, tzinfo=NY)


def _entry(**changes) -> CalendarEntry:
    fields = {
        "uid": "huddle-test-1@school.test",
        "start": START,
        "end": START + timedelta(hours=1),
        "summary": "Mentoring with Sam Sato",
        "location": "Library, room 204; bring the CV",
        "description": "Line one\nline two, with a comma",
    }
    return CalendarEntry(**(fields | changes))


def _events(data: bytes) -> list:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_it_writes_one_event_per_entry_in_utc():
    (event,) = _events(calendar_bytes([_entry()], name="Huddle"))
    assert str(event["UID"]) == "huddle-test-1@school.test"
    assert event.decoded("DTSTART") == datetime(2031, 3, 4, 22, 30, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2031, 3, 4, 23, 30, tzinfo=UTC)
    assert str(event["LOCATION"]) == "Library, room 204; bring the CV"
    assert str(event["DESCRIPTION"]) == "Line one\nline two, with a comma"
    assert (int(event["SEQUENCE"]), str(event["STATUS"])) == (0, "CONFIRMED")


def test_it_escapes_and_folds_as_clients_expect():
    data = calendar_bytes([_entry(summary="Ünïcödé text, " * 20)])
    lines = data.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert b"LOCATION:Library\\, room 204\\; bring the CV" in data
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_a_moved_event_keeps_its_uid_and_raises_its_sequence():
    (event,) = _events(
        calendar_bytes([_entry(start=START + timedelta(days=1), end=START + timedelta(days=1, hours=1), sequence=2)])
    )
    assert str(event["UID"]) == "huddle-test-1@school.test"
    assert int(event["SEQUENCE"]) == 2


def test_a_cancelled_event_stays_in_the_feed_marked_cancelled():
    (event,) = _events(calendar_bytes([_entry(cancelled=True, sequence=1)]))
    assert str(event["STATUS"]) == "CANCELLED"


def test_a_weekly_event_repeats_at_the_same_local_hour_across_daylight_saving():
    entry = _entry(
        recurrence=Recurrence("WEEKLY", until=datetime(2031, 4, 30, tzinfo=UTC)), time_zone="America/New_York"
    )
    calendar = Calendar.from_ical(calendar_bytes([entry]))
    (event,) = list(calendar.walk("VEVENT"))
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event.decoded("DTSTART").hour == 17
    assert event["RRULE"]["FREQ"] == ["WEEKLY"]
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]


def test_it_refuses_naive_times_and_events_that_end_before_they_start():
    with pytest.raises(ValueError, match="aware"):
        calendar_bytes([_entry(start=datetime(2031, 1, 1), end=datetime(2031, 1, 1, 1))])
    with pytest.raises(ValueError, match="ends before"):
        calendar_bytes([_entry(end=START - timedelta(hours=1))])


def test_a_uid_names_the_row_and_the_school_never_the_time(settings):
    settings.HUDDLE_BASE_URL = "https://huddle.lakeside.edu"
    assert event_uid("mentoring-meeting", 7) == "huddle-mentoring-meeting-7@huddle.lakeside.edu"
