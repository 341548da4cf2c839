"""Staff see pseudonyms. An admin who needs a member's e-mail address reveals it with a reason,
and the reveal is in the audit trail; moderators cannot reveal one at all."""

from __future__ import annotations

import pytest

from moderation.models import AuditEntry
from tests.factories import UserFactory, give_totp, moderator

pytestmark = pytest.mark.django_db

ADDRESS = "kettle.on@example.org"


@pytest.fixture
def admin(client):
    user = UserFactory(is_superuser=True, is_staff=True, display_name="Site Steward")
    give_totp(user)
    client.force_login(user)
    return user


def test_the_members_list_and_edit_form_show_no_email_address(client, admin) -> None:
    member = UserFactory(display_name="Kettle On", email=ADDRESS)

    listing = client.get("/admin/users/").content.decode()
    edit = client.get(f"/admin/users/edit/{member.pk}/").content.decode()
    searched = client.get("/admin/users/", {"q": ADDRESS}).content.decode()

    assert "Kettle On" in listing
    assert ADDRESS not in listing
    assert ADDRESS not in edit
    assert 'name="display_name"' in edit
    # Searching by address finds nobody (the box echoes what the admin typed, nothing more).
    assert "Kettle On" not in searched


def test_editing_a_member_keeps_their_address(client, admin) -> None:
    member = UserFactory(display_name="Kettle On", email=ADDRESS)

    response = client.post(
        f"/admin/users/edit/{member.pk}/", {"display_name": "Kettle Off", "is_active": "on"}
    )
    member.refresh_from_db()

    assert response.status_code == 302
    assert (member.display_name, member.email) == ("Kettle Off", ADDRESS)


def test_an_admin_reveals_an_address_with_a_reason_and_the_trail_keeps_it(client, admin) -> None:
    member = UserFactory(display_name="Kettle On", email=ADDRESS)
    reason = "The member asked us by phone to confirm the address on their account."

    form = client.get(f"/admin/moderation/members/{member.pk}/reveal-email/")
    shown = client.post(f"/admin/moderation/members/{member.pk}/reveal-email/", {"reason": reason})
    trail = client.get("/admin/moderation/audit/").content.decode()

    assert ADDRESS not in form.content.decode()
    assert ADDRESS in shown.content.decode()
    assert "no-store" in shown["Cache-Control"]
    entry = AuditEntry.objects.get(action="moderation.reveal_email")
    assert (entry.user_id, entry.object_id, entry.data["reason"]) == (
        admin.pk,
        str(member.pk),
        reason,
    )
    assert reason in trail
    assert ADDRESS not in trail


def test_a_reveal_without_a_real_reason_shows_nothing_and_asks_for_one(client, admin) -> None:
    member = UserFactory(email=ADDRESS)

    response = client.post(
        f"/admin/moderation/members/{member.pk}/reveal-email/", {"reason": "  need  "}
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert ADDRESS not in body
    assert "Please say why you need this address" in body
    assert not AuditEntry.objects.filter(action="moderation.reveal_email").exists()


def test_a_moderator_cannot_reveal_an_address(client) -> None:
    member = UserFactory(email=ADDRESS)
    client.force_login(moderator())

    response = client.post(
        f"/admin/moderation/members/{member.pk}/reveal-email/",
        {"reason": "I would like to know who this is, please."},
    )

    assert response.status_code in (302, 403)
    assert ADDRESS not in response.content.decode()
    assert not AuditEntry.objects.filter(action="moderation.reveal_email").exists()
