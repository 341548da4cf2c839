"""A withdrawn story is never served from the visitors' cache, even when clearing the cache did
not reach the copies: a Redis blip that skipped the generation bump (the fail-soft cache, Redis
still holding the pages), or another gunicorn worker's own local-memory cache."""

from __future__ import annotations

import socket
from contextlib import contextmanager

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

import stories.cache
from community.infra.cache import FailSoftRedisCache
from community.privacy.quotes import WEBSITE
from stories import services
from stories.cache import GENERATION_KEY
from tests.conftest import needs_redis
from tests.factories import UserFactory, published_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    return UserFactory(display_name="Steady Lantern")


@pytest.fixture
def story(author):
    return published_story(
        author=author,
        title="The porch light",
        body="We kept the porch light on.",
        channels=(WEBSITE,),
    )


def _unreachable_cache() -> FailSoftRedisCache:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return FailSoftRedisCache(
        f"redis://127.0.0.1:{port}/0", {"OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1}}
    )


@contextmanager
def story_cache(monkeypatch, store):
    """Within this block the story cache reads and writes `store` (another process's cache,
    or Redis as seen through a network blip)."""
    with monkeypatch.context() as patch:
        patch.setattr(stories.cache, "cache", store)
        yield


def _cached_for_a_visitor(client, story) -> None:
    for address in (story.url, "/stories/"):
        client.get(address)
        hit = client.get(address)
        assert hit.status_code == 200
        assert hit["X-Story-Cache"] == "hit"
        assert b"The porch light" in hit.content


def _gone_for_a_visitor(client, story) -> None:
    page = client.get(story.url)
    assert page.status_code == 410
    assert "X-Story-Cache" not in page
    assert b"The porch light" not in page.content
    index = client.get("/stories/")
    assert "X-Story-Cache" not in index
    assert b"The porch light" not in index.content


def _withdraw_during_a_blip(monkeypatch, django_capture_on_commit_callbacks, story, author):
    generation = caches["default"].get(GENERATION_KEY)
    with (
        story_cache(monkeypatch, _unreachable_cache()),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.story_withdraw(submission=story.submission, member=author)
    # Both bumps (now and after commit) were skipped: the old generation and copies remain.
    assert caches["default"].get(GENERATION_KEY) == generation


def test_a_story_withdrawn_while_the_cache_bump_fails_is_never_served_from_the_cache(
    client, monkeypatch, django_capture_on_commit_callbacks, author, story
):
    _cached_for_a_visitor(client, story)

    _withdraw_during_a_blip(monkeypatch, django_capture_on_commit_callbacks, story, author)

    _gone_for_a_visitor(client, story)


@needs_redis
def test_on_redis_a_blip_during_withdrawal_leaves_copies_that_are_never_served(
    client, monkeypatch, django_capture_on_commit_callbacks, author, story
):
    assert isinstance(caches["default"], FailSoftRedisCache)
    _cached_for_a_visitor(client, story)

    _withdraw_during_a_blip(monkeypatch, django_capture_on_commit_callbacks, story, author)

    _gone_for_a_visitor(client, story)


def test_another_workers_local_memory_copy_is_never_served_after_a_withdrawal(
    client, monkeypatch, django_capture_on_commit_callbacks, author, story
):
    """Two gunicorn workers without Redis: each has a local-memory cache of its own."""
    other_worker = LocMemCache("stories-other-worker", {})
    other_worker.clear()
    try:
        with story_cache(monkeypatch, other_worker):
            _cached_for_a_visitor(client, story)

        # This worker withdraws and clears its own cache; the other's copies stay.
        with django_capture_on_commit_callbacks(execute=True):
            services.story_withdraw(submission=story.submission, member=author)
        assert other_worker.get(GENERATION_KEY) is not None

        with story_cache(monkeypatch, other_worker):
            _gone_for_a_visitor(client, story)
    finally:
        other_worker.clear()


def test_a_redaction_published_while_the_cache_bump_fails_replaces_the_cached_copy(
    client, monkeypatch, django_capture_on_commit_callbacks, story
):
    _cached_for_a_visitor(client, story)

    story.title = "The hall light"
    with (
        story_cache(monkeypatch, _unreachable_cache()),
        django_capture_on_commit_callbacks(execute=True),
    ):
        story.save_revision().publish()

    page = client.get(story.url)
    assert "X-Story-Cache" not in page
    assert b"The hall light" in page.content
    assert b"The porch light" not in page.content
    index = client.get("/stories/")
    assert "X-Story-Cache" not in index
    assert b"The porch light" not in index.content


def test_a_change_another_process_made_reaches_this_ones_copies_within_a_quarter_second(
    client, story
):
    import time

    from wagtail.models import Page

    _cached_for_a_visitor(client, story)
    # Another process unpublished it: its cache clearing never reached this process, whose
    # last check of the copy passed a moment ago.
    Page.objects.filter(pk=story.pk).update(live=False)

    time.sleep(stories.cache.RECHECK_SECONDS + 0.05)
    page = client.get(story.url)

    assert "X-Story-Cache" not in page
    assert b"The porch light" not in page.content
