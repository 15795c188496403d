"""Shared fixtures: personas, a signed-in client per role, taxonomies."""

from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from pytest_django import DjangoDbBlocker

from huddle.accounts import taxonomy
from huddle.accounts.models import Language, Specialty, Topic
from huddle.lib import registry
from tests.personas import Personas, make_personas

# Tests of the notification machinery send a kind of their own; the product
# only sends kinds its apps register.
registry.notification_kinds.register(registry.NotificationKind("test", "Test notification"))


def _ensure_taxonomies() -> None:
    """Transactional tests flush the migration's data; put it back."""
    if not Specialty.objects.exists():
        Specialty.objects.bulk_create([Specialty(name=n) for n in taxonomy.AAMC_SPECIALTIES])
    if not Topic.objects.exists():
        Topic.objects.bulk_create(
            [Topic(name=n, kind="system") for n in taxonomy.STEP1_SYSTEMS]
            + [Topic(name=n, kind="discipline") for n in taxonomy.STEP1_DISCIPLINES]
        )
    if not Language.objects.exists():
        Language.objects.bulk_create([Language(code=c, name=n) for c, n in taxonomy.LANGUAGES])


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> None:
    """The test database also gets the cache table (rate limits live there)."""
    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)


@pytest.fixture(autouse=True)
def _empty_cache(request: pytest.FixtureRequest) -> None:
    """Each database test starts with no rate-limit counters or cached pages.

    Transactional tests do not roll the cache table back, so it is emptied
    here rather than trusted to the test transaction.
    """
    uses_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db", "live_server"} & set(
        request.fixturenames
    )
    if uses_db:
        request.getfixturevalue("django_db_setup")
        with request.getfixturevalue("django_db_blocker").unblock():
            cache.clear()


@pytest.fixture
def taxonomies(db: None) -> None:
    _ensure_taxonomies()


@pytest.fixture
def people(db: None) -> Personas:
    _ensure_taxonomies()
    return make_personas()


@pytest.fixture
def client_for(people: Personas) -> Callable[[str], Client]:
    """``client_for("coordinator")`` → a test client signed in as that persona."""

    def make(role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(people.all()[role])
        return client

    return make


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Remove this run's SQLite test database file and its WAL companions."""
    import os
    from pathlib import Path

    for leftover in (Path(__file__).resolve().parent.parent / "var").glob(f"test-huddle-{os.getpid()}.sqlite3*"):
        leftover.unlink(missing_ok=True)
