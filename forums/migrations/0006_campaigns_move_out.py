"""Campaigns leave the forums (issue 18): their models are removed from the forums' state only.

Their tables stay, under the same names, as `campaigns`' models (`campaigns.0001_initial`);
nothing is dropped. Boards gain `access_rule`: the name of the rule another app registered for
a board it opened (`community.discussions`), so the forums never join that app's tables.
`campaigns.0002` marks the boards of existing campaigns with it.
"""

from django.db import migrations, models

# Dependents first, so the state never holds a key to a model already removed.
MOVED = [
    "TestimonyExtract",
    "Testimony",
    "CampaignTheme",
    "TestimonyQuestion",
    "TestimonyForm",
    "CampaignUpdate",
    "CampaignSupport",
    "CampaignQuote",
    "Campaign",
]


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0005_clean_stored_text"),
        ("campaigns", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="board",
            name="access_rule",
            field=models.CharField(blank=True, default="", editable=False, max_length=40),
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name=name) for name in MOVED],
        ),
    ]
