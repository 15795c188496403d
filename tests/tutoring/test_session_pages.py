"""The tutor's page for one session: who comes, the waitlist, completion, and who sees ratings."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from huddle.tutoring.bookings.services import booking_create, session_cancel
from huddle.tutoring.models import Booking, Session
from huddle.tutoring.records.services import rating_create, session_complete
from tests.personas import Personas, make_person
from tests.tutoring.factories import make_session, make_tutor, topic
from tests.tutoring.test_booking_pages import into_past

pytestmark = pytest.mark.django_db


def session_url(session: Session) -> str:
    return reverse("tutoring:session", args=[session.pk])


def complete_url(session: Session) -> str:
    return reverse("tutoring:session_complete", args=[session.pk])


def group(people: Personas) -> tuple[Session, Booking, Booking, Booking]:
    """A two-place session of Sam's: Alice and Bo hold places, Cy waits."""
    session = make_session(make_tutor(people.ms3, topic("Cardiology"), topic("Renal")), capacity=2)
    alice = booking_create(student=people.ms1, session=session, topic=topic("Renal"), note="Acid-base")
    bo = booking_create(
        student=make_person("bo@school.test", "Bo", "Berg", ["student"], 1), session=session, topic=topic()
    )
    cy = booking_create(
        student=make_person("cy@school.test", "Cy", "Cole", ["student"], 2),
        session=session,
        topic=topic(),
        waitlist=True,
    )
    return session, alice, bo, cy


def test_tutor_sees_students_notes_and_waitlist(people: Personas, client_for: Callable[[str], Client]) -> None:
    session, *_ = group(people)
    response = client_for("ms3").get(session_url(session))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Alice Ames" in page and "Bo Berg" in page and "Renal" in page and "Acid-base" in page
    assert "2 of 2 taken" in page
    waitlist = page[page.index("Waitlist, in order") :]
    assert "Cy Cole" in waitlist
    assert reverse("tutoring:session_cancel", args=[session.pk]) in page
    assert reverse("tutoring:session_places", args=[session.pk]) in page
    assert complete_url(session) not in page  # not started yet
    assert "can be recorded once the session has started" in page


def test_who_sees_the_session_page(people: Personas, client_for: Callable[[str], Client]) -> None:
    session, *_ = group(people)
    for persona, status in (("ms3", 200), ("coordinator", 200), ("ms1", 404), ("faculty", 404), ("wellbeing", 404)):
        assert client_for(persona).get(session_url(session)).status_code == status, persona
    assert client_for("ms3").get(reverse("tutoring:session", args=[987654])).status_code == 404


def test_completing_records_attendance_minutes_and_notes(people: Personas, client_for: Callable[[str], Client]) -> None:
    session, alice, bo, cy = group(people)
    into_past(session)
    client = client_for("ms3")
    page = client.get(session_url(session)).content.decode()
    assert complete_url(session) in page
    assert f'name="attended_{alice.pk}"' in page and f'name="attended_{cy.pk}"' not in page
    response = client.post(
        complete_url(session),
        {"minutes": 50, f"attended_{alice.pk}": "on", f"notes_{alice.pk}": "Practise the anion gap."},
    )
    assert response.status_code == 302 and response["Location"] == session_url(session)
    session.refresh_from_db()
    alice.refresh_from_db()
    bo.refresh_from_db()
    assert session.status == Session.Status.COMPLETED and session.minutes == 50
    assert alice.status == Booking.Status.ATTENDED and alice.tutor_notes == "Practise the anion gap."
    assert bo.status == Booking.Status.NO_SHOW
    page = client.get(session_url(session)).content.decode()
    assert "Completed: 50 minutes" in page and "No-show" in page and "Attended" in page
    assert "Correct the record" in page
    student_page = client_for("ms1").get(reverse("tutoring:booking", args=[alice.pk])).content.decode()
    assert "Practise the anion gap." in student_page


def test_completion_refusals(people: Personas, client_for: Callable[[str], Client]) -> None:
    session, alice, *_ = group(people)
    client = client_for("ms3")
    early = client.post(complete_url(session), {"minutes": 60, f"attended_{alice.pk}": "on"})
    assert early.status_code == 400 and "once it has started" in early.content.decode()
    into_past(session)
    assert client.post(complete_url(session), {"minutes": 0}).status_code == 400
    assert client.post(complete_url(session), {"minutes": 600}).status_code == 400
    assert client_for("ms1").post(complete_url(session), {"minutes": 60}).status_code == 404
    assert client.get(complete_url(session)).status_code == 405
    session.refresh_from_db()
    assert session.status == Session.Status.OPEN


def test_coordinator_may_complete_and_sees_ratings_the_tutor_does_not(
    people: Personas, client_for: Callable[[str], Client]
) -> None:
    session, alice, bo, _cy = group(people)
    into_past(session)
    response = client_for("coordinator").post(
        complete_url(session), {"minutes": 60, f"attended_{alice.pk}": "on", f"attended_{bo.pk}": "on"}
    )
    assert response.status_code == 302
    rating_create(user=people.ms1, booking=Booking.objects.get(pk=alice.pk), stars=2, comment="Too fast for me")
    tutor_page = client_for("ms3").get(session_url(session)).content.decode()
    assert "Too fast for me" not in tutor_page and "2 stars" not in tutor_page
    staff_page = client_for("coordinator").get(session_url(session)).content.decode()
    assert "Too fast for me" in staff_page and "2 stars" in staff_page


def test_a_cancelled_session_offers_no_completion(people: Personas, client_for: Callable[[str], Client]) -> None:
    session, *_ = group(people)
    session_cancel(user=people.ms3, session=session)
    into_past(session)
    page = client_for("ms3").get(session_url(session)).content.decode()
    assert "This session is cancelled" in page and complete_url(session) not in page


def test_completed_again_corrects_the_record(people: Personas, client_for: Callable[[str], Client]) -> None:
    session, alice, bo, _cy = group(people)
    into_past(session)
    session_complete(user=people.ms3, session=session, minutes=60, attended={alice.pk})
    response = client_for("ms3").post(complete_url(session), {"minutes": 45, f"attended_{bo.pk}": "on"})
    assert response.status_code == 302
    bo.refresh_from_db()
    alice.refresh_from_db()
    assert bo.status == Booking.Status.ATTENDED and alice.status == Booking.Status.NO_SHOW
