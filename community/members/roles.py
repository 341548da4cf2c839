"""The staff groups, kept in place after every migrate (and every test database flush)."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

# name: may enter the Wagtail admin (and so must use MFA)
STAFF_GROUPS = {
    "Moderators": True,
    "Safeguarding leads": True,
    "Editors": True,
    "Campaign organisers": False,
}


def ensure_staff_groups(**kwargs) -> None:
    """Create the staff groups if missing; admin access for those that need it (idempotent)."""
    # Our handler runs before Wagtail's admin app has made its permissions (INSTALLED_APPS
    # order), which matters after a test database flush: make them now.
    create_permissions(apps.get_app_config("wagtailadmin"), verbosity=0)
    access_admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    for name, admin in STAFF_GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        if admin and access_admin is not None:
            group.permissions.add(access_admin)
