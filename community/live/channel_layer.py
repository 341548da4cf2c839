"""The channel layer production uses: channels_redis's Pub/Sub layer, made to fail loudly.

Why Pub/Sub: one Daphne process fans an event out to its own sockets from one Redis message,
instead of Redis keeping a list per socket (the core layer tops out near 2,400 deliveries/s
and drops whole events once a socket's list is full; see docs/benchmarks.md).

Why a subclass: with the stock Pub/Sub layer a Redis outage is silent. redis-py's PubSub
reconnects and resubscribes by itself, sockets stay open, and what was published while Redis
was away never reaches them, so their tabs never learn they should catch up. Here any failure
of the connection to Redis (the receive loop's read, a subscribe, a publish, or a quiet
reconnection) drops the connection and sends every channel in this process a "layer.lost"
message. `LiveConsumer` closes its socket on it; the tab reconnects with backoff and catches up
from the database by the last event id it saw. A socket opening while Redis is away fails to
open (its `new_channel()` cannot subscribe), so the tab keeps retrying instead of sitting on a
silent connection.

Pub/Sub keeps each channel's messages in a local queue with no bound; here a queue holds at
most `capacity` messages, and a socket that falls that far behind is sent "layer.lost" instead
(it catches up from the database), so one stuck socket cannot grow the process without limit.

Written against channels_redis 4.3.0 (`CHECKED_WITH`), whose `on_disconnect`/`on_reconnect`
options are stored but never called: the overrides below hook its receive loop and shard
connection, private parts that may change. tests/community/test_channel_layer.py fails on
another version so these are read again before upgrading.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from channels_redis import pubsub
from channels_redis.utils import _close_redis, _wrap_close, decode_hosts
from redis.asyncio.client import PubSub

logger = logging.getLogger(__name__)

CHECKED_WITH = "4.3.0"
# The message every channel of this process gets when the layer lost Redis (or, for one
# channel, when it fell `capacity` messages behind). Consumers handle it as `layer_lost`.
LOST = {"type": "layer.lost"}
DEFAULT_CAPACITY = 1000


def redis_layers(url: str, prefix: str) -> dict[str, Any]:
    """The CHANNEL_LAYERS setting for Redis at `url`, keys under `prefix`."""
    return {
        "default": {
            "BACKEND": "community.live.channel_layer.PubSubRedisChannelLayer",
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


class ReconnectedError(ConnectionError):
    """redis-py reconnected the Pub/Sub connection: whatever was published meanwhile is lost."""


class _LoudPubSub(PubSub):
    # redis-py registers this on the connection after the first connect, so it runs only on a
    # reconnection, where it would resubscribe quietly. Raising instead lets the receive loop
    # treat it as the loss it is.
    async def on_connect(self, connection: Any) -> None:
        raise ReconnectedError("The Pub/Sub connection to Redis was made again.")


class _Shard(pubsub.RedisSingleShardConnection):
    def _ensure_redis(self) -> None:
        if self._redis is None:
            super()._ensure_redis()
            self._pubsub = _LoudPubSub(self._redis.connection_pool)

    async def publish(self, channel: str, message: bytes) -> None:
        try:
            await super().publish(channel, message)
        except Exception:
            await self._lost(self._redis)
            raise

    async def subscribe(self, channel: str) -> None:
        try:
            await super().subscribe(channel)
        except Exception:
            await self._lost(self._redis)
            raise

    async def unsubscribe(self, channel: str) -> None:
        # A socket ending while Redis is away: the stock layer logs the failure with a
        # traceback. Its subscription goes with the dropped connection anyway.
        try:
            await super().unsubscribe(channel)
        except Exception:
            await self._lost(self._redis)

    async def _do_receiving(self) -> None:
        # The stock loop logs an error, sleeps a second and goes on reading; this one stops.
        redis = self._redis
        while True:
            try:
                if self._pubsub and self._pubsub.subscribed:
                    message = await self._pubsub.get_message(
                        ignore_subscribe_messages=True, timeout=0.1
                    )
                    self._receive_message(message)
                else:
                    await asyncio.sleep(0.1)
            except (asyncio.CancelledError, GeneratorExit):
                raise
            except Exception:
                logger.warning("The channel layer lost Redis; closing this process's sockets.")
                await self._lost(redis, receiving=True)
                return

    def _receive_message(self, message: dict[str, Any] | None) -> None:
        if message is None:
            return
        name = message["channel"]
        if isinstance(name, bytes):
            name = name.decode()
        layer = self.channel_layer
        if name in layer.channels:
            layer.deliver(name, message["data"])
        else:
            for channel in layer.groups.get(name, ()):
                layer.deliver(channel, message["data"])

    async def _lost(self, redis: Any, receiving: bool = False) -> None:
        """Forget the failed connection and its subscriptions, then tell every channel."""
        async with self._lock:
            if redis is None or self._redis is not redis:
                return  # already dropped; a new connection may be healthy
            old_pubsub = self._pubsub
            self._redis = self._pubsub = None
            self._subscribed_to = set()
            task, self._receive_task = self._receive_task, None
        if task is not None and not receiving:
            task.cancel()
        try:
            if old_pubsub is not None:
                await old_pubsub.aclose()
            await _close_redis(redis)
        except Exception:
            logger.debug("Closing a failed Redis connection failed too.", exc_info=True)
        self.channel_layer.lose_all()


class _LoopLayer(pubsub.RedisPubSubLoopLayer):
    def __init__(self, hosts=None, capacity: int = DEFAULT_CAPACITY, **kwargs: Any) -> None:
        super().__init__(hosts=hosts, **kwargs)
        self.capacity = capacity
        self._shards = [_Shard(host, self) for host in decode_hosts(hosts)]

    async def _subscribe_to_channel(self, channel: str) -> None:
        self.channels[channel] = asyncio.Queue(maxsize=self.capacity)
        try:
            await self._get_shard(channel).subscribe(channel)
        except BaseException:
            # The stock layer keeps the queue of a channel that never subscribed.
            self.channels.pop(channel, None)
            raise

    def deliver(self, channel: str, data: bytes) -> None:
        """Queue a message for a channel of this process; one too far behind is told it lost."""
        queue = self.channels.get(channel)
        if queue is None:
            return
        try:
            queue.put_nowait(data)
        except asyncio.QueueFull:
            logger.warning("A channel fell %s messages behind; closing it.", self.capacity)
            self._replace_with_lost(queue)

    def lose_all(self) -> None:
        """Tell every channel of this process that messages may have been lost."""
        lost = self.channel_layer.serialize(LOST)
        for queue in list(self.channels.values()):
            try:
                queue.put_nowait(lost)
            except asyncio.QueueFull:
                self._replace_with_lost(queue)

    def _replace_with_lost(self, queue: asyncio.Queue) -> None:
        while not queue.empty():
            queue.get_nowait()
        queue.put_nowait(self.channel_layer.serialize(LOST))


class PubSubRedisChannelLayer(pubsub.RedisPubSubChannelLayer):
    """channels_redis's Pub/Sub layer whose channels hear "layer.lost" when Redis fails them.

    CONFIG as for `RedisPubSubChannelLayer`, plus `capacity`: messages a channel may have
    waiting before it is sent "layer.lost" instead (default 1000).
    """

    def _get_layer(self) -> _LoopLayer:
        loop = asyncio.get_running_loop()
        layer = self._layers.get(loop)
        if layer is None:
            layer = self._layers[loop] = _LoopLayer(*self._args, **self._kwargs, channel_layer=self)
            _wrap_close(self, loop)
        return layer
