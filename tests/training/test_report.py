"""The coordinators' report: counts by module and role; well-being rows suppressed below 10."""

from datetime import timedelta

import pytest
from django.utils import timezone

from huddle.lib.qualification import PeerRole
from huddle.training.certificates.selectors import completion_report
from huddle.training.models import SignOff
from tests.personas import make_person
from tests.training.factories import complete, make_module, require_modules

pytestmark = pytest.mark.django_db


def _students(n, start=0):
    return [make_person(f"s{i}@school.test", "S", str(i), ["student"], 3) for i in range(start, start + n)]


def test_counts_by_module_and_role_with_small_listener_cells_hidden(people):
    mentoring = make_module("Mentoring basics", valid_for_days=365)
    listening, crisis = make_module("Active listening"), make_module("Crisis response")
    require_modules(PeerRole.MENTOR, mentoring)
    require_modules(PeerRole.LISTENER, listening, crisis, sign_off_by="wellbeing")
    require_modules(PeerRole.TUTOR, listening)  # so Active listening is not a listener-only module
    many = _students(14)
    old = timezone.now() - timedelta(days=400)
    for i, person in enumerate(many):
        complete(person, mentoring, when=old if i < 3 else None)
    for person in many[:3]:
        complete(person, listening)
        complete(person, crisis)
    SignOff.objects.create(person=many[0], role="listener", given_by=people.wellbeing, given_at=timezone.now())

    report = completion_report(now=timezone.now())
    modules = {row.label: row for row in report.modules}
    assert modules["Mentoring basics"].counts == {"completed": 14, "current": 11, "expired": 3}
    assert not modules["Mentoring basics"].wellbeing
    # Crisis response is required only by listeners: 3 people is a small cell.
    assert modules["Crisis response"].wellbeing
    assert modules["Crisis response"].counts == {"completed": None, "current": None, "expired": 0}
    assert modules["Active listening"].counts == {"completed": 3, "current": 3, "expired": 0}
    roles = {row.label: row for row in report.roles}
    assert roles["Mentor"].counts == {"completed": 14, "current": 11, "expired": 3}
    listener = roles["Peer listener"].counts
    assert listener["completed"] is None and listener["current"] is None and listener["awaiting_sign_off"] is None


def test_the_report_page_is_for_coordinators_and_well_being_staff(client_for, people):
    assert client_for("coordinator").get("/training/manage/report/").status_code == 200
    assert client_for("wellbeing").get("/training/manage/report/").status_code == 200
    assert client_for("faculty").get("/training/manage/report/").status_code == 403
