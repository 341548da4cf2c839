"""Rate limits count over a sliding window, so a burst across a window's edge is still seen,
and they keep no address: keys are keyed hashes."""

from __future__ import annotations

import pytest

from community import ratelimit
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
