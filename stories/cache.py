"""The visitors' cache of story pages and the story index.

Every cached response is stored under the current generation; publishing, unpublishing,
withdrawing or expiring any story moves to a new generation, so no earlier copy can be served
again. A story's copy never outlives its website consent (its timeout ends at the expiry).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

GENERATION_KEY = "stories:cache-generation"
CACHE_SECONDS = 600


@dataclass(frozen=True)
class CachedPage:
    """The bytes and headers a visitor was sent for one story address, and the cache
    generation they were made in (a copy from an earlier generation is never served)."""

    status: int
    headers: dict[str, str]
    content: bytes
    generation: str = ""


def is_visitor(request: HttpRequest) -> bool:
    """A reader with no session or messages: the same page bytes suit every such reader.

    Read from the cookies alone, so serving from the cache never touches the session.
    """
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # Random, so a cache that lost the counter can never bring back an old generation.
        cache.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return str(generation)


def _key(request: HttpRequest) -> str:
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"stories:page:{address}"


def cached_page(request: HttpRequest) -> tuple[CachedPage | None, str]:
    """The cached copy of this address for a visitor if it was made in the current
    generation, and the current generation (to stamp a copy made now with: read before the
    page is, so a change during rendering makes the copy stale, never the other way round).
    One round trip to the cache for both."""
    key = _key(request)
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        return None, _generation()
    page = found.get(key)
    if page is None or page.generation != str(generation):
        return None, str(generation)
    return page, str(generation)


def store_page(
    request: HttpRequest, page: CachedPage, *, generation: str, until: datetime | None
) -> None:
    """Keep this visitor's copy, stamped with the generation read before it was made, until
    `until` (consent expiry) or CACHE_SECONDS, whichever is sooner."""
    timeout = CACHE_SECONDS
    if until is not None:
        timeout = min(timeout, int((until - timezone.now()).total_seconds()))
    if timeout > 0:
        stamped = CachedPage(page.status, page.headers, page.content, generation)
        cache.set(_key(request), stamped, timeout=timeout)


def clear_story_cache() -> None:
    """Forget every cached story page and index, now and again after the transaction commits.

    Now, so this request's own later reads miss; after commit, so a copy made by a concurrent
    reader from the data before the change cannot outlive it.
    """

    def bump() -> None:
        cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)

    bump()
    transaction.on_commit(bump)
