"""The reads behind each socket's heartbeat catch-up (`LiveConsumer._catch_up`), kept cheap.

A quiet topic costs its sockets nothing: its newest event id is read once per process and
topic within NEWEST_FRESH_SECONDS, however many sockets' heartbeats ask. A socket whose topic
has news reads the ids it may be missing (one indexed query), with its access asked afresh when
that is due, in one trip to a worker thread.
"""

from __future__ import annotations

import time
from typing import Any

from channels.db import database_sync_to_async

from community.live.topics import Topic

NEWEST_FRESH_SECONDS = 1.0
# Topics come and go; the memo is emptied rather than allowed to grow without bound.
MAX_REMEMBERED_TOPICS = 10_000

_newest_read: dict[str, tuple[float, int]] = {}


async def newest_event(topic: str, registered: Topic, arg: str | None) -> int:
    """The topic's newest event id, read at most once per NEWEST_FRESH_SECONDS in this process.

    An answer up to that old is safe: a lower newest id only means the next heartbeat, not this
    one, catches up what came after it.
    """
    now = time.monotonic()
    known = _newest_read.get(topic)
    if known is not None and now - known[0] < NEWEST_FRESH_SECONDS:
        return known[1]
    newest = await database_sync_to_async(registered.newest)(arg)
    if len(_newest_read) >= MAX_REMEMBERED_TOPICS:
        _newest_read.clear()
    _newest_read[topic] = (now, newest)
    return newest


def authorised_ids(
    registered: Topic, user: Any, arg: str | None, since: int
) -> tuple[bool, list[int]]:
    """Whether `user` may still have the topic (asked exactly as a subscription asks; not
    asked when `user` is None) and, if so, its event ids after `since`. In a worker thread."""
    if user is not None and registered.authorise(user, arg) is None:
        return False, []
    # Only topics that catch up come here, and those give `event_ids` (`register_topic`).
    assert registered.event_ids is not None
    return True, registered.event_ids(arg, since)
