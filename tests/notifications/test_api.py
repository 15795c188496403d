"""The JSON API: the signed-in person's notifications and profile."""

import pytest

from huddle.notifications.models import Notification


@pytest.mark.parametrize("path", ["/api/me/", "/api/notifications/"])
def test_it_answers_401_without_a_session(db, client, path):
    assert client.get(path).status_code == 401


def test_it_refuses_marking_read_without_a_session(db, client):
    assert client.post("/api/notifications/read", {}, content_type="application/json").status_code == 401


def test_it_describes_the_signed_in_person(people, client_for):
    data = client_for("coordinator").get("/api/me/").json()
    assert data["email"] == people.coordinator.email
    assert data["roles"] == ["coordinator", "faculty"]
    assert data["name"] == "Cora Cruz"
    assert data["availability"] == {}  # nothing painted yet


def test_it_lists_only_the_persons_own_notifications(people, client_for):
    Notification.objects.create(user=people.ms1, kind="test", title="Mine")
    Notification.objects.create(user=people.ms3, kind="test", title="Not mine")
    data = client_for("ms1").get("/api/notifications/").json()
    assert [item["title"] for item in data] == ["Mine"]
    assert data[0]["read_at"] is None


def test_it_marks_chosen_notifications_read(people, client_for):
    mine = Notification.objects.create(user=people.ms1, kind="test", title="Mine")
    other = Notification.objects.create(user=people.ms1, kind="test", title="Other")
    theirs = Notification.objects.create(user=people.ms3, kind="test", title="Theirs")
    response = client_for("ms1").post(
        "/api/notifications/read", {"ids": [mine.pk, theirs.pk]}, content_type="application/json"
    )
    assert response.json() == {"marked": 1}
    assert Notification.objects.filter(read_at__isnull=False).get() == mine
    assert other.pk in Notification.objects.filter(read_at__isnull=True).values_list("pk", flat=True)


def test_it_marks_everything_read_without_ids(people, client_for):
    Notification.objects.create(user=people.ms1, kind="test", title="One")
    Notification.objects.create(user=people.ms1, kind="test", title="Two")
    response = client_for("ms1").post("/api/notifications/read", {}, content_type="application/json")
    assert response.json() == {"marked": 2}


def test_it_publishes_an_openapi_schema(db, client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/notifications/" in schema["paths"]
    assert "/api/me/" in schema["paths"]
