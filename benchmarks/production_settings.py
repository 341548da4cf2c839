"""The production settings for the forum benchmarks, changed in one place only.

`STATIC_ROOT` comes from BENCH_STATIC_ROOT, a temporary directory the benchmark fills with
`collectstatic`: the production storage (whitenoise's manifest) needs collected files, and the
checkout's own `staticfiles/` is left alone. Everything else (DEBUG off, `__Host-` secure
cookies, HSTS, the SSL redirect behind X-Forwarded-Proto, CONN_MAX_AGE = 0, queued tasks) is
production's own. Used as DJANGO_SETTINGS_MODULE=benchmarks.production_settings by
`forum_thread.py` and `forum_fanout.py`, never by the site.

Two switches, off unless `forum_fanout.py` is asked, try channel-layer settings the site does
not use yet: BENCH_REDIS_NO_SOCKET_TIMEOUT=1 gives the Redis layer's connections no socket
timeout (redis-py 8 defaults to 5 s, as long as channels_redis's blocking pop), and
BENCH_CHANNEL_LAYER=pubsub uses channels_redis's Pub/Sub layer.
"""

import os

from community.config.settings.production import *  # noqa: F403
from community.config.settings.production import CHANNEL_LAYERS, REDIS_URL

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]

if REDIS_URL and os.environ.get("BENCH_REDIS_NO_SOCKET_TIMEOUT") == "1":
    CHANNEL_LAYERS["default"]["CONFIG"]["hosts"] = [{"address": REDIS_URL, "socket_timeout": None}]
if REDIS_URL and os.environ.get("BENCH_CHANNEL_LAYER") == "pubsub":
    CHANNEL_LAYERS["default"]["BACKEND"] = "channels_redis.pubsub.RedisPubSubChannelLayer"
