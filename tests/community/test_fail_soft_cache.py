"""With Redis unreachable, the cache misses, skips writes and grants claims instead of raising."""

from __future__ import annotations

import socket
import uuid

import pytest

from community.infra.cache import FailSoftRedisCache
from tests.conftest import REDIS_URL, needs_redis


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
    with cache.read_ahead(["seen", "a"]):  # one failed round trip, then reads miss as before
        assert cache.get("seen") is None
        assert cache.get_many(["a"]) == {}


@needs_redis
def test_one_client_serves_every_call_and_every_thread_gets_its_own_answers() -> None:
    import threading

    cache = FailSoftRedisCache(REDIS_URL, {"KEY_PREFIX": f"client-reuse-{uuid.uuid4().hex}"})
    answers: dict[int, object] = {}

    def work(n: int) -> None:
        for round_ in range(50):
            cache.set(f"k{n}", (n, round_))
            answers[n] = cache.get(f"k{n}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert answers == {n: (n, 49) for n in range(8)}
    # Django made a new redis-py client for every call; ours keeps one per connection pool.
    assert cache._cache.get_client() is cache._cache.get_client()
    cache.delete_many([f"k{n}" for n in range(8)])
