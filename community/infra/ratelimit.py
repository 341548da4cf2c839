"""Rate limits that keep no IP address: counters in the cache under short-lived keyed hashes.

Each counter lives for one window. The key is an HMAC of the scope and the caller (a member id,
or an IP address for visitors) under the site's secret, so the cache never holds an address and
one cannot be recovered from it.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

logger = logging.getLogger(__name__)


def _digest(scope: str, who: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"{scope}:{who}".encode(), hashlib.sha256
    ).hexdigest()[:32]


def address_digest(address: str) -> str:
    """A visitor's address as a keyed hash that changes every day, for anything (allauth's rate
    limits included) that must tell callers apart without keeping where they are."""
    day = int(time.time() // 86400)
    return "h" + _digest(f"address:{day}", address)


def caller(request: HttpRequest) -> str:
    """Who is asking: the member, or (for visitors) the address, only ever hashed."""
    if request.user.is_authenticated:
        return f"member:{request.user.pk}"
    return f"ip:{request.META.get('REMOTE_ADDR', '')}"


def allow(scope: str, who: str, *, limit: int, period: int) -> bool:
    """Count one use of `scope` by `who`; False once more than `limit` in the last `period` (s).

    A sliding window: this window's count plus the previous window's, weighted by how much of
    it still lies within the last `period`. So a burst across a window's edge is still seen
    (a plain fixed window would let through up to twice the limit there).
    """
    now = time.time()
    window = int(now // period)
    digest = _digest(scope, who)
    key = f"rl:{scope}:{digest}:{window}"
    try:
        # Kept for two periods: the next window still needs this count.
        cache.add(key, 0, timeout=2 * period + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=2 * period + 1)
            count = 1
        previous = cache.get(f"rl:{scope}:{digest}:{window - 1}", 0)
    except Exception:
        # The cache (Redis) is down: let members carry on rather than refuse what they wrote.
        logger.warning("Rate limit %s not counted: the cache cannot be reached.", scope)
        return True
    still_counted = 1 - (now - window * period) / period
    return previous * still_counted + count <= limit
