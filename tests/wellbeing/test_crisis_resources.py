"""Well-being staff keep the campus crisis resources; the public page shows them at once.

Validation names the field; fictional 555-01xx numbers are refused outside
development; every change is in the audit log; nobody else may edit.
"""

import pytest
from django.urls import reverse

from huddle.audit.models import AuditEvent
from huddle.lib.errors import HuddleError
from huddle.wellbeing.crisis.services import crisis_resource_create, crisis_resource_delete, crisis_resource_update
from huddle.wellbeing.models import CrisisResource

pytestmark = pytest.mark.django_db

ROW = {
    "label": "Counseling center",
    "channel": "phone",
    "contact": "312-867-4000",
    "hours": "24/7",
    "notes": "",
    "order": 10,
}


def test_staff_add_a_line_and_the_page_shows_it_instead_of_the_deploy_lines(people, client):
    crisis_resource_create(user=people.wellbeing, **ROW)
    crisis_resource_create(user=people.wellbeing, **{**ROW, "label": "Text us", "channel": "text", "order": 20})
    crisis_resource_create(
        user=people.wellbeing,
        **{**ROW, "label": "Book online", "channel": "web", "contact": "https://caps.example.edu"},
    )
    page = client.get(reverse("wellbeing:crisis")).content.decode()
    assert '<a href="tel:3128674000">312-867-4000</a>' in page
    assert '<a href="sms:3128674000">312-867-4000</a> (text)' in page
    assert '<a href="https://caps.example.edu">https://caps.example.edu</a>' in page
    assert "Campus counseling (24/7)" not in page  # the test settings' deploy-time lines step aside
    assert "Huddle is not a crisis service" in page
    assert "press 2" in page and "AYUDA" in page
    assert AuditEvent.objects.filter(action="wellbeing.crisis_resource_create").count() == 3


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"label": "  "}, "label"),
        ({"channel": "fax"}, "channel"),
        ({"contact": ""}, "contact"),
        ({"contact": "call the office"}, "contact"),
        ({"channel": "web", "contact": "http://caps.example.edu"}, "contact"),
        ({"order": 5000}, "order"),
    ],
)
def test_a_bad_value_is_refused_naming_its_field(people, change, field):
    with pytest.raises(HuddleError) as error:
        crisis_resource_create(user=people.wellbeing, **{**ROW, **change})
    assert error.value.field == field
    assert not CrisisResource.objects.exists()


def test_a_fictional_number_is_refused_outside_development(people, settings):
    settings.DEBUG = False
    settings.TESTING = False
    with pytest.raises(HuddleError, match="fictional") as error:
        crisis_resource_create(user=people.wellbeing, **{**ROW, "contact": "(312) 555-0142"})
    assert error.value.field == "contact"
    settings.TESTING = True
    assert crisis_resource_create(user=people.wellbeing, **{**ROW, "contact": "(312) 555-0142"}).pk


def test_demo_rows_are_labelled_and_never_dialable(people, client):
    crisis_resource_create(user=people.wellbeing, **{**ROW, "contact": "555-0100"})
    page = client.get(reverse("wellbeing:crisis")).content.decode()
    assert "tel:5550100" not in page and "demo school: fictional number" in page


def test_edits_and_removals_are_audited_with_before_and_after(people):
    resource = crisis_resource_create(user=people.wellbeing, **ROW)
    crisis_resource_update(user=people.wellbeing, resource=resource, **{**ROW, "hours": "weekdays 8–5"})
    event = AuditEvent.objects.get(action="wellbeing.crisis_resource_update")
    assert event.detail["before"]["hours"] == "24/7" and event.detail["after"]["hours"] == "weekdays 8–5"
    crisis_resource_delete(user=people.wellbeing, resource=resource)
    assert AuditEvent.objects.filter(action="wellbeing.crisis_resource_delete").exists()
    assert not CrisisResource.objects.exists()


@pytest.mark.parametrize("role", ["ms1", "faculty", "coordinator"])
def test_only_wellbeing_staff_edit(people, client_for, role):
    with pytest.raises(HuddleError):
        crisis_resource_create(user=people.all()[role], **ROW)
    assert client_for(role).post(reverse("wellbeing:crisis_manage"), ROW).status_code == 403


def test_the_form_shows_the_error_on_its_field(client_for):
    response = client_for("wellbeing").post(reverse("wellbeing:crisis_manage"), {**ROW, "contact": "call us"})
    assert response.status_code == 400
    assert "Write a phone number" in response.content.decode()
    assert response.context["form"].errors["contact"]


def test_a_broken_database_still_leaves_a_crisis_page(client, monkeypatch):
    """The crisis page is the last page that may fail: without its table it shows the deploy-time lines."""
    from django.db import DatabaseError

    def broken(*args, **kwargs):
        raise DatabaseError("down")

    monkeypatch.setattr(CrisisResource.objects, "order_by", broken)
    page = client.get(reverse("wellbeing:crisis")).content.decode()
    assert "Campus counseling (24/7)" in page and 'href="tel:988"' in page
