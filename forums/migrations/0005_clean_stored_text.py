"""Clean the forum text stored before the one cleaning path (community.input.sanitise.clean_text):
controls, invisible format and tag characters, stacked combining marks, line separators and
byte-order marks go, and the HTML of any post, update or campaign whose source changed is
rendered again. A thread title left with nothing visible becomes "Untitled thread"."""

from django.db import migrations

from community.input.sanitise import render_markdown
from community.input.text_cleaning import clean_stored_rows

SINGLE, MULTI = False, True


def _asks_html(campaign) -> str:
    # As forums.campaigns renders a campaign's asks: one bullet a line.
    lines = [line.strip(" -*\t") for line in campaign.asks.splitlines() if line.strip(" -*\t")]
    return render_markdown("\n".join(f"- {line}" for line in lines))


def clean(apps, schema_editor) -> None:
    model = apps.get_model
    clean_stored_rows(model("forums", "Board"), {"title": SINGLE, "description": SINGLE})
    clean_stored_rows(
        model("forums", "Thread"), {"title": SINGLE}, empty={"title": "Untitled thread"}
    )
    clean_stored_rows(
        model("forums", "Post"),
        {"body": MULTI, "content_note": SINGLE},
        rendered={"body_html": ("body", lambda post: render_markdown(post.body))},
    )
    clean_stored_rows(model("forums", "PostRevision"), {"body": MULTI})
    clean_stored_rows(model("forums", "ForumPreferences"), {"muted_words": SINGLE})
    clean_stored_rows(
        model("forums", "Campaign"),
        {"title": SINGLE, "aim": SINGLE, "background": MULTI, "asks": MULTI},
        rendered={
            "background_html": ("background", lambda c: render_markdown(c.background)),
            "asks_html": ("asks", _asks_html),
        },
        empty={"title": "Untitled campaign"},
    )
    clean_stored_rows(
        model("forums", "CampaignUpdate"),
        {"title": SINGLE, "body": MULTI},
        rendered={"body_html": ("body", lambda update: render_markdown(update.body))},
    )
    clean_stored_rows(model("forums", "TestimonyForm"), {"intro": MULTI})
    clean_stored_rows(
        model("forums", "TestimonyQuestion"),
        {
            "label": SINGLE,
            "help_text": SINGLE,
            "choices": SINGLE,
            "scale_low": SINGLE,
            "scale_high": SINGLE,
        },
    )
    clean_stored_rows(model("forums", "Testimony"), {"answers": MULTI})
    clean_stored_rows(model("forums", "CampaignTheme"), {"name": SINGLE})
    clean_stored_rows(model("forums", "TestimonyExtract"), {"text": MULTI})
    clean_stored_rows(model("forums", "CampaignQuote"), {"text": MULTI})


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0004_send_key"),
    ]

    operations = [
        # Nothing to undo: the text before cleaning is not kept.
        migrations.RunPython(clean, migrations.RunPython.noop, elidable=True),
    ]
