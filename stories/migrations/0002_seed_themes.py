from django.db import migrations


def seed(apps, schema_editor):
    from stories.themes import seed_themes

    seed_themes(apps.get_model("stories", "ThemeSnippet"))


class Migration(migrations.Migration):
    dependencies = [("stories", "0001_stories")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
