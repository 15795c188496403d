"""RSVP, a waitlist that promotes itself, attendance that counts toward a module, and the calendar feed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from huddle.lib.errors import HuddleError
from huddle.lib.registry import entries_for
from huddle.notifications.models import Notification
from huddle.training.models import Completion, Rsvp
from huddle.training.quizzes.services import attempt_submit
from huddle.training.workshops.services import (
    attendance_mark,
    rsvp_cancel,
    rsvp_create,
    workshop_cancel,
    workshop_create,
)
from tests.personas import make_person
from tests.race import race
from tests.training.factories import RIGHT, make_module, make_workshop

pytestmark = pytest.mark.django_db


def _window():
    now = timezone.now()
    return now - timedelta(days=30), now + timedelta(days=60)


def test_places_then_waitlist_then_promotion_on_cancel_with_a_notice_after_commit(
    people, django_capture_on_commit_callbacks
):
    workshop = make_workshop(make_module(), capacity=2)
    assert rsvp_create(user=people.ms1, workshop=workshop).status == "going"
    assert rsvp_create(user=people.ms3, workshop=workshop).status == "going"
    waiting = rsvp_create(user=people.faculty, workshop=workshop)
    assert (waiting.status, waiting.seat) == ("waitlisted", None)
    with pytest.raises(HuddleError, match="already on the waitlist"):
        rsvp_create(user=people.faculty, workshop=workshop)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rsvp_cancel(user=people.ms1, workshop=workshop)
    # The notice waits for the commit: a rolled-back cancellation would tell nobody.
    assert not Notification.objects.filter(kind="training.promoted").exists()
    for callback in callbacks:
        callback()
    promoted = Rsvp.objects.get(workshop=workshop, person=people.faculty)
    assert (promoted.status, promoted.seat) == ("going", 1)
    assert promoted.promoted_at is not None
    note = Notification.objects.get(kind="training.promoted")
    assert note.user_id == people.faculty.pk and workshop.title in note.title


def test_the_waitlist_promotes_first_come_first_served(people, django_capture_on_commit_callbacks):
    workshop = make_workshop(make_module(), capacity=1)
    rsvp_create(user=people.ms1, workshop=workshop)
    rsvp_create(user=people.ms3, workshop=workshop)
    rsvp_create(user=people.faculty, workshop=workshop)
    rsvp_cancel(user=people.ms1, workshop=workshop)
    statuses = dict(Rsvp.objects.filter(workshop=workshop).values_list("person__first_name", "status"))
    assert statuses == {"Alice": "cancelled", "Sam": "going", "Fatima": "waitlisted"}


def test_leaving_the_waitlist_promotes_nobody_and_rejoining_goes_to_the_end(people):
    workshop = make_workshop(make_module(), capacity=1)
    rsvp_create(user=people.ms1, workshop=workshop)
    rsvp_create(user=people.ms3, workshop=workshop)
    rsvp_cancel(user=people.ms3, workshop=workshop)
    assert Rsvp.objects.get(person=people.ms1).status == "going"
    again = rsvp_create(user=people.ms3, workshop=workshop)
    assert again.status == "waitlisted" and again.sequence == 2


def test_every_rsvpd_workshop_is_in_the_calendar_feed_and_cancelled_ones_stay_cancelled(people):
    workshop = make_workshop(make_module(), capacity=1)
    rsvp_create(user=people.ms1, workshop=workshop)
    rsvp_create(user=people.ms3, workshop=workshop)
    [entry] = [e for e in entries_for(people.ms3, *_window()) if "workshop" in e.uid]
    assert entry.summary.startswith("Waitlist: ") and not entry.cancelled
    rsvp_cancel(user=people.ms1, workshop=workshop)
    [promoted] = [e for e in entries_for(people.ms3, *_window()) if "workshop" in e.uid]
    assert promoted.uid == entry.uid and promoted.sequence > entry.sequence
    assert promoted.summary == workshop.title
    [gone] = [e for e in entries_for(people.ms1, *_window()) if "workshop" in e.uid]
    assert gone.uid == entry.uid and gone.cancelled


def test_a_cancelled_workshop_shows_cancelled_for_everyone_and_tells_them(people, django_capture_on_commit_callbacks):
    workshop = make_workshop(make_module(), capacity=1)
    rsvp_create(user=people.ms1, workshop=workshop)
    with django_capture_on_commit_callbacks(execute=True):
        workshop_cancel(user=people.coordinator, workshop=workshop)
    [entry] = [e for e in entries_for(people.ms1, *_window()) if "workshop" in e.uid]
    assert entry.cancelled
    assert Notification.objects.filter(user=people.ms1, kind="training.workshop_cancelled").exists()
    with pytest.raises(HuddleError, match="cancelled"):
        rsvp_create(user=people.ms3, workshop=workshop)


def test_attendance_completes_a_module_that_requires_a_workshop(people):
    module = make_module(requires_workshop=True)
    attempt_submit(user=people.ms1, quiz=module.current_quiz, answers=RIGHT)
    assert not Completion.objects.exists()  # the quiz alone is not enough
    workshop = make_workshop(module, capacity=2)
    mine = rsvp_create(user=people.ms1, workshop=workshop)
    other = rsvp_create(user=people.ms3, workshop=workshop)
    with pytest.raises(HuddleError, match="once the workshop has started"):
        attendance_mark(user=people.coordinator, workshop=workshop, attended_ids={mine.pk})
    workshop.starts_at = timezone.now() - timedelta(minutes=5)
    workshop.save()
    with pytest.raises(HuddleError, match="Only the organiser"):
        attendance_mark(user=people.ms3, workshop=workshop, attended_ids={mine.pk})
    attendance_mark(user=people.coordinator, workshop=workshop, attended_ids={mine.pk})
    assert Completion.objects.get().person_id == people.ms1.pk
    assert Rsvp.objects.get(pk=other.pk).attended is False
    # Marking again does not complete twice; Sam attended but never passed, so nothing for Sam.
    attendance_mark(user=people.coordinator, workshop=workshop, attended_ids={mine.pk, other.pk})
    assert Completion.objects.count() == 1


def test_attending_first_then_passing_completes_too(people):
    module = make_module(requires_workshop=True)
    workshop = make_workshop(module, capacity=2)
    mine = rsvp_create(user=people.ms1, workshop=workshop)
    workshop.starts_at = timezone.now() - timedelta(minutes=5)
    workshop.save()
    attendance_mark(user=people.coordinator, workshop=workshop, attended_ids={mine.pk})
    assert not Completion.objects.exists()
    attempt_submit(user=people.ms1, quiz=module.current_quiz, answers=RIGHT)
    assert Completion.objects.filter(person=people.ms1).count() == 1


def test_scheduling_checks_its_fields(people):
    module = make_module()
    now = timezone.now()
    good = {
        "module": module, "title": "Lab", "description": "", "starts_at": now + timedelta(days=1),
        "ends_at": now + timedelta(days=1, hours=1), "place": "Room 1", "virtual_link": "", "capacity": 10,
    }  # fmt: skip
    for change, field in (
        ({"ends_at": now + timedelta(hours=1)}, "ends_at"),
        ({"starts_at": now - timedelta(days=1)}, "starts_at"),
        ({"place": ""}, "place"),
        ({"capacity": 0}, "capacity"),
        ({"virtual_link": "http://x.test"}, "virtual_link"),
    ):
        with pytest.raises(HuddleError) as caught:
            workshop_create(user=people.coordinator, **(good | change))
        assert caught.value.field == field
    with pytest.raises(HuddleError, match="Only coordinators"):
        workshop_create(user=people.faculty, **good)
    assert workshop_create(user=people.coordinator, **good).organiser_id == people.coordinator.pk


@pytest.mark.django_db(transaction=True)
def test_two_people_racing_for_the_last_place_get_one_place_and_one_waitlist_spot(people):
    workshop = make_workshop(make_module(), capacity=2)
    rsvp_create(user=people.ms1, workshop=workshop)
    rivals = [make_person(f"rival{i}@school.test", "Rival", str(i), ["student"], 2) for i in range(2)]
    outcomes = race([lambda u=u: rsvp_create(user=u, workshop=workshop) for u in rivals])
    assert outcomes == ["ok", "ok"]
    statuses = sorted(Rsvp.objects.filter(person__in=rivals).values_list("status", flat=True))
    assert statuses == ["going", "waitlisted"]
    assert Rsvp.objects.filter(workshop=workshop, status="going").count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_cancellation_racing_a_new_rsvp_never_overbooks(people):
    workshop = make_workshop(make_module(), capacity=1)
    rsvp_create(user=people.ms1, workshop=workshop)
    rsvp_create(user=people.ms3, workshop=workshop)  # waiting
    outcomes = race(
        [
            lambda: rsvp_cancel(user=people.ms1, workshop=workshop),
            lambda: rsvp_create(user=people.faculty, workshop=workshop),
        ]
    )
    assert outcomes == ["ok", "ok"]
    going = list(Rsvp.objects.filter(workshop=workshop, status="going").values_list("person_id", flat=True))
    assert len(going) == 1
    # Whichever ran first, the freed place goes to Sam, first in line; Fatima waits behind him.
    assert going == [people.ms3.pk]
    assert Rsvp.objects.get(workshop=workshop, person=people.faculty).status == "waitlisted"


def test_at_a_listener_only_modules_workshop_well_being_staff_not_coordinators_see_who_comes(client_for, people):
    from huddle.lib.qualification import PeerRole
    from tests.training.factories import require_modules

    crisis = make_module("Crisis response")
    require_modules(PeerRole.LISTENER, crisis, sign_off_by="wellbeing")
    workshop = make_workshop(crisis, capacity=3, organiser=people.faculty)
    rsvp_create(user=people.ms3, workshop=workshop)
    url = f"/training/workshops/{workshop.pk}/"
    assert "Sam Sato" not in client_for("coordinator").get(url).content.decode()
    assert "Sam Sato" in client_for("wellbeing").get(url).content.decode()
    assert "Sam Sato" in client_for("faculty").get(url).content.decode()  # the organiser
    assert client_for("coordinator").post(f"{url}attendance/").status_code == 403
