"""The staff groups keep their admin access even when the permission rows were wiped (a test
database flush does that, and our handler runs before Wagtail's admin app makes them)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

from community.members.roles import ensure_staff_groups

pytestmark = pytest.mark.django_db


def test_staff_groups_get_admin_access_back_after_the_permission_rows_are_gone() -> None:
    Permission.objects.filter(codename="access_admin").delete()

    ensure_staff_groups()

    with_access = Group.objects.filter(permissions__codename="access_admin")
    assert set(with_access.values_list("name", flat=True)) == {
        "Moderators",
        "Safeguarding leads",
        "Editors",
    }
