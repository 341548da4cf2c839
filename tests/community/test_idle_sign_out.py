"""A family computer left signed in signs itself out after an hour without use, when the browser
closes, and after a working day at most."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _signed_in(client, member) -> None:
    assert client.login(email=member.email, password=PASSWORD)
    client.get("/notifications/")


def _age_session(client, seconds: int) -> None:
    session = client.session
    session["seen_at"] = session["seen_at"] - seconds
    session.save()


def test_a_member_idle_for_over_an_hour_is_signed_out_and_told_why(client) -> None:
    member = UserFactory()
    _signed_in(client, member)
    _age_session(client, 61 * 60)

    response = client.get("/notifications/", follow=True)

    assert response.redirect_chain[0][0] == "/accounts/login/?next=%2Fnotifications%2F"
    assert "signed out because the site was not used for a while" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_member_active_within_the_hour_stays_signed_in(client) -> None:
    member = UserFactory()
    _signed_in(client, member)
    _age_session(client, 50 * 60)

    response = client.get("/notifications/")

    assert response.status_code == 200
    assert client.session["seen_at"] >= int(time.time()) - 5


def test_page_views_do_not_rewrite_the_session_every_time(client) -> None:
    member = UserFactory()
    _signed_in(client, member)
    first = client.session["seen_at"]
    _age_session(client, 60)

    client.get("/notifications/")

    assert client.session["seen_at"] == first - 60


def test_signing_in_gives_a_cookie_that_ends_with_the_browser_and_a_session_of_eight_hours(
    client,
) -> None:
    member = UserFactory()

    response = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    signed_in_at = timezone.now()

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert response.status_code == 302
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    stored = Session.objects.get(session_key=cookie.value)
    assert stored.get_decoded()["_auth_user_id"] == str(member.pk)
    assert (
        timedelta(hours=7, minutes=59)
        <= stored.expire_date - signed_in_at
        <= timedelta(hours=8, minutes=1)
    )
    assert 0 < client.session.get_expiry_age() <= 8 * 60 * 60
