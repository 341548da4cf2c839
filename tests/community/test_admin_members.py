"""The Wagtail admin knows members by pseudonym and keeps the display-name rules."""

from __future__ import annotations

import pytest

from community.models import User
from tests.factories import UserFactory, give_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = UserFactory(is_superuser=True, is_staff=True, display_name="Site Steward")
    give_totp(admin)
    client.force_login(admin)
    return client


def test_an_admin_creates_a_member_with_a_display_name_and_no_real_name(admin_client):
    form = admin_client.get("/admin/users/new/").content.decode()
    assert 'name="display_name"' in form
    assert 'name="first_name"' not in form
    assert 'name="last_name"' not in form

    response = admin_client.post(
        "/admin/users/new/",
        {
            "email": "new.moderator@example.org",
            "display_name": "Gentle Tide",
            "password1": "a-long-admin-chosen-password-1",
            "password2": "a-long-admin-chosen-password-1",
        },
    )

    assert response.status_code == 302
    created = User.objects.get(email="new.moderator@example.org")
    assert created.display_name == "Gentle Tide"


def test_the_admin_form_refuses_a_look_alike_display_name(admin_client):
    UserFactory(display_name="Hopeful Heron")

    response = admin_client.post(
        "/admin/users/new/",
        {
            "email": "someone@example.org",
            "display_name": "Hopefu1 Heron",
            "password1": "a-long-admin-chosen-password-1",
            "password2": "a-long-admin-chosen-password-1",
        },
    )

    assert response.status_code == 200
    assert "looks too much like a member" in response.content.decode()
    assert not User.objects.filter(email="someone@example.org").exists()


def test_the_members_list_shows_pseudonyms(admin_client):
    UserFactory(display_name="Kettle On")

    body = admin_client.get("/admin/users/").content.decode()

    assert "Kettle On" in body
