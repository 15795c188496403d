"""Every URL name and API operation, for every persona, answers exactly as the matrix says.

A URL name or API operation missing from the rows fails the suite, so a new
page cannot ship without someone deciding who may open it. Each request runs
in a savepoint that is rolled back, so one persona's POST never changes what
the next persona finds.
"""

import importlib
import re
from pathlib import Path

import pytest
from django.db import transaction
from django.http.response import HttpResponseBase
from django.test import Client
from django.urls import resolve

from huddle.api import api
from tests.access.matrix import PERSONAS, Row
from tests.access.world import build_world
from tests.home.urlwalk import endpoints

ROWS: dict[str, Row] = {}
for module in sorted(Path(__file__).parent.glob("rows_*.py")):
    rows = importlib.import_module(f"tests.access.{module.stem}").ROWS
    assert not set(rows) & set(ROWS), f"{module.name} repeats a URL name"
    ROWS.update(rows)

#: The Django admin is for the host's superusers only: every persona is refused
#: (sent to sign in, or told 403 once signed in), whatever the model.
ADMIN_REFUSED = {302, 403}


def _response(client: Client, method: str, path: str) -> HttpResponseBase:
    with transaction.atomic():
        response = getattr(client, method)(path)
        transaction.set_rollback(True)
    return response


def _status(client: Client, method: str, path: str) -> int:
    return _response(client, method, path).status_code


def _clients(world) -> dict[str, Client]:
    clients = {}
    for persona, user in world.personas().items():
        clients[persona] = Client()
        if user is not None:
            clients[persona].force_login(user)
    assert tuple(clients) == PERSONAS
    return clients


def test_every_url_name_has_a_row(people):
    found, _unfilled = endpoints(sample_int=people.ms1.pk)
    names = {e.name for e in found if e.name and not e.name.startswith("admin:")}
    rows = {name.split("#")[0] for name in ROWS}
    assert sorted(names - rows) == [], "URL names with no row in tests/access/rows_*.py"
    assert sorted(rows - names) == [], "rows for URL names that no longer exist"


def test_every_api_operation_has_a_row():
    """Each operation of the OpenAPI schema resolves to a URL name with a row."""
    schema = api.get_openapi_schema()
    names = {resolve(re.sub(r"\{[^}]+\}", "1", route)).view_name for route in schema["paths"]}
    assert len(names) >= 5
    assert sorted(names - set(ROWS)) == []


@pytest.mark.parametrize("name", sorted(ROWS))
def test_each_persona_gets_exactly_what_the_matrix_says(people, name):
    world = build_world(people)
    row = ROWS[name]
    path = row.fill(world)
    clients = _clients(world)
    got = {method: {p: _status(clients[p], method, path) for p in PERSONAS} for method in ("get", "post")}
    assert got == {method: row.expected(method) for method in ("get", "post")}, path
    if row.marker is not None:
        marker = row.marker(world)
        seen = {p: marker in _response(clients[p], "get", path).content.decode() for p in PERSONAS}
        assert seen == row.expected_sight(), f"who sees {marker!r} on {path}"


def test_the_admin_refuses_every_persona(people):
    world = build_world(people)
    clients = _clients(world)
    found, _unfilled = endpoints(sample_int=people.ms1.pk)
    admin = [e for e in found if e.name.startswith("admin:")]
    assert len(admin) > 20
    let_in = [
        (e.name, persona, method)
        for e in admin
        for persona, client in clients.items()
        for method in ("get", "post")
        if _status(client, method, e.path) not in ADMIN_REFUSED
    ]
    assert let_in == []
