"""A Redis cache that fails soft: while Redis cannot be reached, reads miss, writes are
skipped and claims (`add`) succeed, instead of every page, sign-in and rate limit answering
500. Nothing a member wrote lives only in the cache, so the cost of an outage is recomputing
what was cached, and rate limits and double-send guards that let callers through meanwhile."""

from __future__ import annotations

import logging
import time

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


class _FailSoftClient(RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[object, object] = {}

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
        try:
            return super().add(key, value, timeout)
        except _UNREACHABLE:
            _note_outage()
            # `add` is how locks and one-time claims are taken (allauth's rate-limit lock, a
            # composer's send token). With nothing stored, nothing can hold them: refusing
            # would lock everyone out, so the claim succeeds.
            return True

    def get(self, key, default):
        try:
            return super().get(key, default)
        except _UNREACHABLE:
            _note_outage()
            return default

    def set(self, key, value, timeout):
        try:
            super().set(key, value, timeout)
        except _UNREACHABLE:
            _note_outage()

    def touch(self, key, timeout):
        try:
            return super().touch(key, timeout)
        except _UNREACHABLE:
            _note_outage()
            return False

    def delete(self, key):
        try:
            return super().delete(key)
        except _UNREACHABLE:
            _note_outage()
            return False

    def get_many(self, keys):
        try:
            return super().get_many(keys)
        except _UNREACHABLE:
            _note_outage()
            return {}

    def has_key(self, key):
        try:
            return super().has_key(key)
        except _UNREACHABLE:
            _note_outage()
            return False

    def incr(self, key, delta):
        try:
            return super().incr(key, delta)
        except _UNREACHABLE as error:
            _note_outage()
            # What Django raises for a missing key, which callers already handle.
            raise ValueError("The cache cannot be reached.") from error

    def set_many(self, data, timeout):
        try:
            return super().set_many(data, timeout)
        except _UNREACHABLE:
            _note_outage()
            return list(data)

    def delete_many(self, keys):
        try:
            return super().delete_many(keys)
        except _UNREACHABLE:
            _note_outage()
            return None

    def clear(self):
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
