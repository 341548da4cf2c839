"""A signed-in request's cache entries come in one round trip, and never older than the
request's own writes."""

from __future__ import annotations

import uuid

import pytest
import redis
from django.core.cache import cache as default_cache

from community.infra.cache import FailSoftRedisCache, member_read_ahead_keys, reading_ahead
from tests.conftest import REDIS_URL, needs_redis
from tests.factories import UserFactory


@pytest.fixture
def redis_cache(monkeypatch):
    """A fail-soft Redis cache of its own, as the site's default cache."""
    from django.core import cache as cache_module

    prefix = f"read-ahead-{uuid.uuid4().hex}"
    cache = FailSoftRedisCache(REDIS_URL, {"KEY_PREFIX": prefix})
    monkeypatch.setattr(cache_module.caches._connections, "default", cache, raising=False)
    yield cache
    cache.clear()


def _behind_the_caches_back(cache, key: str, value: int) -> None:
    """Another worker's write: straight to Redis, past this process's cache."""
    redis.Redis.from_url(REDIS_URL).set(cache.make_and_validate_key(key), value)


@needs_redis
def test_an_entry_read_ahead_answers_its_first_read_and_later_reads_go_to_redis(
    redis_cache,
) -> None:
    redis_cache.set("frame", 1)
    with reading_ahead(["frame", "perms"]):
        _behind_the_caches_back(redis_cache, "frame", 2)

        first = redis_cache.get("frame")
        second = redis_cache.get("frame")
        missing = redis_cache.get("perms", "none kept")

    # The first read is the value as the request began: fetched then, in one round trip.
    assert first == 1
    assert second == 2
    assert missing == "none kept"


@needs_redis
def test_what_the_request_writes_or_deletes_is_never_answered_from_the_read_ahead(
    redis_cache,
) -> None:
    redis_cache.set_many({"a": 1, "b": 2, "c": 3, "d": 4})
    with reading_ahead(["a", "b", "c", "d"]):
        redis_cache.set("a", 10)
        redis_cache.delete("b")
        redis_cache.incr("c")
        redis_cache.delete_many(["d"])

        assert redis_cache.get("a") == 10
        assert redis_cache.get("b") is None
        assert redis_cache.get("c") == 4
        assert redis_cache.get("d") is None


@needs_redis
def test_get_many_mixes_entries_read_ahead_with_those_that_were_not(redis_cache) -> None:
    redis_cache.set_many({"ahead": "A", "later": "L"})
    with reading_ahead(["ahead", "gone"]):
        _behind_the_caches_back(redis_cache, "ahead", 99)

        found = redis_cache.get_many(["ahead", "later", "gone"])

    assert found == {"ahead": "A", "later": "L"}


@needs_redis
def test_outside_the_block_every_read_goes_to_redis(redis_cache) -> None:
    redis_cache.set("frame", 1)
    with reading_ahead(["frame"]):
        pass
    _behind_the_caches_back(redis_cache, "frame", 2)

    assert redis_cache.get("frame") == 2


def test_reading_ahead_on_the_in_memory_cache_changes_nothing() -> None:
    default_cache.set("kept", "value")

    with reading_ahead(["kept", "missing"]):
        assert default_cache.get("kept") == "value"
        assert default_cache.get("missing") is None


@pytest.mark.django_db
def test_a_signed_in_request_reads_ahead_the_members_permissions_restrictions_and_the_frame() -> (
    None
):
    from community.members.auth import VERSION_KEY, permissions_key
    from community.selectors import FRAME_CACHE_KEY
    from moderation.selectors import sanctions_key

    member = UserFactory()

    keys = member_read_ahead_keys(member)

    assert set(keys) >= {
        VERSION_KEY,
        permissions_key(member.pk),
        sanctions_key(member.pk),
        FRAME_CACHE_KEY,
    }
