"""Clean the drafts kept before the one cleaning path (community.input.sanitise.clean_text). A draft
holding a lone surrogate (an emoji cut in half, or CESU-8 in JSON) broke every page that
restored it; the half character is dropped and the rest of the words kept. Display names need
nothing: they have only ever allowed letters, digits, spaces and - _ . '."""

from django.db import migrations

from community.input.text_cleaning import clean_stored_rows


def clean(apps, schema_editor) -> None:
    clean_stored_rows(apps.get_model("community", "Draft"), {"fields": True})


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0015_uploads_under_server_names"),
    ]

    operations = [
        # Nothing to undo: the text before cleaning is not kept.
        migrations.RunPython(clean, migrations.RunPython.noop, elidable=True),
    ]
