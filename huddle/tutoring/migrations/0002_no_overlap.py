"""PostgreSQL only: a tutor never has two overlapping live sessions, a student never two overlapping bookings.

Exclusion constraints over ``tstzrange`` need ``btree_gist`` for the equality
on the person's id (a trusted extension since PostgreSQL 13, so the
database owner may create it). SQLite has no such constraint; there the
services check under the writer lock (``BEGIN IMMEDIATE``).
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """
    ALTER TABLE tutoring_session ADD CONSTRAINT tutoring_session_no_overlap
    EXCLUDE USING gist (tutor_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
    WHERE (status <> 'cancelled')
    """,
    """
    ALTER TABLE tutoring_booking ADD CONSTRAINT tutoring_booking_no_overlap
    EXCLUDE USING gist (student_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
    WHERE (status = 'booked')
    """,
]
BACKWARD = [
    "ALTER TABLE tutoring_booking DROP CONSTRAINT IF EXISTS tutoring_booking_no_overlap",
    "ALTER TABLE tutoring_session DROP CONSTRAINT IF EXISTS tutoring_session_no_overlap",
]


def _run(statements: list[str]):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("tutoring", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
