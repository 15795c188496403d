"""Editing a workshop: more places promote the waitlist in order, fewer never take a place away,
and a new time reaches everyone's calendar and notifications."""

from dataclasses import asdict, replace
from datetime import timedelta

import pytest
from django.utils import timezone

from huddle.lib.errors import HuddleError
from huddle.lib.registry import entries_for
from huddle.notifications.models import Notification
from huddle.training.models import Rsvp, Workshop
from huddle.training.workshops.services import WorkshopDetails, rsvp_cancel, rsvp_create, workshop_update
from tests.personas import make_person
from tests.training.factories import make_module, make_workshop

pytestmark = pytest.mark.django_db


def _details(workshop: Workshop, **changes: object) -> WorkshopDetails:
    current = WorkshopDetails(
        workshop.title,
        workshop.description,
        workshop.starts_at,
        workshop.ends_at,
        workshop.place,
        workshop.virtual_link,
        workshop.capacity,
    )
    return replace(current, **changes)  # type: ignore[arg-type]


def _students(count: int) -> list:
    return [make_person(f"w{k}@school.test", f"W{k}", "Student", ["student"], 2) for k in range(count)]


def test_more_places_go_to_the_waitlist_at_once_first_come_first_served(people, django_capture_on_commit_callbacks):
    workshop = make_workshop(make_module(), capacity=1, organiser=people.faculty)
    first, second, third, fourth = _students(4)
    for person in (first, second, third, fourth):
        rsvp_create(user=person, workshop=workshop)
    with django_capture_on_commit_callbacks(execute=True):
        workshop_update(user=people.faculty, workshop=workshop, details=_details(workshop, capacity=3))
    status = dict(Rsvp.objects.filter(workshop=workshop).values_list("person__email", "status"))
    assert status == {first.email: "going", second.email: "going", third.email: "going", fourth.email: "waitlisted"}
    assert set(Notification.objects.filter(kind="training.promoted").values_list("user_id", flat=True)) == {
        second.pk,
        third.pk,
    }
    # Places only changed: nobody's calendar entry moved, nobody was told of a change.
    assert Workshop.objects.get(pk=workshop.pk).sequence == 0
    assert not Notification.objects.filter(kind="training.workshop_changed").exists()


def test_fewer_places_than_people_holding_one_is_refused_on_the_field(people):
    workshop = make_workshop(make_module(), capacity=3, organiser=people.faculty)
    for person in _students(3):
        rsvp_create(user=person, workshop=workshop)
    with pytest.raises(HuddleError, match="3 people already have a place") as refused:
        workshop_update(user=people.faculty, workshop=workshop, details=_details(workshop, capacity=2))
    assert refused.value.field == "capacity"
    assert Workshop.objects.get(pk=workshop.pk).capacity == 3


def test_a_gap_left_in_the_seat_numbers_after_fewer_places_is_not_a_place(people):
    workshop = make_workshop(make_module(), capacity=3, organiser=people.faculty)
    a, b, c, d = _students(4)
    for person in (a, b, c):
        rsvp_create(user=person, workshop=workshop)
    rsvp_cancel(user=a, workshop=workshop)  # seats 2 and 3 held, seat 1 free
    workshop_update(user=people.faculty, workshop=workshop, details=_details(workshop, capacity=2))
    # Two places, two people: the free seat number 1 must not let a third in.
    assert rsvp_create(user=d, workshop=workshop).status == "waitlisted"
    assert Rsvp.objects.filter(workshop=workshop, status="going").count() == 2


def test_a_new_time_raises_the_calendar_sequence_and_tells_everyone_coming_or_waiting(
    people, django_capture_on_commit_callbacks
):
    workshop = make_workshop(make_module(), capacity=1, organiser=people.faculty)
    rsvp_create(user=people.ms1, workshop=workshop)
    rsvp_create(user=people.ms3, workshop=workshop)
    later = workshop.starts_at + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        workshop_update(
            user=people.faculty,
            workshop=workshop,
            details=_details(workshop, starts_at=later, ends_at=later + timedelta(hours=2)),
        )
    told = set(Notification.objects.filter(kind="training.workshop_changed").values_list("user_id", flat=True))
    assert told == {people.ms1.pk, people.ms3.pk}
    now = timezone.now()
    (entry,) = [
        e
        for e in entries_for(people.ms1, now - timedelta(days=1), now + timedelta(days=30))
        if str(workshop.uid) in e.uid or f"workshop-{workshop.pk}@" in e.uid
    ]
    assert (entry.start, entry.sequence) == (later, 1)


def test_only_its_organiser_or_a_coordinator_edits_and_not_once_it_started(people):
    workshop = make_workshop(make_module(), organiser=people.faculty)
    with pytest.raises(HuddleError):
        workshop_update(user=people.ms3, workshop=workshop, details=_details(workshop, capacity=5))
    workshop_update(user=people.coordinator, workshop=workshop, details=_details(workshop, capacity=5))
    Workshop.objects.filter(pk=workshop.pk).update(starts_at=timezone.now() - timedelta(minutes=5))
    workshop.refresh_from_db()
    with pytest.raises(HuddleError, match="already started"):
        workshop_update(user=people.faculty, workshop=workshop, details=_details(workshop, capacity=6))


def test_the_edit_page_saves_and_names_a_wrong_field(client_for, people):
    workshop = make_workshop(make_module(), capacity=2, organiser=people.faculty)
    client = client_for("faculty")
    url = f"/training/workshops/{workshop.pk}/edit/"
    page = client.get(url)
    assert page.status_code == 200 and "Room 204" in page.content.decode()
    data = {key: value for key, value in asdict(_details(workshop)).items() if key not in ("starts_at", "ends_at")}
    local = timezone.localtime(workshop.starts_at)
    data |= {
        "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (local + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
    }
    bad = client.post(url, data | {"ends_at": local.strftime("%Y-%m-%dT%H:%M")})
    assert bad.status_code == 400 and "must end after it starts" in bad.content.decode()
    assert client.post(url, data | {"capacity": 4}).status_code == 302
    assert Workshop.objects.get(pk=workshop.pk).capacity == 4
