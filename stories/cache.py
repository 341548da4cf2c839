"""The visitors' cache of story pages and the story index.

Every cached response is stored under the current generation; publishing, unpublishing,
withdrawing or expiring any story moves to a new generation, so no earlier copy can be served
again. A story's copy never outlives its website consent (its timeout ends at the expiry).

The generation alone cannot keep a withdrawn story out of the cache: the cache fails soft, so a
bump made while Redis is briefly unreachable is skipped while Redis keeps the old copies; and
without Redis each gunicorn worker has a cache of its own, which a bump in another worker never
reaches. So every copy also carries the pages it shows (the story, its related stories, the
index's list), each with its live revision and byline as they were rendered, and a copy is
served only while the database still says exactly that of every one of them: live, not
withdrawn, same revision, same byline. Withdrawal, expiry, unpublishing and purging always
change that in the same transaction as the rest of the change, whatever the cache did, and
every process reads the same database. It costs one indexed query for a copy's pages at most
every quarter of a second in each process (`RECHECK_SECONDS`): a change is seen at once in the
process that made it and within that time in every other. A shared "don't trust the cache"
flag would need the same query, and refusing to withdraw while Redis is unreachable would keep
a parent's story up when they want it down.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone
from wagtail.models import Page

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
    # (page id, live revision id, byline) of every page the copy shows, as rendered; a copy
    # showing none is never served (see `still_shown`).
    shows: tuple[tuple[int, int | None, str | None], ...] = ()


def stamp_of(pages) -> tuple[tuple[int, int | None, str | None], ...]:
    """What a copy showing `pages` (the objects it was rendered from) depends on."""
    return tuple(
        sorted({(page.pk, page.live_revision_id, getattr(page, "byline", None)) for page in pages})
    )


# How long this process trusts a check that a copy's pages are all still shown. A hot page's
# copy is checked a few times a second instead of on every hit: the query on every hit cost a
# third of the cached page's throughput on PostgreSQL (docs/benchmarks.md). A change made in
# this process forgets every check at once (`clear_story_cache`); one made in another process
# is seen here within this time of its commit.
RECHECK_SECONDS = 0.25
_passed: dict[tuple, float] = {}
_passed_lock = threading.Lock()


def still_shown(shows) -> bool:
    """Whether the database still has every page of `shows` live, not withdrawn, at the same
    revision and with the same byline: one query (primary keys), at most every
    `RECHECK_SECONDS` for the same pages in this process."""
    if not shows:
        return False
    now = time.monotonic()
    with _passed_lock:
        passed_at = _passed.get(shows)
    if passed_at is not None and now - passed_at < RECHECK_SECONDS:
        return True
    shown = _still_shown_now(shows)
    with _passed_lock:
        if shown:
            if len(_passed) >= 4096:  # many different copies: start afresh, never grow
                _passed.clear()
            _passed[shows] = now
        else:
            _passed.pop(shows, None)
    return shown


def _forget_checks() -> None:
    with _passed_lock:
        _passed.clear()


def _still_shown_now(shows) -> bool:
    from .models import StoryPage

    ids = [page_id for page_id, _, _ in shows]
    # Raw SQL, not the ORM: this runs on every cached hit, and building a queryset costs more
    # CPU than the query. Only table names (from the models) and placeholders go into it.
    sql = (
        f"SELECT p.id, p.live_revision_id, s.byline FROM {Page._meta.db_table} p "  # noqa: S608
        f"LEFT JOIN {StoryPage._meta.db_table} s ON s.page_ptr_id = p.id "
        f"WHERE p.live AND s.withdrawn_at IS NULL AND p.id IN ({', '.join(['%s'] * len(ids))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        now = {tuple(row) for row in cursor.fetchall()}
    return now == set(shows)


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
    One round trip to the cache for both, and for a copy found, one query to the database
    (`still_shown`)."""
    key = _key(request)
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        return None, _generation()
    page = found.get(key)
    if page is None or page.generation != str(generation):
        return None, str(generation)
    # A copy kept before `shows` existed has none, and is never served either.
    if not still_shown(getattr(page, "shows", ())):
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
        stamped = CachedPage(page.status, page.headers, page.content, generation, page.shows)
        cache.set(_key(request), stamped, timeout=timeout)


def clear_story_cache() -> None:
    """Forget every cached story page and index, now and again after the transaction commits.

    Now, so this request's own later reads miss; after commit, so a copy made by a concurrent
    reader from the data before the change cannot outlive it.
    """

    def bump() -> None:
        _forget_checks()  # this process's own checks, even when the cache cannot be written
        cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)

    bump()
    transaction.on_commit(bump)
