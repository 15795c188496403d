"""Well-being staff sign off listener candidates; coordinators never see them per person."""

import pytest
from django.utils import timezone

from huddle.audit.models import AuditEvent
from huddle.lib.errors import HuddleError
from huddle.lib.qualification import PeerRole, qualification_for
from huddle.training.models import SignOff
from huddle.training.requirements.selectors import sign_off_candidates
from huddle.training.requirements.services import requirement_save, sign_off_give, sign_off_revoke
from tests.training.factories import complete, make_module, require_modules

pytestmark = pytest.mark.django_db


@pytest.fixture
def listener_modules(people):
    listening, crisis = make_module("Active listening"), make_module("Crisis response")
    require_modules(PeerRole.LISTENER, listening, crisis, sign_off_by="wellbeing")
    complete(people.ms3, listening)
    complete(people.ms3, crisis)
    complete(people.ms1, listening)  # only half way: not a candidate
    return listening, crisis


def test_only_people_who_completed_every_module_are_candidates(people, listener_modules):
    assert [c.person for c in sign_off_candidates(role=PeerRole.LISTENER, now=timezone.now())] == [people.ms3]


def test_well_being_staff_sign_off_and_revoke_with_audit_entries(people, listener_modules):
    with pytest.raises(HuddleError, match="has not completed"):
        sign_off_give(user=people.wellbeing, person=people.ms1, role=PeerRole.LISTENER)
    sign_off = sign_off_give(user=people.wellbeing, person=people.ms3, role=PeerRole.LISTENER)
    assert qualification_for(person=people.ms3, role=PeerRole.LISTENER).qualified
    with pytest.raises(HuddleError, match="already signed off"):
        sign_off_give(user=people.wellbeing, person=people.ms3, role=PeerRole.LISTENER)
    sign_off_revoke(user=people.wellbeing, sign_off=sign_off)
    assert not qualification_for(person=people.ms3, role=PeerRole.LISTENER).qualified
    assert SignOff.objects.get().revoked_by_id == people.wellbeing.pk
    actions = list(AuditEvent.objects.filter(action__startswith="training.sign_off").values_list("action", flat=True))
    assert sorted(actions) == ["training.sign_off_given", "training.sign_off_revoked"]
    with pytest.raises(HuddleError, match="already revoked"):
        sign_off_revoke(user=people.wellbeing, sign_off=sign_off)


@pytest.mark.parametrize("role", ["coordinator", "faculty", "ms1"])
def test_nobody_else_signs_off_a_listener(people, listener_modules, role):
    with pytest.raises(HuddleError, match="may not sign off"):
        sign_off_give(user=people.all()[role], person=people.ms3, role=PeerRole.LISTENER)


def test_the_candidates_page_is_for_well_being_staff_only(client_for, people, listener_modules):
    page = client_for("wellbeing").get("/training/sign-offs/").content.decode()
    assert "Sam Sato" in page and "Alice Ames" not in page
    coordinator = client_for("coordinator").get("/training/sign-offs/")
    assert coordinator.status_code == 200 and "Sam Sato" not in coordinator.content.decode()
    assert client_for("faculty").get("/training/sign-offs/").status_code == 403
    response = client_for("wellbeing").post("/training/sign-offs/", {"role": "listener", "person": people.ms3.pk})
    assert response.status_code == 302 and SignOff.objects.filter(person=people.ms3).exists()
    # A coordinator cannot sign off (nor learn of) a listener through the form either.
    client_for("coordinator").post("/training/sign-offs/", {"role": "listener", "person": people.ms1.pk})
    assert not SignOff.objects.filter(person=people.ms1).exists()


def test_coordinators_edit_requirements_but_listeners_stay_with_well_being_staff(people):
    module = make_module("Mentoring basics")
    requirement = requirement_save(
        user=people.coordinator, role="mentor", module_ids=[module.pk], valid_for_days=365, sign_off_by=""
    )
    assert requirement is not None and [r.valid_for_days for r in requirement.modules.all()] == [365]
    with pytest.raises(HuddleError, match="well-being staff") as caught:
        requirement_save(
            user=people.coordinator, role="listener", module_ids=[], valid_for_days=None, sign_off_by="coordinator"
        )
    assert caught.value.field == "sign_off_by"
    assert (
        requirement_save(user=people.coordinator, role="mentor", module_ids=[], valid_for_days=None, sign_off_by="")
        is None
    )
    assert qualification_for(person=people.ms1, role="mentor").qualified
    with pytest.raises(HuddleError, match="Only coordinators"):
        requirement_save(user=people.wellbeing, role="mentor", module_ids=[], valid_for_days=None, sign_off_by="")
