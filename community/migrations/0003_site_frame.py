"""Make Wagtail's starter page our HomePage. (Staff groups: `community.members.roles`.)"""

from django.db import migrations

def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    HomePage = apps.get_model("community", "HomePage")

    home_type, _ = ContentType.objects.get_or_create(app_label="community", model="homepage")
    starter = Page.objects.filter(
        depth=2, content_type__app_label="wagtailcore", content_type__model="page"
    ).first()
    if starter is not None and not HomePage.objects.exists():
        # Keep the page row (and the Site that points at it); give it our type.
        home = HomePage(page_ptr_id=starter.pk, intro="", body="")
        home.__dict__.update(
            {k: v for k, v in starter.__dict__.items() if not k.startswith("_")}
        )
        home.save_base(raw=True)
        Page.objects.filter(pk=starter.pk).update(
            content_type=home_type, title="Welcome", draft_title="Welcome"
        )



class Migration(migrations.Migration):
    dependencies = [
        ("community", "0002_pages_and_settings"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
