"""The suite runs on the database DATABASE_URL names, not a silent fallback.

`make test` runs everything twice, on SQLite and on PostgreSQL; this fails
if the PostgreSQL run quietly ended up on SQLite (or the reverse).
"""

import os

from django.db import connection


def test_it_runs_on_the_database_the_environment_names(db):
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
    print(f"database vendor: {connection.vendor} ({connection.settings_dict['NAME']})")
