"""Settings for the Daphne processes the reliability tests start: the test profile, sharing the
parent test run's database (DATABASE_URL) and its Redis keyspace (RELIABILITY_PREFIX).

The test profile draws a fresh random cache and channel-layer prefix in every process; a worker
that drew its own would never hear the parent's events, so the parent passes its prefix on.
"""

import os

from community.config.settings.test import *  # noqa: F403
from community.config.settings.test import CACHES, CHANNEL_LAYERS, REDIS_URL

if REDIS_URL and os.environ.get("RELIABILITY_PREFIX"):
    _prefix = os.environ["RELIABILITY_PREFIX"]
    CACHES["default"]["KEY_PREFIX"] = _prefix
    CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = f"{_prefix}:asgi"
