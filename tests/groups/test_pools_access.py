"""Who reaches the pool pages: coordinators run pools; students opt in; anyone else is refused."""

import pytest
from django.urls import reverse

from huddle.groups.models import PoolEntry
from tests.groups.factories import make_pool, opt_in

pytestmark = pytest.mark.django_db

COORDINATOR_PAGES = [
    ("get", "groups:pool_new", False),
    ("post", "groups:pool_new", False),
    ("get", "groups:pool", True),
    ("get", "groups:pool_edit", True),
    ("post", "groups:pool_edit", True),
    ("post", "groups:pool_close", True),
    ("post", "groups:pool_run", True),
    ("get", "groups:pool_progress", True),
    ("get", "groups:pool_proposal", True),
    ("post", "groups:pool_move", True),
    ("post", "groups:pool_lock", True),
    ("post", "groups:pool_publish", True),
]


@pytest.mark.parametrize("role", ["ms1", "ms3", "faculty", "wellbeing"])
@pytest.mark.parametrize(("method", "name", "with_pool"), COORDINATOR_PAGES)
def test_only_coordinators_reach_the_pool_tools(client_for, people, role, method, name, with_pool):
    pool = make_pool(people.coordinator)
    entry = opt_in(pool)
    url = reverse(name, args=[pool.pk] if with_pool else [])
    data = {"entry": entry.pk, "group": 1, "title": "Mine now"}
    response = getattr(client_for(role), method)(url, data)
    assert response.status_code == 403
    assert PoolEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize(("method", "name", "with_pool"), [*COORDINATOR_PAGES, ("get", "groups:pools", False)])
def test_anonymous_visitors_are_sent_to_sign_in(client_for, people, method, name, with_pool):
    pool = make_pool(people.coordinator)
    response = getattr(client_for("anonymous"), method)(reverse(name, args=[pool.pk] if with_pool else []))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ["faculty", "wellbeing"])
def test_only_students_opt_in(client_for, people, role):
    pool = make_pool(people.coordinator)
    assert client_for(role).get(reverse("groups:opt_in", args=[pool.pk])).status_code == 403
    assert client_for(role).post(reverse("groups:opt_out", args=[pool.pk])).status_code == 403


def test_coordinators_reach_every_pool_page(client_for, people):
    pool = make_pool(people.coordinator)
    client = client_for("coordinator")
    for name in ("groups:pool", "groups:pool_edit", "groups:pool_progress", "groups:pool_proposal"):
        assert client.get(reverse(name, args=[pool.pk])).status_code == 200, name
    for name in ("groups:pools", "groups:pool_new"):
        assert client.get(reverse(name)).status_code == 200, name
