"""The production channel layer (community/live/channel_layer.py) on a real Redis.

Redis failures are tested with real processes in tests/reliability/test_faults.py; these cover
what one process sees: a socket too far behind is told to catch up rather than growing without
limit, and the overrides are re-read whenever channels_redis changes version.
"""

from __future__ import annotations

import asyncio
import uuid

import channels_redis
import pytest

from community.live.channel_layer import CHECKED_WITH, LOST, PubSubRedisChannelLayer
from tests.conftest import REDIS_URL, needs_redis

# Each run its own keyspace, so parallel runs on one Redis never hear each other.
PREFIX = f"layer-test-{uuid.uuid4().hex[:8]}"


def test_the_overrides_were_written_for_the_installed_channels_redis():
    # They hook private parts of channels_redis's Pub/Sub layer. After an upgrade, re-read
    # pubsub.py (is `on_disconnect` called now? did `_do_receiving` change?) and move this on.
    assert channels_redis.__version__ == CHECKED_WITH


@needs_redis
@pytest.mark.services
@pytest.mark.asyncio
async def test_a_channel_that_falls_too_far_behind_is_told_it_lost_messages_instead():
    reader = PubSubRedisChannelLayer(hosts=[REDIS_URL], prefix=PREFIX, capacity=3)
    writer = PubSubRedisChannelLayer(hosts=[REDIS_URL], prefix=PREFIX)
    try:
        slow = await reader.new_channel()
        await reader.group_add("thread-7", slow)
        for number in range(5):
            await writer.group_send("thread-7", {"type": "live.event", "n": number})
        await asyncio.sleep(0.5)  # all five arrive while nobody reads

        # What was waiting is dropped for one message saying so; the socket closes on it and its
        # tab catches up from the database. Never more than `capacity` waiting.
        assert await asyncio.wait_for(reader.receive(slow), timeout=5) == LOST
        after = []
        while True:
            try:
                after.append((await asyncio.wait_for(reader.receive(slow), timeout=0.5))["n"])
            except TimeoutError:
                break
        assert after == [4]  # what came after the notice; 0 to 3 were dropped for it
    finally:
        await reader.flush()
        await writer.flush()


@needs_redis
@pytest.mark.services
@pytest.mark.asyncio
async def test_a_channel_keeping_up_gets_every_message_in_order():
    reader = PubSubRedisChannelLayer(hosts=[REDIS_URL], prefix=PREFIX, capacity=3)
    writer = PubSubRedisChannelLayer(hosts=[REDIS_URL], prefix=PREFIX)
    try:
        channel = await reader.new_channel()
        await reader.group_add("thread-8", channel)
        received = []
        for number in range(10):
            await writer.group_send("thread-8", {"type": "live.event", "n": number})
            received.append(await asyncio.wait_for(reader.receive(channel), timeout=5))
        assert [message["n"] for message in received] == list(range(10))
    finally:
        await reader.flush()
        await writer.flush()
