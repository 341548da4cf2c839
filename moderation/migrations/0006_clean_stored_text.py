"""Clean the moderation text stored before the one cleaning path
(community.input.sanitise.clean_text): report notes (a NUL among them broke PostgreSQL), decision
and sanction reasons, reason templates and the queue's title snapshots. The audit trail is
append-only and keeps what it recorded."""

from django.db import migrations

from community.input.text_cleaning import clean_stored_rows

SINGLE, MULTI = False, True


def clean(apps, schema_editor) -> None:
    model = apps.get_model
    clean_stored_rows(model("moderation", "Flag"), {"note": MULTI})
    clean_stored_rows(
        model("moderation", "QueueItem"),
        {"title": SINGLE, "space_label": SINGLE, "decision_reason": MULTI},
    )
    clean_stored_rows(model("moderation", "Sanction"), {"reason": MULTI})
    clean_stored_rows(model("moderation", "ReasonTemplate"), {"text": MULTI})


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0005_send_key"),
    ]

    operations = [
        # Nothing to undo: the text before cleaning is not kept.
        migrations.RunPython(clean, migrations.RunPython.noop, elidable=True),
    ]
