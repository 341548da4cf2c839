"""Signing up, verifying, signing in, and not telling strangers who is a member."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from community.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "kettle-harbour-lantern-42"


def signup(client, *, email: str, display_name: str = "Quiet Lantern", password=NEW_PASSWORD):
    return client.post(
        "/accounts/signup/",
        {
            "display_name": display_name,
            "email": email,
            "password1": password,
            "password2": password,
        },
    )


def confirmation_link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_signup_sends_a_verification_email_and_the_member_can_sign_in_after_confirming(client):
    response = signup(client, email="new.parent@example.org")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.parent@example.org"]
    member = User.objects.get(email="new.parent@example.org")
    assert member.display_name == "Quiet Lantern"

    # Not signed in until the address is confirmed.
    assert (
        client.post(
            "/accounts/login/", {"login": "new.parent@example.org", "password": NEW_PASSWORD}
        )["Location"]
        == "/accounts/confirm-email/"
    )
    assert "_auth_user_id" not in client.session

    link = confirmation_link(mail.outbox[-1])
    client.get(link)
    client.post(link)
    response = client.post(
        "/accounts/login/", {"login": "new.parent@example.org", "password": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)
    home = client.get("/").content.decode()
    assert "Signed in as Quiet Lantern" in home


def test_account_emails_have_a_neutral_subject_and_sender(client):
    signup(client, email="new.parent@example.org")

    message = mail.outbox[0]
    assert message.from_email == "Notifications <noreply@localhost>"
    for word in ("exploit", "abuse", "Safe Voices", "parent", "child"):
        assert word.lower() not in message.subject.lower()


def test_signup_looks_the_same_for_a_known_and_an_unknown_address(client):
    UserFactory(email="known@example.org")

    known = signup(client, email="known@example.org", display_name="Brave Otter")
    client.logout()
    unknown = signup(client, email="unknown@example.org", display_name="Calm Otter")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # The owner of the known address is told; nobody else learns it exists.
    assert [m.to for m in mail.outbox] == [["known@example.org"], ["unknown@example.org"]]
    assert not User.objects.filter(display_name="Brave Otter").exists()


def test_a_wrong_password_reads_the_same_for_known_and_unknown_addresses(client):
    UserFactory(email="known@example.org")

    known = client.post(
        "/accounts/login/", {"login": "known@example.org", "password": "nope-nope-1"}
    )
    unknown = client.post(
        "/accounts/login/", {"login": "nobody@example.org", "password": "nope-nope-1"}
    )

    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].errors == unknown.context["form"].errors


def test_password_reset_reads_the_same_for_known_and_unknown_addresses(client):
    UserFactory(email="known@example.org")

    known = client.post("/accounts/password/reset/", {"email": "known@example.org"})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_signup_refuses_a_confusable_display_name_and_keeps_what_was_typed(client):
    UserFactory(display_name="Hopeful Heron")

    response = signup(client, email="someone@example.org", display_name="H\u043epeful Heron")

    assert response.status_code == 200
    body = response.content.decode()
    assert "looks too much like a member" in body
    assert 'value="someone@example.org"' in body
    assert not User.objects.filter(email="someone@example.org").exists()


def test_signup_refuses_the_organisation_name_as_a_display_name(client):
    response = signup(client, email="someone@example.org", display_name="Safe Voices")

    assert "kept for the team" in response.content.decode()


def test_a_members_email_is_not_on_the_pages_another_member_sees(client):
    author = UserFactory(email="private.person@example.org", display_name="Kettle On")
    reader = UserFactory()
    client.force_login(reader)

    for path in ("/", "/need-help-now/", "/accounts/email/"):
        assert author.email not in client.get(path).content.decode()
    assert str(author) == "Kettle On"


def test_signin_is_rate_limited_after_repeated_failures(client):
    UserFactory(email="known@example.org")

    statuses = [
        client.post(
            "/accounts/login/", {"login": "known@example.org", "password": f"wrong-{i}"}
        ).status_code
        for i in range(7)
    ]
    last = client.post("/accounts/login/", {"login": "known@example.org", "password": PASSWORD})

    assert "Too many failed login attempts" in last.content.decode()
    assert "_auth_user_id" not in client.session
    assert set(statuses) == {200}
