"""The channel layer production uses: channels-redis's own Pub/Sub layer, as it comes.

Why Pub/Sub: one Daphne process fans an event out to its own sockets from one Redis message,
instead of Redis keeping a list per socket (the core layer tops out near 2,400 deliveries/s
and drops whole events once a socket's list is full; see docs/benchmarks.md).

Why stock, with no subclass: the layer only carries news. Every socket's heartbeat catches its
topics up from the database past the last event id it sent (`LiveConsumer._catch_up`), so an
event the layer lost reaches the tab within one heartbeat whatever lost it, and nothing here
needs to notice failures. channels-redis can be upgraded like any other dependency.

What a Redis outage looks like with this layer:
- open sockets stay open; each process's receive loop logs the failure and tries again every
  second; redis-py reconnects and subscribes again by itself once Redis is back;
- what is published meanwhile is lost to the layer, and open tabs get it from the database at
  their next heartbeat (LIVE_PRESENCE_HEARTBEAT_SECONDS), during the outage as after it;
- a new socket cannot subscribe, so it is closed ("try again later", socket_guards.py) and the
  tab retries; /ws/health/ says "unavailable" until a message can be sent again;
- a channel's queue in the process has no bound (a socket that stops reading holds its
  backlog in memory until it closes); the socket guards and the per-member socket limit keep
  the number of sockets bounded instead;
- channels-redis logs each failed read (every second) and each failed clean-up with a
  traceback; `RedisAwayLine` (LOGGING) makes that one line a minute naming the kind of error.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

BACKEND = "channels_redis.pubsub.RedisPubSubChannelLayer"


def redis_layers(url: str, prefix: str) -> dict[str, Any]:
    """The CHANNEL_LAYERS setting for Redis at `url`, keys under `prefix`."""
    return {
        "default": {
            "BACKEND": BACKEND,
            # No read timeout: an idle subscriber reads nothing for as long as nobody publishes.
            # A connect timeout, though: a socket opening while Redis cannot be reached is
            # closed within seconds ("try again later", community/live/socket_guards.py), not left
            # waiting on the operating system's minutes-long one.
            "CONFIG": {
                "hosts": [{"address": url, "socket_timeout": None, "socket_connect_timeout": 3}],
                "prefix": prefix,
            },
        }
    }


class RedisAwayLine(logging.Filter):
    """For channels-redis's logger: Redis being unreachable is one line a minute, no traceback.

    Any other error it logs passes through as it is, traceback and all: that one is a bug.
    """

    EVERY = 60.0
    AWAY = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError, OSError)

    def __init__(self, name: str = "") -> None:
        super().__init__(name)
        self._last = float("-inf")

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if not isinstance(error, self.AWAY):
            return True
        now = time.monotonic()
        if now - self._last < self.EVERY:
            return False
        self._last = now
        record.msg = "The channel layer cannot reach Redis (%s); open tabs catch up meanwhile."
        record.args = (type(error).__name__,)
        record.exc_info = None
        record.exc_text = None
        return True
