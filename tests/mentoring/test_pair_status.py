"""The status at a glance: on track, needs a check-in, no meeting yet."""

from datetime import UTC, datetime, timedelta

from huddle.mentoring.pairs.selectors import PairStatus, pair_status

START = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def status(*, days_in: float, has_meeting: bool = True, last_check_in_days_in: float | None = None, weeks: int = 3):
    return pair_status(
        active=True,
        has_meeting=has_meeting,
        started_at=START,
        last_check_in_at=None if last_check_in_days_in is None else START + timedelta(days=last_check_in_days_in),
        check_in_every_weeks=weeks,
        now=START + timedelta(days=days_in),
    )


def test_it_says_no_meeting_yet_before_the_first_meeting():
    assert status(days_in=2, has_meeting=False) == PairStatus.NO_MEETING
    assert status(days_in=60, has_meeting=False, last_check_in_days_in=59) == PairStatus.NO_MEETING


def test_it_gives_a_new_pair_one_interval_of_grace():
    assert status(days_in=20) == PairStatus.ON_TRACK
    assert status(days_in=21) == PairStatus.NEEDS_CHECK_IN


def test_it_counts_the_interval_from_the_last_check_in():
    assert status(days_in=40, last_check_in_days_in=20) == PairStatus.ON_TRACK
    assert status(days_in=41, last_check_in_days_in=20) == PairStatus.NEEDS_CHECK_IN


def test_it_follows_the_cycles_interval():
    assert status(days_in=20, weeks=2) == PairStatus.NEEDS_CHECK_IN
    assert status(days_in=34, weeks=5) == PairStatus.ON_TRACK


def test_it_treats_a_zero_interval_as_weekly():
    assert status(days_in=6, weeks=0) == PairStatus.ON_TRACK
    assert status(days_in=7, weeks=0) == PairStatus.NEEDS_CHECK_IN


def test_it_says_ended_for_an_ended_pair():
    ended = pair_status(
        active=False, has_meeting=False, started_at=START, last_check_in_at=None, check_in_every_weeks=3, now=START
    )
    assert ended == PairStatus.ENDED
