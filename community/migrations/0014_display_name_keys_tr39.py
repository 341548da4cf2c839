"""Display-name keys made again with the TR39 skeleton of issue 17 (classes mapped before case
folding, small capitals, letter pairs such as "rn" for "m", marks dropped).

Two members whose names only now look alike keep their names: the later one's key becomes
`<skeleton>~<id>`, so the unique index holds, the earlier one keeps the plain skeleton, and a new
name like either is refused. `User.save()` keeps such a key while the name is unchanged.
"""

from django.db import migrations


def rebuild_keys(apps, schema_editor):
    from community.members.names import skeleton

    User = apps.get_model("community", "User")
    members = list(User.objects.order_by("pk").only("pk", "display_name", "display_name_key"))
    # Out of the way first, so no new key meets an old one in the unique index on the way.
    for member in members:
        User.objects.filter(pk=member.pk).update(display_name_key=f"~{member.pk}")
    used: set[str] = set()
    for member in members:
        key = skeleton(member.display_name)
        if key in used:
            key = f"{key}~{member.pk}"
        used.add(key)
        User.objects.filter(pk=member.pk).update(display_name_key=key)


class Migration(migrations.Migration):
    dependencies = [("community", "0013_task_workers")]

    operations = [migrations.RunPython(rebuild_keys, migrations.RunPython.noop, elidable=True)]
