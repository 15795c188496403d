"""Coordinators grant and revoke roles; every change is audited, and nothing half-applies."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from huddle.accounts import services
from huddle.accounts.models import RoleAssignment
from huddle.audit.models import AuditEvent
from huddle.lib.errors import HuddleError


def url(user) -> str:
    return f"/people/{user.pk}/roles/"


def roles_of(user) -> set[str]:
    return set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))


def test_it_shows_the_four_roles_with_the_current_ones_ticked(client_for, people):
    html = client_for("coordinator").get(url(people.faculty)).content.decode()
    for label in ("Student", "Faculty", "Coordinator", "Well-being staff", "Save roles"):
        assert label in html
    assert 'value="faculty" id="id_roles_1" checked' in html


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


def test_it_refuses_to_remove_the_last_coordinator_and_changes_nothing(people):
    with pytest.raises(HuddleError, match="at least one active coordinator"):
        services.role_revoke(user=people.coordinator, role="coordinator", by=None)
    assert roles_of(people.coordinator) == {"coordinator", "faculty"}
    assert not AuditEvent.objects.exists()


def test_a_coordinator_cannot_remove_their_own_coordinator_role(client_for, people):
    client = client_for("coordinator")
    client.post(url(people.faculty), {"roles": ["faculty", "coordinator"], "confirm": "on"})
    response = client.post(url(people.coordinator), {"roles": ["faculty", "student"], "confirm": "on"})
    assert response.status_code == 400
    assert "You cannot remove your own coordinator role; ask another coordinator." in response.content.decode()
    # The student role granted in the same request was rolled back too.
    assert roles_of(people.coordinator) == {"coordinator", "faculty"}


def test_removing_a_staff_role_asks_for_confirmation(client_for, people):
    client = client_for("coordinator")
    client.post(url(people.faculty), {"roles": ["faculty", "coordinator"], "confirm": "on"})
    response = client.post(url(people.faculty), {"roles": ["faculty"]})
    assert response.status_code == 400
    assert "Tick the box to confirm that Fatima Farouk loses the coordinator role." in response.content.decode()
    assert 'name="confirm"' in response.content.decode()
    assert roles_of(people.faculty) == {"faculty", "coordinator"}
    client.post(url(people.faculty), {"roles": ["faculty"], "confirm": "on"})
    assert roles_of(people.faculty) == {"faculty"}


def _second_coordinator(client_for, people):
    """Fatima becomes a coordinator too, with the two-factor set-up her new role requires."""
    client_for("coordinator").post(url(people.faculty), {"roles": ["faculty", "coordinator"], "confirm": "on"})
    TOTP.activate(people.faculty, generate_totp_secret())


def test_another_coordinator_may_remove_the_role_while_an_active_one_remains(client_for, people):
    _second_coordinator(client_for, people)
    client_for("faculty").post(url(people.coordinator), {"roles": ["faculty"], "confirm": "on"})
    assert roles_of(people.coordinator) == {"faculty"}


def test_a_deactivated_coordinator_does_not_count_as_the_one_who_remains(client_for, people):
    _second_coordinator(client_for, people)
    people.coordinator.is_active = False
    people.coordinator.save()
    response = client_for("faculty").post(url(people.faculty), {"roles": ["faculty"], "confirm": "on"})
    assert "You cannot remove your own coordinator role" in response.content.decode()
    with pytest.raises(HuddleError, match="at least one active coordinator"):
        services.role_revoke(user=people.faculty, role="coordinator", by=None)


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
