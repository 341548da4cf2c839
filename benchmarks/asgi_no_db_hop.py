"""The site's ASGI application with one change, for `forum_fanout.py --skip-db-hop` only.

Channels' `AsyncConsumer.dispatch` awaits `aclose_old_connections()` before every message a
consumer handles: a hop to the one thread-sensitive worker thread to run Django's
`close_old_connections()`. `LiveConsumer.live_event` and `live_close` never touch the database,
so this module lets them skip it, which is the change proposed for `community/live/consumers.py`.
It patches the class in the benchmark's Daphne process only; the site never imports this.
"""

from channels.consumer import get_handler_name

from community.config.asgi import application  # noqa: F401 (sets Django up; served by Daphne)
from community.live.consumers import LiveConsumer

# Handlers that never touch the database.
NO_DATABASE = frozenset({"live_event", "live_close"})
_channels_dispatch = LiveConsumer.dispatch


async def dispatch(self, message):
    name = get_handler_name(message)
    if name in NO_DATABASE:
        await getattr(self, name)(message)
    else:
        await _channels_dispatch(self, message)


LiveConsumer.dispatch = dispatch
