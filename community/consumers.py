"""The one websocket per browser tab. Thin: every rule lives in `community.live` topics."""

from __future__ import annotations

import json
import time
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from . import live

MAX_FRAME_BYTES = 4096
MAX_SUBSCRIPTIONS = 20
# Frames a tab may send in a window: far above what thread.js or the desk ever send.
MAX_FRAMES = 30
FRAME_WINDOW_SECONDS = 10.0
MAX_REMEMBERED_IDS = 1000


class LiveConsumer(AsyncJsonWebsocketConsumer):
    """Carries subscriptions to topics; each one authorised when it is asked for.

    Frames from the tab: {"action": "subscribe" | "unsubscribe", "topic": "..."} (a subscribe
    may carry "since": the last event id the tab saw, to catch up from the database) and
    {"action": "ping"}. Frames to the tab: "subscribed", "refused", "unsubscribed", "event",
    "pong" and "error", each with a "type".
    """

    # Group messages whose handlers never touch the database. Channels hops to a thread to
    # close stale database connections before every message; for these it is pure cost, and
    # fan-out to many sockets is dominated by it.
    DATABASE_FREE = frozenset({"live.event", "live.close"})

    async def dispatch(self, message: dict[str, Any]) -> None:
        if message.get("type") in self.DATABASE_FREE:
            handler = getattr(self, message["type"].replace(".", "_"))
            await handler(message)
            return
        await super().dispatch(message)

    async def connect(self) -> None:
        self.subscriptions: dict[str, str] = {}
        self.recent_frames: list[float] = []
        # Per topic: ids the tab already has from catch-up (up to `floor`) and ids sent since.
        # Publishers commit in one order but may publish in another, so a set, not a maximum.
        self.floor: dict[str, int] = {}
        self.sent_ids: dict[str, set[int]] = {}
        user = self.scope.get("user")
        # Every socket of a signed-in member listens on the member's own group for control
        # messages, so a suspension or sign-out elsewhere can close it at once.
        self.member_group = live.member_group(user.pk) if user and user.is_authenticated else None
        if self.member_group:
            await self.channel_layer.group_add(self.member_group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        groups = set(self.subscriptions.values()) | ({self.member_group} - {None})
        for group in groups:
            await self.channel_layer.group_discard(group, self.channel_name)
        self.subscriptions = {}

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        now = time.monotonic()
        self.recent_frames = [t for t in self.recent_frames if now - t < FRAME_WINDOW_SECONDS]
        self.recent_frames.append(now)
        if len(self.recent_frames) > MAX_FRAMES:
            await self.send_json(
                {"type": "error", "message": "Too many messages at once; please slow down."}
            )
            return
        if text_data is None or len(text_data.encode()) > MAX_FRAME_BYTES:
            await self.send_json({"type": "error", "message": "That message was not understood."})
            return
        try:
            content = json.loads(text_data)
        except (ValueError, RecursionError):
            # RecursionError: "[[[[...]]]]" nests deeper than the parser allows, well under 4 KB.
            await self.send_json({"type": "error", "message": "That message was not understood."})
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
            await self._subscribe(topic, since if valid_since else None)
        elif action == "unsubscribe" and isinstance(topic, str):
            await self._unsubscribe(topic)
        else:
            await self.send_json({"type": "error", "message": "That message was not understood."})

    async def _subscribe(self, topic: str, since: int | None = None) -> None:
        if topic in self.subscriptions:
            await self.send_json({"type": "subscribed", "topic": topic})
            return
        group = None
        match = live.TOPIC_PATTERN.match(topic)
        registered = live.topic_for(match["kind"]) if match else None
        if registered is not None and len(self.subscriptions) < MAX_SUBSCRIPTIONS:
            group = await database_sync_to_async(registered.authorise)(
                self.scope.get("user"), match["arg"]
            )
        if group is None:
            await self.send_json({"type": "refused", "topic": topic})
            return
        await self.channel_layer.group_add(group, self.channel_name)
        self.subscriptions[topic] = group
        await self.send_json({"type": "subscribed", "topic": topic})
        if since is not None and registered.catch_up is not None:
            # Joined first, then read: an event committed in between arrives live after these
            # and is dropped as already sent, so nothing is missed and nothing comes twice.
            missed = await database_sync_to_async(registered.catch_up)(
                self.scope.get("user"), match["arg"], since
            )
            self.floor[topic] = since
            for event in missed:
                await self._send_event(topic, event["event"], event["data"], event["id"])

    async def _unsubscribe(self, topic: str) -> None:
        group = self.subscriptions.pop(topic, None)
        keep = set(self.subscriptions.values()) | {self.member_group}
        if group is not None and group not in keep:
            await self.channel_layer.group_discard(group, self.channel_name)
        await self.send_json({"type": "unsubscribed", "topic": topic})

    async def live_close(self, message: dict[str, Any]) -> None:
        """The member was suspended or signed out elsewhere: end this socket."""
        await self.close(code=4003)

    async def live_event(self, message: dict[str, Any]) -> None:
        """A published event: pass it on if this tab still holds that subscription."""
        if message["topic"] not in self.subscriptions:
            return
        await self._send_event(
            message["topic"], message["event"], message["data"], message.get("id")
        )

    async def _send_event(
        self, topic: str, event: str, data: dict[str, Any], event_id: int | None
    ) -> None:
        frame: dict[str, Any] = {"type": "event", "topic": topic, "event": event, "data": data}
        if event_id is not None:
            sent = self.sent_ids.setdefault(topic, set())
            if event_id <= self.floor.get(topic, -1) or event_id in sent:
                return
            sent.add(event_id)
            if len(sent) > MAX_REMEMBERED_IDS:
                # Keep the newest half; anything older is long settled.
                keep = sorted(sent)[-MAX_REMEMBERED_IDS // 2 :]
                self.floor[topic] = max(self.floor.get(topic, -1), keep[0] - 1)
                self.sent_ids[topic] = set(keep)
            frame["id"] = event_id
        await self.send_json(frame)
