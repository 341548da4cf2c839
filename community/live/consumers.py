"""The one websocket per browser tab. Thin: every rule lives in `community.live.topics` topics and
`community.live.presence`."""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
from importlib import import_module
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings

from community.input.jsonbody import JSONBodyError, json_object
from community.live import presence
from community.live import topics as live
from community.live.catch_up import authorised_ids, newest_event

logger = logging.getLogger(__name__)

MAX_FRAME_BYTES = 4096
# The largest message a tab may send at all, enforced by Daphne (autobahn) from the frame's
# header, before its payload is read: just above MAX_FRAME_BYTES, so a frame a little over the
# application's limit still gets "not understood" on an open socket, and anything far over it
# closes the socket (1009) without being read whole. Every Daphne command line gets these
# options: `make run` (`manage.py serve`), docs/deploy.md and the reliability tests.
MAX_MESSAGE_BYTES = 5 * 1024
DAPHNE_OPTIONS = (
    "--websocket-max-message-size",
    str(MAX_MESSAGE_BYTES),
    "--websocket-max-frame-size",
    str(MAX_MESSAGE_BYTES),
)
MAX_SUBSCRIPTIONS = 20
# Frames a tab may send in a window: far above what thread.js or the desk ever send.
MAX_FRAMES = 30
FRAME_WINDOW_SECONDS = 10.0
MAX_REMEMBERED_IDS = 1000
# "typing" frames relayed per socket and topic: at most one in this many seconds. thread.js
# sends one every few seconds while the member types; extra ones are dropped quietly.
TYPING_EVERY_SECONDS = 3.0

# Close codes the server sends. Live scripts (community/static/community/live-socket.js)
# reconnect with backoff on any close and catch up by the last event id they saw; 4003
# additionally means the member's access changed. Before this consumer, the guards of
# community/live/socket_guards.py refuse a foreign origin or a visitor at the handshake, close with
# 4013 ("try again later") when the channel layer or the database cannot be reached, and with
# 4008 when the member already has too many sockets open.
CLOSE_ACCESS_CHANGED = 4003
# An open socket could not reach the channel layer or the database (socket_guards.py): the tab
# reconnects and catches up.
CLOSE_CATCH_UP = 4001
# The member's session went unused for longer than the idle timeout, or ended: the tab reloads,
# so a family computer left on shows the sign-in page, not the thread (IdleSignOutMiddleware).
CLOSE_IDLE = 4004

NOT_UNDERSTOOD = json.dumps({"type": "error", "message": "That message was not understood."})
SLOW_DOWN = json.dumps({"type": "error", "message": "Too many messages at once; please slow down."})


def _topic_arg(topic: str) -> str | None:
    """The argument of a topic the socket has subscribed to (it matched the pattern then)."""
    match = live.TOPIC_PATTERN.match(topic)
    assert match is not None  # only subscribed topics come here
    return match["arg"]


class LiveConsumer(AsyncJsonWebsocketConsumer):
    """Carries subscriptions to topics; each one authorised when it is asked for.

    Frames from the tab:
    - {"action": "subscribe", "topic": "..."}, optionally with "since" (the last event id the
      tab saw, to catch up from the database) and "presence": true (count this tab's member as
      reading, and send the count and "someone is replying" as they change);
    - {"action": "unsubscribe", "topic": "..."}, {"action": "ping"};
    - {"action": "typing", "topic": "..."}: the member is typing a reply (relayed only if they
      chose to share it);
    - {"action": "share-typing", "share": true | false}: remember that choice.

    Frames to the tab, each with a "type": "subscribed", "refused", "unsubscribed", "event",
    "presence" ({"reading": n}), "typing", "preferences" ({"share_typing": bool}), "pong" and
    "error".

    The heartbeat refreshes presence and catches each topic up from the database (`_catch_up`),
    so an event the channel layer lost reaches the tab anyway; or "refused", if access ended.
    """

    # Group messages whose handlers never touch the database through the ORM directly. Channels
    # hops to a thread to close stale database connections before every message; for these it
    # is pure cost, and fan-out to many sockets is dominated by it. (`live_close` uses
    # `database_sync_to_async`, which closes stale connections itself.)
    DATABASE_FREE = frozenset({"live.event", "live.frame", "live.close"})

    async def dispatch(self, message: dict[str, Any]) -> None:
        kind = message["type"]
        if kind == "live.event":
            # The hot path of fan-out: straight to the handler.
            await self.live_event(message)
        elif kind in self.DATABASE_FREE:
            await getattr(self, kind.replace(".", "_"))(message)
        else:
            await super().dispatch(message)

    async def connect(self) -> None:
        self.subscriptions: dict[str, str] = {}
        self.topics: dict[str, live.Topic] = {}
        # Topics on which this socket counts as reading and gets counts and typing notices.
        self.presence_topics: set[str] = set()
        # The count each of those tabs was last sent, so the same count is not sent twice.
        self.last_reading: dict[str, int] = {}
        # When each of those counts was taken, so an older announcement arriving late is
        # not shown over a newer count.
        self.reading_at: dict[str, float] = {}
        self.heartbeat: asyncio.Task | None = None
        self.last_typing: dict[str, float] = {}
        self.recent_frames: list[float] = []
        # Per topic: ids the tab already has from catch-up (up to `floor`) and ids sent since.
        # Publishers commit in one order but may publish in another, so a set, not a maximum.
        self.floor: dict[str, int] = {}
        self.sent_ids: dict[str, set[int]] = {}
        # Per topic, for the heartbeat: ids missing at the last one (lost if still missing),
        # when access was last asked, and topics with news since.
        self.pending: dict[str, set[int]] = {}
        self.authorised_at: dict[str, float] = {}
        self.unasked: set[str] = set()
        user = self.scope.get("user")
        # Always a member: visitors are refused before this (socket_guards.MembersOnly).
        self.member_id = user.pk if user and user.is_authenticated else None
        # Every socket of a signed-in member listens on the member's own group for control
        # messages, so a suspension or sign-out elsewhere can close it at once.
        self.member_group = live.member_group(user.pk) if self.member_id else None
        self.idle_watch: asyncio.Task | None = None
        if self.member_group:
            await self.channel_layer.group_add(self.member_group, self.channel_name)
        await self.accept()
        if self.member_id:
            # Checked after the handshake, not before: a burst of reconnecting tabs must not
            # wait on the database to be accepted. An idle session's tab is closed at once.
            self.idle_watch = asyncio.ensure_future(self._watch_idle())

    async def disconnect(self, code: int) -> None:
        if (idle_watch := getattr(self, "idle_watch", None)) is not None:
            idle_watch.cancel()
            self.idle_watch = None
        await self._stop_reading()
        groups = set(self.subscriptions.values()) | ({self.member_group} - {None})
        for group in groups:
            await self.channel_layer.group_discard(group, self.channel_name)
        self.subscriptions = {}

    async def send_text(self, text: str) -> None:
        """Send an already encoded frame as it is."""
        await self.base_send({"type": "websocket.send", "text": text})

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        now = time.monotonic()
        self.recent_frames = [t for t in self.recent_frames if now - t < FRAME_WINDOW_SECONDS]
        self.recent_frames.append(now)
        if len(self.recent_frames) > MAX_FRAMES:
            await self.send_text(SLOW_DOWN)
            return
        if text_data is None or len(text_data.encode()) > MAX_FRAME_BYTES:
            await self.send_text(NOT_UNDERSTOOD)
            return
        try:
            # Strict: an object, no lone surrogate ("\ud800" escapes), no deep nesting.
            content = json_object(text_data)
        except JSONBodyError:
            await self.send_text(NOT_UNDERSTOOD)
            return
        await self.receive_json(content)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        action = content.get("action") if isinstance(content, dict) else None
        topic = content.get("topic") if isinstance(content, dict) else None
        if action == "ping":
            await self.send_json({"type": "pong"})
        elif action == "subscribe" and isinstance(topic, str):
            since = content.get("since")
            valid_since = isinstance(since, int) and not isinstance(since, bool) and since >= 0
            await self._subscribe(
                topic, since if valid_since else None, reading=content.get("presence") is True
            )
        elif action == "unsubscribe" and isinstance(topic, str):
            await self._unsubscribe(topic)
        elif action == "typing" and isinstance(topic, str):
            await self._typing(topic)
        elif action == "share-typing" and isinstance(content.get("share"), bool):
            await self._share_typing(content["share"])
        else:
            await self.send_text(NOT_UNDERSTOOD)

    async def _subscribe(self, topic: str, since: int | None = None, reading: bool = False) -> None:
        if topic in self.subscriptions:
            await self.send_json({"type": "subscribed", "topic": topic})
            return
        group = None
        match = live.TOPIC_PATTERN.match(topic)
        registered = live.topic_for(match["kind"]) if match else None
        if match and registered is not None and len(self.subscriptions) < MAX_SUBSCRIPTIONS:
            group = await database_sync_to_async(registered.authorise)(
                self.scope.get("user"), match["arg"]
            )
        if group is None:
            await self.send_json({"type": "refused", "topic": topic})
            return
        assert match is not None and registered is not None  # a group comes only with both
        if since is None and registered.catch_up is not None:
            # The tab asked for nothing past: what it has starts at the newest event now. Read
            # before joining, so one committed in between is caught up by the heartbeat.
            self.floor[topic] = await database_sync_to_async(registered.newest)(match["arg"])
        await self.channel_layer.group_add(group, self.channel_name)
        self.subscriptions[topic] = group
        self.topics[topic] = registered
        self.authorised_at[topic] = time.monotonic()
        await self.send_json({"type": "subscribed", "topic": topic})
        if reading and registered.presence and self.member_id:
            await self._start_reading(topic, group, registered)
        if registered.catch_up is not None:
            self._start_heartbeat()
        if since is not None and registered.catch_up is not None:
            # Joined first, then read: an event committed in between arrives live after these
            # and is dropped as already sent, so nothing is missed and nothing comes twice.
            missed = await database_sync_to_async(registered.catch_up)(
                self.scope.get("user"), match["arg"], since
            )
            for event in missed:
                await self._send_event(topic, event["event"], event["data"], event["id"])
            # Everything up to the newest id read is covered (ids are in commit order).
            self._raise_floor(topic, max([since, *(event["id"] for event in missed)]))

    async def _unsubscribe(self, topic: str) -> None:
        if topic in self.presence_topics:
            self.presence_topics.discard(topic)
            due = await database_sync_to_async(presence.leave)(
                channel_name=self.channel_name, topic=topic
            )
            self._announce(due)
        await self._drop(topic)
        await self.send_json({"type": "unsubscribed", "topic": topic})

    async def _drop(self, topic: str) -> None:
        """Forget a subscription: its group (unless another topic shares it) and what was sent."""
        group = self.subscriptions.pop(topic, None)
        self.topics.pop(topic, None)
        for remembered in (self.floor, self.sent_ids, self.pending, self.authorised_at):
            remembered.pop(topic, None)
        self.unasked.discard(topic)
        keep = set(self.subscriptions.values()) | {self.member_group}
        if group is not None and group not in keep:
            await self.channel_layer.group_discard(group, self.channel_name)

    # --- Members reading, and "someone is replying" ------------------------------------------

    async def _start_reading(self, topic: str, group: str, registered: live.Topic) -> None:
        user = self.scope["user"]
        joined = await database_sync_to_async(presence.join)(
            topic=topic, channel_name=self.channel_name, member=user
        )
        self.presence_topics.add(topic)
        self.last_reading[topic] = joined.reading
        self.reading_at[topic] = joined.counted_at
        await self.send_text(presence.presence_frame(topic=topic, reading=joined.reading))
        if joined.announce:
            presence.schedule_announcement(topic=topic, group=group)
        if registered.typing:
            shares = await database_sync_to_async(presence.share_typing)(member=user)
            await self.send_json({"type": "preferences", "share_typing": shares})
        self._start_heartbeat()

    def _start_heartbeat(self) -> None:
        self.heartbeat = self.heartbeat or asyncio.ensure_future(self._beat())

    def _session_idle(self) -> bool:
        """Whether the member's session has ended or gone unused for longer than
        SESSION_IDLE_TIMEOUT (read afresh: the tab's own requests keep it in use)."""
        session = self.scope.get("session")
        key = getattr(session, "session_key", None)
        if not key:
            return True
        data = import_module(settings.SESSION_ENGINE).SessionStore(session_key=key).load()
        if not data:
            return True
        seen = data.get("seen_at")
        return seen is not None and time.time() - seen > settings.SESSION_IDLE_TIMEOUT

    async def _watch_idle(self) -> None:
        """Close this socket as soon as the member's session is idle (see CLOSE_IDLE): now,
        then every LIVE_IDLE_CHECK_SECONDS."""
        while True:
            try:
                idle = await database_sync_to_async(self._session_idle)()
            except Exception:
                # The database is away: look again next time rather than close a live tab.
                logger.warning("Could not check whether a socket's session is idle.")
                idle = False
            if idle:
                await self._stop_reading()
                await self.close(code=CLOSE_IDLE)
                return
            await asyncio.sleep(settings.LIVE_IDLE_CHECK_SECONDS)

    async def _beat(self) -> None:
        """The socket's heartbeat while it lives: refresh its presence (sweeping rows of dead
        processes) and catch its topics up from the database."""
        # Spread the heartbeats of sockets that opened together.
        interval = presence.heartbeat_seconds()
        await asyncio.sleep(interval * random.uniform(0.5, 1.0))  # noqa: S311 (not a secret)
        while True:
            if self.presence_topics:
                try:
                    due = await database_sync_to_async(presence.refresh)(
                        channel_name=self.channel_name
                    )
                    self._announce(due)
                except Exception:
                    # The database is away: try again next time; the rows outlive one miss.
                    logger.warning("Could not refresh a socket's presence.", exc_info=True)
            for topic in [t for t, r in self.topics.items() if r.catch_up is not None]:
                try:
                    await self._catch_up(topic)
                except Exception:
                    # The database is away: the next heartbeat reads from the same place.
                    logger.warning("Could not catch a socket up.", exc_info=True)
            await asyncio.sleep(interval)

    async def _catch_up(self, topic: str) -> None:
        """Send what the tab is missing of one topic: nothing to read while the topic's newest
        id (read once a second per process) is one the socket has; else one indexed read of ids.
        An id still missing a heartbeat later was lost (not in flight): then the topic's own
        `catch_up` runs, with access asked afresh, as it is after news every
        LIVE_IDLE_CHECK_SECONDS anyway (in case a live.close announcing its end was lost)."""
        registered = self.topics.get(topic)
        floor = self.floor.get(topic)
        if registered is None or floor is None:
            return  # unsubscribed meanwhile, or subscribed with its catch-up still running
        arg = _topic_arg(topic)
        news = await newest_event(topic, registered, arg) > floor
        since_asked = time.monotonic() - self.authorised_at.get(topic, 0.0)
        ask = since_asked >= settings.LIVE_IDLE_CHECK_SECONDS
        if not news and not (ask and topic in self.unasked):
            return
        if not ask:
            self.unasked.add(topic)  # news came without asking: ask when it is due
        user = self.scope.get("user")
        allowed, ids = await database_sync_to_async(authorised_ids)(
            registered, user if ask else None, arg, floor
        )
        if topic not in self.subscriptions:
            return
        missing = {event_id for event_id in ids if event_id not in self.sent_ids.get(topic, ())}
        lost = missing & self.pending.get(topic, set())
        if lost and allowed and not ask:
            allowed = await database_sync_to_async(registered.authorise)(user, arg) is not None
            ask = True
        if ask:
            self.authorised_at[topic] = time.monotonic()
            self.unasked.discard(topic)
        if not allowed:
            # As a refused subscription: the tab stops, and a reload shows why.
            await self._drop(topic)
            await self.send_json({"type": "refused", "topic": topic})
            return
        if lost:
            missed = await database_sync_to_async(registered.catch_up)(user, arg, floor)
            if topic not in self.subscriptions:
                return
            for event in missed:
                await self._send_event(topic, event["event"], event["data"], event["id"])
            missing = set()  # read after the ids: it covered every one of them
        self.pending[topic] = missing
        if ids:
            # Ids are in commit order: each one up to the newest read was sent, or is covered
            # by what was (superseded, or not for this member), or is in flight: the floor
            # stays below those.
            self._raise_floor(topic, min(missing) - 1 if missing else ids[-1])

    def _raise_floor(self, topic: str, floor: int) -> None:
        if floor > self.floor.get(topic, -1):
            self.floor[topic] = floor
            self.sent_ids[topic] = {i for i in self.sent_ids.get(topic, ()) if i > floor}

    def _announce(self, topics: list[str]) -> None:
        for topic in topics:
            group = self.subscriptions.get(topic)
            if group is not None:
                presence.schedule_announcement(topic=topic, group=group)

    async def _stop_reading(self) -> None:
        if self.heartbeat is not None:
            self.heartbeat.cancel()
            self.heartbeat = None
        if self.presence_topics:
            self.presence_topics = set()
            due = await database_sync_to_async(presence.leave)(channel_name=self.channel_name)
            self._announce(due)

    async def _typing(self, topic: str) -> None:
        registered = self.topics.get(topic)
        if registered is None or not registered.typing or not self.member_id:
            await self.send_json({"type": "refused", "topic": topic})
            return
        now = time.monotonic()
        if now - self.last_typing.get(topic, -TYPING_EVERY_SECONDS) < TYPING_EVERY_SECONDS:
            return
        self.last_typing[topic] = now
        if not await database_sync_to_async(self._may_relay_typing)(registered, _topic_arg(topic)):
            return
        await self.channel_layer.group_send(
            self.subscriptions[topic],
            {
                "type": "live.frame",
                "topic": topic,
                "presence": True,
                "from_member": self.member_id,
                "text": json.dumps({"type": "typing", "topic": topic}),
            },
        )

    def _may_relay_typing(self, registered: live.Topic, arg: str | None) -> bool:
        """Asked on every relayed notice: a silence or a lock can start while the tab is open."""
        user = self.scope["user"]
        if registered.may_type is not None and not registered.may_type(user, arg):
            return False
        return presence.share_typing(member=user)

    async def _share_typing(self, share: bool) -> None:
        if not self.member_id:
            await self.send_text(NOT_UNDERSTOOD)
            return
        shared = await database_sync_to_async(presence.set_share_typing)(
            member=self.scope["user"], share=share
        )
        await self.send_json({"type": "preferences", "share_typing": shared})

    # --- Group messages -------------------------------------------------------------------------

    async def live_close(self, message: dict[str, Any]) -> None:
        """The member was suspended, signed out elsewhere or left a circle: end this socket, and
        stop counting it as reading at once."""
        try:
            await self._stop_reading()
        finally:
            await self.close(code=CLOSE_ACCESS_CHANGED)

    async def live_frame(self, message: dict[str, Any]) -> None:
        """A ready-made frame for a topic's readers (a count, "someone is replying")."""
        topic = message["topic"]
        if message.get("presence") and topic not in self.presence_topics:
            return
        if topic not in self.subscriptions or message.get("from_member") == self.member_id:
            return
        reading = message.get("reading")
        if reading is not None:
            counted_at = message.get("counted_at", 0.0)
            if counted_at < self.reading_at.get(topic, 0.0):
                return  # counted before the count this tab has: it may be out of date
            self.reading_at[topic] = counted_at
            if self.last_reading.get(topic) == reading:
                return  # announced twice by two windows, or already sent when joining
            self.last_reading[topic] = reading
        await self.send_text(message["text"])

    async def live_event(self, message: dict[str, Any]) -> None:
        """A published event: pass it on if this tab still holds that subscription."""
        topic = message["topic"]
        if topic not in self.subscriptions:
            return
        event_id = message.get("id")
        if event_id is not None and not self._first_time(topic, event_id):
            return
        text = message.get("text")
        if text is None:
            # Published by a process of an older release, with the frame's parts unencoded.
            text = json.dumps(
                live.event_frame(
                    topic=topic, event=message["event"], data=message["data"], event_id=event_id
                )
            )
        await self.send_text(text)

    def _first_time(self, topic: str, event_id: int) -> bool:
        """Whether this socket has not sent the event yet (and note that it now has)."""
        sent = self.sent_ids.get(topic)
        if sent is None:
            sent = self.sent_ids[topic] = set()
        if event_id <= self.floor.get(topic, -1) or event_id in sent:
            return False
        sent.add(event_id)
        if len(sent) > MAX_REMEMBERED_IDS:
            # Keep the newest half; anything older is long settled.
            keep = sorted(sent)[-MAX_REMEMBERED_IDS // 2 :]
            self.floor[topic] = max(self.floor.get(topic, -1), keep[0] - 1)
            self.sent_ids[topic] = set(keep)
        return True

    async def _send_event(
        self, topic: str, event: str, data: dict[str, Any], event_id: int | None
    ) -> None:
        if event_id is not None and not self._first_time(topic, event_id):
            return
        frame = live.event_frame(topic=topic, event=event, data=data, event_id=event_id)
        await self.send_json(frame)
