"""iCalendar files (RFC 5545) from calendar entries, written with the ``icalendar`` package.

Subscribed calendars keep what they once saw, so three rules matter: an
event keeps its UID for life (a moved meeting is the same event with a
higher ``SEQUENCE``), a cancelled event stays in the feed with
``STATUS:CANCELLED`` until it is past, and a recurring event carries its
time zone (with a ``VTIMEZONE``) so it repeats at the same local hour
across daylight-saving changes. The package does the escaping and folding
that clients are strict about.
"""

from collections.abc import Iterable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import Alarm, Calendar, Event, vRecur

from huddle.lib.registry import CalendarEntry
from huddle.lib.urls import site_host

PRODID = "-//Huddle//Peer support//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def _event(entry: CalendarEntry, *, stamp: datetime) -> Event:
    start, end = entry.start, entry.end
    if timezone.is_naive(start) or timezone.is_naive(end):
        raise ValueError("Calendar entries need time-zone-aware times.")
    if end <= start:
        raise ValueError(f"Calendar entry {entry.uid} ends before it starts.")
    if entry.recurrence is not None and entry.time_zone:
        zone = ZoneInfo(entry.time_zone)
        start, end = start.astimezone(zone), end.astimezone(zone)
    else:
        start, end = start.astimezone(UTC), end.astimezone(UTC)
    event = Event.new(
        uid=entry.uid,
        start=start,
        end=end,
        summary=str(entry.summary),
        sequence=entry.sequence,
        stamp=stamp,
        location=entry.location or None,
        description=str(entry.description) or None,
        url=entry.url or None,
    )
    if entry.updated is not None:
        event.add("last-modified", entry.updated.astimezone(UTC))
    event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    if entry.recurrence is not None:
        rule: dict[str, object] = {"FREQ": entry.recurrence.freq, "UNTIL": entry.recurrence.until.astimezone(UTC)}
        if entry.recurrence.interval > 1:
            rule["INTERVAL"] = entry.recurrence.interval
        event.add("rrule", vRecur(rule))
    for before in entry.alarms:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", str(entry.summary))
        alarm.add("trigger", -before)
        event.add_component(alarm)
    return event


def calendar_bytes(entries: Iterable[CalendarEntry], *, name: str = "", now: datetime | None = None) -> bytes:
    """A VCALENDAR with one VEVENT per entry (and the VTIMEZONEs recurring ones need)."""
    stamp = (now or timezone.now()).astimezone(UTC)
    calendar = Calendar.new(prodid=PRODID, name=name or None)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    for entry in entries:
        calendar.add_component(_event(entry, stamp=stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def event_uid(kind: str, pk: int) -> str:
    """A UID for life: the row's kind and id at this school's host, never its time."""
    return f"huddle-{kind}-{pk}@{site_host()}"
