"""Students opting in and out: pre-filled from the profile, kept in their own zone, refused with reasons."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from huddle.accounts.availability import block_string
from huddle.groups.models import Pool, PoolEntry
from huddle.groups.pools.services import EntryDetails, entry_save, entry_withdraw
from huddle.groups.weeks import week_bytes
from huddle.lib.errors import HuddleError
from tests.groups.factories import evenings, make_coordinator, make_pool, make_student

pytestmark = pytest.mark.django_db

LABEL = "First-generation student"


def _details(**overrides: object) -> EntryDetails:
    base: dict[str, object] = {"goal": "osce", "modality": "virtual", "availability": week_bytes(evenings(0, 2))}
    base.update(overrides)
    return EntryDetails(**base)  # type: ignore[arg-type]


def test_the_page_is_pre_filled_from_the_profile_and_the_entry_keeps_the_students_zone(client):
    week = evenings(1)
    student = make_student(zone="America/Los_Angeles", week=week)
    pool = make_pool(protected_attributes=(LABEL,))
    client.force_login(student)
    page = client.get(reverse("groups:opt_in", args=[pool.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'value="{block_string(week_bytes(week))}"' in html  # the grid's hidden field, painted like the profile's
    assert "js/availability.js" in html and "America/Los_Angeles" in html
    assert "Only coordinators see this. It is used only so that you are never the only one in your group." in html
    data = {
        "goal": "osce",
        "modality": "in_person",
        "availability": block_string(week_bytes(evenings(3))),
        "attributes": [LABEL],
    }
    response = client.post(reverse("groups:opt_in", args=[pool.pk]), data)
    assert response.status_code == 302
    entry = PoolEntry.objects.get(pool=pool, student=student)
    assert entry.time_zone == "America/Los_Angeles" and bytes(entry.availability) == week_bytes(evenings(3))
    assert entry.attributes == [LABEL] and entry.modality == "in_person" and entry.goal == "osce"
    again = client.get(reverse("groups:opt_in", args=[pool.pk])).content.decode()
    assert f'value="{block_string(week_bytes(evenings(3)))}"' in again and "Opt out" in again


def test_the_grid_works_without_its_script(client):
    student = make_student()
    pool = make_pool()
    client.force_login(student)
    blocks = [str(b) for b in range(36, 40)]  # Monday 18:00-20:00 as four boxes
    response = client.post(
        reverse("groups:opt_in", args=[pool.pk]), {"goal": "osce", "modality": "either", "b": blocks}
    )
    assert response.status_code == 302
    assert bytes(PoolEntry.objects.get().availability) == week_bytes(evenings(0))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"goal": "nap"}, "goal"),
        ({"modality": "hybrid"}, "modality"),
        ({"availability": week_bytes(evenings(0, ends=time(19)))}, "availability"),
        ({"attributes": ("Left-handed",)}, "attributes"),
    ],
)
def test_it_refuses_bad_answers_by_field(changes, field):
    pool = make_pool(protected_attributes=(LABEL,))
    with pytest.raises(HuddleError) as refused:
        entry_save(student=make_student(), pool=pool, details=_details(**changes))
    assert refused.value.field == field


def test_the_form_shows_too_little_time_on_the_grid(client):
    pool = make_pool()
    client.force_login(make_student())
    one_hour = block_string(week_bytes(evenings(0, ends=time(19))))
    response = client.post(
        reverse("groups:opt_in", args=[pool.pk]), {"goal": "osce", "modality": "either", "availability": one_hour}
    )
    assert response.status_code == 400
    assert "Mark at least 2 hours a week" in response.context["form"].errors["availability"][0]


def test_only_the_cohort_may_opt_in_while_the_pool_is_open(client):
    pool = make_pool(class_year=1)
    with pytest.raises(HuddleError):
        entry_save(student=make_student(class_year=3), pool=pool, details=_details())
    ms3 = make_student(class_year=3)
    client.force_login(ms3)
    assert client.get(reverse("groups:opt_in", args=[pool.pk])).status_code == 403
    ms1 = make_student(class_year=1)
    entry_save(student=ms1, pool=pool, details=_details())
    Pool.objects.filter(pk=pool.pk).update(status=Pool.Status.CLOSED)
    pool.refresh_from_db()
    with pytest.raises(HuddleError):
        entry_save(student=ms1, pool=pool, details=_details())
    with pytest.raises(HuddleError):
        entry_withdraw(student=ms1, pool=pool)


def test_opting_in_stops_at_the_closing_time():
    pool = make_pool(opt_in_closes_at=timezone.now() + timedelta(days=1))
    Pool.objects.filter(pk=pool.pk).update(opt_in_closes_at=timezone.now() - timedelta(minutes=1))
    pool.refresh_from_db()
    with pytest.raises(HuddleError, match="Opting in closed on"):
        entry_save(student=make_student(), pool=pool, details=_details())


def test_opting_out_deletes_the_answers(client):
    student = make_student()
    pool = make_pool()
    entry_save(student=student, pool=pool, details=_details(attributes=()))
    client.force_login(student)
    response = client.post(reverse("groups:opt_out", args=[pool.pk]))
    assert response.status_code == 302 and not PoolEntry.objects.exists()


def test_the_list_shows_students_the_pools_open_to_them_and_coordinators_every_pool(client, people):
    coordinator = people.coordinator
    mine = make_pool(coordinator, title="Pool for MS1", class_year=1)
    other_year = make_pool(coordinator, title="Pool for MS3", class_year=3)
    closed = make_pool(coordinator, title="Closed pool")
    Pool.objects.filter(pk=closed.pk).update(status=Pool.Status.CLOSED)
    student = make_student(class_year=1)
    entry_save(student=student, pool=mine, details=_details())
    client.force_login(student)
    html = client.get(reverse("groups:pools")).content.decode()
    assert mine.title in html and "You are in this pool" in html
    assert other_year.title not in html and closed.title not in html
    client.force_login(coordinator)
    html = client.get(reverse("groups:pools")).content.decode()
    assert all(p.title in html for p in (mine, other_year, closed))
    assert make_coordinator()  # a second coordinator changes nothing
