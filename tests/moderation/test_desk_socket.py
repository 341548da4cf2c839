"""The desk's live topic is authorised exactly like the desk page."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from community.config.asgi import application
from moderation import services
from tests.factories import UserFactory, moderator, note

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

ORIGIN = [(b"origin", b"http://testserver"), (b"host", b"testserver")]


def headers_for(user) -> list[tuple[bytes, bytes]]:
    if user is None:
        return ORIGIN
    client = Client()
    client.force_login(user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [*ORIGIN, (b"cookie", f"{settings.SESSION_COOKIE_NAME}={key}".encode())]


async def subscribe(user) -> tuple[WebsocketCommunicator, dict]:
    headers = await sync_to_async(headers_for)(user)
    socket = WebsocketCommunicator(application, "/ws/", headers=headers)
    connected, _ = await socket.connect()
    assert connected
    await socket.send_json_to({"action": "subscribe", "topic": "moderation-desk"})
    return socket, await socket.receive_json_from()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("visitor", "refused"),
        ("member", "refused"),
        ("moderator without mfa", "refused"),
        ("moderator", "subscribed"),
        ("safeguarding lead", "subscribed"),
    ],
)
async def test_who_may_subscribe_to_the_desk(role, expected):
    makers = {
        "visitor": lambda: None,
        "member": UserFactory,
        "moderator without mfa": lambda: UserFactory(groups=["Moderators"]),
        "moderator": moderator,
        "safeguarding lead": lambda: moderator(safeguarding=True),
    }
    user = await sync_to_async(makers[role])()
    if user is None:
        # A visitor gets no socket at all (community/live/socket_guards.py), let alone the desk.
        socket = WebsocketCommunicator(application, "/ws/", headers=ORIGIN)
        connected, _ = await socket.connect()
        await socket.disconnect()
        assert connected is False
        return

    socket, reply = await subscribe(user)
    try:
        assert reply == {"type": expected, "topic": "moderation-desk"}
    finally:
        await socket.disconnect()


async def test_a_new_held_item_reaches_an_open_desk_without_its_words():
    mod = await sync_to_async(moderator)()
    socket, reply = await subscribe(mod)
    try:
        assert reply["type"] == "subscribed"
        obj = await sync_to_async(note)(body="Call 07700 900123")
        await sync_to_async(services.submit)(obj=obj)

        frame = await socket.receive_json_from(timeout=2)
        assert frame["type"] == "event"
        assert frame["event"] == "item.added"
        assert "07700" not in str(frame)
    finally:
        await socket.disconnect()
