"""Rate limits count over a sliding window, so a burst across a window's edge is still seen,
and they keep no address: keys are keyed hashes."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from community.infra import ratelimit
from tests.scan import cache_keys


@pytest.fixture
def clock(monkeypatch):
    """A clock the test moves by hand (the limiter reads time.time())."""
    now = {"t": 0.0}
    monkeypatch.setattr(ratelimit.time, "time", lambda: now["t"])
    return now


def test_a_burst_across_a_window_edge_is_still_refused(clock) -> None:
    clock["t"] = 119.0
    first = [ratelimit.allow("test", "member:1", limit=5, period=60) for _ in range(5)]
    clock["t"] = 120.5

    sixth = ratelimit.allow("test", "member:1", limit=5, period=60)

    assert first == [True] * 5
    assert sixth is False


def test_after_a_quiet_period_the_caller_may_go_on(clock) -> None:
    clock["t"] = 119.0
    for _ in range(6):
        ratelimit.allow("test", "member:1", limit=5, period=60)
    clock["t"] = 240.0

    assert ratelimit.allow("test", "member:1", limit=5, period=60) is True


def test_callers_are_counted_apart_and_no_key_holds_an_address(clock) -> None:
    clock["t"] = 10.0
    for _ in range(5):
        ratelimit.allow("test", "ip:198.51.100.9", limit=5, period=60)

    assert ratelimit.allow("test", "ip:198.51.100.9", limit=5, period=60) is False
    assert ratelimit.allow("test", "ip:198.51.100.10", limit=5, period=60) is True
    assert not [key for key in cache_keys() if "198.51.100" in key]


def _seconds_left(stored_key: str, now: float) -> float | None:
    """How long the cache keeps a stored key from `now` (None: for ever), in local memory or
    Redis."""
    expire_info = getattr(cache, "_expire_info", None)
    if expire_info is not None:
        expires = expire_info[stored_key]
        return None if expires is None else expires - now
    ttl = cache.client.get_client().ttl(stored_key)
    return None if ttl < 0 else float(ttl)


def test_a_rate_limit_counter_is_forgotten_within_two_windows(clock) -> None:
    clock["t"] = 1_000.0

    ratelimit.allow("test", "ip:198.51.100.9", limit=5, period=60)

    counters = [key for key in cache_keys() if ":rl:test:" in key]
    assert len(counters) == 1
    left = _seconds_left(counters[0], clock["t"])
    assert left is not None
    assert 0 < left <= 2 * 60 + 1


def test_an_address_hashes_the_same_all_day_differently_the_next_and_never_shows(clock) -> None:
    address = "198.51.100.9"
    clock["t"] = 20_000 * 86400 + 60.0
    morning = ratelimit.address_digest(address)
    clock["t"] += 12 * 3600
    evening = ratelimit.address_digest(address)
    clock["t"] += 24 * 3600
    next_day = ratelimit.address_digest(address)

    assert morning == evening
    assert next_day != morning
    for digest in (morning, next_day):
        assert address not in digest
        assert address.replace(".", "") not in digest
