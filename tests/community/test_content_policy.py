"""Each area's content policy is built once and is exactly what django-csp builds; a view that
changes its policy still gets django-csp's own handling."""

from __future__ import annotations

from dataclasses import asdict

import pytest
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.utils import build_policy
from django.http import HttpResponse
from django.test import RequestFactory

from community.infra.middleware import PolicyByAreaCSPMiddleware
from tests.factories import UserFactory, give_totp

pytestmark = pytest.mark.django_db


def _what_django_csp_builds(path: str, response=None) -> str:
    """The policy django-csp's own code builds for a response at `path`."""
    middleware = PolicyByAreaCSPMiddleware(lambda request: HttpResponse())
    request = RequestFactory().get(path)
    parts = middleware.get_policy_parts(request, response or HttpResponse())
    return build_policy(**asdict(parts))


def test_a_public_page_gets_exactly_the_policy_django_csp_builds(client) -> None:
    response = client.get("/forums/")

    assert response[HEADER] == _what_django_csp_builds("/forums/")
    assert "style-src 'self'" in response[HEADER]
    assert HEADER_REPORT_ONLY not in response


def test_an_admin_page_gets_the_admins_policy_exactly_as_django_csp_builds_it(client) -> None:
    admin = UserFactory(is_superuser=True, is_staff=True)
    give_totp(admin)
    client.force_login(admin)

    response = client.get("/admin/")

    assert response[HEADER] == _what_django_csp_builds("/admin/")
    assert response[HEADER] != _what_django_csp_builds("/forums/")


def test_a_changed_setting_changes_the_policy_at_once(client, settings) -> None:
    client.get("/forums/")  # the policy is built and kept
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], "img-src": ["'none'"]}
    }

    response = client.get("/forums/")

    assert "img-src 'none'" in response[HEADER]


def test_a_view_that_changes_its_policy_gets_django_csps_own_handling() -> None:
    response = HttpResponse()
    response._csp_update = {"img-src": ["https://images.example.org"]}
    middleware = PolicyByAreaCSPMiddleware(lambda request: response)

    answered = middleware(RequestFactory().get("/forums/"))

    assert "https://images.example.org" in answered[HEADER]


def test_a_page_that_asks_for_a_nonce_goes_through_django_csp() -> None:
    def view(request):
        return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")

    middleware = PolicyByAreaCSPMiddleware(view)

    answered = middleware(RequestFactory().get("/forums/"))
    nonce = answered.content.decode().split("nonce='")[1].split("'")[0]

    # Our policy has no nonce source, so django-csp leaves it out of the header.
    assert nonce
    assert answered[HEADER] == _what_django_csp_builds("/forums/")
