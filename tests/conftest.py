"""Shared fixtures. The suite runs on SQLite + in-memory layer by default, and on PostgreSQL +
Redis when DATABASE_URL and REDIS_URL are set."""

from __future__ import annotations

import os

import pytest
from django.core.cache import caches
from django_redis.cache import RedisCache

from tests.factories import PASSWORD, UserFactory

# The fault tests' numbers in the run's summary, added up on the xdist controller too.
pytest_plugins = ["tests.fault_tally"]

REDIS_URL = os.environ.get("REDIS_URL", "")
DATABASE_URL = os.environ.get("DATABASE_URL", "")

needs_redis = pytest.mark.skipif(
    not REDIS_URL, reason="needs Redis: set REDIS_URL (CI's second pass does)"
)
needs_postgres = pytest.mark.skipif(
    not DATABASE_URL.startswith(("postgres://", "postgresql://")),
    reason="needs PostgreSQL: set DATABASE_URL (CI's second pass does)",
)


def clear_cache() -> None:
    """Empty this test process's part of the cache.

    On Redis `cache.clear()` empties the whole database, under the feet of every other test
    process sharing it (CI's two passes, pytest-xdist's workers); each process has a key prefix
    of its own (test settings), so only keys under it are deleted.
    """
    store = caches["default"]
    if not isinstance(store, RedisCache):
        store.clear()
        return
    client = store.client.get_client(write=True)
    keys = list(client.scan_iter(match=f"{store.key_prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and TOTP replay marks live in the cache; no test inherits another's."""
    clear_cache()
    yield
    clear_cache()


@pytest.fixture(autouse=True)
def _no_kept_pages():
    """Thread pages kept in this process (forums.thread_page) are keyed by ids, which a rolled-back
    test database hands out again: no test sees a page kept by another."""
    from forums.thread_page import forget_kept_pages

    forget_kept_pages()
    yield
    forget_kept_pages()


@pytest.fixture(autouse=True)
def _neutral_mail(settings):
    """Django's test set-up swaps the e-mail backend for its outbox; put ours back in front of
    the outbox, so every test sees e-mail exactly as members would receive it."""
    settings.EMAIL_BACKEND = "community.infra.mail.NeutralEmailBackend"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def member(db):
    return UserFactory(display_name="Hopeful Heron")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def password() -> str:
    return PASSWORD
