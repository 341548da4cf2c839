"""The Campaign organisers group's permission, kept in place after every migrate (and every test
database flush). community.members.roles creates the group; this gives it the right to start
campaigns.
Being in the group never opens another campaign's testimony: each campaign lists its own
organisers."""

from __future__ import annotations

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

ORGANISERS_GROUP = "Campaign organisers"


def ensure_campaign_roles(app_config=None, **kwargs) -> None:
    """Give the Campaign organisers group `campaigns.organise_campaigns` (idempotent)."""
    if app_config is not None:
        # Our handler runs before auth's for this app (INSTALLED_APPS order): make them now.
        create_permissions(app_config, verbosity=0)
    permission = Permission.objects.filter(
        content_type__app_label="campaigns", codename="organise_campaigns"
    ).first()
    if permission is None:
        return
    group, _ = Group.objects.get_or_create(name=ORGANISERS_GROUP)
    group.permissions.add(permission)
