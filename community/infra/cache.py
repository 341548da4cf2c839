"""The Redis cache: django-redis, failing soft through its own `IGNORE_EXCEPTIONS` option.

While Redis cannot be reached, django-redis answers reads as misses (`get` gives the default,
`get_many` nothing) and skips writes, instead of every page, sign-in and rate limit answering
500. Nothing a member wrote lives only in the cache, so the cost of an outage is recomputing
what was cached, and rate limits and double-send guards that let callers through meanwhile.

Three answers django-redis has no option for are set here, through its public methods only:

- `add` is how locks and one-time claims are taken (allauth's rate-limit lock and TOTP replay
  mark, a live socket's slot). django-redis answers None on an outage, which reads as "someone
  else holds it": allauth would refuse every sign-in after waiting a second for a lock nobody
  holds. With nothing stored, nothing can hold a claim, so the claim succeeds.
- `incr` answers None on an outage; Django's contract is a number or ValueError (no such
  key), which callers already handle (`community.infra.ratelimit`, the permissions version).
- `touch` is the one method django-redis 7 leaves out of IGNORE_EXCEPTIONS (its client lets
  redis-py's error through): here it answers False, "no such entry", as for a missing key.

django-redis logs each ignored error (DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS) to this module's
logger; `OncePerMinute` keeps an outage from flooding the log.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django_redis.cache import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError


class FailSoftRedisCache(RedisCache):
    """django-redis with `IGNORE_EXCEPTIONS`, whose claims succeed while Redis is away."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        # Failing soft is the point of this class: on unless the settings say otherwise.
        options = {"IGNORE_EXCEPTIONS": True, **params.get("OPTIONS", {})}
        self.fails_soft = bool(options["IGNORE_EXCEPTIONS"])
        super().__init__(server, {**params, "OPTIONS": options})

    def add(self, *args: Any, **kwargs: Any) -> bool:
        """As django-redis's; True when Redis could not be asked (its answer is then None)."""
        claimed = super().add(*args, **kwargs)
        return True if claimed is None else claimed

    def incr(self, *args: Any, **kwargs: Any) -> int:
        """As django-redis's; ValueError, as for a missing key, when Redis could not be asked."""
        value = super().incr(*args, **kwargs)
        if value is None:
            raise ValueError("The cache cannot be reached.")
        return value

    def touch(self, *args: Any, **kwargs: Any) -> bool:
        """As django-redis's; False when Redis could not be asked."""
        try:
            return super().touch(*args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError):
            if not self.fails_soft:
                raise
            return False


class OncePerMinute(logging.Filter):
    """Lets one record a minute through: one line says Redis is away, not one per call."""

    EVERY = 60.0

    def __init__(self, name: str = "") -> None:
        super().__init__(name)
        self._last = float("-inf")

    def filter(self, record: logging.LogRecord) -> bool:
        now = time.monotonic()
        if now - self._last < self.EVERY:
            return False
        self._last = now
        # django-redis logs "Exception ignored" with the traceback; the kind of failure is
        # enough, and a traceback a minute is noise.
        kind = record.exc_info[1].__class__.__name__ if record.exc_info else "unknown"
        record.msg = "The cache (Redis) cannot be reached (%s): reads miss, writes are skipped."
        record.args = (kind,)
        record.exc_info = None
        record.exc_text = None
        return True
