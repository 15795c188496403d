"""Tutor pages: applying (training shown, not required), My tutoring (subjects, pause, withdraw, hours,
ratings only as an average of 5+), and the coordinators' applications with their decisions."""

from datetime import timedelta

import pytest
from django.utils import timezone

from huddle.tutoring.models import Rating, Tutor, TutorSubject
from tests.personas import Personas
from tests.tutoring.factories import held_session, make_student, make_tutor, seat_for, topic, tutoring_module

pytestmark = pytest.mark.django_db


# --- applying --------------------------------------------------------------------------------------------


def test_a_student_not_yet_trained_sees_what_is_missing_and_may_still_apply(people: Personas, client_for) -> None:
    tutoring_module()
    client = client_for("ms3")
    page = client.get("/tutoring/apply/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Not yet" in html and "Complete Peer tutoring skills" in html
    assert 'href="/training/"' in html
    cardiology, pulmonary = topic("Cardiology"), topic("Pulmonary")
    answer = client.post(
        "/tutoring/apply/",
        {"topics": [cardiology.pk, pulmonary.pk], "statement": "I tutored Cardiology last year and loved it."},
    )
    assert answer.status_code == 302 and answer["Location"] == "/tutoring/tutor/"
    tutor = Tutor.objects.get(person=people.ms3)
    assert set(tutor.subjects.values_list("topic__name", "status")) == {
        ("Cardiology", "pending"),
        ("Pulmonary", "pending"),
    }


def test_a_trained_student_sees_the_training_done(people: Personas, client_for) -> None:
    from tests.tutoring.factories import trained

    trained(people.ms3)
    html = client_for("ms3").get("/tutoring/apply/").content.decode()
    assert "You hold the tutor training" in html and "Not yet" not in html


def test_applying_without_a_subject_or_with_a_short_statement_says_so_on_the_field(people, client_for) -> None:
    client = client_for("ms1")
    page = client.post("/tutoring/apply/", {"topics": [], "statement": "I would like to tutor people."})
    assert page.status_code == 400
    assert page.context["form"].errors["topics"] == ["Choose at least one subject."]
    page = client.post("/tutoring/apply/", {"topics": [topic().pk], "statement": "short"})
    assert page.status_code == 400
    assert "from 20 to 1500 characters" in page.context["form"].errors["statement"][0]
    assert not Tutor.objects.exists()


@pytest.mark.parametrize("persona", ["faculty", "coordinator", "wellbeing"])
def test_only_students_apply(people, client_for, persona: str) -> None:
    assert client_for(persona).get("/tutoring/apply/").status_code == 403
    assert client_for(persona).post("/tutoring/apply/", {"statement": "x" * 30}).status_code == 403


# --- My tutoring -----------------------------------------------------------------------------------------


def test_my_tutoring_sends_a_student_who_never_applied_to_apply_and_refuses_others(people, client_for) -> None:
    answer = client_for("ms1").get("/tutoring/tutor/")
    assert answer.status_code == 302 and answer["Location"] == "/tutoring/apply/"
    assert client_for("faculty").get("/tutoring/tutor/").status_code == 404
    for url in ("/tutoring/tutor/pause/",):
        assert client_for("ms1").post(url, {"paused": "1"}).status_code == 404


def test_my_tutoring_lists_subjects_with_status_and_the_coordinators_note(people, client_for) -> None:
    tutor = make_tutor(people.ms3, topic("Cardiology"))
    TutorSubject.objects.create(
        tutor=tutor, topic=topic("Renal"), status="declined", decision_note="Finish the Renal block first."
    )
    TutorSubject.objects.create(tutor=tutor, topic=topic("Pulmonary"))
    html = client_for("ms3").get("/tutoring/tutor/").content.decode()
    assert "Cardiology" in html and "Approved" in html
    assert "Waiting for approval" in html
    assert "Declined" in html and "Finish the Renal block first." in html
    assert "/tutoring/tutor/windows/" in html and "/tutoring/tutor/blocked/" in html


def test_withdraw_and_pause_then_resume(people, client_for) -> None:
    tutor = make_tutor(people.ms3)
    subject = tutor.subjects.get()
    client = client_for("ms3")
    assert client.post(f"/tutoring/tutor/subjects/{subject.pk}/withdraw/").status_code == 302
    assert TutorSubject.objects.get(pk=subject.pk).status == "withdrawn"
    assert client.post("/tutoring/tutor/pause/", {"paused": "1"}).status_code == 302
    assert Tutor.objects.get(pk=tutor.pk).paused
    html = client.get("/tutoring/tutor/").content.decode()
    assert "Paused" in html and "Resume tutoring" in html
    client.post("/tutoring/tutor/pause/", {"paused": "0"})
    assert not Tutor.objects.get(pk=tutor.pk).paused


def test_another_students_subject_cannot_be_withdrawn(people, client_for) -> None:
    theirs = make_tutor(people.ms3).subjects.get()
    make_tutor(people.ms1, topic("Renal"))
    assert client_for("ms1").post(f"/tutoring/tutor/subjects/{theirs.pk}/withdraw/").status_code == 404
    assert TutorSubject.objects.get(pk=theirs.pk).status == "approved"


def test_upcoming_bookings_sessions_to_complete_and_hours(people, client_for) -> None:
    tutor = make_tutor(people.ms3)
    now = timezone.now()
    ahead = held_session(tutor, now + timedelta(days=2), capacity=2)
    seat_for(ahead, people.ms1, topic(), status="booked")
    waiting = make_student(1)
    seat_for(ahead, waiting, topic(), status="booked")
    past = held_session(tutor, now - timedelta(hours=3))
    seat_for(past, make_student(2), topic(), status="booked")
    start_of_month = timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    held_session(tutor, max(start_of_month, now - timedelta(days=1)) + timedelta(minutes=1), completed_minutes=90)
    page = client_for("ms3").get("/tutoring/tutor/")
    html = page.content.decode()
    assert f"/tutoring/sessions/{ahead.pk}/" in html and "Alice Ames" in html
    assert "Sessions to complete" in html and f"/tutoring/sessions/{past.pk}/" in html
    assert page.context["page"].hours.month == 1.5 and page.context["page"].hours.term == 1.5


def test_my_tutoring_reads_a_fixed_number_of_queries(people, client_for) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    tutor = make_tutor(people.ms3)
    now = timezone.now()
    client = client_for("ms3")

    def count() -> int:
        client.get("/tutoring/tutor/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/tutoring/tutor/").status_code == 200
        return len(captured.captured_queries)

    def grow(start: int, n: int) -> None:
        for k in range(start, start + n):
            ahead = held_session(tutor, now + timedelta(days=k + 1), capacity=2)
            seat_for(ahead, make_student(200 + k), topic(), status="booked")
            past = held_session(tutor, now - timedelta(days=k + 1))
            seat_for(past, make_student(300 + k), topic(), status="booked")

    grow(0, 1)
    before = count()
    grow(1, 4)
    assert count() == before


def _rate(tutor: Tutor, count: int, *, start: int = 0, stars: int = 4) -> None:
    now = timezone.now()
    for n in range(count):
        session = held_session(tutor, now - timedelta(days=start + n + 1), completed_minutes=60)
        booking = seat_for(session, make_student(100 + start + n), topic())
        Rating.objects.create(booking=booking, stars=stars - (n == 0), comment=f"secret comment {n}")


def test_ratings_stay_hidden_below_five_then_show_only_as_an_average(people, client_for) -> None:
    tutor = make_tutor(people.ms3)
    _rate(tutor, 4)
    html = client_for("ms3").get("/tutoring/tutor/").content.decode()
    assert "Shown from 5 ratings" in html
    assert "/ 5" not in html and "secret comment" not in html
    Rating.objects.all().delete()
    _rate(tutor, 5, start=10)  # 3, 4, 4, 4, 4 → 3.8
    html = client_for("ms3").get("/tutoring/tutor/").content.decode()
    assert "3.8 / 5 from 5 ratings" in html
    assert "secret comment" not in html


# --- coordinators: applications --------------------------------------------------------------------------


def _apply(person, *names: str) -> Tutor:
    tutor = Tutor.objects.create(person=person, statement="I explain renal physiology with drawings.")
    for name in names:
        TutorSubject.objects.create(tutor=tutor, topic=topic(name))
    return tutor


@pytest.mark.parametrize("persona", ["ms1", "ms3", "faculty", "wellbeing"])
def test_only_coordinators_see_and_decide_applications(people, client_for, persona: str) -> None:
    subject = _apply(make_student(7), "Renal").subjects.get()
    assert client_for(persona).get("/tutoring/manage/tutors/").status_code == 403
    answer = client_for(persona).post(f"/tutoring/manage/tutors/{subject.pk}/decide/", {"decision": "approve"})
    assert answer.status_code == 403
    assert TutorSubject.objects.get(pk=subject.pk).status == "pending"


def test_applications_show_the_student_statement_and_training_now(people, client_for) -> None:
    tutoring_module()
    _apply(people.ms3, "Renal")
    make_tutor(people.ms1, topic("Cardiology"))
    html = client_for("coordinator").get("/tutoring/manage/tutors/").content.decode()
    assert "Sam Sato" in html and "MS3" in html and "Renal" in html
    assert "I explain renal physiology with drawings." in html
    assert "Complete Peer tutoring skills" in html
    assert "Approved tutors" in html and "Alice Ames" in html


def test_approving_an_untrained_student_is_refused_with_what_is_missing(people, client_for) -> None:
    tutoring_module()
    subject = _apply(people.ms3, "Renal").subjects.get()
    client = client_for("coordinator")
    answer = client.post(f"/tutoring/manage/tutors/{subject.pk}/decide/", {"decision": "approve"}, follow=True)
    assert "To be a tutor you first need: Complete Peer tutoring skills." in answer.content.decode()
    assert TutorSubject.objects.get(pk=subject.pk).status == "pending"


def test_approve_a_trained_student_and_decline_with_a_note(people, client_for) -> None:
    from tests.tutoring.factories import trained

    trained(people.ms3)
    tutor = _apply(people.ms3, "Renal", "Pulmonary")
    renal, pulmonary = tutor.subjects.get(topic__name="Renal"), tutor.subjects.get(topic__name="Pulmonary")
    client = client_for("coordinator")
    assert client.post(f"/tutoring/manage/tutors/{renal.pk}/decide/", {"decision": "approve"}).status_code == 302
    assert TutorSubject.objects.get(pk=renal.pk).status == "approved"
    missing_note = client.post(f"/tutoring/manage/tutors/{pulmonary.pk}/decide/", {"decision": "decline"})
    assert missing_note.status_code == 400
    assert "Say why" in missing_note.content.decode()
    assert TutorSubject.objects.get(pk=pulmonary.pk).status == "pending"
    client.post(
        f"/tutoring/manage/tutors/{pulmonary.pk}/decide/",
        {"decision": "decline", "note": "Take the Pulmonary block first."},
    )
    declined = TutorSubject.objects.get(pk=pulmonary.pk)
    assert declined.status == "declined" and declined.decision_note == "Take the Pulmonary block first."
    html = client_for("ms3").get("/tutoring/tutor/").content.decode()
    assert "Take the Pulmonary block first." in html
