"""Where a member is signed in (allauth's usersessions): the member sees their own devices only,
can sign out everywhere else, a stranger can end none of them, and nothing keeps an address."""

from __future__ import annotations

import pytest
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client

from community.infra.ratelimit import address_digest
from community.members.devices import NO_ADDRESS, device_label
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/accounts/sessions/"
ADDRESS = "203.0.113.77"
FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
CHROME_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36"
)


def device(member, user_agent: str = FIREFOX_ANDROID, address: str = ADDRESS) -> Client:
    """A browser signed in as `member` through allauth's form, from `address`."""
    client = Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address)
    response = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return client


def test_no_device_row_keeps_an_address_or_the_full_browser_string() -> None:
    member = UserFactory()
    phone = device(member, FIREFOX_ANDROID)
    # A second visit and a password change write the row again, through allauth.
    phone.get("/forums/")
    phone.post(
        "/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "another long passphrase 7",
            "password2": "another long passphrase 7",
        },
    )

    rows = list(UserSession.objects.values())
    assert rows
    for row in rows:
        stored = repr(row)
        assert ADDRESS not in stored
        assert address_digest(ADDRESS) not in stored
        assert "Mozilla" not in stored and "Gecko" not in stored
        assert row["ip"] == NO_ADDRESS
        assert row["user_agent"] == "Firefox on Android"
    for session in Session.objects.all():
        assert ADDRESS not in repr(session.get_decoded())


def test_a_device_row_written_any_other_way_keeps_no_address_either() -> None:
    member = UserFactory()

    row = UserSession.objects.create(
        user=member, session_key="k" * 32, ip=ADDRESS, user_agent=SAFARI_IPHONE
    )

    row.refresh_from_db()
    assert (row.ip, row.user_agent) == (NO_ADDRESS, "Safari on iPhone")


@pytest.mark.parametrize(
    ("user_agent", "label"),
    [
        (FIREFOX_ANDROID, "Firefox on Android"),
        (SAFARI_IPHONE, "Safari on iPhone"),
        (CHROME_WINDOWS, "Chrome on Windows"),
        (CHROME_WINDOWS + " Edg/126.0.0.0", "Edge on Windows"),
        ("", "A browser"),
        ("curl/8.5.0", "A browser"),
    ],
)
def test_a_browser_is_named_coarsely_and_the_same_when_named_again(user_agent, label) -> None:
    assert device_label(user_agent) == label
    assert device_label(label) == label


def test_the_member_sees_their_own_devices_and_no_one_elses() -> None:
    member, stranger = UserFactory(), UserFactory()
    phone = device(member, FIREFOX_ANDROID)
    device(member, SAFARI_IPHONE)
    device(stranger, CHROME_WINDOWS)

    page = phone.get(PAGE).content.decode()

    assert "Firefox on Android" in page
    assert "Safari on iPhone" in page
    assert "Chrome on Windows" not in page
    assert "This device" in page
    assert ADDRESS not in page and NO_ADDRESS not in page


def test_signing_out_everywhere_else_ends_the_other_devices_and_keeps_this_one() -> None:
    member = UserFactory()
    phone = device(member, FIREFOX_ANDROID)
    laptop = device(member, CHROME_WINDOWS)

    response = phone.post(PAGE, follow=True)

    assert "signed out everywhere else" in response.content.decode()
    assert phone.get("/account/data/").status_code == 200
    assert laptop.get("/account/data/").status_code == 302
    laptop_key = laptop.cookies[settings.SESSION_COOKIE_NAME].value
    assert not Session.objects.filter(session_key=laptop_key).exists()


def test_a_stranger_cannot_end_another_members_sessions() -> None:
    member, stranger = UserFactory(), UserFactory()
    phone = device(member, FIREFOX_ANDROID)
    laptop = device(member, CHROME_WINDOWS)
    intruder = device(stranger, SAFARI_IPHONE)

    intruder.post(PAGE)

    assert phone.get("/account/data/").status_code == 200
    assert laptop.get("/account/data/").status_code == 200


def test_a_visitor_is_sent_to_sign_in_and_ends_nothing() -> None:
    member = UserFactory()
    phone = device(member)

    response = Client().post(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert phone.get("/account/data/").status_code == 200


def test_the_account_pages_link_to_where_the_member_is_signed_in() -> None:
    phone = device(UserFactory())

    page = phone.get("/accounts/email/").content.decode()

    assert f'href="{PAGE}"' in page
