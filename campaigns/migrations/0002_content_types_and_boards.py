"""After the move out of `forums`: keep every row that points at campaign models valid.

- Content types: `forums.campaign` (and the other eight) become `campaigns.*`, the way Django's
  documentation moves a model between apps. Moderation's queue rows and audit entries point at
  testimony and campaigns by content type, and the permissions `organise_campaigns` and
  `manage_campaigns` hang off Campaign's: renamed, they are `campaigns.*` with every group and
  member that held them. On a fresh database there is nothing to rename yet.
- Boards: each campaign's board is marked with the campaigns' access rule, so the forums ask
  `campaigns.board_access` who may see it (a draft's board: its organisers, staff, moderators).
"""

from django.db import migrations

MODELS = [
    "campaign",
    "campaignsupport",
    "campaignupdate",
    "testimonyform",
    "testimonyquestion",
    "testimony",
    "campaigntheme",
    "testimonyextract",
    "campaignquote",
]
RULE = "campaigns"


def forward(apps, schema_editor) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not content_type.objects.filter(app_label="campaigns", model=model).exists():
            content_type.objects.filter(app_label="forums", model=model).update(
                app_label="campaigns"
            )
    campaign = apps.get_model("campaigns", "Campaign")
    board = apps.get_model("forums", "Board")
    board.objects.filter(pk__in=campaign.objects.values("board_id")).update(access_rule=RULE)


def backward(apps, schema_editor) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not content_type.objects.filter(app_label="forums", model=model).exists():
            content_type.objects.filter(app_label="campaigns", model=model).update(
                app_label="forums"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0001_initial"),
        ("forums", "0006_campaigns_move_out"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forward, backward)]
