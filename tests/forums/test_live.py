"""A thread, live, through the real ASGI application.

Every socket here goes through `community.config.asgi.application` (origin check, session
cookie, router, `LiveConsumer`) on whichever channel layer the settings choose: in-memory by
default, Redis when REDIS_URL is set. Content changes go through the forum and moderation
services, so events are numbered and sent exactly as a request would send them.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import connections, transaction
from django.test import Client

from community.config.asgi import application
from community.live import topics as community_live
from community.models import User
from forums import live, services
from forums.models import Post, Thread, ThreadEvent
from moderation import services as moderation
from moderation.models import QueueItem, QueueItemState
from tests.conftest import needs_postgres
from tests.factories import (
    UserFactory,
    board,
    join_circle,
    moderator,
    published_thread,
    trusted_member,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

SAME_ORIGIN = (b"origin", b"http://testserver")
HOST = (b"host", b"testserver")
# Long enough for a commit, an on_commit hook and a hop through Redis on a busy machine.
ARRIVES = 3
# How long to watch for something that must NOT arrive.
QUIET = 0.75


# --- Helpers -----------------------------------------------------------------------------------


def session_cookie(user: User) -> tuple[bytes, bytes]:
    """A real signed-in session for `user`, as the cookie header a browser tab would send."""
    client = Client()
    client.force_login(user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    return (b"cookie", f"{settings.SESSION_COOKIE_NAME}={key}".encode())


async def headers_for(user: User | None) -> list[tuple[bytes, bytes]]:
    if user is None:
        return [SAME_ORIGIN, HOST]
    return [SAME_ORIGIN, HOST, await sync_to_async(session_cookie)(user)]


@asynccontextmanager
async def open_socket(user: User | None) -> AsyncIterator[WebsocketCommunicator]:
    """A connected socket to `/ws/` for `user` (None: a visitor), always disconnected after."""
    communicator = WebsocketCommunicator(application, "/ws/", headers=await headers_for(user))
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
    return await socket.receive_json_from(timeout=ARRIVES)


async def subscribed(socket: WebsocketCommunicator, thread: Thread, since: int | None = None):
    assert await subscribe(socket, thread, since) == {
        "type": "subscribed",
        "topic": topic_of(thread),
    }


async def frames_until_quiet(socket: WebsocketCommunicator) -> list[dict]:
    """Every frame the socket sends until it has been quiet for a while."""
    frames = []
    while not await socket.receive_nothing(timeout=QUIET):
        frames.append(await socket.receive_json_from())
    return frames


def reply(thread: Thread, body: str, author: User | None = None) -> Post:
    posted = services.post_create(thread=thread, author=author or trusted_member(), body=body)
    return posted.post


def event_id(post: Post, kind: str) -> int:
    return ThreadEvent.objects.filter(post=post, kind=kind).latest("pk").pk


def last_event_id(thread: Thread) -> int:
    return ThreadEvent.objects.filter(thread=thread).latest("pk").pk


def open_item_for(post: Post) -> QueueItem:
    return QueueItem.for_instance(post).get(state=QueueItemState.WAITING)


def article_on_the_page(reader: User, thread: Thread, post: Post) -> str:
    """The post's <article> as the thread page shows it to `reader` (not its author), without
    the per-request CSRF field, which the shared live copy leaves out."""
    client = Client()
    client.force_login(reader)
    page = client.get(thread.get_absolute_url()).content.decode()
    match = re.search(rf'<article class="[^"]*" id="post-{post.pk}".*?</article>', page, re.S)
    assert match, f"post {post.pk} is not on the page"
    return re.sub(r'<input type="hidden" name="csrfmiddlewaretoken"[^>]*>', "", match[0])


# --- Who may subscribe ---------------------------------------------------------------------------


async def test_a_visitor_is_refused_a_threads_topic():
    # Every topic is for members: a visitor gets no socket at all (community/live/socket_guards.py).
    communicator = WebsocketCommunicator(application, "/ws/", headers=await headers_for(None))
    connected, _ = await communicator.connect()
    await communicator.disconnect()
    assert connected is False


async def test_a_stranger_is_refused_a_circle_thread_and_a_circle_member_is_not():
    def make():
        host = trusted_member(display_name="Circle Host")
        circle = board(circle=True, host=host)
        thread = published_thread(on=circle, author=host, body="Only for the circle.")
        member = trusted_member()
        join_circle(circle, member)
        return thread, member, trusted_member()

    thread, member, stranger = await sync_to_async(make)()

    async with open_socket(stranger) as outsider, open_socket(member) as insider:
        assert await subscribe(outsider, thread) == {"type": "refused", "topic": topic_of(thread)}
        await subscribed(insider, thread)
        await sync_to_async(reply)(thread, "Thank you all for last night.", author=member)

        assert (await insider.receive_json_from(timeout=ARRIVES))["event"] == "published"
        assert await outsider.receive_nothing(timeout=QUIET)


async def test_a_refusal_looks_the_same_for_a_hidden_thread_and_one_that_does_not_exist():
    def make():
        newcomer = UserFactory()
        posted = services.thread_create(
            board=board(), author=newcomer, title="First post", body="Held for now."
        )
        assert posted.submission.held
        return posted.post.thread, trusted_member()

    held_thread, reader = await sync_to_async(make)()
    missing = Thread(pk=held_thread.pk + 1000)

    async with open_socket(reader) as socket:
        assert await subscribe(socket, held_thread) == {
            "type": "refused",
            "topic": topic_of(held_thread),
        }
        assert await subscribe(socket, missing) == {"type": "refused", "topic": topic_of(missing)}


# --- Published, held, approved ---------------------------------------------------------------


async def test_a_member_receives_another_members_reply_as_the_same_html_the_page_shows():
    def make():
        thread = published_thread(on=board(), body="Nobody listened at the meeting.")
        return thread, trusted_member(display_name="Kettle On")

    thread, reader = await sync_to_async(make)()
    writer = await sync_to_async(trusted_member)(display_name="Patient Otter")

    async with open_socket(reader) as socket:
        await subscribed(socket, thread)
        post = await sync_to_async(reply)(thread, "We found a **good** solicitor.", author=writer)

        frame = await socket.receive_json_from(timeout=ARRIVES)

        assert frame == {
            "type": "event",
            "topic": topic_of(thread),
            "event": "published",
            "id": await sync_to_async(event_id)(post, "published"),
            "data": {"post": post.pk, "html": frame["data"]["html"]},
        }
        html = frame["data"]["html"]
        assert "We found a <strong>good</strong> solicitor." in html
        assert "Patient Otter" in html
        assert html.strip() == await sync_to_async(article_on_the_page)(reader, thread, post)
        assert await socket.receive_nothing(timeout=QUIET)


async def test_a_held_reply_is_sent_to_nobody_until_a_moderator_approves_it():
    def make():
        thread = published_thread(on=board())
        return thread, trusted_member(), UserFactory(display_name="New Starling"), moderator()

    thread, reader, newcomer, watcher = await sync_to_async(make)()

    async with (
        open_socket(reader) as reader_socket,
        open_socket(newcomer) as own_socket,
        open_socket(watcher) as moderator_socket,
    ):
        sockets = [reader_socket, own_socket, moderator_socket]
        for socket in sockets:
            await subscribed(socket, thread)

        posted = await sync_to_async(services.post_create)(
            thread=thread, author=newcomer, body="First time posting here."
        )

        assert posted.submission.held
        for socket in sockets:
            assert await socket.receive_nothing(timeout=QUIET)

        item = await sync_to_async(open_item_for)(posted.post)
        await sync_to_async(moderation.approve)(
            item=item, moderator=await sync_to_async(moderator)()
        )

        expected_id = await sync_to_async(event_id)(posted.post, "published")
        for socket in sockets:
            frame = await socket.receive_json_from(timeout=ARRIVES)
            assert (frame["event"], frame["id"], frame["data"]["post"]) == (
                "published",
                expected_id,
                posted.post.pk,
            )
            assert "First time posting here." in frame["data"]["html"]
            assert "Awaiting review" not in frame["data"]["html"]
            assert await socket.receive_nothing(timeout=QUIET)


async def test_a_post_removed_by_its_author_arrives_as_removed_without_its_words():
    def make():
        thread = published_thread(on=board())
        author = trusted_member()
        return thread, reply(thread, "I shouldn't have said that.", author=author), author

    thread, post, author = await sync_to_async(make)()
    reader = await sync_to_async(trusted_member)()

    async with open_socket(reader) as socket:
        await subscribed(socket, thread)
        await sync_to_async(services.post_remove)(post=post, author=author)

        frame = await socket.receive_json_from(timeout=ARRIVES)

        assert (frame["event"], frame["id"], frame["data"]["post"]) == (
            "removed",
            await sync_to_async(event_id)(post, "removed"),
            post.pk,
        )
        assert "Removed by its author." in frame["data"]["html"]
        assert "have said that" not in frame["data"]["html"]


async def test_an_edit_that_is_held_again_is_sent_to_others_as_hidden_without_its_words():
    def make():
        thread = published_thread(on=board())
        author = trusted_member()
        return thread, reply(thread, "It was a long day.", author=author), author

    thread, post, author = await sync_to_async(make)()
    reader = await sync_to_async(trusted_member)()

    async with open_socket(reader) as socket:
        await subscribed(socket, thread)
        posted = await sync_to_async(services.post_edit)(
            post=post, editor=author, body="We're at 14 Larch Road now."
        )
        assert posted.submission.held

        frames = await frames_until_quiet(socket)

        assert frames == [
            {
                "type": "event",
                "topic": topic_of(thread),
                "event": "hidden",
                "id": await sync_to_async(event_id)(post, "hidden"),
                "data": {"post": post.pk},
            }
        ]
        assert "Larch" not in json.dumps(frames)


async def test_a_published_edit_arrives_as_edited_with_the_new_words():
    def make():
        thread = published_thread(on=board())
        author = trusted_member()
        return thread, reply(thread, "It was a long day.", author=author), author

    thread, post, author = await sync_to_async(make)()
    reader = await sync_to_async(trusted_member)()

    async with open_socket(reader) as socket:
        await subscribed(socket, thread)
        await sync_to_async(services.post_edit)(
            post=post, editor=author, body="It was a long day, but we slept."
        )

        frame = await socket.receive_json_from(timeout=ARRIVES)

        assert (frame["event"], frame["data"]["post"]) == ("edited", post.pk)
        assert "It was a long day, but we slept." in frame["data"]["html"]
        assert "· edited" in frame["data"]["html"]


# --- Suspension --------------------------------------------------------------------------------


async def test_suspending_a_member_closes_their_sockets_and_a_new_subscription_is_refused():
    def make():
        thread = published_thread(on=board())
        return thread, trusted_member(), trusted_member(), moderator(safeguarding=True)

    thread, member, bystander, lead = await sync_to_async(make)()

    async with (
        open_socket(member) as first_tab,
        open_socket(member) as second_tab,
        open_socket(bystander) as other,
    ):
        await subscribed(first_tab, thread)
        await subscribed(other, thread)

        await sync_to_async(moderation.sanction)(
            member=member, moderator=lead, kind="suspend", reason="Shared a child's school."
        )

        for tab in (first_tab, second_tab):
            assert await tab.receive_output(timeout=ARRIVES) == {
                "type": "websocket.close",
                "code": 4003,
            }
        # Only the suspended member's sockets: the thread carries on for everyone else.
        await sync_to_async(reply)(thread, "Still here for each other.")
        assert (await other.receive_json_from(timeout=ARRIVES))["event"] == "published"

    async with open_socket(member) as fresh:
        assert await subscribe(fresh, thread) == {"type": "refused", "topic": topic_of(thread)}
        await sync_to_async(reply)(thread, "Another reply they must not get.")
        assert await fresh.receive_nothing(timeout=QUIET)


# --- Catching up after a reconnect -----------------------------------------------------------


def thread_with_a_missed_stretch():
    """A thread, the id of the last event a tab saw, and what happened after it: three replies
    published, an earlier reply edited, another hidden by a moderator. Returns the thread,
    `since`, the expected (event, post) pairs in id order, and a reader."""
    author = trusted_member(display_name="Steady Wren")
    thread = published_thread(on=board(), author=author, body="Opening words.")
    edited = reply(thread, "Reply A.", author=author)
    hidden = reply(thread, "Reply B, off topic.")
    since = last_event_id(thread)

    c = reply(thread, "Reply C.")
    d = reply(thread, "Reply D.")
    e = reply(thread, "Reply E.")
    services.post_edit(post=edited, editor=author, body="Reply A, said better.")
    moderation.hide(obj=hidden, moderator=moderator(), reason="Off topic.")
    expected = [
        ("published", c),
        ("published", d),
        ("published", e),
        ("edited", edited),
        ("hidden", hidden),
    ]
    return thread, since, expected, trusted_member()


def as_frames(expected: list[tuple[str, Post]]) -> list[tuple]:
    return [(kind, event_id(post, kind), post.pk) for kind, post in expected]


def summary(frames: list[dict]) -> list[tuple]:
    assert all(frame["type"] == "event" for frame in frames), frames
    return [(frame["event"], frame["id"], frame["data"]["post"]) for frame in frames]


async def test_a_reconnecting_tab_gets_exactly_what_it_missed_once_each_in_id_order():
    thread, since, expected, reader = await sync_to_async(thread_with_a_missed_stretch)()

    async with open_socket(reader) as socket:
        await subscribed(socket, thread, since=since)
        frames = await frames_until_quiet(socket)

    assert summary(frames) == await sync_to_async(as_frames)(expected)
    by_post = {frame["data"]["post"]: frame for frame in frames}
    _, edited = expected[3]
    _, hidden = expected[4]
    assert "Reply A, said better." in by_post[edited.pk]["data"]["html"]
    assert by_post[hidden.pk]["data"] == {"post": hidden.pk}
    assert "off topic" not in json.dumps(frames)


async def test_a_reply_published_while_a_tab_catches_up_arrives_exactly_once_after_the_rest():
    thread, since, expected, reader = await sync_to_async(thread_with_a_missed_stretch)()

    async with open_socket(reader) as socket:
        # Subscribe and, without waiting for the answer, publish one more reply: it lands
        # before, during or after the catch-up read, and must come exactly once either way.
        await socket.send_json_to(
            {"action": "subscribe", "topic": topic_of(thread), "since": since}
        )
        late = await sync_to_async(reply)(thread, "Reply F, just now.")
        frames = await frames_until_quiet(socket)

    assert frames[0] == {"type": "subscribed", "topic": topic_of(thread)}
    assert summary(frames[1:]) == await sync_to_async(as_frames)([*expected, ("published", late)])


async def test_a_live_copy_of_an_event_the_catch_up_already_sent_is_not_sent_again():
    """The race the consumer guards against, made deterministic: an event committed after the
    socket joined the group but before the catch-up read is both in the catch-up and on its way
    live. Here its live copy is published (as `forums.live.record` sends it) after the catch-up."""
    thread, since, expected, reader = await sync_to_async(thread_with_a_missed_stretch)()
    kind, already_sent = expected[2]

    def send_live_copy(post: Post, kind: str) -> None:
        event = ThreadEvent.objects.filter(post=post, kind=kind).latest("pk")
        community_live.publish(
            live.thread_group(thread.pk),
            topic=topic_of(thread),
            event=kind,
            data={"post": post.pk, "html": live.render_post(post)},
            event_id=event.pk,
        )

    async with open_socket(reader) as socket:
        await subscribed(socket, thread, since=since)
        assert len(await frames_until_quiet(socket)) == len(expected)

        await sync_to_async(send_live_copy)(already_sent, kind)
        assert await socket.receive_nothing(timeout=QUIET)

        later = await sync_to_async(reply)(thread, "Reply G.")
        frame = await socket.receive_json_from(timeout=ARRIVES)
        assert (frame["event"], frame["data"]["post"]) == ("published", later.pk)


async def test_a_tab_that_missed_nothing_gets_no_catch_up():
    def make():
        thread = published_thread(on=board())
        reply(thread, "Seen already.")
        return thread, last_event_id(thread), trusted_member()

    thread, since, reader = await sync_to_async(make)()

    async with open_socket(reader) as socket:
        await subscribed(socket, thread, since=since)
        assert await socket.receive_nothing(timeout=QUIET)


async def test_a_catch_up_never_includes_a_held_reply():
    def make():
        thread = published_thread(on=board())
        since = last_event_id(thread)
        held = services.post_create(thread=thread, author=UserFactory(), body="Held, not sent.")
        assert held.submission.held
        shown = reply(thread, "Published, sent.")
        return thread, since, shown, trusted_member()

    thread, since, shown, reader = await sync_to_async(make)()

    async with open_socket(reader) as socket:
        await subscribed(socket, thread, since=since)
        frames = await frames_until_quiet(socket)

    assert summary(frames) == [
        ("published", await sync_to_async(event_id)(shown, "published"), shown.pk)
    ]
    assert "Held, not sent." not in json.dumps(frames)


# --- Bugs these tests found (fixed; kept as regressions) -------------------------------------


async def test_a_post_a_moderator_hid_does_not_come_back_when_its_author_edits_it():
    def make():
        thread = published_thread(on=board())
        author = trusted_member()
        post = reply(thread, "Something the moderators took down.", author=author)
        moderation.hide(obj=post, moderator=moderator(), reason="Unkind to another member.")
        return thread, post, author, trusted_member()

    thread, post, author, reader = await sync_to_async(make)()

    async with open_socket(reader) as socket:
        await subscribed(socket, thread)
        await sync_to_async(services.post_edit)(
            post=post, editor=author, body="Something the moderators took down, reworded."
        )
        frames = await frames_until_quiet(socket)

    await post.arefresh_from_db()
    assert post.moderation_state != "published"
    assert frames == []


async def test_a_moderators_redaction_of_a_published_post_reaches_open_tabs():
    def make():
        thread = published_thread(on=board())
        post = reply(thread, "We meet at the club by the old station on Tuesdays.")
        assert post.moderation_state == "published"
        moderation.flag(obj=post, flagger=trusted_member(), reason="identifying")
        return thread, post, open_item_for(post), trusted_member()

    thread, post, item, reader = await sync_to_async(make)()

    async with open_socket(reader) as socket:
        await subscribed(socket, thread)
        await sync_to_async(moderation.redact)(
            item=item,
            moderator=await sync_to_async(moderator)(),
            text="We meet at [place removed] on Tuesdays.",
        )
        frames = await frames_until_quiet(socket)

    assert [(frame["event"], frame["data"]["post"]) for frame in frames] == [("edited", post.pk)]
    assert "[place removed]" in frames[0]["data"]["html"]
    assert "old station" not in json.dumps(frames)


@needs_postgres
async def test_an_event_numbered_first_but_committed_last_still_reaches_an_open_tab():
    """Two writers in one thread at once, on PostgreSQL (SQLite takes one writer at a time): a
    moderator approves a held reply, and before that transaction commits a member replies.
    If the reply's event were numbered after the approval's but committed before it, a tab
    would get the higher id first and drop the approval as already seen (and so would a
    reconnect's catch-up from that id). Events of a thread are numbered in commit order."""

    def make():
        thread = published_thread(on=board())
        held = services.post_create(thread=thread, author=UserFactory(), body="Held at first.")
        assert held.submission.held
        return thread, held.post, open_item_for(held.post), moderator(), trusted_member()

    thread, held, item, approver, reader = await sync_to_async(make)()
    numbered, go = threading.Event(), threading.Event()

    def approve_and_commit_when_told() -> None:
        try:
            with transaction.atomic():
                moderation.approve(item=item, moderator=approver)
                numbered.set()
                assert go.wait(10)
        finally:
            connections.close_all()

    def reply_meanwhile() -> Post:
        try:
            return reply(thread, "Replied in the meantime.")
        finally:
            connections.close_all()

    async with open_socket(reader) as socket:
        await subscribed(socket, thread)
        # Each in a thread of its own, with its own database connection, like two requests.
        approving = asyncio.ensure_future(
            sync_to_async(approve_and_commit_when_told, thread_sensitive=False)()
        )
        assert await sync_to_async(numbered.wait, thread_sensitive=False)(10)
        replying = asyncio.ensure_future(sync_to_async(reply_meanwhile, thread_sensitive=False)())
        # Give the reply every chance to commit first (if nothing makes it wait).
        await asyncio.wait([replying], timeout=1)
        go.set()
        await approving
        meanwhile = await replying
        frames = await frames_until_quiet(socket)

    assert sorted((frame["event"], frame["data"]["post"]) for frame in frames) == sorted(
        [("published", held.pk), ("published", meanwhile.pk)]
    )
    ids = [frame["id"] for frame in frames]
    assert ids == sorted(ids)
