"""With Redis unreachable, the cache misses, skips writes and grants claims instead of raising."""

from __future__ import annotations

import socket

import pytest

from community.cache import FailSoftRedisCache


def _unreachable_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


def test_an_unreachable_redis_reads_as_misses_and_skipped_writes() -> None:
    cache = FailSoftRedisCache(_unreachable_url(), {"OPTIONS": {"socket_connect_timeout": 1}})

    cache.set("seen", "1")

    assert cache.get("seen") is None
    assert cache.get("seen", "fallback") == "fallback"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("seen", "1") is True  # a claim nobody else can hold meanwhile
    assert cache.has_key("seen") is False
    with pytest.raises(ValueError):
        cache.incr("seen")
