"""Who is reading a topic right now, as a count, and the "someone is replying" choice.

The count lives in the database (`LivePresence`), so every Daphne process sees the same rows;
each socket's own process keeps its rows fresh (`refresh`) and deletes them when it closes
(`leave`). A process that is killed leaves rows behind, but they count for nobody once their
time runs out and the next heartbeat on the topic sweeps them and announces the lower count.

Counts go out to the topic's sockets at most once per `ANNOUNCE_SECONDS` per topic, across all
processes: the process that first sees a change takes a short-lived mark in the shared cache
and sends the count when the window ends, so a hundred readers arriving at once make one
frame per socket, not a hundred.

These are plain functions, called from the consumer through `database_sync_to_async`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from community.models import LivePreferences, LivePresence, User

logger = logging.getLogger(__name__)

# A socket refreshes its rows this often (settings may shorten it, e.g. in tests) ...
HEARTBEAT_SECONDS = 30.0
# ... and a row it stops refreshing counts for nobody after this long.
EXPIRES_AFTER_HEARTBEATS = 3
# At most one count per topic per window goes out to the topic's sockets.
ANNOUNCE_SECONDS = 1.5


def heartbeat_seconds() -> float:
    """How often an open socket refreshes its presence rows."""
    return float(getattr(settings, "LIVE_PRESENCE_HEARTBEAT_SECONDS", HEARTBEAT_SECONDS))


def announce_seconds() -> float:
    """The window within which changes to one topic's count are sent as one frame."""
    return float(getattr(settings, "LIVE_PRESENCE_ANNOUNCE_SECONDS", ANNOUNCE_SECONDS))


def _expiry():
    return timezone.now() + timedelta(seconds=heartbeat_seconds() * EXPIRES_AFTER_HEARTBEATS)


def _announce_key(topic: str) -> str:
    return f"live:presence-due:{topic}"


def reading_count(*, topic: str) -> int:
    """How many members have the topic open now: distinct members, not sockets."""
    return (
        LivePresence.objects.filter(topic=topic, expires_at__gt=timezone.now())
        .values("member_id")
        .distinct()
        .count()
    )


def announce_due(*, topic: str) -> bool:
    """Whether the caller should send the topic's count at the end of the window.

    True for the first change in a window, on any process; later changes in the same window
    are carried by that one announcement, which reads the count when it is sent.
    """
    return cache.add(_announce_key(topic), 1, timeout=announce_seconds() * 4)


def count_to_announce(*, topic: str) -> int:
    """The count to send now. Opens the next window first, so a change made while this count is
    read schedules its own announcement rather than being lost."""
    cache.delete(_announce_key(topic))
    return reading_count(topic=topic)


@dataclass(frozen=True)
class Joined:
    """What a socket learns when it starts reading a topic."""

    reading: int
    announce: bool
    # When the count was taken (time.time(), after this socket's row was in): an announcement
    # counted before it may not include this socket, so the tab ignores it.
    counted_at: float


def join(*, topic: str, channel_name: str, member: User) -> Joined:
    """Count this socket as reading `topic` (idempotent for the same socket and topic)."""
    expires_at = _expiry()
    updated = LivePresence.objects.filter(topic=topic, channel_name=channel_name).update(
        expires_at=expires_at
    )
    if not updated:
        try:
            with transaction.atomic():
                LivePresence.objects.create(
                    topic=topic, channel_name=channel_name, member=member, expires_at=expires_at
                )
        except IntegrityError:
            pass  # the same socket joined twice at once: one row is enough
    counted_at = time.time()
    return Joined(
        reading=reading_count(topic=topic),
        announce=announce_due(topic=topic),
        counted_at=counted_at,
    )


def leave(*, channel_name: str, topic: str | None = None) -> list[str]:
    """Stop counting this socket (on one topic, or on all when it closes). Returns the topics
    whose count should be announced."""
    rows = LivePresence.objects.filter(channel_name=channel_name)
    if topic is not None:
        rows = rows.filter(topic=topic)
    topics = sorted(set(rows.values_list("topic", flat=True)))
    rows.delete()
    return [each for each in topics if announce_due(topic=each)]


def refresh(*, channel_name: str) -> list[str]:
    """The heartbeat of one open socket: keep its rows counted, and sweep rows on the same topics
    whose sockets stopped refreshing (their process died). Returns the topics whose count
    changed by the sweep and should be announced."""
    now = timezone.now()
    LivePresence.objects.filter(channel_name=channel_name).update(expires_at=_expiry())
    topics = list(
        LivePresence.objects.filter(channel_name=channel_name).values_list("topic", flat=True)
    )
    swept, _ = LivePresence.objects.filter(topic__in=topics, expires_at__lte=now).delete()
    if not swept:
        return []
    return [each for each in topics if announce_due(topic=each)]


def share_typing(*, member: User) -> bool:
    """Whether the member lets others see "someone is replying" while they type."""
    if not member.is_authenticated:
        return False
    return LivePreferences.objects.filter(member=member, share_typing=True).exists()


def set_share_typing(*, member: User, share: bool) -> bool:
    """Remember the member's choice about "someone is replying"; returns it."""
    LivePreferences.objects.update_or_create(member=member, defaults={"share_typing": share})
    return share


def presence_frame(*, topic: str, reading: int) -> str:
    """The frame a tab gets with the count, encoded once for every socket."""
    return json.dumps({"type": "presence", "topic": topic, "reading": reading})


async def _announce(topic: str, group: str) -> None:
    try:
        counted_at = time.time()
        reading = await database_sync_to_async(count_to_announce)(topic=topic)
        layer = get_channel_layer()
        await layer.group_send(
            group,
            {
                "type": "live.frame",
                "topic": topic,
                "presence": True,
                "reading": reading,
                "counted_at": counted_at,
                "text": presence_frame(topic=topic, reading=reading),
            },
        )
    except Exception:
        # Only the count is late: the next change or heartbeat sends it again.
        logger.warning("Could not announce a reading count.", exc_info=True)


# Announcements under way: the loop keeps only weak references to its tasks.
_pending: set[asyncio.Task] = set()


def schedule_announcement(*, topic: str, group: str) -> None:
    """Send the topic's count to its sockets when the current window ends."""
    loop = asyncio.get_running_loop()

    def start() -> None:
        task = loop.create_task(_announce(topic, group))
        _pending.add(task)
        task.add_done_callback(_pending.discard)

    loop.call_later(announce_seconds(), start)
