"""Fan-out through the real ASGI application: an event is encoded once, by the publisher, and
every socket sends that same text; a message in the shape an older release published still
arrives as the same frame."""

from __future__ import annotations

import json
from contextlib import AsyncExitStack

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer

from community.live import topics as live
from tests.factories import UserFactory
from tests.forums.test_live import ARRIVES, QUIET, open_socket

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


async def notified_sockets(stack: AsyncExitStack, member, count: int):
    sockets = []
    for _ in range(count):
        socket = await stack.enter_async_context(open_socket(member))
        await socket.send_json_to({"action": "subscribe", "topic": "notifications"})
        assert (await socket.receive_json_from(timeout=ARRIVES))["type"] == "subscribed"
        sockets.append(socket)
    return sockets


async def test_every_socket_sends_the_publishers_text_as_it_is():
    member = await sync_to_async(UserFactory)()
    async with AsyncExitStack() as stack:
        sockets = await notified_sockets(stack, member, 3)

        await sync_to_async(live.publish)(
            live.member_group(member.pk),
            topic="notifications",
            event="notification",
            data={"message": "A reply in a thread you follow.", "n": 1},
            event_id=7,
        )

        expected = json.dumps(
            {
                "type": "event",
                "topic": "notifications",
                "event": "notification",
                "data": {"message": "A reply in a thread you follow.", "n": 1},
                "id": 7,
            }
        )
        for socket in sockets:
            assert await socket.receive_output(timeout=ARRIVES) == {
                "type": "websocket.send",
                "text": expected,
            }
            assert await socket.receive_nothing(timeout=QUIET)


async def test_an_event_in_the_older_unencoded_shape_still_arrives_as_the_same_frame():
    member = await sync_to_async(UserFactory)()
    async with AsyncExitStack() as stack:
        (socket,) = await notified_sockets(stack, member, 1)

        await get_channel_layer().group_send(
            live.member_group(member.pk),
            {
                "type": "live.event",
                "topic": "notifications",
                "event": "notification",
                "data": {"n": 2},
                "id": 8,
            },
        )

        assert await socket.receive_json_from(timeout=ARRIVES) == {
            "type": "event",
            "topic": "notifications",
            "event": "notification",
            "data": {"n": 2},
            "id": 8,
        }
