"""The safety frame on every page: headers, quick exit first, help link, no external assets."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.core.cache.backends.locmem import LocMemCache

from community.models import Helpline
from community.selectors import FRAME_CACHE_KEY, safety_settings
from tests.factories import UserFactory, give_totp

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/accounts/signup/", "/accounts/login/", "/need-help-now/"]


class _Focusables(HTMLParser):
    """Collects focusable elements and asset URLs in document order."""

    def __init__(self):
        super().__init__()
        self.focusables: list[dict[str, str | None]] = []
        self.assets: list[str] = []
        self.inline_scripts = 0
        self._in_script = False
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if (tag == "a" and "href" in attrs) or tag in ("button", "input", "select", "textarea"):
            self.focusables.append({"tag": tag, **attrs})
        if tag == "script":
            if attrs.get("src"):
                self.assets.append(attrs["src"])
            elif attrs.get("type") != "application/json":
                self._in_script = True
        if tag == "link" and attrs.get("href"):
            self.assets.append(attrs["href"])
        if tag in ("img", "iframe") and attrs.get("src"):
            self.assets.append(attrs["src"])

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_scripts += 1
        self.text.append(data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False


def parse(response) -> _Focusables:
    parser = _Focusables()
    parser.feed(response.content.decode())
    return parser


def csp_directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: " ".join(part.split()[1:])
        for part in (p.strip() for p in header.split(";"))
        if part
    }


def test_home_page_renders_with_the_security_headers(client):
    response = client.get("/")

    assert response.status_code == 200
    assert "Welcome" in response.content.decode()
    csp = csp_directives(response)
    assert csp["script-src"] == "'self'"
    assert csp["style-src"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert csp["base-uri"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_the_first_focusable_control_on_every_page_is_leave_this_site(client, path):
    page = parse(client.get(path))

    first = page.focusables[0]
    assert first["id"] == "quick-exit"
    assert first["href"] == "https://www.bbc.co.uk/weather"
    assert "Leave this site" in client.get(path).content.decode()


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_page_links_to_help_now_and_loads_nothing_from_another_host(client, path):
    response = client.get(path)
    page = parse(response)

    assert "Need help now?" in response.content.decode()
    assert page.inline_scripts == 0
    for url in page.assets:
        assert url.startswith("/static/"), url


def test_quick_exit_goes_where_staff_set_it(client):
    site_settings = safety_settings()
    site_settings.quick_exit_url = "https://weather.example.com/"
    site_settings.save()

    first = parse(client.get("/")).focusables[0]

    assert first["href"] == "https://weather.example.com/"


def test_a_missing_page_still_has_the_headers_and_the_quick_exit(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Content-Security-Policy" in response
    assert response["Referrer-Policy"] == "same-origin"
    assert parse(response).focusables[0]["id"] == "quick-exit"


def test_the_admin_gets_its_own_policy_that_still_allows_no_other_host(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    give_totp(admin)
    client.force_login(admin)

    csp = csp_directives(client.get("/admin/"))

    assert csp["script-src"] == "'self' 'unsafe-inline'"
    assert csp["object-src"] == "'none'"
    assert csp["base-uri"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["connect-src"] == "'self'"


def test_public_pages_never_get_the_admin_policy(client):
    assert "unsafe-inline" not in client.get("/need-help-now/")["Content-Security-Policy"]


def test_signposting_lists_the_helplines_from_site_settings(client):
    Helpline.objects.create(
        settings=safety_settings(), name="A Test Helpline", phone="0800 000 000"
    )

    body = client.get("/need-help-now/").content.decode()

    assert "If anyone is in immediate danger, call 999." in body
    assert "A Test Helpline" in body
    assert 'href="tel:0800000000"' in body


def test_health_endpoint_reports_the_database(client):
    response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_account_pages_are_not_indexed(client):
    body = client.get("/accounts/login/").content.decode()

    assert re.search(r'<meta name="robots" content="noindex', body)


def test_static_files_are_served_by_whitenoise_with_debug_off(client, settings):
    assert settings.DEBUG is False

    response = client.get("/static/community/quick-exit.js")

    assert response.status_code == 200
    assert b"location.replace" in b"".join(response.streaming_content)


def test_robots_keep_crawlers_out_of_members_only_areas(client):
    body = client.get("/robots.txt").content.decode()

    assert "Disallow: /forums/" in body
    assert "Disallow: /accounts/" in body


def test_the_favicon_request_is_answered_without_a_404(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"] == "/static/community/favicon.svg"


def _queries_during(client, path: str) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_once_shown_the_frame_costs_no_query_and_an_editors_change_shows_on_the_next_page(
    client,
):
    client.get("/accounts/login/")

    again = _queries_during(client, "/accounts/login/")

    assert not [sql for sql in again if "safetysettings" in sql or "wagtailcore_site" in sql]
    site_settings = safety_settings()
    site_settings.organisation_name = "Kitchen Table Parents"
    site_settings.emergency_text = "In an emergency, ring 999 straight away."
    site_settings.save()
    body = client.get("/accounts/login/").content.decode()
    assert "Kitchen Table Parents" in body
    assert "In an emergency, ring 999 straight away." in body


def test_the_help_link_follows_the_signposting_page_as_editors_publish_and_unpublish_it(client):
    from wagtail.models import Site

    from community.models import SignpostingPage

    assert (
        'class="help-link" href="/need-help-now/"'
        in client.get("/accounts/login/").content.decode()
    )
    home = Site.objects.get(is_default_site=True).root_page
    page = home.add_child(instance=SignpostingPage(title="Need help now?", slug="help"))
    page.save_revision().publish()

    assert f'class="help-link" href="{page.url}"' in client.get("/accounts/login/").content.decode()

    page.unpublish()

    body = client.get("/accounts/login/").content.decode()
    assert 'class="help-link" href="/need-help-now/"' in body


class _CountingCache(LocMemCache):
    """The local-memory cache, counting reads of the site frame's key."""

    frame_reads = 0

    def get(self, key, default=None, version=None):
        if key == FRAME_CACHE_KEY:
            type(self).frame_reads += 1
        return super().get(key, default, version)


def test_a_page_reads_the_frame_from_the_shared_cache_once_however_often_it_shows_it(
    client, settings
):
    settings.CACHES = {
        "default": {"BACKEND": f"{__name__}._CountingCache", "LOCATION": "frame-reads"}
    }
    client.get("/accounts/login/")  # the frame is built and kept
    _CountingCache.frame_reads = 0

    body = client.get("/accounts/login/").content.decode()

    # Shown in the title, the quick exit, the header, the help links and the footer.
    assert body.count(safety_settings().organisation_name) >= 2
    assert 'class="help-link" href="/need-help-now/"' in body
    assert _CountingCache.frame_reads == 1
