"""Sessions' services: weekly series cut on the group's clock across daylight saving, every refusal on its
field, "this" and "following" for changes, cancellations and answers, notices to members (not the actor),
and attendance.

The US clocks go back on 1 Nov 2026 (18:00 New York is 22:00 UTC before, 23:00 UTC after) and forward on
14 Mar 2027 (02:30 does not exist that night). Services are given ``now``, so fixed dates work whenever
the suite runs.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from huddle.groups.models import Attendance, GroupSession, Rsvp
from huddle.groups.sessions.forms import SessionForm
from huddle.groups.sessions.services import (
    attendance_record,
    rsvp_set,
    session_cancel,
    session_schedule,
    session_update,
)
from huddle.lib.errors import HuddleError
from huddle.notifications.models import Notification
from tests.groups.factories import make_coordinator, make_group, make_sessions, make_student

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
OCTOBER = datetime(2026, 10, 1, 9, 0, tzinfo=NEW_YORK)
TUESDAY_BEFORE_CHANGE = date(2026, 10, 20)


def organiser_of(group):
    return group.memberships.get(role="organiser").person


def members_of(group):
    return [m.person for m in group.memberships.filter(status="active", role="member").order_by("pk")]


def schedule(group, **overrides):
    args = {
        "actor": organiser_of(group),
        "group": group,
        "starts_on": TUESDAY_BEFORE_CHANGE,
        "starts": time(18),
        "minutes": 90,
        "weekly_until": None,
        "title": "Renal review",
        "agenda": "Acid-base questions",
        "place": "",
        "meeting_link": "https://meet.example.edu/renal",
        "now": OCTOBER,
    }
    args.update(overrides)
    return session_schedule(**args)


def refused_field(**overrides) -> str | None:
    group = overrides.pop("group", None) or make_group()
    with pytest.raises(HuddleError) as refused:
        schedule(group, **overrides)
    return refused.value.field


# --- Cutting on the group's clock -----------------------------------------------------------------


def test_a_weekly_1800_in_new_york_stays_1800_across_the_november_change():
    group = make_group()
    assert group.time_zone == "America/New_York"
    rows = schedule(group, weekly_until=date(2026, 11, 10))
    assert [r.starts_at for r in rows] == [
        datetime(2026, 10, 20, 22, tzinfo=UTC),
        datetime(2026, 10, 27, 22, tzinfo=UTC),
        datetime(2026, 11, 3, 23, tzinfo=UTC),
        datetime(2026, 11, 10, 23, tzinfo=UTC),
    ]
    assert {r.starts_at.astimezone(NEW_YORK).time() for r in rows} == {time(18)}
    assert {r.ends_at - r.starts_at for r in rows} == {timedelta(minutes=90)}
    assert len({r.series for r in rows}) == 1 and rows[0].series is not None
    assert len({r.uid for r in rows}) == 4 and {r.sequence for r in rows} == {0}


def test_a_time_that_does_not_exist_on_the_spring_forward_night_is_skipped():
    group = make_group()
    rows = schedule(
        group,
        starts_on=date(2027, 3, 7),
        starts=time(2, 30),
        minutes=30,
        weekly_until=date(2027, 3, 21),
        now=datetime(2027, 3, 1, tzinfo=NEW_YORK),
    )
    assert [r.starts_at.astimezone(NEW_YORK).date() for r in rows] == [date(2027, 3, 7), date(2027, 3, 21)]
    with pytest.raises(HuddleError) as refused:
        schedule(group, starts_on=date(2027, 3, 14), starts=time(2, 30), now=datetime(2027, 3, 1, tzinfo=NEW_YORK))
    assert refused.value.field == "starts"


def test_a_one_off_has_no_series():
    rows = schedule(make_group())
    assert len(rows) == 1 and rows[0].series is None


# --- Refusals, each on its field -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"now": datetime(2026, 10, 21, tzinfo=NEW_YORK)}, "starts_on"),
        ({"minutes": 10}, "minutes"),
        ({"minutes": 301}, "minutes"),
        ({"minutes": -30}, "minutes"),
        ({"weekly_until": date(2026, 10, 13)}, "weekly_until"),
        ({"weekly_until": TUESDAY_BEFORE_CHANGE + timedelta(weeks=26)}, "weekly_until"),
        ({"agenda": "x" * 2001}, "agenda"),
        ({"meeting_link": "http://meet.example.edu/renal"}, "meeting_link"),
        ({"title": "t" * 121}, "title"),
    ],
)
def test_bad_input_is_refused_on_its_field(overrides, field):
    assert refused_field(**overrides) == field


def test_twenty_six_weeks_is_the_longest_series():
    rows = schedule(make_group(), weekly_until=TUESDAY_BEFORE_CHANGE + timedelta(weeks=25))
    assert len(rows) == 26


def test_the_form_refuses_an_end_before_the_start_and_a_weekly_repeat_without_an_end():
    base = {"starts_on": "2030-03-05", "starts": "18:00", "ends": "19:30", "meeting_link": "https://x.example.edu/a"}
    assert SessionForm(base).is_valid()
    backwards = SessionForm({**base, "ends": "17:00"})
    assert not backwards.is_valid()
    assert backwards.errors["ends"] == ["The session must end after it starts."]
    endless = SessionForm({**base, "repeat_weekly": "on"})
    assert not endless.is_valid()
    assert endless.errors["weekly_until"] == ["Say when the weekly sessions end: a weekly series needs a last date."]
    weekly = SessionForm({**base, "repeat_weekly": "on", "weekly_until": "2030-04-02"})
    assert weekly.is_valid() and weekly.cleaned_data["minutes"] == 90
    once = SessionForm({**base, "weekly_until": "2030-04-02"})
    assert once.is_valid() and once.cleaned_data["weekly_until"] is None


def test_only_organisers_and_coordinators_schedule():
    group = make_group(members=1)
    with pytest.raises(HuddleError) as refused:
        schedule(group, actor=members_of(group)[0])
    assert refused.value.field is None
    with pytest.raises(HuddleError):
        schedule(group, actor=make_student())
    assert len(schedule(group, actor=make_coordinator())) == 1


# --- Notices ----------------------------------------------------------------------------------------


def notices(person) -> list[Notification]:
    return list(Notification.objects.filter(user=person, kind="groups.session_changed").order_by("pk"))


def test_members_are_told_once_of_a_new_series_and_the_organiser_is_not(django_capture_on_commit_callbacks):
    group = make_group(members=2)
    with django_capture_on_commit_callbacks(execute=True):
        rows = schedule(group, weekly_until=date(2026, 11, 10))
    for member in members_of(group):
        [note] = notices(member)
        assert note.title == "Cardio crew: 4 weekly sessions from Tuesday 20 October, 18:00 (America/New_York)"
        assert note.url == f"/groups/sessions/{rows[0].pk}/"
    assert notices(organiser_of(group)) == []


def test_a_change_and_a_cancellation_tell_the_members_but_not_the_actor(django_capture_on_commit_callbacks):
    group = make_group(members=1)
    rows = schedule(group, weekly_until=date(2026, 11, 10))
    member = members_of(group)[0]
    coordinator = make_coordinator()
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        change(rows[1], scope="following", starts=time(19), actor=coordinator)
        session_cancel(actor=coordinator, session=rows[3], scope="this", now=OCTOBER)
    titles = [n.title for n in notices(member)]
    assert titles == [
        "Cardio crew: 3 sessions changed, from Tuesday 27 October, 19:00 (America/New_York)",
        "Cardio crew: the session on Tuesday 10 November, 19:00 (America/New_York) is cancelled",
    ]
    assert len(notices(organiser_of(group))) == 2  # the coordinator acted, so the organiser hears too
    assert notices(coordinator) == []


# --- This session or the following ones ---------------------------------------------------------------


def change(session, *, scope, actor=None, **overrides):
    zone = ZoneInfo(session.time_zone)
    args = {
        "actor": actor or organiser_of(session.group),
        "session": session,
        "scope": scope,
        "starts_on": session.starts_at.astimezone(zone).date(),
        "starts": session.starts_at.astimezone(zone).time(),
        "minutes": int((session.ends_at - session.starts_at).total_seconds() // 60),
        "title": session.title,
        "agenda": session.agenda,
        "place": session.place,
        "meeting_link": session.meeting_link,
        "now": OCTOBER,
    }
    args.update(overrides)
    return session_update(**args)


def fresh(rows):
    return list(GroupSession.objects.filter(pk__in=[r.pk for r in rows]).order_by("starts_at"))


def test_changing_the_following_sessions_moves_each_to_the_new_local_time_and_raises_their_sequence():
    rows = schedule(make_group(), weekly_until=date(2026, 11, 10))
    changed = change(rows[1], scope="following", starts=time(19), place="Library room 2")
    assert [c.pk for c in changed] == [r.pk for r in rows[1:]]
    after = fresh(rows)
    assert [r.starts_at.astimezone(NEW_YORK).time() for r in after] == [time(18), time(19), time(19), time(19)]
    assert [r.starts_at.astimezone(NEW_YORK).date() for r in after] == [
        r.starts_at.astimezone(NEW_YORK).date() for r in rows
    ]
    assert [r.sequence for r in after] == [0, 1, 1, 1]
    assert [r.place for r in after] == ["", "Library room 2", "Library room 2", "Library room 2"]
    assert [r.uid for r in after] == [r.uid for r in rows]


def test_changing_this_session_only_changes_it_and_an_unchanged_save_changes_nothing():
    rows = schedule(make_group(), weekly_until=date(2026, 11, 10))
    assert change(rows[2], scope="this") == []
    change(rows[2], scope="this", agenda="Cases 4–6", starts_on=date(2026, 11, 4))
    after = fresh(rows)
    assert [r.sequence for r in after] == [0, 0, 1, 0]
    moved = after[2]
    assert moved.agenda == "Cases 4–6" and moved.starts_at == datetime(2026, 11, 4, 23, tzinfo=UTC)


def test_a_change_is_refused_for_a_started_or_cancelled_session_and_a_bad_scope():
    rows = schedule(make_group(), weekly_until=date(2026, 10, 27))
    with pytest.raises(HuddleError) as refused:
        change(rows[0], scope="everything")
    assert refused.value.field == "scope"
    with pytest.raises(HuddleError):
        change(rows[0], scope="this", now=datetime(2026, 10, 20, 18, 30, tzinfo=NEW_YORK))
    session_cancel(actor=organiser_of(rows[0].group), session=rows[1], scope="this", now=OCTOBER)
    with pytest.raises(HuddleError):
        change(rows[1], scope="this")


def test_cancelling_the_following_sessions_keeps_the_rows_marked_with_a_higher_sequence():
    rows = schedule(make_group(), weekly_until=date(2026, 11, 10))
    session_cancel(actor=organiser_of(rows[0].group), session=rows[2], scope="this", now=OCTOBER)
    cancelled = session_cancel(actor=organiser_of(rows[0].group), session=rows[1], scope="following", now=OCTOBER)
    # The one already cancelled is not cancelled again.
    assert [c.pk for c in cancelled] == [rows[1].pk, rows[3].pk]
    after = fresh(rows)
    assert [r.status for r in after] == ["scheduled", "cancelled", "cancelled", "cancelled"]
    assert [r.sequence for r in after] == [0, 1, 1, 1]


def test_a_member_cannot_cancel():
    group = make_group(members=1)
    rows = schedule(group)
    with pytest.raises(HuddleError):
        session_cancel(actor=members_of(group)[0], session=rows[0], scope="this", now=OCTOBER)


def answers(person, rows) -> list[str | None]:
    mine = dict(Rsvp.objects.filter(person=person).values_list("session_id", "answer"))
    return [mine.get(r.pk) for r in rows]


def test_an_answer_is_for_this_session_unless_it_says_all_following():
    group = make_group(members=1)
    alice = members_of(group)[0]
    rows = schedule(group, weekly_until=date(2026, 11, 10))
    session_cancel(actor=organiser_of(group), session=rows[3], scope="this", now=OCTOBER)
    assert rsvp_set(person=alice, session=rows[1], answer="yes", scope="following", now=OCTOBER) == 2
    assert answers(alice, rows) == [None, "yes", "yes", None]
    assert rsvp_set(person=alice, session=rows[2], answer="no", scope="this", now=OCTOBER) == 1
    assert answers(alice, rows) == [None, "yes", "no", None]
    assert rsvp_set(person=alice, session=rows[0], answer="maybe", now=OCTOBER) == 1
    assert answers(alice, rows) == ["maybe", "yes", "no", None]
    assert Rsvp.objects.filter(person=alice).count() == 3


def test_answers_are_refused_to_outsiders_for_cancelled_and_past_sessions_and_unknown_answers():
    group = make_group(members=1)
    rows = schedule(group, weekly_until=date(2026, 10, 27))
    with pytest.raises(HuddleError):
        rsvp_set(person=make_student(), session=rows[0], answer="yes", now=OCTOBER)
    with pytest.raises(HuddleError):
        rsvp_set(person=make_coordinator(), session=rows[0], answer="yes", now=OCTOBER)
    member = members_of(group)[0]
    with pytest.raises(HuddleError) as refused:
        rsvp_set(person=member, session=rows[0], answer="perhaps", now=OCTOBER)
    assert refused.value.field == "answer"
    with pytest.raises(HuddleError):
        rsvp_set(person=member, session=rows[0], answer="yes", now=datetime(2026, 10, 21, tzinfo=NEW_YORK))
    session_cancel(actor=organiser_of(group), session=rows[1], scope="this", now=OCTOBER)
    with pytest.raises(HuddleError):
        rsvp_set(person=member, session=rows[1], answer="yes", now=OCTOBER)
    assert not Rsvp.objects.exists()


# --- Attendance -----------------------------------------------------------------------------------


def test_attendance_after_the_start_for_members_and_recording_again_replaces_it():
    group = make_group(members=2)
    [session] = schedule(group)
    organiser, (bo, cy) = organiser_of(group), members_of(group)
    started = datetime(2026, 10, 20, 18, 10, tzinfo=NEW_YORK)
    with pytest.raises(HuddleError):
        attendance_record(actor=organiser, session=session, present_ids={bo.pk}, now=OCTOBER)
    with pytest.raises(HuddleError):
        attendance_record(actor=bo, session=session, present_ids={bo.pk}, now=started)
    with pytest.raises(HuddleError) as refused:
        attendance_record(actor=organiser, session=session, present_ids={make_student().pk}, now=started)
    assert refused.value.field == "present"
    attendance_record(actor=organiser, session=session, present_ids={organiser.pk, bo.pk}, now=started)
    record = dict(Attendance.objects.filter(session=session).values_list("person_id", "present"))
    assert record == {organiser.pk: True, bo.pk: True, cy.pk: False}
    attendance_record(actor=organiser, session=session, present_ids={cy.pk}, now=started)
    record = dict(Attendance.objects.filter(session=session).values_list("person_id", "present"))
    assert record == {organiser.pk: False, bo.pk: False, cy.pk: True}
    session.refresh_from_db()
    assert session.attendance_taken_at == started


def test_the_factory_schedules_through_the_service():
    rows = make_sessions(make_group(), weeks=3)
    assert len(rows) == 3 and all(r.starts_at > timezone.now() for r in rows)


def test_archiving_cancels_what_lies_ahead_with_a_higher_sequence():
    from huddle.groups.sessions.services import sessions_cancel_ahead

    rows = schedule(make_group(), weekly_until=date(2026, 11, 10))
    assert sessions_cancel_ahead(group=rows[0].group, now=datetime(2026, 10, 25, tzinfo=NEW_YORK)) == 3
    assert [(r.status, r.sequence) for r in fresh(rows)] == [("scheduled", 0)] + [("cancelled", 1)] * 3
