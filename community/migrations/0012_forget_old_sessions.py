"""Sessions moved to `community_session` (0011). Django's `django_session` is never read or
written again, so its rows (sessions signed in before the move, each holding a member's id)
would be kept for ever and missed by erasure: they are deleted here."""

from django.db import migrations


def forget_old_sessions(apps, schema_editor) -> None:
    Session = apps.get_model("sessions", "Session")
    Session.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0011_member_sessions"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(forget_old_sessions, migrations.RunPython.noop)]
