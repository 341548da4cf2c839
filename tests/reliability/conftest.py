"""Fixtures for tests that run real processes: Daphne workers, a private redis-server, a
private PostgreSQL cluster. (The fault tally, which puts the fault tests' numbers in the run's
summary, is a plugin of the whole suite: tests/fault_tally.py.)"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest
from django.db import connections

from community.live.channel_layer import redis_layers

from .private_postgres import PrivatePostgres, private_postgres_missing
from .servers import (
    RedisServer,
    Worker,
    free_port,
    redis_server_missing,
    start_worker,
    worker_env,
)


@pytest.fixture
def workers(tmp_path) -> Iterator[Callable[..., Worker]]:
    """Starts Daphne workers on the test database; every one is stopped after the test."""
    started: list[Worker] = []

    def start(**env_overrides: str) -> Worker:
        # Rows the test wrote must be committed before a worker reads them (transactional
        # tests commit as they go); close ours so none is shared with a child by accident.
        connections.close_all()
        worker = start_worker(tmp_path, **env_overrides)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def private_redis() -> Iterator[RedisServer]:
    """A redis-server of this test's own on a free port (never the shared one)."""
    missing = redis_server_missing()
    if missing:
        pytest.skip(missing)
    server = RedisServer(port=free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def private_postgres() -> Iterator[PrivatePostgres]:
    """A PostgreSQL cluster of this test's own on a free port, migrated (never the shared
    server, which other test processes are using): the test may stop and start it."""
    missing = private_postgres_missing()
    if missing:
        pytest.skip(missing)
    cluster = PrivatePostgres(port=free_port())
    try:
        cluster.create()
        cluster.migrate(worker_env())
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
def on_private_redis(settings, private_redis):
    """This test's channel layer and cache live in its own redis-server, which it may stop;
    its workers are given the same (worker_env reads these settings)."""
    prefix = f"reliability-{uuid.uuid4().hex[:8]}"
    settings.REDIS_URL = private_redis.url
    settings.CACHES = {
        "default": {
            "BACKEND": "community.infra.cache.FailSoftRedisCache",
            "LOCATION": private_redis.url,
            "KEY_PREFIX": prefix,
        }
    }
    # The layer production configures whenever REDIS_URL is set (workers build theirs from it).
    settings.CHANNEL_LAYERS = redis_layers(private_redis.url, prefix=f"{prefix}:asgi")
    return private_redis
