"""Group sessions in the personal calendar feed (``/calendar/<secret>.ics``), read as a calendar app reads it.

Every session of the groups I am a member of, scheduled or cancelled; the UID is for life, a change raises
SEQUENCE, a cancellation stays as STATUS:CANCELLED; a reminder an hour before only where I said I'm going.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from huddle.groups.membership.services import membership_leave
from huddle.groups.models import GroupSession
from huddle.groups.sessions.calendar import group_calendar_entries
from huddle.groups.sessions.services import rsvp_set, session_cancel, session_schedule, session_update
from huddle.home.feed import feed_for, feed_ics
from huddle.lib.urls import site_host
from tests.groups.factories import make_group, make_sessions, make_student
from tests.personas import Personas

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")


def feed_events(person) -> dict[str, object]:
    """The person's feed over HTTP with no session, only the secret address."""
    response = Client().get(reverse("calendar_feed", args=[feed_for(user_id=person.pk).token]))
    assert response.status_code == 200
    return {str(e["UID"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}


def uid(session: GroupSession) -> str:
    return f"huddle-group-session-{session.uid}@{site_host()}"


def alarms(event) -> list[timedelta]:
    return sorted(alarm.decoded("TRIGGER") for alarm in event.walk("VALARM"))


@pytest.fixture
def group(people: Personas):
    """Sam (MS3) organises; Alice (MS1) is a member."""
    from huddle.groups.membership.services import membership_join

    group = make_group(people.ms3)
    membership_join(person=people.ms1, group=group)
    return group


def test_a_weekly_series_is_in_every_members_feed(people, group):
    rows = make_sessions(
        group,
        weeks=3,
        title="Renal review",
        agenda="Acid-base",
        place="Library room 2",
        meeting_link="https://m.example.edu/r",
    )
    for person in (people.ms1, people.ms3):
        events = feed_events(person)
        mine = {key: e for key, e in events.items() if key.startswith("huddle-group-session-")}
        assert sorted(mine) == sorted(uid(r) for r in rows)
    event = feed_events(people.ms1)[uid(rows[0])]
    assert event.decoded("DTSTART") == rows[0].starts_at and event.decoded("DTEND") == rows[0].ends_at
    assert str(event["SUMMARY"]) == "Cardio crew: Renal review"
    assert str(event["LOCATION"]) == "Library room 2 · https://m.example.edu/r"
    assert str(event["DESCRIPTION"]) == "Acid-base"
    assert str(event["URL"]).endswith(f"/groups/sessions/{rows[0].pk}/")
    assert (str(event["STATUS"]), int(event["SEQUENCE"])) == ("CONFIRMED", 0)
    assert alarms(event) == []


def test_an_untitled_session_is_a_study_session(people, group):
    [session] = make_sessions(group)
    assert str(feed_events(people.ms1)[uid(session)]["SUMMARY"]) == "Cardio crew: Study session"


def test_a_reminder_an_hour_before_only_where_i_am_going_and_not_going_still_shows(people, group):
    going, maybe, declined = make_sessions(group, weeks=3)
    rsvp_set(person=people.ms1, session=going, answer="yes")
    rsvp_set(person=people.ms1, session=maybe, answer="maybe")
    rsvp_set(person=people.ms1, session=declined, answer="no")
    events = feed_events(people.ms1)
    assert alarms(events[uid(going)]) == [timedelta(hours=-1)]
    assert alarms(events[uid(maybe)]) == []
    assert str(events[uid(declined)]["STATUS"]) == "CONFIRMED" and alarms(events[uid(declined)]) == []
    assert alarms(feed_events(people.ms3)[uid(going)]) == []  # Sam did not answer


def test_a_cancelled_session_stays_as_cancelled_with_a_higher_sequence(people, group):
    rows = make_sessions(group, weeks=2)
    rsvp_set(person=people.ms1, session=rows[0], answer="yes", scope="following")
    before = feed_events(people.ms1)[uid(rows[0])]
    session_cancel(actor=people.ms3, session=rows[0], scope="this")
    events = feed_events(people.ms1)
    after = events[uid(rows[0])]
    assert str(before["STATUS"]) == "CONFIRMED" and str(after["STATUS"]) == "CANCELLED"
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert alarms(after) == []
    assert str(events[uid(rows[1])]["STATUS"]) == "CONFIRMED"


def test_a_moved_session_is_the_same_event_at_its_new_time(people, group):
    [session] = make_sessions(group)
    local = session.starts_at.astimezone(NEW_YORK)
    [moved] = session_update(
        actor=people.ms3,
        session=session,
        scope="this",
        starts_on=local.date(),
        starts=time(19, 30),
        minutes=60,
        title="",
        agenda="",
        place="",
        meeting_link="",
    )
    event = feed_events(people.ms1)[uid(session)]
    assert event.decoded("DTSTART") == moved.starts_at and moved.starts_at.astimezone(NEW_YORK).time() == time(19, 30)
    assert int(event["SEQUENCE"]) == 1


def test_outsiders_and_people_who_left_do_not_get_the_groups_sessions(people, group):
    [session] = make_sessions(group)
    assert uid(session) not in feed_events(make_student())
    membership_leave(person=people.ms1, group=group)
    assert uid(session) not in feed_events(people.ms1)


def test_the_feed_keeps_1800_new_york_across_the_november_change(people, group):
    october = datetime(2026, 10, 1, 9, tzinfo=NEW_YORK)
    rows = session_schedule(
        actor=people.ms3,
        group=group,
        starts_on=date(2026, 10, 27),
        starts=time(18),
        minutes=60,
        weekly_until=date(2026, 11, 3),
        now=october,
    )
    ics = feed_ics(feed=feed_for(user_id=people.ms1.pk), now=october)
    events = {str(e["UID"]): e for e in Calendar.from_ical(ics).walk("VEVENT")}
    starts = [events[uid(r)].decoded("DTSTART") for r in rows]
    assert starts == [datetime(2026, 10, 27, 22, tzinfo=UTC), datetime(2026, 11, 3, 23, tzinfo=UTC)]
    assert {s.astimezone(NEW_YORK).time() for s in starts} == {time(18)}


@pytest.mark.parametrize("size", [2, 20])
def test_the_entries_are_one_query(size, people, django_assert_num_queries):
    from huddle.groups.membership.services import membership_join

    for _ in range(size // 2):
        group = make_group()
        membership_join(person=people.ms1, group=group)
        rows = make_sessions(group, weeks=2)
        rsvp_set(person=people.ms1, session=rows[0], answer="yes")
    now = datetime.now(UTC)
    with django_assert_num_queries(1):
        entries = group_calendar_entries(user=people.ms1, start=now, end=now + timedelta(days=60))
    assert len(entries) == size
    assert sum(1 for e in entries if e.alarms) == size // 2
