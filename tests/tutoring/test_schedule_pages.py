"""A tutor's schedule pages: weekly windows (cut into sessions at once, suggested from the availability grid),
one-off sessions, days off (asking before cancelling booked sessions), cancelling a session, changing places."""

from datetime import time, timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from huddle.accounts.availability import from_ranges
from huddle.accounts.models import Profile
from huddle.tutoring.bookings.services import booking_create
from huddle.tutoring.models import BlockedDate, Booking, Session, Window
from huddle.tutoring.schedule.services import window_create
from tests.tutoring.factories import days_ahead, make_session, make_student, make_tutor, topic, virtual

pytestmark = pytest.mark.django_db


def _said(response) -> list[str]:  # type: ignore[no-untyped-def]
    """The messages a view queued for the next page."""
    return [str(m) for m in get_messages(response.wsgi_request)]


WINDOW = {
    "weekday": "1",
    "starts": "18:00",
    "ends": "20:00",
    "session_minutes": "60",
    "modality": "virtual",
    "meeting_link": "https://video.school.test/sam",
    "room": "",
    "capacity": "1",
    "topic": "",
}


def test_schedule_pages_are_for_tutors(people, client_for) -> None:
    for url in ("/tutoring/tutor/windows/", "/tutoring/tutor/sessions/new/", "/tutoring/tutor/blocked/"):
        assert client_for("ms1").get(url).status_code == 404, url
        assert client_for("faculty").get(url).status_code == 404, url
    make_tutor(people.ms3)
    for url in ("/tutoring/tutor/windows/", "/tutoring/tutor/sessions/new/", "/tutoring/tutor/blocked/"):
        assert client_for("ms3").get(url).status_code == 200, url


def test_a_new_window_is_cut_into_sessions_and_the_page_says_how_many(people, client_for) -> None:
    tutor = make_tutor(people.ms3)
    client = client_for("ms3")
    answer = client.post("/tutoring/tutor/windows/", WINDOW, follow=True)
    assert answer.status_code == 200
    window = Window.objects.get(tutor=tutor)
    cut = Session.objects.filter(window=window)
    assert cut.count() >= 10  # two a week, six weeks ahead
    html = answer.content.decode()
    assert f"Weekly window added: {cut.count()} sessions are open for booking" in html
    assert f"{cut.count()} sessions," in html  # the windows table
    assert "Tuesday 18:00–20:00" in html
    local = [timezone.localtime(s.starts_at) for s in cut]
    assert {t.weekday() for t in local} == {1} and {t.time() for t in local} == {time(18), time(19)}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"ends": "17:00"}, "ends", "The window must end after it starts."),
        ({"ends": "18:30"}, "ends", "The window is shorter than one session."),
        ({"meeting_link": ""}, "meeting_link", "Give a meeting link starting with https://."),
        ({"modality": "in_person"}, "room", "Say which room."),
        ({"capacity": "9"}, "capacity", "Give from 1 to 8 places."),
        ({"starts": "6pm"}, "starts", "Give a time such as 18:00."),
    ],
)
def test_window_refusals_are_on_their_field_and_nothing_is_saved(people, client_for, change, field, message) -> None:
    make_tutor(people.ms3)
    answer = client_for("ms3").post("/tutoring/tutor/windows/", {**WINDOW, **change})
    assert answer.status_code == 400
    assert message in answer.context["form"].errors[field]
    assert not Window.objects.exists() and not Session.objects.exists()


def test_an_overlapping_window_is_refused(people, client_for) -> None:
    make_tutor(people.ms3)
    client = client_for("ms3")
    client.post("/tutoring/tutor/windows/", WINDOW)
    answer = client.post("/tutoring/tutor/windows/", {**WINDOW, "starts": "19:00", "ends": "21:00"})
    assert answer.status_code == 400
    assert answer.context["form"].errors["starts"] == ["This overlaps another of your weekly windows."]
    assert Window.objects.count() == 1


def test_a_subject_must_be_one_the_tutor_is_approved_for(people, client_for) -> None:
    make_tutor(people.ms3, topic("Cardiology"))
    answer = client_for("ms3").post("/tutoring/tutor/windows/", {**WINDOW, "topic": str(topic("Renal").pk)})
    assert answer.status_code == 400 and "topic" in answer.context["form"].errors


def test_the_availability_grid_is_offered_as_windows_ready_to_use(people, client_for) -> None:
    tutor = make_tutor(people.ms3)
    Profile.objects.filter(user=people.ms3).update(
        availability=from_ranges({"tue": ["18:00-20:00"], "sat": ["09:00-12:00", "22:00-24:00"]})
    )
    client = client_for("ms3")
    html = client.get("/tutoring/tutor/windows/").content.decode()
    assert "Tuesday 18:00–20:00" in html and "Saturday 09:00–12:00" in html
    assert "Saturday 22:00–23:30" in html  # a range to midnight ends at the last half hour a clock field holds
    assert 'href="?weekday=1&amp;starts=18:00&amp;ends=20:00#window-form"' in html
    # "Use it" fills the form: without JavaScript as a page, with htmx as the form alone.
    filled = client.get("/tutoring/tutor/windows/?weekday=1&starts=18:00&ends=20:00")
    form = filled.context["form"]
    assert form["weekday"].value() == 1 and form["starts"].value() == time(18) and form["ends"].value() == time(20)
    assert 'value="18:00"' in filled.content.decode()
    fragment = client.get("/tutoring/tutor/windows/?weekday=5&starts=09:00&ends=12:00", headers={"HX-Request": "true"})
    body = fragment.content.decode()
    assert fragment.status_code == 200 and "<html" not in body and 'id="window-form"' in body
    assert 'value="09:00"' in body and 'value="12:00"' in body
    # Once used, the suggestion reads as already offered.
    window_create(
        user=people.ms3,
        tutor=tutor,
        weekday=1,
        starts=time(18),
        ends=time(20),
        session_minutes=60,
        offer=virtual(),
    )
    suggestions = client.get("/tutoring/tutor/windows/").context["suggestions"]
    assert [(s.weekday, s.offered) for s in suggestions] == [(1, True), (5, False), (5, False)]


def test_a_bad_prefill_is_ignored(people, client_for) -> None:
    make_tutor(people.ms3)
    page = client_for("ms3").get("/tutoring/tutor/windows/?weekday=9&starts=25:00&ends=x")
    assert page.status_code == 200 and page.context["form"].initial == {}


def test_removing_a_window_says_how_many_booked_sessions_remain(people, client_for) -> None:
    tutor = make_tutor(people.ms3)
    window = window_create(
        user=people.ms3, tutor=tutor, weekday=1, starts=time(18), ends=time(20), session_minutes=60, offer=virtual()
    )
    first = Session.objects.filter(window=window).order_by("starts_at")[2]
    booking_create(student=people.ms1, session=first, topic=topic())
    assert client_for("ms1").post(f"/tutoring/tutor/windows/{window.pk}/remove/").status_code == 403
    answer = client_for("ms3").post(f"/tutoring/tutor/windows/{window.pk}/remove/", follow=True)
    assert "Window removed. 1 booked session stays" in answer.content.decode()
    assert list(Session.objects.filter(window=window)) == [first]
    assert not Window.objects.get(pk=window.pk).active


def test_a_one_off_session(people, client_for) -> None:
    tutor = make_tutor(people.ms3)
    client = client_for("ms3")
    day = days_ahead(4)
    data = {**WINDOW, "day": day.isoformat(), "starts": "07:30", "minutes": "45"}
    answer = client.post("/tutoring/tutor/sessions/new/", data)
    session = Session.objects.get(tutor=tutor)
    assert answer.status_code == 302 and answer["Location"] == f"/tutoring/sessions/{session.pk}/"
    assert timezone.localtime(session.starts_at).time() == time(7, 30)
    assert session.ends_at - session.starts_at == timedelta(minutes=45)
    clash = client.post("/tutoring/tutor/sessions/new/", {**data, "starts": "08:00"})
    assert clash.status_code == 400
    assert clash.context["form"].errors["starts"] == ["You already have a session at this time."]
    past = client.post("/tutoring/tutor/sessions/new/", {**data, "day": "2020-01-06"})
    assert past.status_code == 400 and past.context["form"].errors["day"] == ["Choose a time in the future."]
    assert Session.objects.count() == 1


def test_a_day_off_with_booked_sessions_asks_first_then_cancels_and_tells(
    people, client_for, django_capture_on_commit_callbacks
) -> None:
    tutor = make_tutor(people.ms3)
    day = days_ahead(5)
    booked = make_session(tutor, day=day, at=time(18))
    empty = make_session(tutor, day=day, at=time(10))
    booking = booking_create(student=people.ms1, session=booked, topic=topic())
    client = client_for("ms3")
    ask = client.post("/tutoring/tutor/blocked/", {"day": day.isoformat()})
    assert ask.status_code == 200
    html = ask.content.decode()
    assert "Take the day off and cancel them" in html and f"/tutoring/sessions/{booked.pk}/" in html
    assert not BlockedDate.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post("/tutoring/tutor/blocked/", {"day": day.isoformat(), "confirm": "on"}, follow=True)
    assert "1 booked session was cancelled" in done.content.decode()
    assert BlockedDate.objects.filter(tutor=tutor, day=day).exists()
    assert Session.objects.get(pk=booked.pk).status == "cancelled"
    assert not Session.objects.filter(pk=empty.pk).exists()
    booking.refresh_from_db()
    assert booking.status == "cancelled" and booking.cancelled_by_tutor


def test_a_day_off_in_the_past_is_refused_and_a_day_off_can_be_removed(people, client_for) -> None:
    tutor = make_tutor(people.ms3)
    client = client_for("ms3")
    past = client.post("/tutoring/tutor/blocked/", {"day": "2020-02-03"})
    assert past.status_code == 400 and past.context["form"].errors["day"] == ["Choose today or a later date."]
    client.post("/tutoring/tutor/blocked/", {"day": days_ahead(9).isoformat()})
    blocked = BlockedDate.objects.get(tutor=tutor)
    assert client_for("ms1").post(f"/tutoring/tutor/blocked/{blocked.pk}/remove/").status_code == 403
    assert client.post(f"/tutoring/tutor/blocked/{blocked.pk}/remove/").status_code == 302
    assert not BlockedDate.objects.exists()


def test_cancelling_a_session(people, client_for, django_capture_on_commit_callbacks) -> None:
    tutor = make_tutor(people.ms3)
    session = make_session(tutor)
    booking = booking_create(student=people.ms1, session=session, topic=topic())
    assert client_for("ms1").post(f"/tutoring/sessions/{session.pk}/cancel/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        answer = client_for("ms3").post(f"/tutoring/sessions/{session.pk}/cancel/")
    assert answer.status_code == 302 and answer["Location"] == f"/tutoring/sessions/{session.pk}/"
    assert _said(answer) == ["Session cancelled. Everyone who booked or was waiting is told."]
    assert Session.objects.get(pk=session.pk).status == "cancelled"
    assert Booking.objects.get(pk=booking.pk).status == "cancelled"
    again = client_for("ms3").post(
        f"/tutoring/sessions/{session.pk}/cancel/", headers={"referer": "http://testserver/tutoring/tutor/"}
    )
    assert again.status_code == 302 and again["Location"] == "http://testserver/tutoring/tutor/"
    assert _said(again)[-1:] == ["Only a session that has not started can be cancelled."]
    elsewhere = client_for("ms3").post(
        f"/tutoring/sessions/{session.pk}/cancel/", headers={"referer": "https://evil.example/"}
    )
    assert elsewhere["Location"] == f"/tutoring/sessions/{session.pk}/"


def test_a_coordinator_may_cancel_a_tutors_session(people, client_for) -> None:
    session = make_session(make_tutor(people.ms3))
    assert client_for("coordinator").post(f"/tutoring/sessions/{session.pk}/cancel/").status_code == 302
    assert Session.objects.get(pk=session.pk).status == "cancelled"


def test_more_places_promote_the_waitlist_and_fewer_than_held_are_refused(people, client_for) -> None:
    tutor = make_tutor(people.ms3)
    session = make_session(tutor, capacity=2)
    booking_create(student=people.ms1, session=session, topic=topic())
    booking_create(student=make_student(1), session=session, topic=topic())
    waiting = booking_create(student=make_student(2), session=session, topic=topic(), waitlist=True)
    client = client_for("ms3")
    refused = client.post(f"/tutoring/sessions/{session.pk}/places/", {"capacity": "1"})
    assert refused["Location"] == f"/tutoring/sessions/{session.pk}/"
    assert _said(refused) == ["2 students already hold a place: give at least 2."]
    bad = client.post(f"/tutoring/sessions/{session.pk}/places/", {"capacity": "many"})
    assert _said(bad)[-1] == "Give a whole number."  # messages pile up until a page shows them
    assert Session.objects.get(pk=session.pk).capacity == 2
    more = client.post(f"/tutoring/sessions/{session.pk}/places/", {"capacity": "3"})
    assert more.status_code == 302 and more["Location"] == f"/tutoring/sessions/{session.pk}/"
    assert Session.objects.get(pk=session.pk).capacity == 3
    assert Booking.objects.get(pk=waiting.pk).status == "booked"
    assert _said(more)[-1:] == ["The session now has 3 places. 1 person from the waitlist got a place and is told."]
    assert client_for("ms1").post(f"/tutoring/sessions/{session.pk}/places/", {"capacity": "4"}).status_code == 403
