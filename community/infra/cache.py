"""A Redis cache that fails soft: while Redis cannot be reached, reads miss, writes are
skipped and claims (`add`) succeed, instead of every page, sign-in and rate limit answering
500. Nothing a member wrote lives only in the cache, so the cost of an outage is recomputing
what was cached, and rate limits and double-send guards that let callers through meanwhile.

It also reads ahead: every signed-in request reads a few entries (the member's permissions and
restrictions, the site frame), each asked for by a different part at a different moment, one
round trip each. `reading_ahead` fetches them all in one round trip at the start of the
request (`community.infra.middleware.CacheReadAheadMiddleware`); each part then reads its entry as
before and gets the value fetched ahead, once. Writing or deleting an entry drops what was
fetched for it, so nothing reads an entry older than the request's own changes.
"""

from __future__ import annotations

import contextvars
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

_UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
# One warning a minute at most: an outage must not flood the log.
_WARN_EVERY = 60.0
_last_warning = {"at": float("-inf")}


def _note_outage() -> None:
    now = time.monotonic()
    if now - _last_warning["at"] >= _WARN_EVERY:
        _last_warning["at"] = now
        logger.warning("The cache (Redis) cannot be reached: reads miss and writes are skipped.")


# Entries fetched ahead for the request running: the full key and Redis's raw value (None
# for no entry). Only while `reading_ahead` runs.
_ahead: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "community_cache_ahead", default=None
)
# Who says which entries a signed-in request reads: functions of the member, giving keys.
_read_ahead_keys: list[Callable[[Any], Iterable[str]]] = []


def read_ahead_for_members(keys: Callable[[Any], Iterable[str]]) -> None:
    """Register the cache keys every signed-in request reads, as a function of the member
    (called by each app's `ready`)."""
    if keys not in _read_ahead_keys:
        _read_ahead_keys.append(keys)


def member_read_ahead_keys(member) -> list[str]:
    """The keys `reading_ahead` fetches for a signed-in member's request."""
    return [key for keys in _read_ahead_keys for key in keys(member)]


@contextmanager
def reading_ahead(keys: list[str]) -> Iterator[None]:
    """Within this block, the first read of each of `keys` is answered from one round trip
    made now. Does nothing on a cache without round trips (the in-memory one)."""
    read_ahead = getattr(cache, "read_ahead", None)
    if read_ahead is None or not keys:
        yield
        return
    with read_ahead(keys):
        yield


def _drop_ahead(keys: Iterable[str]) -> None:
    ahead = _ahead.get()
    if ahead:
        for key in keys:
            ahead.pop(key, None)


class _FailSoftClient(RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[object, object] = {}

    @contextmanager
    def read_ahead(self, keys: list[str]) -> Iterator[None]:
        try:
            values = self.get_client(keys[0]).mget(keys)
        except _UNREACHABLE:
            _note_outage()
            values = None
        token = _ahead.set(dict(zip(keys, values, strict=True)) if values else None)
        try:
            yield
        finally:
            _ahead.reset(token)

    def _from_ahead(self, key: str) -> tuple[bool, Any]:
        """(True, value or None) when `key` was fetched ahead and not read since."""
        ahead = _ahead.get()
        if not ahead or key not in ahead:
            return False, None
        raw = ahead.pop(key)
        return True, None if raw is None else self._serializer.loads(raw)

    def get_client(self, key=None, *, write=False):
        # Django makes a new redis-py client for every call, which costs more CPU than the
        # round trip (about 0.15 ms, five times a page). A client is safe to share between
        # threads (each command takes a connection from the pool), so one per pool is kept.
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client

    def add(self, key, value, timeout):
        _drop_ahead([key])
        try:
            return super().add(key, value, timeout)
        except _UNREACHABLE:
            _note_outage()
            # `add` is how locks and one-time claims are taken (allauth's rate-limit lock, a
            # composer's send token). With nothing stored, nothing can hold them: refusing
            # would lock everyone out, so the claim succeeds.
            return True

    def get(self, key, default):
        found, value = self._from_ahead(key)
        if found:
            return default if value is None else value
        try:
            return super().get(key, default)
        except _UNREACHABLE:
            _note_outage()
            return default

    def set(self, key, value, timeout):
        _drop_ahead([key])
        try:
            super().set(key, value, timeout)
        except _UNREACHABLE:
            _note_outage()

    def touch(self, key, timeout):
        _drop_ahead([key])
        try:
            return super().touch(key, timeout)
        except _UNREACHABLE:
            _note_outage()
            return False

    def delete(self, key):
        _drop_ahead([key])
        try:
            return super().delete(key)
        except _UNREACHABLE:
            _note_outage()
            return False

    def get_many(self, keys):
        got = {}
        rest = []
        for key in keys:
            found, value = self._from_ahead(key)
            if not found:
                rest.append(key)
            elif value is not None:
                got[key] = value
        if not rest:
            return got
        try:
            return {**got, **super().get_many(rest)}
        except _UNREACHABLE:
            _note_outage()
            return got

    def has_key(self, key):
        try:
            return super().has_key(key)
        except _UNREACHABLE:
            _note_outage()
            return False

    def incr(self, key, delta):
        _drop_ahead([key])
        try:
            return super().incr(key, delta)
        except _UNREACHABLE as error:
            _note_outage()
            # What Django raises for a missing key, which callers already handle.
            raise ValueError("The cache cannot be reached.") from error

    def set_many(self, data, timeout):
        _drop_ahead(data)
        try:
            return super().set_many(data, timeout)
        except _UNREACHABLE:
            _note_outage()
            return list(data)

    def delete_many(self, keys):
        _drop_ahead(keys)
        try:
            return super().delete_many(keys)
        except _UNREACHABLE:
            _note_outage()
            return None

    def clear(self):
        if (ahead := _ahead.get()) is not None:
            ahead.clear()
        try:
            return super().clear()
        except _UNREACHABLE:
            _note_outage()
            return False


class FailSoftRedisCache(RedisCache):
    """Django's Redis cache backend, with reads that miss and writes that are skipped while
    Redis cannot be reached."""

    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = _FailSoftClient

    def read_ahead(self, keys: list[str]):
        """See `reading_ahead`."""
        return self._cache.read_ahead([self.make_and_validate_key(key) for key in keys])
