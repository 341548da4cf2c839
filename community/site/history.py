"""One history entry for a whole visit: the server's half of the quick exit's history rule.

quick-exit.js sends the site's forms itself and then replaces the page, so that a visit adds no
entries to the browser's history for the quick exit to leave behind. The browser can replace a
page only with an address it loads, so every answer to such a send becomes an address:

- a redirect (the usual answer to a form) is answered as "204, go to this address": following it
  inside the send would use up the one-time messages meant for the page it leads to and lose the
  `#post-12` the page should open at;
- a page that answers the form itself (the form again with what needs fixing, a confirmation) is
  kept for a short while under an unguessable one-time address for the same browser only, and
  answered as "go there". Loading it shows the page exactly as it was made, headers included.

Files (exports) are answered as they are; the script saves them. Without JavaScript nothing
changes: the browser's own sends carry no header, and get the usual answers.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.utils.crypto import constant_time_compare, salted_hmac

# Sent by quick-exit.js on the forms it sends; answered with LOCATION_HEADER.
REQUEST_HEADER = "X-Site-History"
LOCATION_HEADER = "X-Site-Location"
# The query parameter of a kept answer's address.
SHOWN = "shown"
# Long enough to load the page on a slow phone; short, because it holds what the member typed.
KEPT_SECONDS = 120
_KEY = "site-history:page:"
# Headers a kept page is shown with again (the policy, caching, language, type).
_KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Cache-Control",
    "Content-Security-Policy",
    "Content-Security-Policy-Report-Only",
    "Vary",
    "X-Frame-Options",
)


def _browser(request: HttpRequest) -> str | None:
    """Who may load a kept page: a keyed hash of this browser's CSRF or session cookie."""
    cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME) or request.COOKIES.get(
        settings.SESSION_COOKIE_NAME
    )
    if not cookie:
        return None
    return salted_hmac("community.site.history", cookie).hexdigest()


def _is_page(response: HttpResponse) -> bool:
    return (
        not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and "attachment" not in response.get("Content-Disposition", "")
    )


def _go_to(response: HttpResponse, address: str) -> HttpResponse:
    """The same response (its cookies stay), as "go to `address`", with nothing to follow."""
    response[LOCATION_HEADER] = address
    if response.has_header("Location"):
        del response["Location"]
    response.status_code = 204
    response.content = b""
    return response


def _keep(request: HttpRequest, response: HttpResponse) -> str | None:
    """Keep the page for this browser; its one-time address, or None if it could not be kept
    (then the script shows the answer itself, so nothing the member wrote is lost)."""
    browser = _browser(request)
    if browser is None:
        return None
    token = secrets.token_urlsafe(18)
    kept = {
        "browser": browser,
        "status": response.status_code,
        "headers": [(name, response[name]) for name in _KEPT_HEADERS if response.has_header(name)],
        "content": response.content,
    }
    cache.set(_KEY + token, kept, KEPT_SECONDS)
    if cache.get(_KEY + token) is None:  # the cache is away: answer the page as it is
        return None
    query = request.GET.copy()
    query[SHOWN] = token
    return f"{request.path}?{query.urlencode()}"


def _shown(request: HttpRequest, token: str) -> HttpResponse:
    """A kept page, for the browser that sent the form; anyone else (or later) gets the
    address without the token."""
    kept = cache.get(_KEY + token)
    browser = _browser(request)
    if kept is None or browser is None or not constant_time_compare(kept["browser"], browser):
        query: QueryDict = request.GET.copy()
        query.pop(SHOWN, None)
        return HttpResponseRedirect(f"{request.path}?{query.urlencode()}".rstrip("?"))
    response = HttpResponse(kept["content"], status=kept["status"])
    for name, value in kept["headers"]:
        response[name] = value
    response["Cache-Control"] = "no-store"
    return response


class OneHistoryEntryMiddleware:
    """Answers quick-exit.js's own sends with an address it replaces the page with."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = request.GET.get(SHOWN) if request.method == "GET" else None
        if token:
            return _shown(request, token)
        response = self.get_response(request)
        if request.headers.get(REQUEST_HEADER) != "replace" or request.method != "POST":
            return response
        if 300 <= response.status_code < 400 and response.has_header("Location"):
            return _go_to(response, response["Location"])
        if _is_page(response):
            address = _keep(request, response)
            if address is not None:
                return _go_to(response, address)
        return response
