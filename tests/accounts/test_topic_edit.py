"""Coordinators add, rename, stop and restart offering topics; each change is audited."""

import pytest

from huddle.accounts.models import Topic
from huddle.audit.models import AuditEvent

URL = "/people/topics/"


def taxonomy_events() -> list[dict]:
    return [e.detail | {"target": e.target} for e in AuditEvent.objects.filter(
        action=AuditEvent.Action.TAXONOMY_CHANGED).order_by("id")]


def test_it_lists_topics_by_kind(client_for, people):
    html = client_for("coordinator").get(URL).content.decode()
    assert html.index("Organ system") < html.index("Cardiovascular")
    assert html.index("Discipline") < html.index("Pharmacology")
    assert "Add topic" in html


def test_it_adds_a_topic_and_audits_it(client_for, people):
    response = client_for("coordinator").post(
        URL, {"action": "create", "name": "  Clinical   Skills ", "kind": "course"}, follow=True
    )
    assert "Added Clinical Skills." in response.content.decode()
    topic = Topic.objects.get(name="Clinical Skills")
    assert topic.kind == "course" and topic.is_active
    assert taxonomy_events() == [
        {"change": "created", "topic_id": topic.pk, "kind": "course", "target": "Clinical Skills"}
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "cardiovascular", "kind": "system"}, "Name: Cardiovascular already exists."),
        ({"name": "", "kind": "course"}, "Name: This field is required."),
        ({"name": "x" * 121, "kind": "course"}, "Name: Ensure this value has at most 120 characters"),
        ({"name": "Ethics", "kind": "vibe"}, "Kind: Select a valid choice."),
    ],
)
def test_it_refuses_a_bad_new_topic_naming_the_field(client_for, people, data, message):
    count = Topic.objects.count()
    response = client_for("coordinator").post(URL, {"action": "create", **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Topic.objects.count() == count
    assert taxonomy_events() == []


def test_it_renames_a_topic_and_audits_the_old_name(client_for, people):
    topic = Topic.objects.get(name="Renal and Urinary")
    client_for("coordinator").post(URL, {"action": "rename", "topic": topic.pk, "name": "Renal"})
    topic.refresh_from_db()
    assert topic.name == "Renal"
    assert taxonomy_events() == [
        {"change": "renamed", "topic_id": topic.pk, "kind": "system", "old_name": "Renal and Urinary",
         "target": "Renal"}
    ]


def test_it_refuses_a_rename_onto_another_topic_case_insensitively(client_for, people):
    topic = Topic.objects.get(name="Renal and Urinary")
    response = client_for("coordinator").post(URL, {"action": "rename", "topic": topic.pk, "name": "ANATOMY"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Name: Anatomy already exists." in html
    assert 'value="ANATOMY"' in html  # what was typed is kept for correcting
    topic.refresh_from_db()
    assert topic.name == "Renal and Urinary"
    assert taxonomy_events() == []


def test_it_allows_changing_only_the_case_of_a_name(client_for, people):
    topic = Topic.objects.get(name="Anatomy")
    client_for("coordinator").post(URL, {"action": "rename", "topic": topic.pk, "name": "ANATOMY"})
    topic.refresh_from_db()
    assert topic.name == "ANATOMY"


def test_it_stops_and_restarts_offering_a_topic(client_for, people):
    topic = Topic.objects.get(name="Genetics")
    client = client_for("coordinator")
    client.post(URL, {"action": "deactivate", "topic": topic.pk})
    topic.refresh_from_db()
    assert not topic.is_active
    assert "> Genetics</label>" not in client_for("ms1").get("/people/me/").content.decode()
    client.post(URL, {"action": "reactivate", "topic": topic.pk})
    topic.refresh_from_db()
    assert topic.is_active
    assert [e["change"] for e in taxonomy_events()] == ["deactivated", "reactivated"]


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"action": "deactivate", "topic": "abc"}, 400),
        ({"action": "deactivate", "topic": "9" * 30}, 400),  # beyond 64 bits: no OverflowError
        ({"action": "deactivate", "topic": "999999"}, 404),
        ({"action": "explode"}, 400),
    ],
)
def test_it_refuses_a_malformed_request(client_for, people, data, status):
    assert client_for("coordinator").post(URL, data).status_code == status


@pytest.mark.parametrize("role", ["ms1", "ms3", "faculty", "wellbeing"])
def test_it_refuses_everyone_but_coordinators(client_for, people, role):
    client = client_for(role)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"action": "create", "name": "Ethics", "kind": "course"}).status_code == 403
    assert not Topic.objects.filter(name="Ethics").exists()


def test_it_sends_a_visitor_to_sign_in(client, people):
    assert client.get(URL).status_code == 302


def test_its_query_count_does_not_grow_with_topics(client_for, people, django_assert_max_num_queries):
    client = client_for("coordinator")
    client.get("/")
    with django_assert_max_num_queries(5) as small:
        client.get(URL)
    Topic.objects.bulk_create([Topic(name=f"Elective {i}", kind="course") for i in range(300)])
    with django_assert_max_num_queries(5) as large:
        assert "Elective 299" in client.get(URL).content.decode()
    assert len(large.captured_queries) == len(small.captured_queries)
