"""Coordinators grant and revoke roles; every change is audited, and nothing half-applies."""

import pytest

from huddle.accounts.models import RoleAssignment
from huddle.audit.models import AuditEvent


def url(user) -> str:
    return f"/people/{user.pk}/roles/"


def roles_of(user) -> set[str]:
    return set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))


def test_it_shows_the_four_roles_with_the_current_ones_ticked(client_for, people):
    html = client_for("coordinator").get(url(people.faculty)).content.decode()
    for label in ("Student", "Faculty", "Coordinator", "Well-being staff", "Save roles"):
        assert label in html
    assert 'value="faculty" class="check-list" id="id_roles_1" checked' in html


def test_it_grants_and_revokes_in_one_go_and_audits_each(client_for, people):
    response = client_for("coordinator").post(url(people.faculty), {"roles": ["student", "wellbeing"]}, follow=True)
    assert "Roles updated for Fatima Farouk." in response.content.decode()
    assert roles_of(people.faculty) == {"student", "wellbeing"}
    events = {(e.action, e.detail["role"], e.target, e.actor_id) for e in AuditEvent.objects.all()}
    assert events == {
        (AuditEvent.Action.ROLE_GRANTED, "student", "fatima@school.test", people.coordinator.pk),
        (AuditEvent.Action.ROLE_GRANTED, "wellbeing", "fatima@school.test", people.coordinator.pk),
        (AuditEvent.Action.ROLE_REVOKED, "faculty", "fatima@school.test", people.coordinator.pk),
    }


def test_it_records_nothing_when_nothing_changes(client_for, people):
    client_for("coordinator").post(url(people.ms1), {"roles": ["student"]})
    assert not AuditEvent.objects.exists()


def test_it_refuses_to_remove_the_last_coordinator_and_changes_nothing(client_for, people):
    response = client_for("coordinator").post(url(people.coordinator), {"roles": ["faculty", "student"]})
    assert response.status_code == 400
    assert "The school must keep at least one coordinator." in response.content.decode()
    # The student role granted in the same request was rolled back too.
    assert roles_of(people.coordinator) == {"coordinator", "faculty"}
    assert not AuditEvent.objects.exists()


def test_it_lets_a_coordinator_step_down_once_another_exists(client_for, people):
    client = client_for("coordinator")
    client.post(url(people.faculty), {"roles": ["faculty", "coordinator"]})
    client.post(url(people.coordinator), {"roles": ["faculty"]})
    assert roles_of(people.coordinator) == {"faculty"}


def test_it_names_an_unknown_role(client_for, people):
    response = client_for("coordinator").post(url(people.ms1), {"roles": ["student", "dean"]})
    assert response.status_code == 400
    assert "Roles: “dean” is not a role." in response.content.decode()
    assert roles_of(people.ms1) == {"student"}


@pytest.mark.parametrize("role", ["ms1", "ms3", "faculty", "wellbeing"])
def test_it_refuses_everyone_but_coordinators(client_for, people, role):
    client = client_for(role)
    assert client.get(url(people.ms1)).status_code == 403
    assert client.post(url(people.ms1), {"roles": ["coordinator"]}).status_code == 403
    assert roles_of(people.ms1) == {"student"}


def test_it_sends_a_visitor_to_sign_in(client, people):
    assert client.post(url(people.ms1), {"roles": ["coordinator"]}).status_code == 302
    assert roles_of(people.ms1) == {"student"}


def test_it_answers_404_for_an_unknown_person(client_for):
    assert client_for("coordinator").get("/people/999999/roles/").status_code == 404


def test_its_query_count_is_fixed(client_for, people, django_assert_max_num_queries):
    client = client_for("coordinator")
    client.get("/")
    with django_assert_max_num_queries(6):
        assert client.get(url(people.faculty)).status_code == 200
