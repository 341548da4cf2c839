"""The production settings for the forum benchmarks, changed in one place only.

`STATIC_ROOT` comes from BENCH_STATIC_ROOT, a temporary directory the benchmark fills with
`collectstatic`: the production storage (whitenoise's manifest) needs collected files, and the
checkout's own `staticfiles/` is left alone. Everything else (DEBUG off, `__Host-` secure
cookies, HSTS, the SSL redirect behind X-Forwarded-Proto, connections kept for 60 s with health
checks, queued tasks) is
production's own. Used as DJANGO_SETTINGS_MODULE=benchmarks.production_settings by
`forum_thread.py` and `forum_fanout.py`, never by the site.

One switch, off unless `forum_fanout.py` is asked, tries a channel layer the site no longer
uses: BENCH_CHANNEL_LAYER=core is channels_redis's core layer (a Redis list per socket; the
site's layer until the Pub/Sub one replaced it), BENCH_CHANNEL_LAYER=stock-pubsub is
channels_redis's own Pub/Sub layer, without `community.live.channel_layer`'s closing of sockets
when Redis fails (to measure what that costs).
"""

import os

from community.config.settings.production import *  # noqa: F403
from community.config.settings.production import CHANNEL_LAYERS, REDIS_URL

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]

_LAYERS = {
    "core": "channels_redis.core.RedisChannelLayer",
    "stock-pubsub": "channels_redis.pubsub.RedisPubSubChannelLayer",
}
if REDIS_URL and os.environ.get("BENCH_CHANNEL_LAYER") in _LAYERS:
    CHANNEL_LAYERS["default"]["BACKEND"] = _LAYERS[os.environ["BENCH_CHANNEL_LAYER"]]
