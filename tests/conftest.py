"""Shared fixtures: personas, a signed-in client per role, taxonomies."""

from collections.abc import Callable

import pytest
from django.test import Client

from huddle.accounts import taxonomy
from huddle.accounts.models import Language, Specialty, Topic
from tests.personas import Personas, make_personas


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
