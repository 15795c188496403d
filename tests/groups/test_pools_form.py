"""A pool's settings: every bad field refused with a message naming it, on the service and on the form."""

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from huddle.groups.models import Pool
from huddle.groups.pools.services import PoolDetails, pool_create, pool_update
from huddle.lib.errors import HuddleError
from tests.groups.factories import make_coordinator, make_pool, make_student

pytestmark = pytest.mark.django_db

GOOD = PoolDetails(title="MS1 block 2", modality="virtual", min_size=4, max_size=6, min_common_hours=Decimal(2))


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"title": "  "}, "title", "Give the pool a title."),
        ({"title": "x" * 121}, "title", "under 120 characters"),
        ({"description": "x" * 2001}, "description", "under 2000 characters"),
        ({"modality": "carrier pigeon"}, "modality", "virtual, in person or hybrid"),
        ({"class_year": 9}, "class_year", "class year"),
        ({"min_size": 1}, "min_size", "The smallest group must have between 2 and 20 students."),
        ({"max_size": 21}, "max_size", "The largest group must have between 2 and 20 students."),
        ({"min_size": 5, "max_size": 4}, "max_size", "The largest group cannot be smaller than the smallest (5)."),
        ({"min_common_hours": Decimal("20.5")}, "min_common_hours", "between 0 and 20"),
        ({"min_common_hours": Decimal("-1")}, "min_common_hours", "between 0 and 20"),
        ({"min_common_hours": Decimal("1.2")}, "min_common_hours", "steps of half an hour"),
        ({"protected_attributes": tuple(f"A{i}" for i in range(6))}, "protected_attributes", "at most 5"),
        ({"protected_attributes": ("x" * 61,)}, "protected_attributes", "longer than 60 characters"),
        ({"protected_attributes": ("Carer", "carer")}, "protected_attributes", "listed twice"),
        ({"class_year": 1, "mix_years": True}, "mix_years", "cannot mix class years"),
        ({"opt_in_closes_at": timezone.now() - timedelta(hours=1)}, "opt_in_closes_at", "in the future"),
        ({"opt_in_closes_at": timezone.now() + timedelta(days=3000)}, "opt_in_closes_at", "within a year"),
    ],
)
def test_it_refuses_a_bad_field_by_name(changes, field, words):
    with pytest.raises(HuddleError) as refused:
        pool_create(by=make_coordinator(), details=replace(GOOD, **changes))
    assert refused.value.field == field
    assert words in refused.value.message
    assert not Pool.objects.exists()


def test_it_opens_a_pool_with_half_hours_and_attributes():
    pool = pool_create(
        by=make_coordinator(),
        details=replace(
            GOOD, min_common_hours=Decimal("1.5"), protected_attributes=(" First-generation student ", "", "Carer")
        ),
    )
    assert pool.min_common_hours == Decimal("1.5")
    assert pool.protected_attributes == ["First-generation student", "Carer"]
    assert pool.status == Pool.Status.OPEN


def test_a_student_cannot_open_a_pool():
    with pytest.raises(HuddleError):
        pool_create(by=make_student(), details=GOOD)


def test_an_unchanged_past_closing_time_does_not_block_other_edits():
    coordinator = make_coordinator()
    pool = make_pool(coordinator, opt_in_closes_at=timezone.now() + timedelta(days=1))
    Pool.objects.filter(pk=pool.pk).update(opt_in_closes_at=timezone.now() - timedelta(days=1))
    pool.refresh_from_db()
    details = replace(GOOD, title="Renamed", max_size=4, opt_in_closes_at=pool.opt_in_closes_at)
    assert pool_update(by=coordinator, pool=pool, details=details).title == "Renamed"


def _form(**overrides: str) -> dict[str, str]:
    data = {
        "title": "MS1 block 2",
        "modality": "virtual",
        "min_size": "4",
        "max_size": "6",
        "min_common_hours": "2",
        "protected_attributes": "First-generation student\nCarer",
        "opt_in_closes_at": "",
    }
    data.update(overrides)
    return data


def test_the_form_puts_the_message_on_its_field(client, people):
    client.force_login(people.coordinator)
    response = client.post(reverse("groups:pool_new"), _form(min_size="5", max_size="4"))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["max_size"] == ["The largest group cannot be smaller than the smallest (5)."]
    assert "The largest group cannot be smaller than the smallest (5)." in response.content.decode()
    response = client.post(reverse("groups:pool_new"), _form(protected_attributes="\n".join("ABCDEF")))
    assert "at most 5" in response.context["form"].errors["protected_attributes"][0]


def test_the_form_opens_the_pool_and_reads_the_closing_time_on_the_coordinators_clock(client, people):
    people.coordinator.profile.time_zone = "America/Los_Angeles"
    people.coordinator.profile.save()
    client.force_login(people.coordinator)
    closes = (timezone.now() + timedelta(days=10)).astimezone(timezone.get_default_timezone())
    local = closes.astimezone(ZoneInfo("America/Los_Angeles")).replace(second=0, microsecond=0)
    response = client.post(reverse("groups:pool_new"), _form(opt_in_closes_at=local.strftime("%Y-%m-%dT%H:%M")))
    pool = Pool.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("groups:pool", args=[pool.pk])
    assert pool.protected_attributes == ["First-generation student", "Carer"]
    assert pool.opt_in_closes_at == local
    edit = client.get(reverse("groups:pool_edit", args=[pool.pk])).content.decode()
    assert "First-generation student\nCarer" in edit and "America/Los_Angeles" in edit
