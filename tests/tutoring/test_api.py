"""Tutoring in the JSON API: the same rules as the pages, only the caller's own bookings, no ratings."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from huddle.accounts.models import Language, Profile
from huddle.tutoring.models import Booking, Session, Tutor, TutorSubject
from huddle.tutoring.records.services import rating_create, session_complete
from tests.personas import Personas
from tests.tutoring.factories import (
    held_session,
    make_session,
    make_student,
    make_tutor,
    rules_set,
    seat_for,
    topic,
)

pytestmark = pytest.mark.django_db

SESSIONS = "/api/tutoring/sessions"
BOOKINGS = "/api/tutoring/bookings"
TUTORS = "/api/tutoring/tutors"


def book_url(session: Session) -> str:
    return f"/api/tutoring/sessions/{session.pk}/bookings"


def cancel_url(booking_id: int) -> str:
    return f"/api/tutoring/bookings/{booking_id}/cancel"


@pytest.fixture
def session(people: Personas) -> Session:
    return make_session(make_tutor(people.ms3))


def test_open_sessions_give_places_and_utc_times_never_who_booked(people, client_for, session):
    other = make_student(1)
    seat_for(session, other, topic(), status="booked")
    Session.objects.filter(pk=session.pk).update(capacity=2)
    body = client_for("ms1").get(SESSIONS).json()
    assert body["count"] == 1 and body["pages"] == 1
    [item] = body["items"]
    assert item["id"] == session.pk and item["tutor"]["name"] == "Sam Sato"
    assert item["subjects"] == [{"id": topic().pk, "name": "Cardiology"}]
    assert (item["capacity"], item["places_left"], item["waitlist"], item["my_status"]) == (2, 1, 0, None)
    assert item["starts_at"].endswith("Z") and item["modality"] == "virtual"
    assert "meeting_link" not in item
    text = client_for("ms1").get(SESSIONS).content.decode()
    assert other.email not in text and "No1" not in text


def test_session_filters_narrow_the_list(people, client_for, session):
    client = client_for("ms1")
    starts = session.starts_at
    other_subject = topic("Pharmacology")

    def count(**params) -> int:
        response = client.get(SESSIONS, params)
        assert response.status_code == 200, response.content
        return response.json()["count"]

    assert count(subject=topic().pk) == 1
    assert count(subject=other_subject.pk) == 0
    assert count(modality="virtual") == 1 and count(modality="in_person") == 0
    assert count(**{"from": (starts + timedelta(minutes=1)).isoformat()}) == 0
    assert count(**{"from": (starts - timedelta(minutes=1)).isoformat(), "to": starts.isoformat()}) == 0
    assert count(to=(starts + timedelta(minutes=1)).isoformat()) == 1
    Profile.objects.filter(user=people.ms3).get().languages.add(Language.objects.get(code="es"))
    assert count(language="es") == 1 and count(language="fr") == 0
    Profile.objects.filter(user=people.ms3).update(visibility={"languages": "staff"})
    assert count(language="es") == 0  # hidden from students, so never matched for them
    assert client.get(SESSIONS, {"modality": "walking"}).status_code == 422
    assert client.get(SESSIONS, {"subject": 10**12}).status_code == 400
    assert client.get(SESSIONS, {"language": "xx"}).status_code == 400


def test_paused_tutors_and_a_tutors_own_sessions_are_not_listed(people, client_for, session):
    assert client_for("ms3").get(SESSIONS).json()["count"] == 0
    Tutor.objects.update(paused=True)
    assert client_for("ms1").get(SESSIONS).json()["count"] == 0


def test_sessions_come_fifty_a_page(people, client_for):
    tutor = make_tutor(people.ms3)
    start = timezone.now() + timedelta(days=2)
    Session.objects.bulk_create(
        Session(
            tutor=tutor,
            starts_at=start + timedelta(hours=2 * n),
            ends_at=start + timedelta(hours=2 * n + 1),
            time_zone="America/New_York",
            modality="virtual",
            meeting_link="https://video.school.test/room",
        )
        for n in range(55)
    )
    client = client_for("ms1")
    first = client.get(SESSIONS).json()
    second = client.get(SESSIONS, {"page": 2}).json()
    assert (first["count"], first["pages"], len(first["items"]), len(second["items"])) == (55, 2, 50, 5)
    assert first["items"][0]["starts_at"] < first["items"][-1]["starts_at"] < second["items"][0]["starts_at"]
    assert client.get(SESSIONS, {"page": 0}).status_code == 422


def test_booking_the_last_place_then_the_waitlist_then_cancelling_promotes(people, client_for, session):
    alice = client_for("ms1")
    response = alice.post(book_url(session), {"note": "Heart sounds"}, content_type="application/json")
    assert response.status_code == 201, response.content
    mine = response.json()
    assert mine["status"] == "booked" and mine["subject"]["name"] == "Cardiology" and mine["note"] == "Heart sounds"
    assert mine["meeting_link"] == "https://video.school.test/room" and mine["waitlist_position"] is None
    listed = alice.get(SESSIONS).json()["items"][0]
    assert (listed["places_left"], listed["my_status"]) == (0, "booked")

    bo = make_student(2)
    bo_client = Client()
    bo_client.force_login(bo)
    full = bo_client.post(book_url(session), {}, content_type="application/json")
    assert full.status_code == 409
    assert "last place" in full.json()["detail"]
    waiting = bo_client.post(book_url(session), {"waitlist": True}, content_type="application/json")
    assert waiting.status_code == 201
    assert waiting.json()["status"] == "waitlisted" and waiting.json()["waitlist_position"] == 1
    assert waiting.json()["meeting_link"] == ""
    assert alice.get(SESSIONS).json()["items"][0]["waitlist"] == 1

    cancelled = alice.post(cancel_url(mine["id"]))
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert Booking.objects.get(pk=waiting.json()["id"]).status == "booked"
    again = alice.post(cancel_url(mine["id"]))
    assert again.status_code == 409 and again.json()["detail"] == "This booking is not active."


def test_a_rule_refusal_is_409_with_the_rule_in_words(people, client_for, session):
    rules_set(lead_time_hours=200)
    response = client_for("ms1").post(book_url(session), {}, content_type="application/json")
    assert response.status_code == 409
    assert "200 hours ahead" in response.json()["detail"]
    assert not Booking.objects.exists()


def test_who_may_book_and_what_is_refused(people, client_for, session):
    assert client_for("anonymous").post(book_url(session), {}, content_type="application/json").status_code == 401
    faculty = client_for("faculty").post(book_url(session), {}, content_type="application/json")
    assert faculty.status_code == 403
    missing = client_for("ms1").post("/api/tutoring/sessions/999999/bookings", {}, content_type="application/json")
    assert missing.status_code == 404
    unknown = client_for("ms1").post(book_url(session), {"topic": 10**9}, content_type="application/json")
    assert unknown.status_code == 400
    wrong = client_for("ms1").post(book_url(session), {"topic": topic("Anatomy").pk}, content_type="application/json")
    assert wrong.status_code == 409 and "does not tutor Anatomy" in wrong.json()["detail"]
    own = client_for("ms3").post(book_url(session), {}, content_type="application/json")
    assert own.status_code == 409 and own.json()["detail"] == "You cannot book your own session."
    long_note = client_for("ms1").post(book_url(session), {"note": "x" * 1001}, content_type="application/json")
    assert long_note.status_code == 422
    assert not Booking.objects.exists()


def test_a_session_for_any_of_the_tutors_subjects_needs_the_subject_named(people, client_for):
    tutor = make_tutor(people.ms3, topic(), topic("Pharmacology"))
    session = make_session(tutor)
    response = client_for("ms1").post(book_url(session), {}, content_type="application/json")
    assert response.status_code == 400 and "topic" in response.json()["detail"]
    named = client_for("ms1").post(
        book_url(session), {"topic": topic("Pharmacology").pk}, content_type="application/json"
    )
    assert named.status_code == 201 and named.json()["subject"]["name"] == "Pharmacology"


def test_only_the_student_who_booked_cancels_and_nobody_else_sees_the_booking(people, client_for, session):
    booked = client_for("ms1").post(book_url(session), {}, content_type="application/json").json()
    stranger = make_student(3)
    other = Client()
    other.force_login(stranger)
    assert other.post(cancel_url(booked["id"])).status_code == 404
    assert other.get(BOOKINGS).json()["count"] == 0
    assert client_for("ms3").post(cancel_url(booked["id"])).status_code == 403  # the tutor sees it, may not cancel
    assert client_for("coordinator").get(BOOKINGS).json()["items"] == []
    assert client_for("ms1").post(cancel_url(999999)).status_code == 404
    assert client_for("anonymous").get(BOOKINGS).status_code == 401
    assert Booking.objects.get(pk=booked["id"]).status == "booked"


def test_my_bookings_upcoming_and_past_with_notes_but_no_rating(people, client_for):
    tutor = make_tutor(people.ms3)
    now = timezone.now()
    past = held_session(tutor, now - timedelta(days=3))
    held = seat_for(past, people.ms1, topic(), status="booked")
    session_complete(user=people.ms3, session=past, minutes=60, attended={held.pk}, notes={held.pk: "Review murmurs"})
    held.refresh_from_db()
    rating_create(user=people.ms1, booking=held, stars=2, comment="Late start")
    upcoming = make_session(tutor)
    client = client_for("ms1")
    client.post(book_url(upcoming), {}, content_type="application/json")

    soon = client.get(BOOKINGS).json()
    assert [b["session_id"] for b in soon["items"]] == [upcoming.pk]
    earlier = client.get(BOOKINGS, {"when": "past"}).json()
    [row] = earlier["items"]
    assert (row["status"], row["tutor_notes"], row["rated"]) == ("attended", "Review murmurs", True)
    assert row["meeting_link"] == ""
    assert client.get(BOOKINGS, {"when": "all"}).json()["count"] == 2
    text = client.get(BOOKINGS, {"when": "all"}).content.decode()
    assert "stars" not in text and "Late start" not in text
    assert client.get(BOOKINGS, {"when": "soon"}).status_code == 422


def test_tutors_are_approved_and_not_paused_with_subjects_and_visible_languages(people, client_for):
    sam = make_tutor(people.ms3, topic(), topic("Pharmacology"))
    profile = Profile.objects.get(user=people.ms3)
    profile.languages.add(Language.objects.get(code="es"))
    make_session(sam)
    paused = make_tutor(make_student(4))
    Tutor.objects.filter(pk=paused.pk).update(paused=True)
    waiting = make_tutor(make_student(5))
    TutorSubject.objects.filter(tutor=waiting).update(status="pending")

    body = client_for("ms1").get(TUTORS).json()
    assert body["count"] == 1
    [row] = body["items"]
    assert row["id"] == sam.pk and row["name"] == "Sam Sato"
    assert [s["name"] for s in row["subjects"]] == ["Cardiology", "Pharmacology"]
    assert row["languages"] == ["es"] and row["modalities"] == []
    assert row["next_open_at"].endswith("Z")
    assert client_for("ms1").get(TUTORS, {"subject": topic("Anatomy").pk}).json()["count"] == 0
    assert client_for("ms1").get(TUTORS, {"language": "es"}).json()["count"] == 1

    # Languages the tutor shows only to staff are neither shown to students nor matched for them.
    profile.visibility = {**profile.visibility, "languages": "staff"}
    profile.save(update_fields=["visibility"])
    assert client_for("ms1").get(TUTORS).json()["items"][0]["languages"] == []
    assert client_for("ms1").get(TUTORS, {"language": "es"}).json()["count"] == 0
    assert client_for("coordinator").get(TUTORS).json()["items"][0]["languages"] == ["es"]
    assert client_for("anonymous").get(TUTORS).status_code == 401


def test_the_openapi_schema_lists_the_tutoring_operations(client_for):
    schema = client_for("anonymous").get("/api/openapi.json").json()
    operations = {
        (path, method): op["operationId"]
        for path, methods in schema["paths"].items()
        if path.startswith("/api/tutoring/")
        for method, op in methods.items()
    }
    assert set(operations) == {
        ("/api/tutoring/sessions", "get"),
        ("/api/tutoring/bookings", "get"),
        ("/api/tutoring/sessions/{session_id}/bookings", "post"),
        ("/api/tutoring/bookings/{booking_id}/cancel", "post"),
        ("/api/tutoring/tutors", "get"),
    }
    params = {p["name"] for p in schema["paths"]["/api/tutoring/sessions"]["get"]["parameters"]}
    assert {"subject", "modality", "language", "from", "to", "page"} <= params
    responses = schema["paths"]["/api/tutoring/sessions/{session_id}/bookings"]["post"]["responses"]
    assert {"201", "409"} <= set(responses)
