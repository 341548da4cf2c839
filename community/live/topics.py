"""The live layer: topics a browser tab may subscribe to over the one `/ws/` socket.

Apps register topics from their `AppConfig.ready()`. A topic authorises each subscription
exactly like the page that shows the same thing, and names the channel-layer group it joins.
Events are news only: the database stays the source of truth, and a tab that missed events
catches up from it: when it subscribes again ("since"), and on every heartbeat of its socket
(`LiveConsumer`), so an event lost anywhere between the commit and the tab arrives anyway.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

# Frames name a topic as "kind" or "kind:argument", e.g. "notifications" or "thread:42".
TOPIC_PATTERN = re.compile(r"^(?P<kind>[a-z][a-z0-9_-]{0,31})(?::(?P<arg>[A-Za-z0-9_-]{1,64}))?$")


@dataclass(frozen=True)
class Topic:
    """A kind of live subscription.

    `authorise(user, arg)` runs in a worker thread and may query the database; it returns the
    group to join, or None to refuse. Refusals never say why, so a stranger cannot probe what
    exists.
    """

    kind: str
    authorise: Callable[[Any, str | None], str | None]
    # catch_up(user, arg, since) -> events after id `since`, each {"id", "event", "data"},
    # read from the database. Runs in a worker thread after the socket has joined the group.
    catch_up: Callable[[Any, str | None, int], list[dict[str, Any]]] | None = None
    # newest(arg) -> the topic's newest event id (0 if none), and event_ids(arg, since) -> the
    # ids after `since`, ascending: both cheap indexed reads with no permission check, because
    # their answer never reaches the tab. The heartbeat compares them with what the socket sent
    # and calls `catch_up` (which checks permissions) only when something is missing. Ids must
    # be given in commit order per topic: seeing id n means every id below n is committed.
    newest: Callable[[str | None], int] | None = None
    event_ids: Callable[[str | None, int], list[int]] | None = None
    # A subscription that asks for it ({"presence": true}) counts its member as reading and gets
    # the count ("N members reading") as it changes.
    presence: bool = False
    # Members who chose to may send "typing" on it; others with presence see "someone is
    # replying", never who.
    typing: bool = False
    # may_type(user, arg) -> whether that member may post there right now (not silenced,
    # suspended or locked out); asked, in a worker thread, before each "typing" is relayed.
    # None: anyone the topic authorised.
    may_type: Callable[[Any, str | None], bool] | None = None


_topics: dict[str, Topic] = {}


def register_topic(
    kind: str,
    authorise: Callable[[Any, str | None], str | None],
    *,
    catch_up: Callable[[Any, str | None, int], list[dict[str, Any]]] | None = None,
    newest: Callable[[str | None], int] | None = None,
    event_ids: Callable[[str | None, int], list[int]] | None = None,
    presence: bool = False,
    typing: bool = False,
    may_type: Callable[[Any, str | None], bool] | None = None,
) -> None:
    """Add a kind of topic; called from an app's `ready()`.

    A topic that can catch up gives `catch_up`, `newest` and `event_ids` together: the heartbeat
    needs all three.
    """
    if kind in _topics and _topics[kind].authorise is not authorise:
        raise ValueError(f"Live topic {kind!r} is already registered.")
    if catch_up is not None and (newest is None or event_ids is None):
        raise ValueError(f"Live topic {kind!r} catches up, so it needs `newest` and `event_ids`.")
    _topics[kind] = Topic(
        kind=kind,
        authorise=authorise,
        catch_up=catch_up,
        newest=newest,
        event_ids=event_ids,
        presence=presence,
        typing=typing,
        may_type=may_type,
    )


def topic_for(kind: str) -> Topic | None:
    """The registered topic of that kind, if any."""
    return _topics.get(kind)


def group_name(*parts: object) -> str:
    """The one way to name a channel-layer group.

    Channels allows only ASCII letters, digits, hyphens, underscores and periods, under 100
    characters; the readable prefix helps when watching Redis, the hash keeps it unique.
    """
    raw = ".".join(str(part) for part in parts)
    readable = re.sub(r"[^A-Za-z0-9_.-]", "_", raw)[:60]
    digest = hashlib.sha256(raw.encode()).hexdigest()[:16]
    return f"live.{readable}.{digest}"


def member_group(user_id: int) -> str:
    """The group of one member's own tabs (notifications, their own held content)."""
    return group_name("member", user_id)


def event_frame(
    *, topic: str, event: str, data: dict[str, Any], event_id: int | None = None
) -> dict[str, Any]:
    """The frame a tab gets for one event, live or caught up."""
    frame: dict[str, Any] = {"type": "event", "topic": topic, "event": event, "data": data}
    if event_id is not None:
        frame["id"] = event_id
    return frame


def publish(
    group: str, *, topic: str, event: str, data: dict[str, Any], event_id: int | None = None
) -> None:
    """Send an event to every socket in a group. Call it from `transaction.on_commit`.

    The frame is encoded here, once, and every socket sends the same text. `event_id` numbers
    events of topics that can catch up; a socket never sends the same id twice. A channel
    layer that is down loses only the news, never the content: failures are left to the
    caller's `on_commit` handler to log.
    """
    layer = get_channel_layer()
    if layer is None:
        return
    frame = event_frame(topic=topic, event=event, data=data, event_id=event_id)
    message: dict[str, Any] = {"type": "live.event", "topic": topic, "text": json.dumps(frame)}
    if event_id is not None:
        message["id"] = event_id
    async_to_sync(layer.group_send)(group, message)


def publish_each(events: list[tuple[str, dict[str, Any]]], *, topic: str, event: str) -> None:
    """Send one event to each of several groups (`(group, data)` pairs), in one trip to the
    channel layer: a reply telling fifty followers costs one hop, not fifty. Call it from
    `transaction.on_commit`, like `publish`."""
    layer = get_channel_layer()
    if layer is None or not events:
        return
    messages = [
        (
            group,
            {
                "type": "live.event",
                "topic": topic,
                "text": json.dumps(event_frame(topic=topic, event=event, data=data)),
            },
        )
        for group, data in events
    ]

    async def send_all() -> None:
        for group, message in messages:
            await layer.group_send(group, message)

    async_to_sync(send_all)()


def close_member_sockets(user_id: int) -> None:
    """Close every open socket of one member (suspended, signed out, erased)."""
    layer = get_channel_layer()
    if layer is None:
        return
    async_to_sync(layer.group_send)(member_group(user_id), {"type": "live.close"})


def _authorise_notifications(user, arg: str | None) -> str | None:
    if arg is not None or not user.is_authenticated or not user.is_active:
        return None
    return member_group(user.pk)


def register_builtin_topics() -> None:
    """Topics that belong to `community` itself."""
    register_topic("notifications", _authorise_notifications)
