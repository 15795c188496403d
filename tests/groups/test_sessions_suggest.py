"""Suggested times from hand-painted weeks: the exact answer, the night left out, zones and DST, counts only."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from huddle.groups.membership.services import membership_join
from huddle.groups.sessions.selectors import member_weeks, suggestions_for_group
from huddle.groups.sessions.suggest import SuggestedTime, suggested_times
from huddle.groups.weeks import span
from tests.groups.factories import evenings, make_group, make_student

NEW_YORK = "America/New_York"
MONDAY, TUESDAY, WEDNESDAY, THURSDAY, SATURDAY = 0, 1, 2, 3, 5
#: Monday 7 December 2026, 08:00 in New York: no clock change in the next two weeks.
AT = datetime(2026, 12, 7, 8, 0, tzinfo=ZoneInfo(NEW_YORK))


def week(*spans: tuple[int, time, time]) -> int:
    out = 0
    for day, starts, ends in spans:
        out |= span(day, starts, ends)
    return out


def picks(found: list[SuggestedTime]) -> list[tuple[int, time, int, int]]:
    return [(s.weekday, s.starts, s.free, s.total) for s in found]


def test_the_top_five_for_a_hand_made_group():
    weeks = [
        week((TUESDAY, time(18), time(20)), (THURSDAY, time(18), time(21))),
        week((TUESDAY, time(18), time(20)), (THURSDAY, time(19), time(21))),
        week((TUESDAY, time(18), time(19, 30)), (SATURDAY, time(10), time(12))),
        week((THURSDAY, time(19), time(21)), (SATURDAY, time(10), time(12))),
        0,  # gave no availability: counted in the total, never free
    ]
    found = suggested_times(weeks=weeks, minutes=60, zone=NEW_YORK, at=AT)
    # Three free: Tuesday 18:00 (18:30 overlaps it), Thursday 19:00 and 20:00 (19:30 overlaps both).
    # Then two free: Tuesday 19:00 (after the 18:00 one) and Saturday 10:00 (daytime, so after the evenings).
    assert picks(found) == [
        (TUESDAY, time(18), 3, 5),
        (THURSDAY, time(19), 3, 5),
        (THURSDAY, time(20), 3, 5),
        (TUESDAY, time(19), 2, 5),
        (SATURDAY, time(10), 2, 5),
    ]
    assert [s.on.isoformat() for s in found] == ["2026-12-08", "2026-12-10", "2026-12-10", "2026-12-08", "2026-12-12"]
    assert picks(suggested_times(weeks=weeks, minutes=60, zone=NEW_YORK, at=AT, limit=2)) == picks(found)[:2]


def test_a_90_minute_session_needs_three_free_half_hours():
    weeks = [week((TUESDAY, time(18), time(19, 30))), week((TUESDAY, time(18), time(20)))]
    assert picks(suggested_times(weeks=weeks, minutes=90, zone=NEW_YORK, at=AT)) == [(TUESDAY, time(18), 2, 2)]


def test_never_between_2300_and_0700_and_evening_before_late_evening():
    everyone = week((WEDNESDAY, time(0), time(8)), (WEDNESDAY, time(20), time(0)))
    found = suggested_times(weeks=[everyone] * 3, minutes=60, zone=NEW_YORK, at=AT)
    assert picks(found) == [
        (WEDNESDAY, time(20), 3, 3),  # evening
        (WEDNESDAY, time(7), 3, 3),  # daytime
        (WEDNESDAY, time(21), 3, 3),  # late evening, last
        (WEDNESDAY, time(22), 3, 3),  # ends at 23:00
    ]


def test_times_are_on_the_groups_clock_when_it_is_not_the_schools():
    # Free Tuesday 13:00–15:00 in New York = 18:00–20:00 in London in December.
    weeks = [week((TUESDAY, time(13), time(15)))] * 2
    found = suggested_times(weeks=weeks, minutes=60, zone="Europe/London", at=AT)
    assert picks(found) == [(TUESDAY, time(18), 2, 2), (TUESDAY, time(19), 2, 2)]


def test_the_same_weekly_hour_is_checked_on_each_side_of_a_clock_change():
    # London goes back on 25 Oct 2026, New York on 1 Nov: in between, London is 4 hours ahead, not 5.
    at = datetime(2026, 10, 26, 8, 0, tzinfo=ZoneInfo(NEW_YORK))
    weeks = [week((TUESDAY, time(14), time(15)))] * 2  # New York time
    found = suggested_times(weeks=weeks, minutes=60, zone="Europe/London", at=at)
    # Tuesday 27 Oct: 14:00 New York is 18:00 London; the Tuesday after the change, 19:00. The first date wins.
    assert picks(found) == [(TUESDAY, time(18), 2, 2)]
    assert found[0].on.isoformat() == "2026-10-27"


def test_nobody_or_one_person_free_suggests_nothing():
    assert suggested_times(weeks=[], minutes=60, zone=NEW_YORK, at=AT) == []
    assert suggested_times(weeks=[0, 0], minutes=60, zone=NEW_YORK, at=AT) == []
    lonely = [week((MONDAY, time(18), time(20))), 0]
    assert suggested_times(weeks=lonely, minutes=60, zone=NEW_YORK, at=AT) == []
    assert picks(suggested_times(weeks=lonely[:1], minutes=60, zone=NEW_YORK, at=AT))[0] == (MONDAY, time(18), 1, 1)


@pytest.mark.django_db
def test_a_groups_members_weeks_come_in_one_query(django_assert_num_queries):
    organiser = make_student(week=evenings(TUESDAY))
    group = make_group(organiser)
    # Free 18:00–20:00 in New York, and 17:00–19:00 in Chicago (the same hours).
    membership_join(person=make_student(week=evenings(TUESDAY)), group=group)
    chicago = evenings(TUESDAY, starts=time(17), ends=time(19))
    membership_join(person=make_student(zone="America/Chicago", week=chicago), group=group)
    membership_join(person=make_student(), group=group)  # no availability
    with django_assert_num_queries(1):
        weeks = member_weeks(group=group, at=AT)
    assert sorted(w.bit_count() for w in weeks) == [0, 4, 4, 4]
    found = suggestions_for_group(group=group, minutes=60, at=AT)
    assert picks(found)[:1] == [(TUESDAY, time(18), 3, 4)]
