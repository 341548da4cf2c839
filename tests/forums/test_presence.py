""" "N members reading" and "someone is replying" on a thread, through the real ASGI application.

Sockets go through `community.config.asgi.application` (origin check, session cookie, router,
`LiveConsumer`) on whichever database and channel layer the settings choose. A tab asks for the
count by subscribing with `"presence": true`, as thread.js does. The count includes the reader.
"""

from __future__ import annotations

import time
from contextlib import AsyncExitStack
from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.utils import timezone

from community.live import presence
from community.models import LivePreferences, LivePresence
from forums import circles
from forums.live import thread_group
from moderation import services as moderation
from tests.factories import board, join_circle, moderator, published_thread
from tests.factories import trusted_member as member
from tests.forums.test_live import ARRIVES, QUIET, open_socket, reply, topic_of

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


@pytest.fixture(autouse=True)
def _quick_counts(settings):
    # Counts go out at most once per window; a short window keeps the tests quick.
    settings.LIVE_PRESENCE_ANNOUNCE_SECONDS = 0.2


async def read(socket: WebsocketCommunicator, thread) -> int:
    """Subscribe as thread.js does; returns the count the tab is given at once."""
    await socket.send_json_to({"action": "subscribe", "topic": topic_of(thread), "presence": True})
    assert await socket.receive_json_from(timeout=ARRIVES) == {
        "type": "subscribed",
        "topic": topic_of(thread),
    }
    counted = await socket.receive_json_from(timeout=ARRIVES)
    assert counted["type"] == "presence" and counted["topic"] == topic_of(thread), counted
    assert (await socket.receive_json_from(timeout=ARRIVES))["type"] == "preferences"
    socket.count, socket.pushed = counted["reading"], 0
    return counted["reading"]


async def next_count(socket: WebsocketCommunicator) -> int:
    """The next count pushed to the tab (it must come)."""
    frame = await socket.receive_json_from(timeout=ARRIVES)
    assert frame["type"] == "presence", frame
    assert set(frame) == {"type", "topic", "reading"}, "a count, never names"
    socket.count, socket.pushed = frame["reading"], socket.pushed + 1
    return frame["reading"]


async def shows(socket: WebsocketCommunicator, expected: int) -> None:
    """The tab comes to show `expected` (given when it joined, or pushed since), and then
    nothing more is pushed: a tab is never sent the count it already has."""
    while socket.count != expected:
        await next_count(socket)
    assert await socket.receive_nothing(timeout=QUIET)


async def share_typing(socket: WebsocketCommunicator, share: bool = True) -> None:
    await socket.send_json_to({"action": "share-typing", "share": share})
    assert await socket.receive_json_from(timeout=ARRIVES) == {
        "type": "preferences",
        "share_typing": share,
    }


async def type_in(socket: WebsocketCommunicator, thread) -> None:
    await socket.send_json_to({"action": "typing", "topic": topic_of(thread)})


def a_thread():
    return published_thread(on=board())


# --- Members reading -------------------------------------------------------------------------


async def test_the_count_goes_up_when_a_member_opens_the_thread_and_down_when_they_leave():
    thread = await sync_to_async(a_thread)()
    first, second = await sync_to_async(member)(), await sync_to_async(member)()

    async with open_socket(first) as mine:
        assert await read(mine, thread) == 1

        async with open_socket(second) as theirs:
            assert await read(theirs, thread) == 2
            assert await next_count(mine) == 2

        assert await next_count(mine) == 1
        assert await sync_to_async(LivePresence.objects.count)() == 1


async def test_a_member_with_two_tabs_counts_once_until_both_are_closed():
    thread = await sync_to_async(a_thread)()
    first, second = await sync_to_async(member)(), await sync_to_async(member)()

    async with open_socket(first) as watcher, open_socket(second) as tab_one:
        assert await read(watcher, thread) == 1
        assert await read(tab_one, thread) == 2
        async with open_socket(second) as tab_two:
            assert await read(tab_two, thread) == 2
            await shows(watcher, 2)
        # One of the two tabs closed: still the same member reading, so nothing new to show.
        assert await watcher.receive_nothing(timeout=QUIET)
        assert await sync_to_async(LivePresence.objects.count)() == 2

    async with open_socket(first) as again:
        assert await read(again, thread) == 1


async def test_a_tab_that_does_not_ask_for_the_count_is_not_counted_and_gets_no_counts():
    thread = await sync_to_async(a_thread)()
    first, second = await sync_to_async(member)(), await sync_to_async(member)()

    async with open_socket(first) as plain, open_socket(second) as reading:
        await plain.send_json_to({"action": "subscribe", "topic": topic_of(thread)})
        assert (await plain.receive_json_from(timeout=ARRIVES))["type"] == "subscribed"
        assert await read(reading, thread) == 1
        assert await plain.receive_nothing(timeout=QUIET)


async def test_a_stranger_cannot_read_a_circle_threads_count_or_send_it_typing():
    def make():
        host = member(display_name="Circle Host")
        circle = board(circle=True, host=host)
        thread = published_thread(on=circle, author=host, body="Only for the circle.")
        return thread, host, member()

    thread, host, stranger = await sync_to_async(make)()
    await sync_to_async(LivePreferences.objects.create)(member=stranger, share_typing=True)

    async with open_socket(host) as insider, open_socket(stranger) as outsider:
        assert await read(insider, thread) == 1
        await outsider.send_json_to(
            {"action": "subscribe", "topic": topic_of(thread), "presence": True}
        )
        assert await outsider.receive_json_from(timeout=ARRIVES) == {
            "type": "refused",
            "topic": topic_of(thread),
        }
        await type_in(outsider, thread)
        assert await outsider.receive_json_from(timeout=ARRIVES) == {
            "type": "refused",
            "topic": topic_of(thread),
        }

        # The insider's own arrival is announced once; the stranger changes nothing.
        await shows(insider, 1)
        assert await outsider.receive_nothing(timeout=QUIET)
        rows = await sync_to_async(list)(LivePresence.objects.values_list("member_id", flat=True))
        assert rows == [host.pk]


async def test_a_count_left_behind_by_a_dead_process_stops_counting_and_is_swept(settings):
    settings.LIVE_PRESENCE_HEARTBEAT_SECONDS = 0.4
    thread = await sync_to_async(a_thread)()
    reader, gone = await sync_to_async(member)(), await sync_to_async(member)()
    # A socket whose Daphne process was killed: nobody will delete its row.
    await sync_to_async(LivePresence.objects.create)(
        topic=topic_of(thread),
        channel_name="specific.dead-process!socket",
        member=gone,
        expires_at=timezone.now() + timedelta(seconds=0.6),
    )

    async with open_socket(reader) as socket:
        assert await read(socket, thread) == 2
        counts = [await next_count(socket)]
        while counts[-1] != 1:
            counts.append(await next_count(socket))
        assert set(counts) <= {1, 2}
        assert await socket.receive_nothing(timeout=QUIET)

    assert not await sync_to_async(LivePresence.objects.filter(member=gone).exists)()


async def test_a_crowd_arriving_at_once_gets_one_pushed_count_each_not_one_per_arrival(settings):
    settings.LIVE_PRESENCE_ANNOUNCE_SECONDS = 1.0
    thread = await sync_to_async(a_thread)()
    readers = [await sync_to_async(member)() for _ in range(12)]

    async with AsyncExitStack() as stack:
        sockets = [await stack.enter_async_context(open_socket(each)) for each in readers]
        counts = [await read(socket, thread) for socket in sockets]
        assert counts == list(range(1, 13))

        for socket in sockets:
            await shows(socket, 12)
        # Each tab was given the count when it joined, then at most a frame or two for the
        # whole crowd (one per window it took them to arrive), never one per arrival.
        assert max(socket.pushed for socket in sockets) <= 3, [s.pushed for s in sockets]


# --- Someone is replying ---------------------------------------------------------------------


async def test_typing_is_relayed_without_a_name_only_once_the_typist_has_opted_in():
    thread = await sync_to_async(a_thread)()
    typist = await sync_to_async(member)(display_name="Quiet Typist")
    other = await sync_to_async(member)()

    async with (
        open_socket(typist) as typing_tab,
        open_socket(typist) as typists_other_tab,
        open_socket(other) as reader,
    ):
        await read(typing_tab, thread)
        await read(typists_other_tab, thread)
        await read(reader, thread)
        for socket in (typing_tab, typists_other_tab, reader):
            await shows(socket, 2)

        # Off by default: typing goes nowhere.
        await type_in(typing_tab, thread)
        assert await reader.receive_nothing(timeout=QUIET)

        await share_typing(typing_tab)

    async with open_socket(typist) as typing_tab, open_socket(other) as reader:
        await read(typing_tab, thread)
        await read(reader, thread)
        await shows(typing_tab, 2)
        await shows(reader, 2)
        await type_in(typing_tab, thread)

        assert await reader.receive_json_from(timeout=ARRIVES) == {
            "type": "typing",
            "topic": topic_of(thread),
        }
        # Not back to the typist's own tab.
        assert await typing_tab.receive_nothing(timeout=QUIET)


async def test_the_choice_to_share_typing_is_remembered_for_the_member_and_can_be_undone():
    thread = await sync_to_async(a_thread)()
    typist = await sync_to_async(member)()

    async with open_socket(typist) as tab:
        await read(tab, thread)
        await share_typing(tab, True)

    async with open_socket(typist) as later_tab:
        await later_tab.send_json_to(
            {"action": "subscribe", "topic": topic_of(thread), "presence": True}
        )
        frames = [await later_tab.receive_json_from(timeout=ARRIVES) for _ in range(3)]
        assert frames[2] == {"type": "preferences", "share_typing": True}
        await share_typing(later_tab, False)

    assert not await sync_to_async(
        LivePreferences.objects.filter(member=typist, share_typing=True).exists
    )()


async def test_typing_fast_is_relayed_at_most_once_every_few_seconds():
    thread = await sync_to_async(a_thread)()
    typist, other = await sync_to_async(member)(), await sync_to_async(member)()
    await sync_to_async(LivePreferences.objects.create)(member=typist, share_typing=True)

    async with open_socket(typist) as typing_tab, open_socket(other) as reader:
        await read(typing_tab, thread)
        await read(reader, thread)
        await shows(typing_tab, 2)
        await shows(reader, 2)
        for _ in range(8):
            await type_in(typing_tab, thread)

        frames = []
        while not await reader.receive_nothing(timeout=QUIET):
            frames.append(await reader.receive_json_from())
        assert frames == [{"type": "typing", "topic": topic_of(thread)}]


async def test_a_flood_of_typing_frames_gets_an_error_and_the_socket_keeps_working():
    thread = await sync_to_async(a_thread)()
    typist, other = await sync_to_async(member)(), await sync_to_async(member)()
    await sync_to_async(LivePreferences.objects.create)(member=typist, share_typing=True)

    async with open_socket(typist) as flooder, open_socket(other) as reader:
        await read(flooder, thread)
        await read(reader, thread)
        await shows(flooder, 2)
        await shows(reader, 2)
        for _ in range(40):
            await type_in(flooder, thread)

        frames = []
        while not await flooder.receive_nothing(timeout=QUIET):
            frames.append(await flooder.receive_json_from())
        assert {"type": "error", "message": "Too many messages at once; please slow down."} in (
            frames
        )
        typing = []
        while not await reader.receive_nothing(timeout=QUIET):
            typing.append(await reader.receive_json_from())
        assert typing == [{"type": "typing", "topic": topic_of(thread)}]

        # Still open and subscribed: the next reply reaches the flooder's tab.
        posted = await sync_to_async(reply)(thread, "Here if you need us.")
        frame = await flooder.receive_json_from(timeout=ARRIVES)
        assert (frame["event"], frame["data"]["post"]) == ("published", posted.pk)


async def test_someone_replying_and_the_count_stop_reaching_a_suspended_member_at_once():
    def make():
        return a_thread(), member(), member(), moderator(safeguarding=True)

    thread, typist, suspended, lead = await sync_to_async(make)()
    await sync_to_async(LivePreferences.objects.create)(member=typist, share_typing=True)

    async with open_socket(typist) as typing_tab, open_socket(suspended) as their_tab:
        await read(typing_tab, thread)
        await read(their_tab, thread)
        await shows(typing_tab, 2)
        await shows(their_tab, 2)

        await sync_to_async(moderation.sanction)(
            member=suspended, moderator=lead, kind="suspend", reason="Shared a child's school."
        )

        assert await their_tab.receive_output(timeout=ARRIVES) == {
            "type": "websocket.close",
            "code": 4003,
        }
        # The others learn within the 5 s the issue allows (the close path, then one window).
        assert await next_count(typing_tab) == 1
        await type_in(typing_tab, thread)
        assert await their_tab.receive_nothing(timeout=QUIET)


async def test_a_member_silenced_while_their_tabs_are_open_can_no_longer_show_as_replying():
    def make():
        return a_thread(), member(), member(), moderator()

    thread, typist, reader_member, mod = await sync_to_async(make)()
    await sync_to_async(LivePreferences.objects.create)(member=typist, share_typing=True)

    async with (
        open_socket(typist) as first_tab,
        open_socket(typist) as second_tab,
        open_socket(reader_member) as reader,
    ):
        for socket in (first_tab, second_tab, reader):
            await read(socket, thread)
        for socket in (first_tab, second_tab, reader):
            await shows(socket, 2)
        await type_in(first_tab, thread)
        assert (await reader.receive_json_from(timeout=ARRIVES))["type"] == "typing"

        # Silenced: may still read, may not post, so may not be "someone replying" either.
        await sync_to_async(moderation.sanction)(
            member=typist, moderator=mod, kind="silence", reason="Cooling off for a day."
        )
        await type_in(second_tab, thread)
        assert await reader.receive_nothing(timeout=QUIET)
        # Silenced members still read: their tabs stay open and counted.
        await shows(reader, 2)


async def test_only_moderators_show_as_replying_in_a_locked_thread():
    def make():
        return a_thread(), member(), moderator(), member()

    thread, typist, mod, reader_member = await sync_to_async(make)()
    for someone in (typist, mod):
        await sync_to_async(LivePreferences.objects.create)(member=someone, share_typing=True)
    await sync_to_async(type(thread).objects.filter(pk=thread.pk).update)(locked=True)

    async with (
        open_socket(typist) as typists_tab,
        open_socket(mod) as moderators_tab,
        open_socket(reader_member) as reader,
    ):
        for socket in (typists_tab, moderators_tab, reader):
            await read(socket, thread)
        await shows(reader, 3)

        await type_in(typists_tab, thread)
        assert await reader.receive_nothing(timeout=QUIET)

        await type_in(moderators_tab, thread)
        assert await reader.receive_json_from(timeout=ARRIVES) == {
            "type": "typing",
            "topic": topic_of(thread),
        }


async def test_a_member_who_leaves_a_circle_stops_counting_and_hearing_typing():
    def make():
        host = member(display_name="Circle Host")
        circle = board(circle=True, host=host)
        thread = published_thread(on=circle, author=host, body="Only for the circle.")
        leaver = member()
        join_circle(circle, leaver)
        return circle, thread, host, leaver

    circle, thread, host, leaver = await sync_to_async(make)()
    await sync_to_async(LivePreferences.objects.create)(member=host, share_typing=True)

    async with open_socket(host) as host_tab, open_socket(leaver) as leaver_tab:
        await read(host_tab, thread)
        await read(leaver_tab, thread)
        await shows(host_tab, 2)
        await shows(leaver_tab, 2)

        await sync_to_async(circles.circle_leave)(circle=circle, member=leaver)

        assert await leaver_tab.receive_output(timeout=ARRIVES) == {
            "type": "websocket.close",
            "code": 4003,
        }
        assert await next_count(host_tab) == 1
        await type_in(host_tab, thread)
        assert await leaver_tab.receive_nothing(timeout=QUIET)

    async with open_socket(leaver) as again:
        await again.send_json_to(
            {"action": "subscribe", "topic": topic_of(thread), "presence": True}
        )
        assert (await again.receive_json_from(timeout=ARRIVES))["type"] == "refused"


async def test_a_count_taken_before_the_tab_joined_is_not_shown_over_its_newer_count():
    # Under load an announcement counted before this tab's row was in can arrive after the
    # tab was given its own, newer count; showing it would make the count go back.
    thread = await sync_to_async(a_thread)()
    reader = await sync_to_async(member)()

    async with open_socket(reader) as tab:
        await read(tab, thread)
        stale = time.time() - 5
        await get_channel_layer().group_send(
            thread_group(thread.pk),
            {
                "type": "live.frame",
                "topic": topic_of(thread),
                "presence": True,
                "reading": 0,
                "counted_at": stale,
                "text": presence.presence_frame(topic=topic_of(thread), reading=0),
            },
        )

        assert await tab.receive_nothing(timeout=QUIET)
        assert tab.count == 1
