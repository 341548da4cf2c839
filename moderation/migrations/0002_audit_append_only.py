"""Make the audit table append-only in the database itself, not only in the ORM.

(The groups' permissions are kept by `moderation.roles.ensure_groups` after every migrate.)
"""

from django.db import migrations

TABLE = "moderation_auditentry"


def add_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            """
            CREATE OR REPLACE FUNCTION moderation_audit_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION 'moderation audit trail is append-only';
            END;
            $$ LANGUAGE plpgsql;
            """
        )
        # Row triggers only: TRUNCATE (used by test database flushes) is not a row change.
        schema_editor.execute(
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION moderation_audit_append_only();"
        )
    elif vendor == "sqlite":
        # SQLite has no TRUNCATE: test flushes DELETE every row, so only UPDATE is refused in
        # the database here; the ORM refuses deletes everywhere.
        schema_editor.execute(
            f"CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
            "BEGIN SELECT RAISE(ABORT, 'moderation audit trail is append-only'); END;"
        )


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};")
        schema_editor.execute("DROP FUNCTION IF EXISTS moderation_audit_append_only();")
    elif vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_update;")


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_initial"),
        ("community", "0003_site_frame"),
    ]

    operations = [
        migrations.RunPython(add_triggers, drop_triggers),
    ]
