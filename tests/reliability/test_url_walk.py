"""Every URL pattern of the project, walked with malformed path parameters: never a 5xx.

The patterns come from the root resolver, recursively (ours, Wagtail's admin and its API,
allauth, the documents and the Wagtail page catch-all), so a URL added later is walked too.
Each parameter is filled with a hostile value (a number beyond 64 bits, a negative, words,
Unicode, a very long string, a NUL, `../`, bytes that are not UTF-8), all parameters at once,
and each URL is asked for by GET, and with the values that reach furthest by POST too (CSRF
checks off, as a script would send it), as a visitor, a member and a moderator. A pattern with
a slug is also asked for with a real slug (a board, a circle, a campaign) and the hostile value
in its other parameters, so an id reaches the view that reads it. Every pattern without
parameters is also asked for once with hostile query-string values (`?page=`, `?q=`, ...).

What passes is any answer below 500: a 404, a 400, a redirect to sign in, a 405 for a method a
view does not take, a 429 from a rate limit. What fails is listed with the URL, the method and
the role, all together, so one run shows every 5xx.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.regex_helper import normalize

from tests.factories import board, campaign, moderator, published_thread, trusted_member

pytestmark = pytest.mark.django_db

# Filled into every path parameter. Values are percent-encoded as a browser would send them,
# except where the raw form is the point (`../` walking up, `%FF` not being UTF-8).
HOSTILE_VALUES: dict[str, str] = {
    "beyond-64-bits": "99999999999999999999999",
    "just-beyond-64-bits": str(2**63),
    "largest-64-bit": str(2**63 - 1),
    "negative": quote("-1"),
    "words": "not-a-number",
    "unicode": quote("naïve-ünïcødé-😀-ﬁ", safe=""),
    "very-long": "x" * 2000,
    "nul": "%00",
    "dot-dot": "../../../etc/passwd",
    "not-utf-8": "%FF%FE",
}
# Sent with every pattern once, by GET: what the views read from the query string.
HOSTILE_QUERY = (
    "page=99999999999999999999999999&q=%22unbalanced%20AND%20NEAR(&quote=-1"
    "&since=not-a-date&topic=%00&kind=%F0%9F%98%80&theme=" + "x" * 2000 + "&from=1e99"
    "&reason=%FF&space=../&age=-5&action=drop&actor=%00&format=csv&fragment=1&edit=1"
    "&pseudonyms=1&next=//elsewhere.example&slot=x:y"
)

# What is not asked, by method and view, each with its reason. Keep this short: a 5xx is
# fixed, not skipped. These are Wagtail's own bugs, reachable only by staff sending a form
# by hand (the admin's pages always send the fields).
SKIPPED: dict[tuple[str, str], str] = {
    ("POST", "wagtail.admin.views.chooser.ExternalLinkView"): (
        "Wagtail 8.0: a POST without the `url` field reads None.startswith (AttributeError)"
    ),
    ("POST", "wagtail.snippets.views.chooser.SnippetCreateView"): (
        "Wagtail 8.0: a snippet chooser's create view without a creation form (AttributeError)"
    ),
}

# A member who ends their session (sign out) or their account (erasure) is made again and
# signed in before the next request, so the rest of the walk is still theirs.
ROLES = ("visitor", "member", "moderator")


@dataclass(frozen=True)
class Route:
    """One URL pattern: its full regex, a format string and its parameter names."""

    regex: str
    template: str
    params: tuple[str, ...]
    view: str


def all_routes() -> list[Route]:
    """Every URL pattern of the project, from the root resolver down through every include."""
    routes: list[Route] = []

    def walk(resolver: URLResolver, prefix: str) -> None:
        for pattern in resolver.url_patterns:
            regex = prefix + pattern.pattern.regex.pattern.lstrip("^")
            if isinstance(pattern, URLResolver):
                walk(pattern, regex)
            elif isinstance(pattern, URLPattern):
                template, params = normalize(regex)[0]
                routes.append(Route(regex, template, tuple(params), pattern.lookup_str))

    walk(get_resolver(), "")
    return routes


# POSTs take the values that reach furthest into a view (a number a column cannot hold, text
# where a number belongs, a NUL): every value by POST too would double the walk's time. So do
# GETs where the role is turned away before any view reads a parameter (a visitor anywhere, a
# member in Wagtail's admin): sign-in and the admin's access check do not read them.
POSTED_VALUES = ("beyond-64-bits", "words", "nul")
TURNED_AWAY_VALUES = ("beyond-64-bits", "words", "very-long", "nul", "not-utf-8")


def urls_for(
    route: Route, values: tuple[str, ...] = tuple(HOSTILE_VALUES), slugs: dict | None = None
) -> list[str]:
    """The URLs to ask for this pattern: each hostile value in every parameter, and (given
    the real `slugs` by URL prefix) in every parameter but a real slug."""
    if not route.params:
        return ["/" + route.template]
    urls = [
        "/" + route.template % dict.fromkeys(route.params, HOSTILE_VALUES[name]) for name in values
    ]
    if slugs and "slug" in route.params and len(route.params) > 1:
        slug = next(slug for prefix, slug in slugs.items() if route.template.startswith(prefix))
        for name in values:
            filled = dict.fromkeys(route.params, HOSTILE_VALUES[name]) | {"slug": slug}
            urls.append("/" + route.template % filled)
    return urls


def real_slugs() -> dict[str, str]:
    """A board, a circle and a campaign, by the URL prefix their slugs appear under."""
    host = trusted_member()
    return {
        "campaigns/": campaign().slug,
        "forums/circles/": board(circle=True, host=host).slug,
        "forums/": published_thread(on=board()).board.slug,
        "": "walk",
    }


class Walker:
    """One role's client, kept signed in as that role for the whole walk."""

    def __init__(self, role: str) -> None:
        self.role = role
        self.client = Client(enforce_csrf_checks=False, raise_request_exception=False)
        self.user = None
        self.sign_in()

    def sign_in(self) -> None:
        if self.role == "visitor":
            return
        self.user = trusted_member() if self.role == "member" else moderator()
        self.client.force_login(self.user)

    def still_signed_in(self) -> None:
        """After a request that may end the session (sign out, erasure), start a new one."""
        if self.user is None:
            return
        if self.client.session.get("_auth_user_id") != str(self.user.pk):
            self.sign_in()

    def ask(self, method: str, url: str) -> int:
        if method == "GET":
            response = self.client.get(url)
        else:
            response = self.client.post(url, {"body": "A walk.", "confirm": "yes"})
            self.still_signed_in()
        return response.status_code


def walk(role: str) -> tuple[list[str], int]:
    walker = Walker(role)
    slugs = real_slugs()
    failures, asked = [], 0
    for route in all_routes():
        turned_away = role == "visitor" or (
            role == "member" and route.template.startswith("admin/")
        )
        values = TURNED_AWAY_VALUES if turned_away else tuple(HOSTILE_VALUES)
        asks = [("GET", url) for url in urls_for(route, values, slugs=slugs)]
        asks += [("POST", url) for url in urls_for(route, POSTED_VALUES, slugs=slugs)]
        if not route.params:
            asks.append(("GET", f"/{route.template}?{HOSTILE_QUERY}"))
        for method, url in asks:
            if (method, route.view) in SKIPPED:
                continue
            status = walker.ask(method, url)
            asked += 1
            if status >= 500:
                failures.append(f"{status} {method} {url[:120]} ({route.view})")
    return failures, asked


def test_every_url_pattern_is_walked():
    routes = all_routes()
    views = {route.view for route in routes}

    # Ours, Wagtail's admin and API, allauth and the page catch-all are all in the walk.
    assert "forums.views.thread" in views
    assert "moderation.views.item_detail" in views
    assert "moderation.endpoints.report_content" in views
    assert any(view.startswith("wagtail.admin.") for view in views)
    assert any(".api." in view for view in views)
    assert any(view.startswith("allauth.") for view in views)
    assert "wagtail.views.serve" in views
    assert len(routes) > 300


@pytest.mark.parametrize("role", ROLES)
def test_no_url_answers_a_server_error_whatever_its_path_parameters(role):
    failures, asked = walk(role)

    assert not failures, f"{len(failures)} of {asked} answers were 5xx:\n" + "\n".join(failures)
    assert asked > 1500
