"""Session pages over HTTP: scheduling with suggested times, the session page on the viewer's clock, RSVP
buttons (htmx and plain), changing and cancelling with a scope, attendance, who is refused, and pinned
query counts."""

from datetime import time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from huddle.accounts.models import Profile, User
from huddle.groups.membership.services import membership_join, membership_leave
from huddle.groups.models import Attendance, GroupSession, Rsvp, StudyGroup
from huddle.groups.sessions.selectors import upcoming_for_page
from huddle.groups.sessions.services import rsvp_set
from huddle.lib.zones import zone_named
from tests.groups.factories import evenings, make_group, make_sessions, make_student
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(name: str, pk: int) -> str:
    return reverse(f"groups:{name}", args=[pk])


@pytest.fixture
def group(people: Personas) -> StudyGroup:
    """Alice (MS1) organises; Sam (MS3) and two more students are members."""
    group = make_group(people.ms1, members=2, place="Library room 2")
    membership_join(person=people.ms3, group=group)
    return group


def next_week(group: StudyGroup):
    return timezone.now().astimezone(zone_named(group.time_zone)).date() + timedelta(days=7)


# --- Scheduling -----------------------------------------------------------------------------------


def test_the_organiser_sees_suggested_times_as_counts_and_a_button_that_prefills_the_form(people, group):
    for person in [m.person for m in group.memberships.all()]:
        Profile.objects.filter(user=person).update(availability=bytes(42))
    tuesday = evenings(1)
    for m in group.memberships.order_by("pk")[:3]:
        Profile.objects.filter(user=m.person).update(availability=tuesday.to_bytes(42, "little"))
    client = signed_in(people.ms1)
    page = client.get(url("session_new", group.pk))
    assert page.status_code == 200
    text = page.content.decode()
    assert "3 of 4 members free" in text
    assert "America/New_York" in text
    assert "Sam" not in text  # counts, never who
    use = page.context["suggestions"][0][1]
    partial = client.get(url("session_new", group.pk) + "?" + use, headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert (
        partial.content.decode()
        .lstrip()
        .startswith('<section class="panel" aria-labelledby="form-h" id="session-form">')
    )
    assert 'value="18:00"' in partial.content.decode() and 'value="19:00"' in partial.content.decode()


def form_data(group: StudyGroup, **overrides: str) -> dict[str, str]:
    data = {
        "starts_on": next_week(group).isoformat(),
        "starts": "18:00",
        "ends": "19:30",
        "title": "Renal review",
        "agenda": "Acid-base",
        "place": "Library room 2",
        "meeting_link": "",
    }
    data.update(overrides)
    return data


def test_scheduling_a_weekly_series_over_http(people, group):
    client = signed_in(people.ms1)
    until = (next_week(group) + timedelta(weeks=3)).isoformat()
    response = client.post(url("session_new", group.pk), form_data(group, repeat_weekly="on", weekly_until=until))
    assert response.status_code == 302
    rows = list(GroupSession.objects.filter(group=group).order_by("starts_at"))
    assert len(rows) == 4 and response["Location"] == url("session", rows[0].pk)
    assert {r.ends_at - r.starts_at for r in rows} == {timedelta(minutes=90)}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends": "17:00"}, "ends"),
        ({"repeat_weekly": "on"}, "weekly_until"),
        ({"repeat_weekly": "on", "weekly_until": "2020-01-01"}, "weekly_until"),
        ({"starts_on": "2020-01-01"}, "starts_on"),
        ({"ends": "18:10"}, "ends"),  # 10 minutes: the service names the length, the form the end
        ({"agenda": "x" * 2001}, "agenda"),
        ({"meeting_link": "http://meet.example.edu/x"}, "meeting_link"),
        # Far-off dates are refused before any date arithmetic could overflow (was a 500).
        ({"starts_on": "9999-12-31", "starts": "20:00", "ends": "21:00"}, "starts_on"),
        ({"repeat_weekly": "on", "weekly_until": "9999-12-31"}, "weekly_until"),
    ],
)
def test_bad_input_comes_back_with_the_message_on_its_field(people, group, overrides, field):
    response = signed_in(people.ms1).post(url("session_new", group.pk), form_data(group, **overrides))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert not GroupSession.objects.exists()


def test_moving_a_session_to_a_far_off_date_is_refused_on_the_date(people, group):
    [session] = make_sessions(group)
    data = {**form_data(group, starts_on="9999-12-31", starts="20:00", ends="21:00"), "scope": "this"}
    response = signed_in(people.ms1).post(url("session_edit", session.pk), data)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["starts_on"]


# --- Who may do what ---------------------------------------------------------------------------------


def test_outsiders_are_refused_with_403_for_a_listed_group_and_404_for_an_invite_only_one(people, group, client_for):
    [session] = make_sessions(group)
    outsider = signed_in(make_student())
    for name in ("session", "session_edit", "session_cancel", "attendance"):
        assert outsider.get(url(name, session.pk)).status_code == 403
    assert outsider.post(url("rsvp", session.pk), {"answer": "yes"}).status_code == 403
    assert outsider.get(url("session_new", group.pk)).status_code == 403
    StudyGroup.objects.filter(pk=group.pk).update(listed=False)
    for name in ("session", "session_edit", "session_cancel", "attendance"):
        assert outsider.get(url(name, session.pk)).status_code == 404
    assert outsider.post(url("rsvp", session.pk), {"answer": "yes"}).status_code == 404
    assert outsider.get(url("session_new", group.pk)).status_code == 404
    assert client_for("anonymous").get(url("session", session.pk)).status_code == 302
    assert not Rsvp.objects.exists()


def test_a_member_who_does_not_organise_reads_and_answers_but_runs_nothing(people, group):
    [session] = make_sessions(group)
    sam = signed_in(people.ms3)
    assert sam.get(url("session", session.pk)).status_code == 200
    for name in ("session_edit", "session_cancel", "attendance"):
        assert sam.get(url(name, session.pk)).status_code == 403
    assert sam.post(url("session_cancel", session.pk), {"scope": "this"}).status_code == 403
    assert sam.get(url("session_new", group.pk)).status_code == 403


def test_a_coordinator_reads_and_runs_but_does_not_answer(people, group, client_for):
    [session] = make_sessions(group)
    cora = client_for("coordinator")
    assert cora.get(url("session", session.pk)).status_code == 200
    assert cora.get(url("session_edit", session.pk)).status_code == 200
    assert cora.post(url("rsvp", session.pk), {"answer": "yes"}).status_code == 403


# --- The session page -------------------------------------------------------------------------------


def test_the_page_shows_the_time_on_the_viewers_clock_and_the_place_link_and_agenda(people, group):
    [session] = make_sessions(
        group, agenda="Acid-base\nCases 1–10", place="Library room 2", meeting_link="https://meet.example.edu/r"
    )
    Profile.objects.filter(user=people.ms3).update(time_zone="Asia/Kolkata")
    text = signed_in(people.ms3).get(url("session", session.pk)).content.decode()
    kolkata = session.starts_at.astimezone(zone_named("Asia/Kolkata"))
    assert f"{kolkata:%H:%M}" in text and "Asia/Kolkata" in text
    assert "In the group's time zone (America/New_York) it starts" in text
    assert "Library room 2" in text and "https://meet.example.edu/r" in text
    assert "Acid-base<br>Cases 1–10" in text


def test_answer_buttons_name_their_scope_and_htmx_swaps_the_block(people, group):
    rows = make_sessions(group, weeks=3)
    sam = signed_in(people.ms3)
    text = sam.get(url("session", rows[0].pk)).content.decode()
    assert "Going to this and all following" in text and "Not going to this or any following" in text
    last = sam.get(url("session", rows[2].pk)).content.decode()
    assert "Going to this and all following" not in last  # nothing follows the last one
    swapped = sam.post(url("rsvp", rows[0].pk), {"answer": "no", "scope": "this"}, headers={"HX-Request": "true"})
    assert swapped.status_code == 200
    body = swapped.content.decode()
    assert body.lstrip().startswith('<section class="panel" aria-labelledby="rsvp-h" id="rsvp"')
    assert "You are not going." in body and "<html" not in body
    plain = sam.post(url("rsvp", rows[1].pk), {"answer": "yes", "scope": "following"})
    assert plain.status_code == 302
    mine = dict(Rsvp.objects.filter(person=people.ms3).values_list("session_id", "answer"))
    assert mine == {rows[0].pk: "no", rows[1].pk: "yes", rows[2].pk: "yes"}


def test_who_is_going_counts_only_todays_members(people, group):
    [session] = make_sessions(group)
    others = [m.person for m in group.memberships.filter(role="member").exclude(person=people.ms3)]
    rsvp_set(person=people.ms3, session=session, answer="yes")
    rsvp_set(person=others[0], session=session, answer="yes")
    rsvp_set(person=others[1], session=session, answer="maybe")
    membership_leave(person=others[0], group=group)
    text = signed_in(people.ms1).get(url("session", session.pk)).content.decode()
    assert "Going (1)" in text and "Maybe (1)" in text and others[0].get_full_name() not in text
    page = upcoming_for_page(group=group, viewer=people.ms1)
    assert [(u.going, u.maybe, u.mine) for u in page["upcoming_sessions"]] == [(1, 1, None)]


def test_a_refused_answer_is_said_inside_the_block(people, group):
    [session] = make_sessions(group)
    GroupSession.objects.filter(pk=session.pk).update(status="cancelled")
    swapped = signed_in(people.ms3).post(url("rsvp", session.pk), {"answer": "yes"}, headers={"HX-Request": "true"})
    assert swapped.status_code == 200 and "This session is cancelled." in swapped.content.decode()


# --- Changing, cancelling, attendance ------------------------------------------------------------------


def test_changing_the_following_sessions_over_http(people, group):
    rows = make_sessions(group, weeks=3)
    client = signed_in(people.ms1)
    form = client.get(url("session_edit", rows[1].pk))
    assert form.status_code == 200 and 'name="scope"' in form.content.decode()
    data = {**form.context["form"].initial, "starts": "19:00", "ends": "20:00", "scope": "following"}
    data = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in data.items()}
    assert client.post(url("session_edit", rows[1].pk), data).status_code == 302
    after = list(GroupSession.objects.filter(group=group).order_by("starts_at"))
    zone = zone_named(group.time_zone)
    assert [r.starts_at.astimezone(zone).time() for r in after] == [time(18), time(19), time(19)]
    assert [r.sequence for r in after] == [0, 1, 1]


def test_cancelling_asks_first_and_keeps_the_row(people, group):
    rows = make_sessions(group, weeks=2)
    client = signed_in(people.ms1)
    ask = client.get(url("session_cancel", rows[0].pk))
    assert ask.status_code == 200 and "This session and all the following ones" in ask.content.decode()
    assert client.post(url("session_cancel", rows[0].pk), {"scope": "this"}).status_code == 302
    after = list(GroupSession.objects.filter(group=group).order_by("starts_at"))
    assert [(r.status, r.sequence) for r in after] == [("cancelled", 1), ("scheduled", 0)]
    assert "This session is cancelled." in client.get(url("session", rows[0].pk)).content.decode()


def test_attendance_is_a_checklist_of_members_once_the_session_started(people, group):
    [session] = make_sessions(group)
    client = signed_in(people.ms1)
    early = client.get(url("attendance", session.pk))
    assert "Attendance can be taken once the session has started." in early.content.decode()
    rsvp_set(person=people.ms3, session=session, answer="yes")
    GroupSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(minutes=30), ends_at=timezone.now() + timedelta(minutes=30)
    )
    sheet = client.get(url("attendance", session.pk))
    assert sheet.status_code == 200
    assert sheet.context["form"].initial["present"] == [people.ms3.pk]  # ticked: who said they were going
    assert client.post(url("attendance", session.pk), {"present": [people.ms1.pk, people.ms3.pk]}).status_code == 302
    present = set(Attendance.objects.filter(session=session, present=True).values_list("person_id", flat=True))
    assert present == {people.ms1.pk, people.ms3.pk}
    assert Attendance.objects.filter(session=session).count() == 4
    assert "Attendance: 2 of 4 members present." in client.get(url("session", session.pk)).content.decode()
    assert "Attendance:" not in signed_in(people.ms3).get(url("session", session.pk)).content.decode()


# --- Queries ---------------------------------------------------------------------------------------------


def grow(group: StudyGroup, members: int, answers: bool = True) -> list[GroupSession]:
    """``members`` more members and a weekly series of ``members + 3`` sessions, every member answering each."""
    StudyGroup.objects.filter(pk=group.pk).update(capacity=20)
    group.refresh_from_db()
    for _ in range(members):
        membership_join(person=make_student(), group=group)
    rows = make_sessions(group, weeks=members + 3)
    if answers:
        people = [m.person for m in group.memberships.filter(status="active")]
        Rsvp.objects.bulk_create(
            [
                Rsvp(session=s, person=p, answer=("yes", "maybe", "no")[i % 3])
                for s in rows
                for i, p in enumerate(people)
            ]
        )
    return rows


#: Every page reads the session, the person, their roles and the unread badge (4). The session page then
#: reads the session with its group and counts (1), the viewer's membership (1), the answers with names (1),
#: the profile for the zone (1) and the tab bar asks nothing more = 8.
SESSION_PAGE = 8


@pytest.mark.parametrize("size", [2, 12])
def test_the_session_page_reads_a_fixed_number_of_queries(size, people, group, django_assert_num_queries):
    rows = grow(group, size)
    client = signed_in(people.ms1)
    client.get(url("session", rows[0].pk))
    with django_assert_num_queries(SESSION_PAGE):
        assert client.get(url("session", rows[0].pk)).status_code == 200


#: The viewer's membership (1; none when the group carries ``viewer_rows``), their roles (1; read once per
#: request, so none on the group page, which asked already), the sessions with their counts and the viewer's
#: answer (1), and the viewer's profile for the zone (1; none when loaded).
UPCOMING = 4


@pytest.mark.parametrize("size", [2, 12])
def test_upcoming_for_page_reads_a_fixed_number_of_queries(size, people, group, django_assert_num_queries):
    grow(group, size)
    viewer = User.objects.get(pk=people.ms3.pk)
    with django_assert_num_queries(UPCOMING):
        context = upcoming_for_page(group=group, viewer=viewer)
    assert len(context["upcoming_sessions"]) == 5 and context["upcoming_more"] == (size > 5)
    assert context["upcoming_member"] and context["upcoming_inside"] and not context["upcoming_can_schedule"]
