"""The CSV export: pairs and activity counts, never meeting notes; audited."""

import csv
import io
from datetime import date

import pytest

from huddle.audit.models import AuditEvent
from huddle.mentoring.models import CheckIn, Cycle, Meeting
from tests.mentoring.cycle_fixtures import make_cycle, make_student
from tests.mentoring.pair_fixtures import make_pair


def _rows(response):
    return list(
        csv.reader(
            io.StringIO(
                b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
            )
        )
    )


def test_it_exports_pairs_with_activity_and_is_audited(client_for, people):
    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.ACTIVE)
    pair = make_pair(cycle=cycle, mentee=people.ms1, mentor=people.ms3)
    for day in (date(2026, 9, 1), date(2026, 9, 15)):
        Meeting.objects.create(
            mentorship=pair,
            met_on=day,
            duration_minutes=45,
            modality="virtual",
            private_notes="SECRET NOTE",
            logged_by=people.ms1,
        )
    CheckIn.objects.create(mentorship=pair, by=people.ms1, rating=4)
    CheckIn.objects.create(mentorship=pair, by=people.ms3, rating=5)
    response = client_for("coordinator").get(f"/mentoring/cycles/{cycle.pk}/export.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = _rows(response)
    header, row = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert "meetings" in header and "SECRET NOTE" not in response.content.decode()
    assert row["mentee_email"] == "alice@school.test" and row["mentor_email"] == "sam@school.test"
    assert (row["meetings"], row["last_meeting"], row["check_ins"], row["check_in_average"]) == (
        "2",
        "2026-09-15",
        "2",
        "4.50",
    )
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.actor == people.coordinator and event.detail["rows"] == 1


def test_a_formula_in_a_name_is_defused(client_for, people):
    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.ACTIVE)
    evil = make_student(1)
    evil.first_name = "=HYPERLINK(1)"
    evil.save()
    make_pair(cycle=cycle, mentee=evil, mentor=people.ms3)
    rows = _rows(client_for("coordinator").get(f"/mentoring/cycles/{cycle.pk}/export.csv"))
    assert rows[1][1].startswith("'=")


@pytest.mark.parametrize("role", ["ms1", "ms3", "faculty", "wellbeing"])
def test_only_coordinators_export(client_for, people, role):
    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.ACTIVE)
    assert client_for(role).get(f"/mentoring/cycles/{cycle.pk}/export.csv").status_code == 403
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_the_running_cycle_page_stays_bounded(client_for, people, django_assert_max_num_queries):
    cycle = make_cycle(by=people.coordinator, status=Cycle.Status.ACTIVE)
    mentor = make_student(3)
    make_pair(cycle=cycle, mentee=make_student(1), mentor=mentor)
    client = client_for("coordinator")
    client.get(f"/mentoring/cycles/{cycle.pk}/")
    with django_assert_max_num_queries(12) as few:
        client.get(f"/mentoring/cycles/{cycle.pk}/")
    for _ in range(9):
        make_pair(cycle=cycle, mentee=make_student(1), mentor=mentor)
    with django_assert_max_num_queries(len(few)):
        response = client.get(f"/mentoring/cycles/{cycle.pk}/")
    assert len(response.context["pairs"]) == 10
