"""Audit events can be added, never changed or removed."""

import pytest
from django.db import DatabaseError, connection, transaction

from huddle.audit.models import AuditEvent
from huddle.audit.services import audit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(people):
    return audit_record(actor=people.coordinator, action=AuditEvent.Action.ROLE_GRANTED, target=people.ms1.email)


def test_it_records_who_did_what_to_whom(event, people):
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.actor, stored.actor_label, stored.action, stored.target) == (
        people.coordinator,
        "cora@school.test",
        "role.granted",
        "alice@school.test",
    )


def test_it_labels_system_actions(db):
    assert audit_record(actor=None, action=AuditEvent.Action.EXPORT).actor_label == "system"


def test_the_model_refuses_to_save_an_existing_event(event):
    event.target = "someone else"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).target == "alice@school.test"


def test_the_model_refuses_to_delete_an_event(event):
    with pytest.raises(ValueError, match="append-only"):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_queryset_refuses_bulk_update_and_delete(event):
    with pytest.raises(ValueError, match="append-only"):
        AuditEvent.objects.filter(pk=event.pk).update(target="x")
    with pytest.raises(ValueError, match="append-only"):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).target == "alice@school.test"


def _raw(sql, params):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_database_refuses_a_raw_update(event):
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("UPDATE audit_auditevent SET target = %s WHERE id = %s", ["rewritten", event.pk])
    assert AuditEvent.objects.get(pk=event.pk).target == "alice@school.test"


def test_it_refuses_a_delete_at_the_deepest_layer_the_database_allows(event):
    # PostgreSQL refuses a raw DELETE; SQLite's trigger cannot (Django's test
    # flush deletes rows there), so the model is the guard on SQLite.
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="append-only"):
            _raw("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    else:
        with pytest.raises(ValueError, match="append-only"):
            event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_trigger_exists_for_this_database(db):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_auditevent'")
            assert [row[0] for row in cursor.fetchall()] == ["audit_no_update"]
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditevent'::regclass AND NOT tgisinternal"
            )
            assert [row[0] for row in cursor.fetchall()] == ["audit_no_change"]
