"""Public pages get the strict policy from settings, the admin its own (still strict) one, both
through django-csp's public API; a view can still change its own policy with django-csp's
decorators."""

from __future__ import annotations

import pytest
from csp.decorators import csp_update
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from community.infra.middleware import AdminAreaPolicyMiddleware
from community.infra.static_headers import public_policy
from tests.factories import UserFactory, give_totp

pytestmark = pytest.mark.django_db

HEADER = "Content-Security-Policy"


def _directives(policy: str) -> dict[str, str]:
    return {
        part.split(" ", 1)[0]: part.split(" ", 1)[1] if " " in part else ""
        for part in (p.strip() for p in policy.split(";"))
        if part
    }


def _served(view, path: str) -> HttpResponse:
    """`view`'s answer at `path` through the site's two policy middlewares, in their order."""
    return CSPMiddleware(AdminAreaPolicyMiddleware(view))(RequestFactory().get(path))


def test_a_public_page_gets_the_strict_policy_and_nothing_inline(client) -> None:
    response = client.get("/forums/")

    policy = _directives(response[HEADER])
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert "unsafe-inline" not in response[HEADER]
    assert "Content-Security-Policy-Report-Only" not in response


def test_an_admin_page_gets_the_admins_policy_and_only_what_it_changes(client) -> None:
    admin = UserFactory(is_superuser=True, is_staff=True)
    give_totp(admin)
    client.force_login(admin)

    response = client.get("/admin/")

    admin_policy = _directives(response[HEADER])
    public = _directives(client.get("/forums/")[HEADER])
    assert admin_policy["script-src"] == "'self' 'unsafe-inline'"
    assert admin_policy["style-src"] == "'self' 'unsafe-inline'"
    assert admin_policy["frame-src"] == "'self'"
    changed = {"script-src", "style-src", "img-src", "frame-src"}
    assert {k: v for k, v in admin_policy.items() if k not in changed} == {
        k: v for k, v in public.items() if k not in changed
    }


def test_a_page_outside_the_admin_whose_path_merely_mentions_it_keeps_the_strict_policy() -> None:
    response = _served(lambda request: HttpResponse(), "/forums/admin/")

    assert "unsafe-inline" not in response[HEADER]


def test_a_changed_setting_changes_the_policy_at_once(client, settings) -> None:
    client.get("/forums/")
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], "img-src": ["'none'"]}
    }

    response = client.get("/forums/")

    assert "img-src 'none'" in response[HEADER]


def test_a_view_that_changes_its_policy_with_django_csps_decorator_gets_it() -> None:
    @csp_update({"img-src": ["https://images.example.org"]})
    def view(request):
        return HttpResponse()

    assert "https://images.example.org" in _served(view, "/forums/")[HEADER]
    admin = _served(view, "/admin/")[HEADER]
    assert "https://images.example.org" in admin
    assert "'unsafe-inline'" in admin


def test_a_page_that_asks_for_a_nonce_gets_one_and_the_policy_stays_the_same() -> None:
    def view(request):
        return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")

    answered = _served(view, "/forums/")
    nonce = answered.content.decode().split("nonce='")[1].split("'")[0]

    # Our policy has no nonce source, so django-csp leaves it out of the header.
    assert nonce
    assert answered[HEADER] == public_policy()


def test_a_static_file_gets_the_policy_a_public_page_gets(client) -> None:
    assert client.get("/forums/")[HEADER] == public_policy()
