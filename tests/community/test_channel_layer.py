"""The production channel layer (community/live/channel_layer.py) on a real Redis.

It is channels-redis's own Pub/Sub layer, unpinned and unchanged: these check the settings
choose it and that it carries messages in order. What it loses in a Redis fault, the sockets'
heartbeats bring from the database (tests/reliability/test_faults.py with real processes,
tests/community/test_live_heartbeat.py in one).
"""

from __future__ import annotations

import asyncio
import uuid

import pytest
from channels_redis.pubsub import RedisPubSubChannelLayer

from community.live.channel_layer import redis_layers
from tests.conftest import REDIS_URL, needs_redis

# Each run its own keyspace, so parallel runs on one Redis never hear each other.
PREFIX = f"layer-test-{uuid.uuid4().hex[:8]}"


def test_production_uses_the_stock_pub_sub_layer_of_channels_redis():
    layer = redis_layers("redis://127.0.0.1:6379/0", prefix="site:asgi")["default"]
    assert layer["BACKEND"] == "channels_redis.pubsub.RedisPubSubChannelLayer"
    assert layer["CONFIG"]["prefix"] == "site:asgi"


@needs_redis
@pytest.mark.services
@pytest.mark.asyncio
async def test_a_channel_keeping_up_gets_every_message_in_order():
    reader = RedisPubSubChannelLayer(hosts=[REDIS_URL], prefix=PREFIX)
    writer = RedisPubSubChannelLayer(hosts=[REDIS_URL], prefix=PREFIX)
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
