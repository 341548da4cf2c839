"""With Redis unreachable, the cache (django-redis, ignoring connection errors) misses, skips
writes and grants claims instead of raising, and says so in the log once, not once a call."""

from __future__ import annotations

import logging
import socket
import uuid

import pytest

from community.infra.cache import FailSoftRedisCache, OncePerMinute
from tests.conftest import REDIS_URL, needs_redis


def _unreachable_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


def test_an_unreachable_redis_reads_as_misses_and_skipped_writes() -> None:
    cache = FailSoftRedisCache(_unreachable_url(), {"OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1}})

    cache.set("seen", "1")

    assert cache.get("seen") is None
    assert cache.get("seen", "fallback") == "fallback"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("seen", "1") is True  # a claim nobody else can hold meanwhile
    assert not cache.has_key("seen")
    assert not cache.touch("seen")
    with pytest.raises(ValueError):
        cache.incr("seen")
    cache.set_many({"a": 1})
    cache.delete("seen")
    cache.delete_many(["a", "b"])


def test_an_outage_is_logged_once_a_minute_without_the_errors_message(caplog, settings) -> None:
    settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    settings.DJANGO_REDIS_LOGGER = "tests.cache-outage"
    logger = logging.getLogger("tests.cache-outage")
    once = OncePerMinute()
    logger.addFilter(once)
    try:
        cache = FailSoftRedisCache(_unreachable_url(), {})
        with caplog.at_level(logging.WARNING, logger="tests.cache-outage"):
            for _ in range(5):
                cache.get("frame")
                cache.set("frame", 1)
    finally:
        logger.removeFilter(once)

    lines = [r for r in caplog.records if r.name == "tests.cache-outage"]
    assert len(lines) == 1
    assert lines[0].getMessage() == (
        "The cache (Redis) cannot be reached (ConnectionInterrupted): reads miss, writes are "
        "skipped."
    )
    assert lines[0].exc_info is None


def test_the_site_logs_the_caches_outages_through_the_once_a_minute_filter() -> None:
    filters = logging.getLogger("community.infra.cache").filters
    assert any(isinstance(f, OncePerMinute) for f in filters)


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
    # Django's own Redis backend made a new redis-py client for every call; django-redis keeps one.
    assert cache.client.get_client() is cache.client.get_client()
    cache.delete_many([f"k{n}" for n in range(8)])


@needs_redis
def test_a_claim_on_a_reachable_redis_is_granted_once() -> None:
    cache = FailSoftRedisCache(REDIS_URL, {"KEY_PREFIX": f"claims-{uuid.uuid4().hex}"})

    assert cache.add("lock", 1, 10) is True
    assert cache.add("lock", 1, 10) is False
    cache.delete("lock")
