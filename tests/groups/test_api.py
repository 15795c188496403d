"""Study groups in the JSON API: the pages' rules, 404 for what the caller may not see, 409 for refusals."""

from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from huddle.accounts.models import Language, Profile
from huddle.groups.membership.services import membership_request
from huddle.groups.models import GroupSession, Membership, Rsvp, StudyGroup
from huddle.groups.pools import services as pools
from huddle.groups.setup.services import group_archive, invite_link_renew
from huddle.groups.weeks import week_bytes
from tests.groups.factories import evenings, make_group, make_pool, make_sessions, make_student, opt_in, topic
from tests.personas import Personas

pytestmark = pytest.mark.django_db

FIND = "/api/groups/"
MINE = "/api/groups/mine"


def url(group: StudyGroup, action: str = "") -> str:
    return f"/api/groups/{group.pk}" + (f"/{action}" if action else "")


def rsvp_url(session: GroupSession) -> str:
    return f"/api/groups/sessions/{session.pk}/rsvp"


def paint(person, week: int) -> None:
    Profile.objects.filter(user=person).update(availability=week_bytes(week))


@pytest.fixture
def tuesday(people: Personas) -> StudyGroup:
    """A listed, open group meeting Tuesdays and Thursdays 18–20 with one member besides its organiser."""
    return make_group(name="Tuesday cardio", members=1, topic=topic("Cardiovascular"), capacity=4)


# -- Find -------------------------------------------------------------------------------


def test_find_lists_listed_groups_with_shared_hours_on_the_callers_clock(people, client_for, tuesday):
    paint(people.ms1, evenings(1))  # Tuesday 18–20: two of the group's four hours
    hidden = make_group(name="Secret club", listed=False)
    archived = make_group(name="Last term")
    group_archive(actor=archived.memberships.get().person, group=archived)
    body = client_for("ms1").get(FIND).json()
    assert body["count"] == 1 and body["zone"] == "America/New_York" and not body["no_availability"]
    [item] = body["items"]
    assert item["id"] == tuesday.pk and item["shared_hours"] == 2.0
    assert (item["members"], item["places_left"], item["capacity"], item["my_status"]) == (2, 2, 4, None)
    assert item["meeting_times"] == [
        {"weekday": 1, "starts": "18:00", "ends": "20:00"},
        {"weekday": 3, "starts": "18:00", "ends": "20:00"},
    ]
    text = client_for("ms1").get(FIND).content.decode()
    assert hidden.name not in text and archived.name not in text
    assert "meeting_link" not in item and "members_list" not in item
    # On a Chicago clock the same times read an hour earlier.
    Profile.objects.filter(user=people.ms1).update(time_zone="America/Chicago")
    times = client_for("ms1").get(FIND).json()["items"][0]["meeting_times"]
    assert times[0] == {"weekday": 1, "starts": "17:00", "ends": "19:00"}


def test_find_filters_as_the_page_does(people, client_for, tuesday):
    spanish = make_group(
        name="Grupo de fisiología", goal="step1", modality="in_person", place="Library 2A", meeting_link="",
        language=Language.objects.get(code="es"), capacity=2, members=1, meeting_week=week_bytes(evenings(5)),
    )  # fmt: skip
    client = client_for("ms1")

    def ids(**params) -> list[int]:
        response = client.get(FIND, params)
        assert response.status_code == 200, response.content
        return [item["id"] for item in response.json()["items"]]

    assert set(ids()) == {tuesday.pk, spanish.pk}
    assert ids(topic=topic("Cardiovascular").pk) == [tuesday.pk]
    assert ids(goal="step1") == [spanish.pk] and ids(modality="in_person") == [spanish.pk]
    assert ids(language="es") == [spanish.pk] and ids(q="fisiolog") == [spanish.pk]
    assert ids(open_places=True) == [tuesday.pk]  # the Spanish group is full
    assert client.get(FIND, {"fits_my_week": True}).json()["no_availability"] is True
    paint(people.ms1, evenings(5, starts=time(17), ends=time(21)))
    assert ids(fits_my_week=True) == [spanish.pk]
    assert ids(sort="newest")[0] == spanish.pk
    assert client.get(FIND, {"goal": "napping"}).status_code == 422
    assert client.get(FIND, {"topic": 10**12}).status_code == 400
    assert client.get(FIND, {"language": "xx"}).status_code == 400


def test_find_reads_the_same_number_of_queries_for_3_or_30_groups(people, client_for):
    client = client_for("ms1")
    organiser = make_student()
    for n in range(3):
        make_group(organiser, name=f"Group {n}")

    def counted() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(FIND).status_code == 200
        return len(queries)

    few = counted()
    for n in range(3, 30):
        make_group(organiser, name=f"Group {n}")
    assert counted() == few


def test_signed_out_callers_get_401(client_for, tuesday):
    anonymous = client_for("anonymous")
    assert anonymous.get(FIND).status_code == 401
    assert anonymous.get(url(tuesday)).status_code == 401
    assert anonymous.post(url(tuesday, "join"), {}, content_type="application/json").status_code == 401


# -- Mine and a group -----------------------------------------------------------------


def test_mine_gives_the_callers_groups_and_waiting_requests(people, client_for, tuesday):
    mine = make_group(people.ms1, name="Alice's group", join_policy="request")
    membership_request(person=make_student(), group=mine, note="Tuesdays work")
    asked = make_group(name="Anatomy", join_policy="request")
    membership_request(person=people.ms1, group=asked, note="Free Thursdays")
    make_sessions(mine, days_ahead=3)
    body = client_for("ms1").get(MINE).json()
    [group] = body["groups"]
    assert (group["id"], group["role"], group["members"], group["pending_requests"]) == (mine.pk, "organiser", 1, 1)
    assert group["next_session_at"].endswith("Z")
    [request] = body["requests"]
    assert (request["group_id"], request["note"]) == (asked.pk, "Free Thursdays")


def test_a_group_shows_members_only_to_members_and_coordinators(people, client_for, tuesday):
    member = tuesday.memberships.get(role="member").person
    outsider = client_for("ms1").get(url(tuesday)).json()
    assert outsider["members"] is None and outsider["meeting_link"] == ""
    assert outsider["organisers"] == [tuesday.memberships.get(role="organiser").person.get_full_name()]
    assert (outsider["members_count"], outsider["places_left"], outsider["my_status"]) == (2, 2, None)
    assert member.get_full_name() not in client_for("ms1").get(url(tuesday)).content.decode()
    for viewer in ("coordinator",):
        inside = client_for(viewer).get(url(tuesday)).json()
        assert [m["role"] for m in inside["members"]] == ["organiser", "member"]
        assert inside["meeting_link"] == "https://meet.example.edu/cardio"
    Membership.objects.filter(person=member).delete()
    membership_join_as(people.ms1, tuesday)
    me = client_for("ms1").get(url(tuesday)).json()
    assert (me["my_status"], me["my_role"]) == ("active", "member") and len(me["members"]) == 2


def membership_join_as(person, group: StudyGroup) -> None:
    from huddle.groups.membership.services import membership_join

    membership_join(person=person, group=group)


def test_an_invite_only_group_is_404_to_outsiders_and_found_with_its_link(people, client_for):
    secret = make_group(name="Friday grind", members=1)
    StudyGroup.objects.filter(pk=secret.pk).update(listed=False)
    organiser = secret.memberships.get(role="organiser").person
    token = invite_link_renew(actor=organiser, group=secret)
    client = client_for("ms1")
    assert client.get(url(secret)).status_code == 404
    assert client.get(url(secret), {"token": "not-the-token"}).status_code == 404
    assert client.get(url(secret, "sessions")).status_code == 404
    assert client.post(url(secret, "join"), {}, content_type="application/json").status_code == 404
    assert client.post(url(secret, "request"), {"note": "hi"}, content_type="application/json").status_code == 404
    assert client.get(url(secret), {"token": token}).json()["listed"] is False
    assert client_for("coordinator").get(url(secret)).status_code == 200
    response = client.post(url(secret, "join"), {"token": token}, content_type="application/json")
    assert response.status_code == 201 and response.json()["status"] == "active"
    assert client.get(url(secret)).status_code == 200  # a member now, without the link
    assert client.get(f"/api/groups/{10**12}").status_code == 404


# -- Join, request, leave ------------------------------------------------------------------


def test_join_takes_a_place_and_a_full_group_is_409(people, client_for, tuesday):
    response = client_for("ms1").post(url(tuesday, "join"), {}, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert (body["group_id"], body["status"], body["role"]) == (tuesday.pk, "active", "member")
    again = client_for("ms1").post(url(tuesday, "join"), {}, content_type="application/json")
    assert again.status_code == 409 and "already" in again.json()["detail"]
    make_student_join(tuesday)
    full = client_for("ms3").post(url(tuesday, "join"), {}, content_type="application/json")
    assert full.status_code == 409 and full.json()["detail"] == "This group is full (4 of 4 places)."
    assert tuesday.memberships.filter(status="active").count() == 4


def make_student_join(group: StudyGroup) -> None:
    membership_join_as(make_student(), group)


def test_join_is_403_for_staff_and_409_for_a_group_that_approves(people, client_for, tuesday):
    assert client_for("faculty").post(url(tuesday, "join"), {}, content_type="application/json").status_code == 403
    asks = make_group(name="By request", join_policy="request")
    response = client_for("ms1").post(url(asks, "join"), {}, content_type="application/json")
    assert response.status_code == 409 and "ask to join" in response.json()["detail"]


def test_request_waits_with_its_note_and_an_open_group_is_409(people, client_for, tuesday):
    asks = make_group(name="By request", join_policy="request")
    response = client_for("ms1").post(
        url(asks, "request"), {"note": "MS1, free Tuesdays"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert (response.json()["status"], response.json()["request_note"]) == ("requested", "MS1, free Tuesdays")
    assert client_for("ms1").get(url(asks)).json()["my_status"] == "requested"
    open_group = client_for("ms1").post(url(tuesday, "request"), {}, content_type="application/json")
    assert open_group.status_code == 409
    too_long = client_for("ms1").post(url(asks, "request"), {"note": "x" * 501}, content_type="application/json")
    assert too_long.status_code == 422


def test_leave_ends_the_place_and_a_non_member_is_409(people, client_for, tuesday):
    client = client_for("ms1")
    assert client.post(url(tuesday, "leave")).status_code == 409
    client.post(url(tuesday, "join"), {}, content_type="application/json")
    response = client.post(url(tuesday, "leave"))
    assert response.status_code == 200 and response.json()["status"] == "left"
    assert not tuesday.memberships.filter(person=people.ms1, status="active").exists()


# -- Sessions and RSVP -------------------------------------------------------------------------


def test_upcoming_sessions_give_details_only_to_members(people, client_for, tuesday):
    make_sessions(tuesday, days_ahead=2, weeks=3, agenda="Murmurs", place="Library 2A")
    outsider = client_for("ms1").get(url(tuesday, "sessions")).json()
    assert len(outsider["items"]) == 3 and outsider["more"] is False
    first = outsider["items"][0]
    assert first["starts_at"].endswith("Z") and first["time_zone"] == "America/New_York"
    assert (first["agenda"], first["place"], first["meeting_link"], first["my_answer"]) == ("", "", "", None)
    member = tuesday.memberships.get(role="member").person
    inside = client_for("coordinator").get(url(tuesday, "sessions")).json()["items"][0]
    assert (inside["agenda"], inside["place"]) == ("Murmurs", "Library 2A")
    assert member.email not in client_for("ms1").get(url(tuesday, "sessions")).content.decode()


def test_rsvp_answers_for_members_and_refuses_others(people, client_for, tuesday):
    sessions = make_sessions(tuesday, days_ahead=2, weeks=3)
    client = client_for("ms1")
    assert client.post(rsvp_url(sessions[0]), {"answer": "yes"}, content_type="application/json").status_code == 403
    client.post(url(tuesday, "join"), {}, content_type="application/json")
    response = client.post(rsvp_url(sessions[0]), {"answer": "yes"}, content_type="application/json")
    assert response.status_code == 200 and response.json() == {
        "session_id": sessions[0].pk, "answer": "yes", "sessions_answered": 1,
    }  # fmt: skip
    following = client.post(
        rsvp_url(sessions[1]), {"answer": "maybe", "scope": "following"}, content_type="application/json"
    )
    assert following.json()["sessions_answered"] == 2
    answers = Rsvp.objects.filter(person=people.ms1).order_by("session__starts_at")
    assert list(answers.values_list("answer", flat=True)) == ["yes", "maybe", "maybe"]
    listed = client.get(url(tuesday, "sessions")).json()["items"]
    assert [s["my_answer"] for s in listed] == ["yes", "maybe", "maybe"] and listed[0]["going"] == 1
    GroupSession.objects.filter(pk=sessions[2].pk).update(status="cancelled")
    cancelled = client.post(rsvp_url(sessions[2]), {"answer": "no"}, content_type="application/json")
    assert cancelled.status_code == 409 and cancelled.json()["detail"]
    past = sessions[0]
    GroupSession.objects.filter(pk=past.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )
    assert client.post(rsvp_url(past), {"answer": "no"}, content_type="application/json").status_code == 409
    assert client.post(rsvp_url(sessions[1]), {"answer": "perhaps"}, content_type="application/json").status_code == 422


def test_rsvp_to_an_invite_only_groups_session_is_404_to_outsiders(people, client_for):
    secret = make_group(name="Friday grind", listed=False)
    [session] = make_sessions(secret, days_ahead=2)
    response = client_for("ms1").post(rsvp_url(session), {"answer": "yes"}, content_type="application/json")
    assert response.status_code == 404
    assert client_for("ms1").post(f"/api/groups/sessions/{10**12}/rsvp", {"answer": "yes"},
                                  content_type="application/json").status_code == 404  # fmt: skip


# -- Pools' attributes never leave the coordinators ------------------------------------------------


def test_no_answer_carries_a_pool_entrys_attributes(people, client_for, django_capture_on_commit_callbacks):
    marker = "First-generation student QX7-API"
    pool = make_pool(people.coordinator, min_size=2, max_size=2, protected_attributes=(marker,))
    Profile.objects.filter(user=people.ms1).update(availability=week_bytes(evenings(0)))
    people.ms1.refresh_from_db()
    opt_in(pool, people.ms1, week=evenings(0), attributes=(marker,))
    opt_in(pool, week=evenings(0), attributes=(marker,))
    with django_capture_on_commit_callbacks(execute=True):
        pools.formation_start(pool=pool, by=people.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        [group] = pools.pool_publish(pool=pool, by=people.coordinator)
    make_sessions(group, days_ahead=2)
    for viewer in ("ms1", "coordinator"):
        client = client_for(viewer)
        for path in (FIND, MINE, url(group), url(group, "sessions")):
            response = client.get(path)
            assert response.status_code == 200, (viewer, path)
            assert "QX7-API" not in response.content.decode()
    assert client_for("ms1").get(MINE).json()["groups"][0]["id"] == group.pk
