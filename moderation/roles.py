"""The staff groups' moderation permissions, kept in place after every migrate (and every test
database flush, which removes rows that data migrations made)."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

MANAGED_LISTS = ("watchedword", "localterm", "allowedname", "reasontemplate")
MODERATOR = [
    ("queueitem", "moderate"),
    *[
        (model, f"{verb}_{model}")
        for model in MANAGED_LISTS
        for verb in ("add", "change", "delete", "view")
    ],
]  # fmt: skip
GROUPS = {
    "Moderators": MODERATOR,
    "Safeguarding leads": [*MODERATOR, ("queueitem", "safeguarding")],
}


def ensure_groups(app_config: AppConfig | None = None, **kwargs: Any) -> None:
    """Create the moderation groups if missing and give them their permissions (idempotent)."""
    if app_config is not None:
        # Our app's handlers run before auth's (INSTALLED_APPS order): make the permissions now.
        create_permissions(app_config, verbosity=0)
    for name, permissions in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = Permission.objects.filter(
            content_type__app_label="moderation",
            codename__in=[codename for _, codename in permissions],
        )
        group.permissions.add(*wanted)
