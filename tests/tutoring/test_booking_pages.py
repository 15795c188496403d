"""Booking pages: book (302 / 409 / 400 / 403), my bookings, one booking, cancel (late marked), move, rate."""

from collections.abc import Callable
from datetime import time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from huddle.accounts.models import User
from huddle.tutoring.bookings.services import booking_cancel, booking_create
from huddle.tutoring.models import Booking, BookingEmail, Modality, Rating, Session
from huddle.tutoring.records.services import rating_create, session_complete
from huddle.tutoring.schedule.services import Offer, session_add, window_create
from tests.personas import Personas, make_person
from tests.tutoring.factories import days_ahead, make_session, make_tutor, topic, virtual

pytestmark = pytest.mark.django_db


def book_url(session: Session) -> str:
    return reverse("tutoring:book", args=[session.pk])


def booking_url(booking: Booking) -> str:
    return reverse("tutoring:booking", args=[booking.pk])


def other_student(email: str = "bo@school.test") -> User:
    return make_person(email, "Bo", "Berg", ["student"], 1)


def into_past(session: Session, *, hours: int = 2) -> None:
    """Move a session (and its bookings) so that it started ``hours`` ago."""
    shift = session.starts_at - (timezone.now() - timedelta(hours=hours))
    Session.objects.filter(pk=session.pk).update(starts_at=session.starts_at - shift, ends_at=session.ends_at - shift)
    Booking.objects.filter(session=session).update(starts_at=session.starts_at - shift, ends_at=session.ends_at - shift)
    session.refresh_from_db()


def session_in(tutor_person: User, hours: int) -> Session:
    """A one-off session starting about ``hours`` from now (on the hour, in the tutor's zone)."""
    at = (timezone.now() + timedelta(hours=hours)).astimezone(timezone.get_default_timezone())
    tutor = make_tutor(tutor_person)
    return session_add(
        user=tutor_person, tutor=tutor, day=at.date(), starts=time(at.hour, 0), minutes=30, offer=virtual()
    )


# Book


def test_book_page_shows_the_session_and_a_simple_form(people: Personas, client_for: Callable[[str], Client]) -> None:
    session = make_session(make_tutor(people.ms3))
    response = client_for("ms1").get(book_url(session))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sam Sato" in page and "Cardiology" in page and "1 place left" in page
    assert 'name="topic"' in page and 'name="note"' in page
    assert 'name="waitlist"' not in page  # not full
    assert 'name="weeks"' not in page  # a one-off session


def test_booking_redirects_to_the_booking_and_confirms_by_email(
    people: Personas, client_for: Callable[[str], Client], django_capture_on_commit_callbacks
) -> None:
    session = make_session(make_tutor(people.ms3))
    client = client_for("ms1")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(book_url(session), {"topic": topic().pk, "note": "Heart sounds, please"})
    booking = Booking.objects.get()
    assert response.status_code == 302 and response["Location"] == booking_url(booking)
    assert booking.status == Booking.Status.BOOKED and booking.note == "Heart sounds, please"
    assert BookingEmail.objects.filter(booking=booking, kind="confirmation").exists()
    page = client.get(response["Location"]).content.decode()
    assert "Your booking is confirmed. An e-mail with a calendar file is on its way." in page
    assert "https://video.school.test/room" in page
    again = client.get(book_url(session)).content.decode()
    assert "You have booked this session." in again and booking_url(booking) in again and 'name="note"' not in again
    assert client.post(book_url(session), {"topic": topic().pk}).status_code == 409


def test_one_subject_is_chosen_for_the_student(people: Personas, client_for: Callable[[str], Client]) -> None:
    session = make_session(make_tutor(people.ms3))
    response = client_for("ms1").post(book_url(session), {"note": ""})
    assert response.status_code == 302
    assert Booking.objects.get().topic == topic()


def test_full_session_answers_409_and_offers_the_waitlist(
    people: Personas, client_for: Callable[[str], Client]
) -> None:
    session = make_session(make_tutor(people.ms3))
    client = client_for("ms1")
    page = client.get(book_url(session)).content.decode()
    assert 'name="waitlist"' not in page
    booking_create(student=other_student(), session=session, topic=topic())  # the last place goes meanwhile
    response = client.post(book_url(session), {"topic": topic().pk})
    page = response.content.decode()
    assert response.status_code == 409
    assert "The last place in this session was just taken" in page
    assert 'name="waitlist"' in page
    assert not Booking.objects.filter(student=people.ms1).exists()


def test_joining_the_waitlist(people: Personas, client_for: Callable[[str], Client]) -> None:
    session = make_session(make_tutor(people.ms3))
    booking_create(student=other_student(), session=session, topic=topic())
    client = client_for("ms1")
    page = client.get(book_url(session)).content.decode()
    assert "Full – waitlist" in page and 'name="waitlist"' in page and "Join the waitlist" in page
    response = client.post(book_url(session), {"topic": topic().pk, "waitlist": "on"}, follow=True)
    mine = Booking.objects.get(student=people.ms1)
    assert mine.status == Booking.Status.WAITLISTED
    assert "you are number 1 on its waitlist" in response.content.decode()


def test_invalid_input_is_400(people: Personas, client_for: Callable[[str], Client]) -> None:
    session = make_session(make_tutor(people.ms3, topic("Cardiology"), topic("Renal")))
    client = client_for("ms1")
    assert client.post(book_url(session), {"note": "no subject chosen"}).status_code == 400
    assert client.post(book_url(session), {"topic": topic("Pharmacology").pk}).status_code == 400
    assert client.post(book_url(session), {"topic": "x' or 1=1"}).status_code == 400
    assert client.post(book_url(session), {"topic": topic().pk, "note": "x" * 1001}).status_code == 400
    assert not Booking.objects.exists()


def test_a_rule_refusal_is_409_and_said_before_booking(people: Personas, client_for: Callable[[str], Client]) -> None:
    session = session_in(people.ms3, hours=3)  # inside the 12-hour lead time
    client = client_for("ms1")
    page = client.get(book_url(session)).content.decode()
    assert "this one starts too soon" in page and 'name="note"' not in page
    response = client.post(book_url(session), {"topic": topic().pk})
    assert response.status_code == 409 and "this one starts too soon" in response.content.decode()


def test_only_students_book(people: Personas, client_for: Callable[[str], Client]) -> None:
    session = make_session(make_tutor(people.ms3))
    for persona in ("faculty", "coordinator", "wellbeing"):
        client = client_for(persona)
        assert client.get(book_url(session)).status_code == 403
        assert client.post(book_url(session), {"topic": topic().pk}).status_code == 403
    assert client_for("ms1").get(reverse("tutoring:book", args=[987654])).status_code == 404
    assert client_for("anonymous").get(book_url(session)).status_code == 302
    assert not Booking.objects.exists()


def test_own_session_cannot_be_booked(people: Personas, client_for: Callable[[str], Client]) -> None:
    session = make_session(make_tutor(people.ms3))
    client = client_for("ms3")
    assert "This is your own session" in client.get(book_url(session)).content.decode()
    assert client.post(book_url(session), {"topic": topic().pk}).status_code == 409


def test_weekly_series(people: Personas, client_for: Callable[[str], Client]) -> None:
    tutor = make_tutor(people.ms3)
    window_create(
        user=people.ms3,
        tutor=tutor,
        weekday=days_ahead(3).weekday(),
        starts=time(18, 0),
        ends=time(19, 0),
        session_minutes=60,
        offer=virtual(),
    )
    first = Session.objects.filter(window__isnull=False).order_by("starts_at").first()
    assert first is not None
    client = client_for("ms1")
    assert 'name="weeks"' in client.get(book_url(first)).content.decode()
    response = client.post(book_url(first), {"topic": topic().pk, "weeks": 3}, follow=True)
    bookings = list(Booking.objects.order_by("starts_at"))
    assert len(bookings) == 3 and len({b.series for b in bookings}) == 1
    assert response.redirect_chain[-1][0] == booking_url(bookings[0])
    assert "Your 3 weekly sessions are confirmed" in response.content.decode()
    assert client.post(book_url(first), {"topic": topic().pk, "weeks": 99}).status_code == 400


# My bookings


def test_my_bookings_lists_upcoming_waitlisted_and_past(people: Personas, client_for: Callable[[str], Client]) -> None:
    tutor = make_tutor(people.ms3)
    upcoming = booking_create(student=people.ms1, session=make_session(tutor, day=days_ahead(5)), topic=topic())
    full = make_session(tutor, day=days_ahead(6))
    booking_create(student=other_student(), session=full, topic=topic())
    waiting = booking_create(student=people.ms1, session=full, topic=topic(), waitlist=True)
    attended_session = make_session(tutor, day=days_ahead(2), at=time(9, 0))
    attended = booking_create(student=people.ms1, session=attended_session, topic=topic())
    missed_session = make_session(tutor, day=days_ahead(2), at=time(15, 0))
    missed = booking_create(student=people.ms1, session=missed_session, topic=topic())
    into_past(attended_session, hours=2)
    into_past(missed_session, hours=4)
    session_complete(user=people.ms3, session=attended_session, minutes=60, attended={attended.pk})
    session_complete(user=people.ms3, session=missed_session, minutes=60, attended=set())
    late = booking_create(student=people.ms1, session=session_in(people.ms3, hours=14), topic=topic())
    booking_cancel(user=people.ms1, booking=late)
    page = client_for("ms1").get(reverse("tutoring:bookings")).content.decode()
    for booking in (upcoming, waiting, attended, missed, late):
        assert booking_url(booking) in page
    assert "number 1 on the waitlist" in page
    assert "Attended" in page and "No-show" in page and "Cancelled late" in page
    assert f"{booking_url(attended)}#rate-h" in page
    rating_create(user=people.ms1, booking=Booking.objects.get(pk=attended.pk), stars=5)
    assert "#rate-h" not in client_for("ms1").get(reverse("tutoring:bookings")).content.decode()


# One booking


def test_who_sees_a_booking(people: Personas, client_for: Callable[[str], Client]) -> None:
    booking = booking_create(student=people.ms1, session=make_session(make_tutor(people.ms3)), topic=topic())
    for persona, status in (("ms1", 200), ("ms3", 200), ("coordinator", 200), ("faculty", 404), ("wellbeing", 404)):
        assert client_for(persona).get(booking_url(booking)).status_code == status, persona
    stranger = Client()
    stranger.force_login(other_student())
    assert stranger.get(booking_url(booking)).status_code == 404
    assert client_for("ms1").get(reverse("tutoring:booking", args=[987654])).status_code == 404


def test_booking_page_in_the_viewers_zone_with_cancel_and_move(
    people: Personas, client_for: Callable[[str], Client]
) -> None:
    session = make_session(make_tutor(people.ms3), day=days_ahead(4), at=time(18, 0))
    booking = booking_create(student=people.ms1, session=session, topic=topic(), note="ECGs")
    people.ms1.profile.time_zone = "Asia/Kolkata"
    people.ms1.profile.save()
    page = client_for("ms1").get(booking_url(booking)).content.decode()
    local = session.starts_at.astimezone(ZoneInfo("Asia/Kolkata"))
    assert local.strftime("%H:%M") in page and "Asia/Kolkata" in page
    assert "ECGs" in page and "Join the meeting" in page
    assert reverse("tutoring:booking_cancel", args=[booking.pk]) in page
    assert reverse("tutoring:booking_move", args=[booking.pk]) in page
    assert "late cancellation" not in page


def test_late_cancellation_is_warned_and_marked(people: Personas, client_for: Callable[[str], Client]) -> None:
    booking = booking_create(student=people.ms1, session=session_in(people.ms3, hours=14), topic=topic())
    client = client_for("ms1")
    page = client.get(booking_url(booking)).content.decode()
    assert 'id="late-warning"' in page and "counts as a late cancellation" in page
    assert reverse("tutoring:booking_move", args=[booking.pk]) not in page  # inside the window: cancel only
    response = client.post(reverse("tutoring:booking_cancel", args=[booking.pk]), follow=True)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED and booking.cancelled_late
    assert "counts as a late cancellation" in response.content.decode()
    assert "Cancelled late" in response.content.decode()


def test_cancel_in_time_is_not_late(people: Personas, client_for: Callable[[str], Client]) -> None:
    booking = booking_create(student=people.ms1, session=make_session(make_tutor(people.ms3)), topic=topic())
    response = client_for("ms1").post(reverse("tutoring:booking_cancel", args=[booking.pk]))
    booking.refresh_from_db()
    assert response.status_code == 302
    assert booking.status == Booking.Status.CANCELLED and not booking.cancelled_late


def test_only_the_student_cancels(people: Personas, client_for: Callable[[str], Client]) -> None:
    booking = booking_create(student=people.ms1, session=make_session(make_tutor(people.ms3)), topic=topic())
    url = reverse("tutoring:booking_cancel", args=[booking.pk])
    assert client_for("ms3").post(url).status_code == 403  # the tutor sees it but does not cancel it
    assert client_for("coordinator").post(url).status_code == 403
    assert client_for("faculty").post(url).status_code == 404
    assert client_for("ms1").get(url).status_code == 405
    booking.refresh_from_db()
    assert booking.status == Booking.Status.BOOKED


def test_move_lists_the_tutors_other_times_and_moves(people: Personas, client_for: Callable[[str], Client]) -> None:
    tutor = make_tutor(people.ms3)
    here = make_session(tutor, day=days_ahead(3), at=time(18, 0))
    there = make_session(tutor, day=days_ahead(4), at=time(18, 0))
    full = make_session(tutor, day=days_ahead(5), at=time(18, 0))
    booking_create(student=other_student(), session=full, topic=topic())
    elsewhere = make_session(make_tutor(make_person("t2@school.test", "Tia", "Two", ["student"], 4)))
    booking = booking_create(student=people.ms1, session=here, topic=topic())
    client = client_for("ms1")
    url = reverse("tutoring:booking_move", args=[booking.pk])
    page = client.get(url).content.decode()
    assert f'value="{there.pk}"' in page
    for hidden in (here, full, elsewhere):
        assert f'value="{hidden.pk}"' not in page
    assert client.post(url, {"session": elsewhere.pk}).status_code == 409
    assert client.post(url, {"session": full.pk}).status_code == 409
    assert client.post(url, {"session": "nope"}).status_code == 400
    assert client.post(url, {"session": 987654}).status_code == 400
    response = client.post(url, {"session": there.pk})
    booking.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == booking_url(booking)
    assert booking.session_id == there.pk
    assert client_for("ms3").get(url).status_code == 403


def test_rating_once_attended(people: Personas, client_for: Callable[[str], Client]) -> None:
    session = make_session(make_tutor(people.ms3))
    booking = booking_create(student=people.ms1, session=session, topic=topic())
    rate = reverse("tutoring:rate", args=[booking.pk])
    client = client_for("ms1")
    assert "Rate this session" not in client.get(booking_url(booking)).content.decode()
    assert client.post(rate, {"stars": 5}).status_code == 403  # not attended yet
    into_past(session)
    session_complete(user=people.ms3, session=session, minutes=55, attended={booking.pk}, notes={booking.pk: "Great"})
    page = client.get(booking_url(booking)).content.decode()
    assert "Rate this session" in page and "Notes from the tutor" in page and "Great" in page
    assert client.post(rate, {"stars": 9}).status_code == 400
    assert client_for("ms3").post(rate, {"stars": 1}).status_code == 403
    response = client.post(rate, {"stars": 4, "comment": "Clear and kind"})
    assert response.status_code == 302
    rating = Rating.objects.get()
    assert rating.stars == 4 and rating.comment == "Clear and kind"
    assert client.post(rate, {"stars": 5}).status_code == 400  # once
    # The tutor never sees the rating on the booking; a coordinator does.
    assert "Clear and kind" not in client_for("ms3").get(booking_url(booking)).content.decode()
    assert "Clear and kind" in client_for("coordinator").get(booking_url(booking)).content.decode()


def test_in_person_booking_shows_the_room(people: Personas, client_for: Callable[[str], Client]) -> None:
    tutor = make_tutor(people.ms3)
    session = session_add(
        user=people.ms3,
        tutor=tutor,
        day=days_ahead(3),
        starts=time(10, 0),
        minutes=60,
        offer=Offer(Modality.IN_PERSON, "", "Library room 2", 2, None),
    )
    booking = booking_create(student=people.ms1, session=session, topic=topic())
    page = client_for("ms1").get(booking_url(booking)).content.decode()
    assert "Library room 2" in page and "Join the meeting" not in page
