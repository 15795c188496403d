"""Listening hours in the school's time zone, and the contact guard's words."""

from datetime import UTC, datetime

from huddle.listening.guard import looks_like_contact
from huddle.listening.hours import hours_from_ranges, next_start, on_duty, ranges_from_hours


def test_hours_round_trip_one_block_a_day():
    ranges = [(18, 22), None, None, None, None, (0, 24), None]
    assert ranges_from_hours(hours_from_ranges(ranges)) == ranges


def test_on_duty_reads_wall_clock_in_the_school_zone():
    monday_evening = hours_from_ranges([(18, 22), None, None, None, None, None, None])
    # 23:00 UTC on Monday 30 November 2026 is 18:00 in New York.
    assert on_duty(monday_evening, datetime(2026, 11, 30, 23, 0, tzinfo=UTC))
    assert not on_duty(monday_evening, datetime(2026, 11, 30, 18, 0, tzinfo=UTC))


def test_next_start_keeps_the_local_hour_across_daylight_saving():
    sunday_ten = hours_from_ranges([None, None, None, None, None, None, (10, 11)])
    # Saturday 31 October 2026, noon in New York; the clocks go back that night.
    start = next_start([sunday_ten], datetime(2026, 10, 31, 16, 0, tzinfo=UTC))
    assert start is not None and (start.weekday(), start.hour, start.minute) == (6, 10, 0)
    assert next_start(["0" * 168]) is None


def test_the_guard_catches_contact_details_and_lets_ordinary_words_through():
    assert looks_like_contact("call me tonight")
    assert looks_like_contact("617-555-2368")
    assert looks_like_contact("find me on discord")
    assert not looks_like_contact("I had 3 exams in 2 weeks and slept 4 hours")
    assert not looks_like_contact("The counseling center helped me")
