"""Clean the story submissions stored before the one cleaning path
(community.input.sanitise.clean_text), rendering the HTML again where the words changed. Story pages
are the editors' (with their revisions in Wagtail's history) and are cleaned when next saved;
the consent ledger is append-only and keeps what it recorded."""

from django.db import migrations

from community.input.sanitise import render_markdown
from community.input.text_cleaning import clean_stored_rows

SINGLE, MULTI = False, True


def clean(apps, schema_editor) -> None:
    clean_stored_rows(
        apps.get_model("stories", "StorySubmission"),
        {"title": SINGLE, "body": MULTI},
        rendered={"body_html": ("body", lambda story: render_markdown(story.body))},
        empty={"title": "Untitled story"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0004_send_key"),
    ]

    operations = [
        # Nothing to undo: the text before cleaning is not kept.
        migrations.RunPython(clean, migrations.RunPython.noop, elidable=True),
    ]
