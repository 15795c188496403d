"""The audit log page: coordinators only, newest first, filtered, paged."""

import pytest
from django.urls import reverse

from huddle.audit.models import AuditEvent
from huddle.audit.services import audit_record
from huddle.audit.views import PAGE_SIZE


def _events(actor, count, action=AuditEvent.Action.ROLE_GRANTED, prefix="person"):
    return [audit_record(actor=actor, action=action, target=f"{prefix}{n}@school.test") for n in range(count)]


@pytest.mark.parametrize("role", ["ms1", "ms3", "faculty", "wellbeing"])
def test_it_refuses_everyone_but_coordinators(client_for, role):
    response = client_for(role).get(reverse("audit:log"))
    assert response.status_code == 403
    assert b"Not allowed" in response.content


def test_it_lists_events_newest_first(people, client_for):
    _events(people.coordinator, 1, prefix="first")
    _events(people.coordinator, 1, prefix="second")
    content = client_for("coordinator").get(reverse("audit:log")).content.decode()
    assert content.index("second0@school.test") < content.index("first0@school.test")
    assert "Role granted" in content


def test_it_filters_by_action(people, client_for):
    _events(people.coordinator, 2, AuditEvent.Action.ROLE_GRANTED, prefix="granted")
    _events(people.coordinator, 1, AuditEvent.Action.ROSTER_IMPORTED, prefix="roster")
    content = client_for("coordinator").get(reverse("audit:log"), {"action": "roster.imported"}).content.decode()
    assert "roster0@school.test" in content
    assert "granted0@school.test" not in content
    assert '<option value="roster.imported" selected>' in content


def test_it_ignores_an_unknown_action_filter(people, client_for):
    _events(people.coordinator, 1)
    response = client_for("coordinator").get(reverse("audit:log"), {"action": "<script>"})
    assert response.status_code == 200
    assert b"person0@school.test" in response.content
    assert b"<script>" not in response.content


def test_it_pages_through_the_log_keeping_the_filter(people, client_for):
    _events(people.coordinator, PAGE_SIZE + 5)
    client = client_for("coordinator")
    first = client.get(reverse("audit:log"), {"action": "role.granted"}).content.decode()
    assert "Page 1 of 2" in first
    assert "?action=role.granted&amp;page=2" in first
    second = client.get(reverse("audit:log"), {"action": "role.granted", "page": 2}).content.decode()
    assert "Page 2 of 2" in second
    assert second.count("<tr><td>") == 5
    # The five oldest events are on the last page.
    assert "person0@school.test" in second and "person4@school.test" in second


@pytest.mark.parametrize("page", ["99", "abc", "-1"])
def test_it_survives_a_bad_page_number(people, client_for, page):
    _events(people.coordinator, 3)
    assert client_for("coordinator").get(reverse("audit:log"), {"page": page}).status_code == 200


def test_it_keeps_the_query_count_flat_with_ten_times_the_events(people, client_for, django_assert_max_num_queries):
    client = client_for("coordinator")
    client.get(reverse("audit:log"))  # the first request of a session checks two-factor once
    _events(people.coordinator, 5)
    with django_assert_max_num_queries(6) as small:
        client.get(reverse("audit:log"))
    _events(people.coordinator, 10 * PAGE_SIZE)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = client.get(reverse("audit:log"))
    assert response.content.decode().count("<tr><td>") == PAGE_SIZE
    assert len(large.captured_queries) == len(small.captured_queries)
