"""Staff must use MFA, and no login path skips it."""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD, UserFactory, give_totp, staff_user, totp_code

pytestmark = pytest.mark.django_db


def sign_in(client, user) -> None:
    """Sign in through allauth's form, as a person would (allauth records when)."""
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content


def open_enrolment(client, url: str):
    """allauth asks for the password again before showing a new authenticator's secret."""
    response = client.get(url)
    assert response["Location"].startswith("/accounts/reauthenticate/")
    again = client.post(response["Location"], {"password": PASSWORD})
    assert again.status_code == 302
    enrol = client.get(again["Location"])
    assert enrol.status_code == 200
    return enrol


def test_a_staff_member_without_mfa_is_sent_to_enrol_before_the_admin(client):
    moderator = staff_user(with_mfa=False)
    sign_in(client, moderator)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")
    enrol = open_enrolment(client, response["Location"])
    assert "data:image/svg+xml" in enrol.content.decode()


def test_a_superuser_without_mfa_is_sent_to_enrol_too(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)

    assert client.get("/admin/pages/")["Location"].startswith("/accounts/2fa/totp/activate/")


def test_a_staff_member_with_mfa_reaches_the_admin(client):
    moderator = staff_user(with_mfa=True)
    client.force_login(moderator)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "Dashboard" in response.content.decode()


def test_a_member_who_is_not_staff_is_not_asked_for_mfa_and_cannot_enter_the_admin(client):
    member = UserFactory()
    client.force_login(member)

    assert client.get("/").status_code == 200
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/2fa/" not in response["Location"]


def test_posting_a_password_to_the_wagtail_login_signs_nobody_in(client):
    moderator = staff_user(with_mfa=True)

    response = client.post(
        "/admin/login/", {"username": moderator.email, "password": PASSWORD, "next": "/admin/"}
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/")["Location"].startswith("/accounts/login/")


def test_the_admin_login_page_sends_to_allauth_and_keeps_only_a_local_next(client):
    assert client.get("/admin/login/?next=/admin/pages/")["Location"] == (
        "/accounts/login/?next=%2Fadmin%2Fpages%2F"
    )
    assert client.get("/admin/login/?next=https://evil.example/")["Location"] == (
        "/accounts/login/?next=%2Fadmin%2F"
    )


def test_a_staff_password_alone_does_not_sign_in_without_the_code(client):
    moderator = staff_user(with_mfa=False)
    secret = give_totp(moderator)

    response = client.post("/accounts/login/", {"login": moderator.email, "password": PASSWORD})

    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/")["Location"].startswith("/accounts/login/")

    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session

    client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert client.session["_auth_user_id"] == str(moderator.pk)
    assert client.get("/admin/").status_code == 200


def test_any_member_can_turn_on_mfa(client):
    member = UserFactory()
    sign_in(client, member)

    response = open_enrolment(client, "/accounts/2fa/totp/activate/")

    assert "data:image/svg+xml" in response.content.decode()
