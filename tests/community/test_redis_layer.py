"""Live events cross process boundaries through Redis.

Production serves pages from gunicorn and sockets from Daphne: an event published by a page
request in one process must reach a socket held by another. These tests prove it with the real
routed application on the settings' Redis channel layer, and a publisher that shares nothing
with it but the Redis URL and the key prefix.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from channels_redis.pubsub import RedisPubSubChannelLayer
from django.conf import settings
from django.test import Client

from community.config.asgi import application
from community.live import topics as live
from community.live.topics import member_group
from community.models import User
from tests.conftest import REDIS_URL, needs_redis
from tests.factories import UserFactory

pytestmark = [
    needs_redis,
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
]

# A publisher in its own interpreter: no Django settings, no shared objects, only Redis.
PUBLISHER = """
import asyncio, json, sys
from channels_redis.pubsub import RedisPubSubChannelLayer

async def main(url, prefix, group, message):
    layer = RedisPubSubChannelLayer(hosts=[url], prefix=prefix)
    try:
        await layer.group_send(group, message)
    finally:
        await layer.flush()

url, prefix, group, message = sys.argv[1:5]
asyncio.run(main(url, prefix, group, json.loads(message)))
print("sent from pid", __import__("os").getpid())
"""


def layer_prefix() -> str:
    """The per-run prefix the test settings give the channel layer (see settings/test.py)."""
    return settings.CHANNEL_LAYERS["default"]["CONFIG"]["prefix"]


def live_event(topic: str, event: str, data: dict) -> dict:
    """The message shape `community.live.topics.publish` sends to a group."""
    return {"type": "live.event", "topic": topic, "event": event, "data": data}


@pytest.fixture
def heron(transactional_db) -> User:
    return UserFactory(display_name="Hopeful Heron")


@pytest.fixture
def heron_headers(heron) -> list[tuple[bytes, bytes]]:
    client = Client()
    client.force_login(heron)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [
        (b"origin", b"http://testserver"),
        (b"host", b"testserver"),
        (b"cookie", f"{settings.SESSION_COOKIE_NAME}={key}".encode()),
    ]


@asynccontextmanager
async def notifications_socket(headers) -> AsyncIterator[WebsocketCommunicator]:
    """A socket on the real application, subscribed to its member's notifications."""
    communicator = WebsocketCommunicator(application, "/ws/", headers=headers)
    try:
        connected, _ = await communicator.connect()
        assert connected
        await communicator.send_json_to({"action": "subscribe", "topic": "notifications"})
        assert await communicator.receive_json_from() == {
            "type": "subscribed",
            "topic": "notifications",
        }
        yield communicator
    finally:
        await communicator.disconnect()


@asynccontextmanager
async def separate_layer() -> AsyncIterator[RedisPubSubChannelLayer]:
    """A second channel-layer instance, as a second ASGI process would build from settings."""
    layer = RedisPubSubChannelLayer(hosts=[REDIS_URL], prefix=layer_prefix())
    try:
        yield layer
    finally:
        await layer.flush()


def test_the_test_settings_put_the_channel_layer_on_redis_with_a_per_run_prefix():
    # Redis Pub/Sub: channels-redis's own layer, as it comes.
    assert (
        settings.CHANNEL_LAYERS["default"]["BACKEND"]
        == "channels_redis.pubsub.RedisPubSubChannelLayer"
    )
    assert "-test-" in layer_prefix()


@pytest.mark.asyncio
async def test_an_event_sent_by_a_separate_process_reaches_a_members_socket(heron, heron_headers):
    assert isinstance(get_channel_layer(), RedisPubSubChannelLayer)
    message = live_event("notifications", "reply", {"thread": 42, "from": "Patient Otter"})

    async with notifications_socket(heron_headers) as socket:
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        publisher = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            PUBLISHER,
            REDIS_URL,
            layer_prefix(),
            member_group(heron.pk),
            json.dumps(message),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=env,
        )
        stdout, stderr = await asyncio.wait_for(publisher.communicate(), timeout=30)
        assert publisher.returncode == 0, stderr.decode()
        assert stdout.decode().startswith("sent from pid")
        assert int(stdout.split()[-1]) != os.getpid()

        assert await socket.receive_json_from(timeout=5) == {
            "type": "event",
            "topic": "notifications",
            "event": "reply",
            "data": {"thread": 42, "from": "Patient Otter"},
        }


@pytest.mark.asyncio
async def test_a_separate_process_using_another_prefix_cannot_reach_the_socket(
    heron, heron_headers
):
    # The per-run prefix is what isolates runs; a publisher on another keyspace is not heard.
    message = live_event("notifications", "reply", {"stray": True})
    async with notifications_socket(heron_headers) as socket:
        publisher = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            PUBLISHER,
            REDIS_URL,
            layer_prefix() + "-someone-else",
            member_group(heron.pk),
            json.dumps(message),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        _, stderr = await asyncio.wait_for(publisher.communicate(), timeout=30)
        assert publisher.returncode == 0, stderr.decode()
        assert await socket.receive_nothing(timeout=1)


@pytest.mark.asyncio
async def test_a_socket_on_one_app_instance_receives_what_another_layer_instance_sends(
    heron, heron_headers
):
    async with notifications_socket(heron_headers) as socket, separate_layer() as worker_b:
        assert worker_b is not get_channel_layer()
        await worker_b.group_send(
            member_group(heron.pk), live_event("notifications", "reply", {"via": "worker b"})
        )
        assert await socket.receive_json_from(timeout=5) == {
            "type": "event",
            "topic": "notifications",
            "event": "reply",
            "data": {"via": "worker b"},
        }


@pytest.mark.asyncio
async def test_what_this_app_instance_publishes_reaches_a_channel_on_another_layer_instance(
    heron,
):
    async with separate_layer() as worker_b:
        channel = await worker_b.new_channel()
        await worker_b.group_add(member_group(heron.pk), channel)
        try:
            await sync_to_async(live.publish)(
                member_group(heron.pk), topic="notifications", event="reply", data={"n": 1}
            )
            received = await asyncio.wait_for(worker_b.receive(channel), timeout=5)
        finally:
            await worker_b.group_discard(member_group(heron.pk), channel)
        # The frame is encoded once by the publisher; every socket sends that text as it is.
        assert received == {
            "type": "live.event",
            "topic": "notifications",
            "text": json.dumps(
                {"type": "event", "topic": "notifications", "event": "reply", "data": {"n": 1}}
            ),
        }
