"""The weekly pattern's arithmetic: time zone shifts, ranges and common hours."""


from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from huddle.accounts.availability import (
    WEEK_BYTES,
    block_string,
    from_ranges,
    hours_per_week,
    parse_block_string,
    shift_to_zone,
)
from huddle.accounts.selectors import availability_grid, common_blocks, hours_label, week_as_days

# Fixed instants so daylight saving never makes a test flaky.
SUMMER = datetime(2026, 7, 15, 12, tzinfo=UTC)
WINTER = datetime(2026, 1, 15, 12, tzinfo=UTC)
weeks = st.binary(min_size=WEEK_BYTES, max_size=WEEK_BYTES)  # 336 bits, the stored form
zones = st.sampled_from(["America/New_York", "America/Los_Angeles", "America/Phoenix", "Asia/Kolkata",
                         "Pacific/Honolulu", "Europe/London", "UTC"])


def test_it_shows_los_angeles_evening_as_new_york_night():
    week = from_ranges({"mon": ["18:00-19:00"]})
    shifted = shift_to_zone(week, "America/Los_Angeles", "America/New_York", SUMMER)
    assert [(d.day, d.ranges) for d in week_as_days(shifted)] == [("Monday", ["21:00–22:00"])]


def test_it_wraps_sunday_night_into_monday_morning():
    week = from_ranges({"sun": ["22:00-24:00"]})
    shifted = shift_to_zone(week, "America/Los_Angeles", "America/New_York", WINTER)
    assert [(d.day, d.ranges) for d in week_as_days(shifted)] == [("Monday", ["01:00–03:00"])]


def test_it_follows_daylight_saving_only_where_it_applies():
    week = from_ranges({"wed": ["12:00-12:30"]})
    # Phoenix keeps standard time: 3 hours behind New York in summer, 2 in winter.
    summer = shift_to_zone(week, "America/Phoenix", "America/New_York", SUMMER)
    winter = shift_to_zone(week, "America/Phoenix", "America/New_York", WINTER)
    assert week_as_days(summer)[0].ranges == ["15:00–15:30"]
    assert week_as_days(winter)[0].ranges == ["14:00–14:30"]


def test_it_handles_half_hour_zones():
    week = from_ranges({"fri": ["10:00-11:00"]})
    shifted = shift_to_zone(week, "UTC", "Asia/Kolkata", WINTER)
    assert week_as_days(shifted)[0].ranges == ["15:30–16:30"]


def test_it_counts_common_blocks():
    a = from_ranges({"mon": ["18:00-21:00"], "tue": ["09:00-10:00"]})
    b = from_ranges({"mon": ["20:00-23:00"], "wed": ["09:00-10:00"]})
    assert common_blocks(a, b) == 2
    assert common_blocks(a, a) == 8


def test_it_labels_hours_in_plain_words():
    assert hours_label(1) == "1 hour"
    assert hours_label(0) == "0 hours"
    assert hours_label(12.5) == "12.5 hours"


def test_it_lays_the_grid_out_by_time_then_day():
    rows = availability_grid(from_ranges({"tue": ["00:30-01:00"]}))
    assert len(rows) == 48 and all(len(r.cells) == 7 for r in rows)
    assert rows[1].time == "00:30"
    cell = rows[1].cells[1]
    assert (cell.block, cell.on, cell.label) == (49, True, "Tuesday 00:30–01:00")
    assert rows[47].cells[6].label == "Sunday 23:30–24:00"


@given(weeks, zones, zones)
def test_a_shift_there_and_back_is_the_identity(week, a, b):
    there = shift_to_zone(week, a, b, SUMMER)
    assert shift_to_zone(there, b, a, SUMMER) == week
    assert hours_per_week(there) == hours_per_week(week)


@given(weeks)
def test_the_form_string_round_trips(week):
    assert parse_block_string(block_string(week)) == week


@given(weeks, weeks)
def test_common_blocks_is_symmetric_and_bounded(a, b):
    assert common_blocks(a, b) == common_blocks(b, a) <= min(common_blocks(a, a), common_blocks(b, b))
