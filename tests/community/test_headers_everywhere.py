"""Security headers and the content policy are on every kind of response: pages, errors,
redirects, JSON, files, feeds and the admin; session and CSRF cookies are HttpOnly and
SameSite (and Secure in production, which `check --deploy` proves)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import PASSWORD, UserFactory, give_totp

pytestmark = pytest.mark.django_db

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def _assert_headers(response, what: str) -> None:
    for name, value in EXPECTED.items():
        assert response.get(name) == value, f"{what}: {name} is {response.get(name)!r}"
    assert "Permissions-Policy" in response, what
    csp = response.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp, f"{what}: no content policy"
    assert "frame-ancestors 'none'" in csp, what


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),
        ("/no-such-page/", 404),
        ("/forums/", 200),
        ("/notifications/", 302),
        ("/api/drafts/reply:thread:1/", 403),
        ("/healthz/", 200),
        ("/robots.txt", 200),
        ("/stories/feed/", 200),
        ("/admin/", 302),
        ("/accounts/login/", 200),
    ],
)
def test_every_kind_of_response_carries_the_headers(client, path: str, status: int) -> None:
    response = client.get(path)

    assert response.status_code == status
    _assert_headers(response, path)


# WhiteNoise answers these itself, before the middleware that adds the content policy and
# X-Frame-Options (test settings let it find them in the apps, as in development).
@pytest.mark.parametrize("path", ["/static/community/site.css", "/static/community/favicon.svg"])
def test_a_static_file_carries_the_headers(client, path: str) -> None:
    response = client.get(path)

    assert response.status_code == 200
    assert response.__class__.__name__ == "WhiteNoiseFileResponse", "not served by WhiteNoise"
    _assert_headers(response, path)
    assert response.get("Cross-Origin-Resource-Policy") == "same-origin", path
    assert response.get("X-Robots-Tag") == "noarchive", path


def test_a_server_error_page_carries_the_headers_and_says_nothing_technical(settings) -> None:
    settings.ROOT_URLCONF = "tests.boom_urls"
    client = Client(raise_request_exception=False)

    response = client.get("/boom/")

    assert response.status_code == 500
    _assert_headers(response, "500")
    assert "deliberate failure" not in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_a_refusal_page_carries_the_headers(settings, client) -> None:
    settings.ROOT_URLCONF = "tests.boom_urls"

    response = client.get("/refused/")

    assert response.status_code == 403
    _assert_headers(response, "403")


def test_an_admin_page_carries_the_headers(client) -> None:
    admin = UserFactory(is_superuser=True, is_staff=True)
    give_totp(admin)
    client.force_login(admin)

    response = client.get("/admin/")

    assert response.status_code == 200
    _assert_headers(response, "admin")


def test_session_and_csrf_cookies_are_httponly_and_samesite(client) -> None:
    member = UserFactory()

    form = client.get("/accounts/login/")
    signed_in = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})

    assert signed_in.status_code == 302
    for response, name in ((form, "csrftoken"), (signed_in, "sessionid")):
        cookie = response.cookies[name]
        assert cookie["httponly"] is True, name
        assert cookie["samesite"] == "Lax", name
