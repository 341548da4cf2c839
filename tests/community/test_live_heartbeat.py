"""A socket's heartbeat catches its tab up from the database, whatever the channel layer lost.

Each test loses the news of a change the way a process dying between its commit and its
publish would (the change is saved; its `on_commit` hooks never run), then watches what an open
tab gets at its next heartbeat. The sockets go through the real ASGI application on whichever
channel layer the settings choose (in-memory by default, Redis when REDIS_URL is set); the
Redis faults themselves are in tests/reliability/test_faults.py.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import transaction
from django.test import Client

from community.config.asgi import application
from community.live.catch_up import NEWEST_FRESH_SECONDS
from community.models import User
from forums import circles, services
from forums.models import Post, Thread, ThreadEvent
from moderation import services as moderation
from moderation.models import QueueItem, QueueItemState
from tests.factories import (
    UserFactory,
    board,
    join_circle,
    moderator,
    published_thread,
    trusted_member,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

HEARTBEAT = 0.3
# Two heartbeats (an event missing at one is taken as lost if still missing at the next), the
# age of the newest id a process shares between its sockets, and a busy machine's slack.
WITHIN = 3 * HEARTBEAT + NEWEST_FRESH_SECONDS + 3
# Several heartbeats, for what must NOT arrive.
SEVERAL_BEATS = 3 * HEARTBEAT + NEWEST_FRESH_SECONDS + 0.5


@pytest.fixture(autouse=True)
def quick_heartbeat(settings):
    settings.LIVE_PRESENCE_HEARTBEAT_SECONDS = HEARTBEAT


# --- Helpers -----------------------------------------------------------------------------------


@contextmanager
def news_lost() -> Iterator[None]:
    """What the block commits is saved, but none of its news is sent (no `on_commit` hook runs):
    as when the process dies right after the commit, or the channel layer drops the message."""
    with transaction.atomic():
        yield
        transaction.get_connection().run_on_commit.clear()


def session_cookie(user: User) -> tuple[bytes, bytes]:
    client = Client()
    client.force_login(user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    return (b"cookie", f"{settings.SESSION_COOKIE_NAME}={key}".encode())


@asynccontextmanager
async def open_socket(user: User) -> AsyncIterator[WebsocketCommunicator]:
    headers = [
        (b"origin", b"http://testserver"),
        (b"host", b"testserver"),
        await sync_to_async(session_cookie)(user),
    ]
    communicator = WebsocketCommunicator(application, "/ws/", headers=headers)
    try:
        connected, _ = await communicator.connect()
        assert connected, "the socket should have been accepted"
        yield communicator
    finally:
        await communicator.disconnect()


def topic_of(thread: Thread) -> str:
    return f"thread:{thread.pk}"


async def subscribe(socket: WebsocketCommunicator, thread: Thread, since: int | None = None):
    frame: dict = {"action": "subscribe", "topic": topic_of(thread)}
    if since is not None:
        frame["since"] = since
    await socket.send_json_to(frame)
    return await socket.receive_json_from(timeout=WITHIN)


async def subscribed(socket: WebsocketCommunicator, thread: Thread, since: int | None = None):
    assert await subscribe(socket, thread, since) == {
        "type": "subscribed",
        "topic": topic_of(thread),
    }


async def frames_over_several_beats(socket: WebsocketCommunicator) -> list[dict]:
    frames = []
    while not await socket.receive_nothing(timeout=SEVERAL_BEATS):
        frames.append(await socket.receive_json_from())
    return frames


def reply(thread: Thread, body: str, author: User | None = None) -> Post:
    return services.post_create(thread=thread, author=author or trusted_member(), body=body).post


def lost_reply(thread: Thread, body: str, author: User | None = None) -> Post:
    with news_lost():
        return reply(thread, body, author)


def event_id(post: Post, kind: str) -> int:
    return ThreadEvent.objects.filter(post=post, kind=kind).latest("pk").pk


def last_event_id(thread: Thread) -> int:
    return ThreadEvent.objects.filter(thread=thread).latest("pk").pk


# --- What was lost arrives ---------------------------------------------------------------------


async def test_a_reply_whose_news_was_lost_reaches_an_open_tab_at_the_next_heartbeat():
    thread = await sync_to_async(published_thread)(on=await sync_to_async(board)())
    reader = await sync_to_async(trusted_member)()

    async with open_socket(reader) as socket:
        await subscribed(socket, thread, since=await sync_to_async(last_event_id)(thread))
        post = await sync_to_async(lost_reply)(thread, "Written while the news was lost.")

        frame = await socket.receive_json_from(timeout=WITHIN)
        assert (frame["type"], frame["event"], frame["id"], frame["data"]["post"]) == (
            "event",
            "published",
            await sync_to_async(event_id)(post, "published"),
            post.pk,
        )
        assert "Written while the news was lost." in frame["data"]["html"]
        # Once: later heartbeats know the tab has it.
        assert await frames_over_several_beats(socket) == []


async def test_a_tab_that_subscribed_without_since_gets_a_lost_reply_too():
    thread = await sync_to_async(published_thread)(on=await sync_to_async(board)())
    reader = await sync_to_async(trusted_member)()

    async with open_socket(reader) as socket:
        await subscribed(socket, thread)
        post = await sync_to_async(lost_reply)(thread, "Nobody was told about this one.")

        frames = await frames_over_several_beats(socket)
        assert [(f["event"], f["data"]["post"]) for f in frames] == [("published", post.pk)]


async def test_replies_that_arrived_live_are_not_sent_again_by_the_heartbeat():
    thread = await sync_to_async(published_thread)(on=await sync_to_async(board)())
    reader = await sync_to_async(trusted_member)()

    async with open_socket(reader) as socket:
        await subscribed(socket, thread, since=await sync_to_async(last_event_id)(thread))
        first = await sync_to_async(reply)(thread, "Arrived live.")
        lost = await sync_to_async(lost_reply)(thread, "Lost on the way.")
        last = await sync_to_async(reply)(thread, "Arrived live too.")

        frames = await frames_over_several_beats(socket)
        # The live ones once each, the lost one from the heartbeat, once.
        assert sorted(f["data"]["post"] for f in frames) == [first.pk, lost.pk, last.pk]
        assert len({f["id"] for f in frames}) == 3


async def test_a_removal_whose_news_was_lost_arrives_without_its_words():
    def make():
        thread = published_thread(on=board())
        author = trusted_member()
        return thread, reply(thread, "I shouldn't have said that.", author=author), author

    thread, post, author = await sync_to_async(make)()
    reader = await sync_to_async(trusted_member)()

    def remove_quietly() -> None:
        with news_lost():
            services.post_remove(post=post, author=author)

    async with open_socket(reader) as socket:
        await subscribed(socket, thread, since=await sync_to_async(last_event_id)(thread))
        await sync_to_async(remove_quietly)()

        frames = await frames_over_several_beats(socket)
        assert [(f["event"], f["data"]["post"]) for f in frames] == [("removed", post.pk)]
        assert "Removed by its author." in frames[0]["data"]["html"]
        assert "have said that" not in json.dumps(frames)


async def test_a_held_reply_is_caught_up_by_nobody_until_its_approval_whose_news_was_lost():
    def make():
        thread = published_thread(on=board())
        return thread, trusted_member(), UserFactory(display_name="New Starling")

    thread, reader, newcomer = await sync_to_async(make)()

    async with open_socket(reader) as socket:
        await subscribed(socket, thread, since=await sync_to_async(last_event_id)(thread))
        posted = await sync_to_async(services.post_create)(
            thread=thread, author=newcomer, body="First time posting here."
        )
        assert posted.submission.held
        assert await frames_over_several_beats(socket) == []

        def approve_quietly() -> None:
            item = QueueItem.for_instance(posted.post).get(state=QueueItemState.WAITING)
            with news_lost():
                moderation.approve(item=item, moderator=moderator())

        await sync_to_async(approve_quietly)()
        frame = await socket.receive_json_from(timeout=WITHIN)
        assert (frame["event"], frame["data"]["post"]) == ("published", posted.post.pk)
        assert "First time posting here." in frame["data"]["html"]


# --- ...but only to whoever may see it ---------------------------------------------------------


def circle_with_a_thread():
    host = trusted_member(display_name="Circle Host")
    circle = board(circle=True, host=host)
    thread = published_thread(on=circle, author=host, body="Only for the circle.")
    return host, circle, thread


async def test_a_strangers_heartbeat_catches_up_nothing_from_a_circle_they_may_not_see():
    def make():
        host, _circle, private = circle_with_a_thread()
        public = published_thread(on=board())
        return host, private, public, trusted_member()

    host, private, public, stranger = await sync_to_async(make)()

    async with open_socket(stranger) as socket:
        assert await subscribe(socket, private, since=0) == {
            "type": "refused",
            "topic": topic_of(private),
        }
        # A topic they may see, so their heartbeat runs and catches up.
        await subscribed(socket, public, since=await sync_to_async(last_event_id)(public))
        await sync_to_async(lost_reply)(private, "Lost news, circle only.", author=host)
        await sync_to_async(reply)(private, "Live news, circle only.", author=host)
        seen = await sync_to_async(lost_reply)(public, "Lost news, for everyone.")

        frames = await frames_over_several_beats(socket)
        assert [(f["topic"], f["data"]["post"]) for f in frames] == [(topic_of(public), seen.pk)]
        assert "circle only" not in json.dumps(frames)


async def test_a_member_removed_from_a_circle_gets_none_of_its_events_by_catch_up():
    def make():
        host, circle, thread = circle_with_a_thread()
        member = trusted_member()
        join_circle(circle, member)
        return host, circle, thread, member

    host, circle, thread, member = await sync_to_async(make)()

    async with open_socket(member) as socket:
        await subscribed(socket, thread, since=await sync_to_async(last_event_id)(thread))

        def remove_quietly() -> None:
            # The news that would close their sockets (live.close) is lost too: the socket
            # stays open, and only the heartbeat stands between them and the circle.
            with news_lost():
                circles.circle_remove(circle=circle, host=host, member=member)

        await sync_to_async(remove_quietly)()
        await sync_to_async(lost_reply)(thread, "Said after they left.", author=host)

        frames = await frames_over_several_beats(socket)
        assert frames == [{"type": "refused", "topic": topic_of(thread)}]

        # The subscription is gone: live news no longer reaches them either.
        await sync_to_async(reply)(thread, "Said later still.", author=host)
        assert await frames_over_several_beats(socket) == []


async def test_access_is_asked_afresh_with_news_so_a_lost_close_does_not_keep_a_circle_open(
    settings,
):
    # Every LIVE_IDLE_CHECK_SECONDS at most, when the topic has news.
    settings.LIVE_IDLE_CHECK_SECONDS = HEARTBEAT

    def make():
        host, circle, thread = circle_with_a_thread()
        member = trusted_member()
        join_circle(circle, member)
        return host, circle, thread, member

    host, circle, thread, member = await sync_to_async(make)()

    async with open_socket(member) as socket:
        await subscribed(socket, thread, since=await sync_to_async(last_event_id)(thread))

        def remove_quietly() -> None:
            with news_lost():
                circles.circle_remove(circle=circle, host=host, member=member)

        await sync_to_async(remove_quietly)()
        # This one's news is not lost: it may reach them live before the heartbeat notices
        # (the brief window this check bounds), but nothing after it does.
        await sync_to_async(reply)(thread, "Said just after they left.", author=host)
        frames = await frames_over_several_beats(socket)
        assert frames[-1] == {"type": "refused", "topic": topic_of(thread)}

        await sync_to_async(reply)(thread, "Said later still.", author=host)
        assert await frames_over_several_beats(socket) == []
