"""The forum's full-text index (huddle/forum/search): FTS5 tables on SQLite, tsvectors + GIN on PostgreSQL.

Not a model: Django has no field for either. Entries are written by
``huddle.forum.search.index_thread`` in the same transaction as the thread.

Deleting a thread deletes its entry through a trigger on both engines. On
PostgreSQL that is a trigger rather than a foreign key with ON DELETE CASCADE
because Django's test flush truncates ``forum_thread`` without CASCADE, which
PostgreSQL refuses while another table references it; a TRUNCATE trigger
empties the index with it instead.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE forum_search USING fts5(
        created UNINDEXED, title, tags, body, facets,
        tokenize = 'porter unicode61 remove_diacritics 2',
        prefix = '3'
    )
    """,
    """
    CREATE VIRTUAL TABLE forum_search_title USING fts5(
        created UNINDEXED, title, facets,
        tokenize = 'porter unicode61 remove_diacritics 2',
        prefix = '3'
    )
    """,
    """
    CREATE VIRTUAL TABLE forum_search_tags USING fts5(
        created UNINDEXED, tags, facets,
        tokenize = 'porter unicode61 remove_diacritics 2',
        prefix = '3'
    )
    """,
    """
    CREATE TRIGGER forum_search_thread_deleted AFTER DELETE ON forum_thread
    BEGIN
        DELETE FROM forum_search WHERE rowid = old.id;
        DELETE FROM forum_search_title WHERE rowid = old.id;
        DELETE FROM forum_search_tags WHERE rowid = old.id;
    END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS forum_search_thread_deleted",
    "DROP TABLE IF EXISTS forum_search_tags",
    "DROP TABLE IF EXISTS forum_search_title",
    "DROP TABLE IF EXISTS forum_search",
]

POSTGRES_FORWARD = [
    """
    CREATE TABLE forum_search (
        thread_id bigint PRIMARY KEY,
        created_at timestamptz NOT NULL,
        facets tsvector NOT NULL,
        document tsvector NOT NULL
    )
    """,
    "CREATE INDEX forum_search_match ON forum_search USING gin (document, facets)",
    """
    CREATE TABLE forum_search_heading (
        thread_id bigint PRIMARY KEY,
        created_at timestamptz NOT NULL,
        facets tsvector NOT NULL,
        title tsvector NOT NULL,
        tags tsvector NOT NULL
    )
    """,
    "CREATE INDEX forum_search_heading_match ON forum_search_heading USING gin (title, tags, facets)",
    # The planner picks a GIN bitmap for few matches and a primary-key walk for many, by
    # its estimate per word: the default statistics know only the ~1,000 most common
    # words, and guess high for the rest (a walk through most of the table).
    "ALTER TABLE forum_search ALTER COLUMN document SET STATISTICS 1000",
    "ALTER TABLE forum_search_heading ALTER COLUMN title SET STATISTICS 300",
    "ALTER TABLE forum_search_heading ALTER COLUMN tags SET STATISTICS 300",
    """
    CREATE FUNCTION forum_search_forget_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM forum_search WHERE thread_id IN (SELECT id FROM gone);
        DELETE FROM forum_search_heading WHERE thread_id IN (SELECT id FROM gone);
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER forum_search_thread_deleted AFTER DELETE ON forum_thread
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION forum_search_forget_deleted()
    """,
    """
    CREATE FUNCTION forum_search_forget_all() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE forum_search, forum_search_heading;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER forum_search_thread_truncated AFTER TRUNCATE ON forum_thread
    FOR EACH STATEMENT EXECUTE FUNCTION forum_search_forget_all()
    """,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS forum_search_thread_truncated ON forum_thread",
    "DROP TRIGGER IF EXISTS forum_search_thread_deleted ON forum_thread",
    "DROP FUNCTION IF EXISTS forum_search_forget_all()",
    "DROP FUNCTION IF EXISTS forum_search_forget_deleted()",
    "DROP TABLE IF EXISTS forum_search_heading",
    "DROP TABLE IF EXISTS forum_search",
]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("forum", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
