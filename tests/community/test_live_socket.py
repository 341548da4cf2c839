"""The live socket, end to end through the real ASGI application.

Every socket here goes through `community.config.asgi.application`: the origin check, the session
cookie, the URL router and `LiveConsumer`, on whichever channel layer the settings choose
(in-memory by default, Redis when REDIS_URL is set).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from community.config.asgi import application
from community.live import topics as live
from community.live.consumers import MAX_FRAME_BYTES
from community.live.topics import member_group
from community.models import User
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

SAME_ORIGIN = (b"origin", b"http://testserver")
HOST = (b"host", b"testserver")
NOT_UNDERSTOOD = {"type": "error", "message": "That message was not understood."}


def session_cookie(user: User) -> tuple[bytes, bytes]:
    """A real signed-in session for `user`, as the cookie header a browser tab would send."""
    client = Client()
    client.force_login(user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    return (b"cookie", f"{settings.SESSION_COOKIE_NAME}={key}".encode())


@pytest.fixture
def heron(transactional_db) -> User:
    return UserFactory(display_name="Hopeful Heron")


@pytest.fixture
def otter(transactional_db) -> User:
    return UserFactory(display_name="Patient Otter")


@pytest.fixture
def heron_headers(heron) -> list[tuple[bytes, bytes]]:
    return [SAME_ORIGIN, HOST, session_cookie(heron)]


@pytest.fixture
def otter_headers(otter) -> list[tuple[bytes, bytes]]:
    return [SAME_ORIGIN, HOST, session_cookie(otter)]


@asynccontextmanager
async def open_socket(headers: list[tuple[bytes, bytes]]) -> AsyncIterator[WebsocketCommunicator]:
    """A connected socket to `/ws/`, always disconnected afterwards."""
    communicator = WebsocketCommunicator(application, "/ws/", headers=headers)
    try:
        connected, _ = await communicator.connect(timeout=10)  # a loaded CI machine is slow
        assert connected, "the socket should have been accepted"
        yield communicator
    finally:
        await communicator.disconnect()


async def try_connect(headers: list[tuple[bytes, bytes]]) -> bool:
    """Whether the real application accepts a socket with these headers."""
    communicator = WebsocketCommunicator(application, "/ws/", headers=headers)
    try:
        connected, _ = await communicator.connect()
        return connected
    finally:
        await communicator.disconnect()


async def subscribe(communicator: WebsocketCommunicator, topic: str) -> dict:
    await communicator.send_json_to({"action": "subscribe", "topic": topic})
    return await communicator.receive_json_from()


async def assert_still_usable(communicator: WebsocketCommunicator) -> None:
    await communicator.send_json_to({"action": "ping"})
    assert await communicator.receive_json_from() == {"type": "pong"}


async def publish_to_member(user: User, event: str, data: dict) -> None:
    # `publish` wraps the layer in async_to_sync, so it must be called from a worker thread.
    await sync_to_async(live.publish)(
        member_group(user.pk), topic="notifications", event=event, data=data
    )


# --- Origin -------------------------------------------------------------------------------------


async def test_a_socket_from_a_foreign_origin_is_refused(heron_headers):
    headers = [(b"origin", b"http://evil.example"), HOST, heron_headers[2]]
    assert await try_connect(headers) is False


async def test_a_socket_from_a_lookalike_origin_is_refused():
    assert await try_connect([(b"origin", b"http://testserver.evil.example"), HOST]) is False


async def test_a_socket_from_the_same_origin_is_accepted(heron_headers):
    assert await try_connect(heron_headers) is True


async def test_a_socket_without_an_origin_header_is_refused_because_allowed_hosts_has_no_wildcard():
    # AllowedHostsOriginValidator lets a missing Origin through only when ALLOWED_HOSTS has "*".
    assert "*" not in settings.ALLOWED_HOSTS
    assert await try_connect([HOST]) is False


# --- Notifications: who may subscribe, who receives -----------------------------------------


async def test_an_anonymous_socket_is_refused_at_the_handshake():
    # Every topic is for members: a visitor gets no socket at all (community/live/socket_guards.py).
    assert await try_connect([SAME_ORIGIN, HOST]) is False


async def test_a_member_subscribed_to_notifications_receives_an_event_published_to_them(
    heron, heron_headers
):
    async with open_socket(heron_headers) as socket:
        assert await subscribe(socket, "notifications") == {
            "type": "subscribed",
            "topic": "notifications",
        }
        await publish_to_member(heron, "test", {"count": 3, "text": "A reply to your post"})
        assert await socket.receive_json_from() == {
            "type": "event",
            "topic": "notifications",
            "event": "test",
            "data": {"count": 3, "text": "A reply to your post"},
        }


async def test_another_member_subscribed_to_their_own_notifications_does_not_receive_it(
    heron, heron_headers, otter_headers
):
    async with open_socket(heron_headers) as heron_socket, open_socket(otter_headers) as otter:
        assert (await subscribe(heron_socket, "notifications"))["type"] == "subscribed"
        assert (await subscribe(otter, "notifications"))["type"] == "subscribed"

        await publish_to_member(heron, "test", {"private": "only for the heron"})

        # The heron got it, so the event has been delivered wherever it was going to go.
        assert (await heron_socket.receive_json_from())["data"] == {"private": "only for the heron"}
        assert await otter.receive_nothing(timeout=0.5)


async def test_a_member_who_subscribed_twice_gets_one_copy_of_each_event(heron, heron_headers):
    async with open_socket(heron_headers) as socket:
        assert (await subscribe(socket, "notifications"))["type"] == "subscribed"
        assert (await subscribe(socket, "notifications"))["type"] == "subscribed"
        await publish_to_member(heron, "test", {})
        assert (await socket.receive_json_from())["type"] == "event"
        assert await socket.receive_nothing(timeout=0.3)


async def test_after_unsubscribing_a_member_no_longer_receives_events(heron, heron_headers):
    async with open_socket(heron_headers) as socket:
        assert (await subscribe(socket, "notifications"))["type"] == "subscribed"
        await socket.send_json_to({"action": "unsubscribe", "topic": "notifications"})
        assert await socket.receive_json_from() == {
            "type": "unsubscribed",
            "topic": "notifications",
        }

        await publish_to_member(heron, "test", {"late": True})

        assert await socket.receive_nothing(timeout=0.5)
        await assert_still_usable(socket)


async def test_a_suspended_member_is_anonymous_to_the_socket_and_refused_at_the_handshake(heron):
    # Signed in while active, then suspended: ModelBackend.get_user() no longer returns an
    # inactive user, so the session resolves to AnonymousUser, which gets no socket.
    cookie = await sync_to_async(session_cookie)(heron)
    await User.objects.filter(pk=heron.pk).aupdate(is_active=False)

    assert await try_connect([SAME_ORIGIN, HOST, cookie]) is False


async def test_a_member_cannot_ask_for_someone_elses_notifications_by_argument(
    heron_headers, otter
):
    async with open_socket(heron_headers) as socket:
        topic = f"notifications:{otter.pk}"
        assert await subscribe(socket, topic) == {"type": "refused", "topic": topic}


# --- Unknown topics and malformed frames ------------------------------------------------------


@pytest.mark.parametrize(
    "topic",
    ["nonsense", "unknownkind:1", "../etc", "NOTIFICATIONS", "notifications ", "", "x" * 200],
)
async def test_an_unknown_or_malformed_topic_is_refused(heron_headers, topic):
    if topic.startswith("unknownkind:"):
        assert live.topic_for("unknownkind") is None
    async with open_socket(heron_headers) as socket:
        assert await subscribe(socket, topic) == {"type": "refused", "topic": topic}
        await assert_still_usable(socket)


@pytest.mark.parametrize(
    "frame",
    [
        pytest.param("this is not json", id="not-json"),
        pytest.param("{'action': 'ping'}", id="python-not-json"),
        pytest.param(json.dumps(["subscribe", "notifications"]), id="json-list"),
        pytest.param("null", id="json-null"),
        pytest.param(json.dumps({"action": "subscribe"}), id="subscribe-without-topic"),
        pytest.param(json.dumps({"action": "subscribe", "topic": 7}), id="topic-not-a-string"),
        pytest.param(json.dumps({"action": "explode"}), id="unknown-action"),
        pytest.param(
            json.dumps({"action": "ping", "padding": "x" * MAX_FRAME_BYTES}), id="over-4096-bytes"
        ),
        pytest.param(
            json.dumps({"action": "ping", "padding": "é" * (MAX_FRAME_BYTES // 2)}),
            id="over-4096-bytes-in-utf8-not-in-characters",
        ),
    ],
)
async def test_a_frame_that_is_not_understood_gets_an_error_and_the_socket_stays_usable(
    frame, heron_headers
):
    async with open_socket(heron_headers) as socket:
        await socket.send_to(text_data=frame)
        assert await socket.receive_json_from() == NOT_UNDERSTOOD
        await assert_still_usable(socket)


async def test_a_binary_frame_gets_an_error_and_the_socket_stays_usable(heron_headers):
    async with open_socket(heron_headers) as socket:
        await socket.send_to(bytes_data=json.dumps({"action": "ping"}).encode())
        assert await socket.receive_json_from() == NOT_UNDERSTOOD
        await assert_still_usable(socket)


async def test_a_frame_of_exactly_4096_bytes_is_still_read(heron_headers):
    frame = json.dumps({"action": "ping", "padding": ""})
    frame = json.dumps({"action": "ping", "padding": "x" * (MAX_FRAME_BYTES - len(frame))})
    assert len(frame.encode()) == MAX_FRAME_BYTES
    async with open_socket(heron_headers) as socket:
        await socket.send_to(text_data=frame)
        assert await socket.receive_json_from() == {"type": "pong"}


async def test_a_deeply_nested_json_frame_under_the_size_limit_gets_an_error_not_a_crash(
    heron_headers,
):
    # json.loads raises RecursionError (not ValueError) on this, well under the size limit.
    frame = "[" * 1500 + "]" * 1500
    assert len(frame.encode()) <= MAX_FRAME_BYTES
    async with open_socket(heron_headers) as socket:
        await socket.send_to(text_data=frame)
        assert await socket.receive_json_from() == NOT_UNDERSTOOD
        await assert_still_usable(socket)


async def test_signing_out_in_another_tab_closes_the_members_open_sockets(heron, otter):
    browser = Client()
    await sync_to_async(browser.force_login)(heron)
    key = browser.cookies[settings.SESSION_COOKIE_NAME].value
    cookie = (b"cookie", f"{settings.SESSION_COOKIE_NAME}={key}".encode())
    otter_cookie = await sync_to_async(session_cookie)(otter)
    async with (
        open_socket([SAME_ORIGIN, HOST, cookie]) as heron_socket,
        open_socket([SAME_ORIGIN, HOST, otter_cookie]) as otter_socket,
    ):
        await sync_to_async(browser.post)("/accounts/logout/")

        closed = await heron_socket.receive_output(timeout=2)
        assert closed == {"type": "websocket.close", "code": 4003}
        await otter_socket.send_json_to({"action": "ping"})
        assert await otter_socket.receive_json_from() == {"type": "pong"}


async def test_too_many_frames_get_a_slow_down_error_and_the_socket_stays_healthy(heron_headers):
    async with open_socket(heron_headers) as socket:
        for _ in range(30):
            await socket.send_json_to({"action": "ping"})
            assert await socket.receive_json_from() == {"type": "pong"}

        await socket.send_json_to({"action": "ping"})
        reply = await socket.receive_json_from()

        assert reply["type"] == "error"
        assert "slow down" in reply["message"]


async def test_events_arriving_out_of_order_are_all_delivered_once(heron, heron_headers):
    async with open_socket(heron_headers) as socket:
        await socket.send_json_to({"action": "subscribe", "topic": "notifications"})
        assert (await socket.receive_json_from())["type"] == "subscribed"

        for event_id in (10, 9, 10):
            await sync_to_async(live.publish)(
                member_group(heron.pk),
                topic="notifications",
                event="n",
                data={},
                event_id=event_id,
            )

        received = [(await socket.receive_json_from())["id"] for _ in range(2)]
        assert received == [10, 9]
        assert await socket.receive_nothing(timeout=0.3)


async def test_a_message_to_several_members_reaches_each_ones_tab_once_and_nobody_elses(
    heron, otter, heron_headers, otter_headers
):
    from community.services import notify_each

    stranger = await sync_to_async(UserFactory)(display_name="Quiet Wren")
    stranger_headers = [SAME_ORIGIN, HOST, await sync_to_async(session_cookie)(stranger)]
    async with (
        open_socket(heron_headers) as heron_socket,
        open_socket(otter_headers) as otter_socket,
        open_socket(stranger_headers) as stranger_socket,
    ):
        for socket in (heron_socket, otter_socket, stranger_socket):
            assert (await subscribe(socket, "notifications"))["type"] == "subscribed"

        told = await sync_to_async(notify_each)(
            [heron, otter], kind="forums.reply", message="A new reply.", url="/forums/x/1/"
        )

        assert told == 2
        for member, socket in ((heron, heron_socket), (otter, otter_socket)):
            frame = await socket.receive_json_from()
            stored = await sync_to_async(member.notifications.get)()
            assert frame == {
                "type": "event",
                "topic": "notifications",
                "event": "notification",
                "data": {"id": stored.pk, "message": "A new reply.", "url": "/forums/x/1/"},
            }
            assert await socket.receive_nothing(timeout=0.3)
        assert await stranger_socket.receive_nothing(timeout=0.3)


def _last_seen(cookie: tuple[bytes, bytes], seconds_ago: float) -> None:
    """Mark the session in `cookie` as last used `seconds_ago` (as IdleSignOutMiddleware
    records it)."""
    import time
    from importlib import import_module

    key = cookie[1].decode().split("=", 1)[1]
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)
    store["seen_at"] = int(time.time() - seconds_ago)
    store.save()


async def test_a_tab_whose_session_went_unused_past_the_idle_timeout_is_told_to_reload(heron):
    cookie = await sync_to_async(session_cookie)(heron)
    await sync_to_async(_last_seen)(cookie, settings.SESSION_IDLE_TIMEOUT + 60)
    communicator = WebsocketCommunicator(application, "/ws/", headers=[SAME_ORIGIN, HOST, cookie])

    connected, _ = await communicator.connect()
    closed = await communicator.receive_output(timeout=2)

    assert connected
    assert closed == {"type": "websocket.close", "code": 4004}
    await communicator.disconnect()


async def test_an_open_tab_is_closed_once_its_session_goes_idle_and_not_before(heron, settings):
    settings.LIVE_IDLE_CHECK_SECONDS = 0.1
    cookie = await sync_to_async(session_cookie)(heron)
    await sync_to_async(_last_seen)(cookie, 5)
    communicator = WebsocketCommunicator(application, "/ws/", headers=[SAME_ORIGIN, HOST, cookie])
    connected, _ = await communicator.connect()
    assert connected
    assert await communicator.receive_nothing(timeout=0.35)  # in use: stays open

    await sync_to_async(_last_seen)(cookie, settings.SESSION_IDLE_TIMEOUT + 60)
    closed = await communicator.receive_output(timeout=2)

    assert closed == {"type": "websocket.close", "code": 4004}
    await communicator.disconnect()
