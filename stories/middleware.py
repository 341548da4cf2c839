"""The visitors' cache of story pages, served before sessions, CSRF and authentication run.

It sits just after the security headers and static files in MIDDLEWARE. A visitor (no session
or messages cookie) asking for an address under /stories/ gets the copy stored for it in the
current cache generation, with the headers the whole stack gave it the first time (the
Content-Security-Policy among them); the outer middleware still adds its own. Anything else
goes through the stack to Wagtail, and a 200 from a story page or the index
(`story_cache_until` on the response) is stored for the next visitor, with the pages it shows
(found in the response's context), so that it is served only while the database still has
them all live and unchanged (`stories.cache.still_shown`).

It also turns the model's refusal to publish a story without consent into a message in the
admin, for the publishing paths Wagtail gives no hook for (the sign-off approval from the
dashboard): the workflow action's transaction has rolled back, so nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import Enum

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from wagtail.models import Page

from .cache import CachedPage, cached_page, is_visitor, stamp_of, store_page
from .models import ConsentMissing

PREFIX = "/stories/"
# Headers a copy must not carry to another visitor.
PRIVATE_HEADERS = {"set-cookie", "vary"}


class _Cacheable(Enum):
    """A typed sentinel: the response said nothing about being kept (None means "no expiry")."""

    NOT = "not cacheable"


_NOT_CACHEABLE = _Cacheable.NOT


def pages_shown(response: HttpResponse) -> list[Page]:
    """The pages a rendered story page or index shows: every page in its context, alone
    (`page`) or in a list (`related`, the index's page of `stories`)."""
    pages = []
    for value in (getattr(response, "context_data", None) or {}).values():
        if isinstance(value, Page):
            pages.append(value)
        elif isinstance(value, (list, tuple, QuerySet)) or hasattr(value, "object_list"):
            pages.extend(item for item in value if isinstance(item, Page))
    return pages


class StoryCacheMiddleware:
    """Serve and keep visitors' copies of story pages and the story index."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not (request.path.startswith(PREFIX) and is_visitor(request)):
            return self.get_response(request)
        hit, generation = cached_page(request)
        if hit is not None:
            response = HttpResponse(hit.content, status=hit.status)
            for name, value in hit.headers.items():
                response[name] = value
            response["X-Story-Cache"] = "hit"
            return response
        response = self.get_response(request)
        until: datetime | _Cacheable | None = getattr(response, "story_cache_until", _NOT_CACHEABLE)
        if (
            until is not _NOT_CACHEABLE
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and (shown := pages_shown(response))
        ):
            headers = {
                name: value
                for name, value in response.items()
                if name.lower() not in PRIVATE_HEADERS
            }
            store_page(
                request,
                CachedPage(200, headers, response.content, shows=stamp_of(shown)),
                generation=generation,
                until=until,
            )
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not (isinstance(exception, ConsentMissing) and request.path.startswith("/admin/")):
            return None
        messages.error(request, exception.messages[0])
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = "/admin/"
        return redirect(back)
