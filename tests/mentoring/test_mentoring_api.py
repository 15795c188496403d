"""The mentoring API: cycles, and a cycle's published pairs for coordinators."""

from huddle.mentoring.models import Cycle
from tests.mentoring.cycle_fixtures import make_cycle
from tests.mentoring.pair_fixtures import make_pair


def test_coordinators_list_every_cycle_and_pairs(client_for, people):
    draft = make_cycle(by=people.coordinator, status=Cycle.Status.DRAFT)
    running = make_cycle(by=people.coordinator, status=Cycle.Status.ACTIVE)
    make_pair(cycle=running, mentee=people.ms1, mentor=people.ms3)
    client = client_for("coordinator")
    ids = {c["id"] for c in client.get("/api/mentoring/cycles").json()}
    assert {draft.pk, running.pk} <= ids
    pairs = client.get(f"/api/mentoring/cycles/{running.pk}/pairs").json()
    assert pairs[0]["mentee_email"] == "alice@school.test" and pairs[0]["meetings"] == 0
    assert pairs[0]["reasons"] and isinstance(pairs[0]["reasons"][0], str)


def test_students_see_open_cycles_but_not_pairs(client_for, people):
    draft = make_cycle(by=people.coordinator, status=Cycle.Status.DRAFT)
    running = make_cycle(by=people.coordinator, status=Cycle.Status.ACTIVE)
    client = client_for("ms1")
    ids = {c["id"] for c in client.get("/api/mentoring/cycles").json()}
    assert running.pk in ids and draft.pk not in ids
    assert client.get(f"/api/mentoring/cycles/{running.pk}/pairs").status_code == 403


def test_a_visitor_is_refused(client):
    assert client.get("/api/mentoring/cycles").status_code == 401
