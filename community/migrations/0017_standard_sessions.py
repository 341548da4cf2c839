"""Sessions go back to Django's own engine (`cached_db`, in `django_session`), with allauth's
usersessions listing each member's devices. The custom table `community_session` is dropped
with whatever it held: every member is signed out once, on deploy, and signs in again. Nothing
is moved (a session holds no words a member wrote; drafts are kept server-side)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0016_clean_stored_drafts"),
    ]

    operations = [migrations.DeleteModel(name="MemberSession")]
