"""Settings for the Daphne processes the reliability tests start: the test profile, sharing the
parent test run's database (DATABASE_URL) and its Redis keyspace (RELIABILITY_PREFIX).

The test profile draws a fresh random cache and channel-layer prefix in every process; a worker
that drew its own would never hear the parent's events, so the parent passes its prefix on.
"""

import os

from community.config.settings.test import *  # noqa: F403
from community.config.settings.test import (
    CACHES,
    CHANNEL_LAYERS,
    INSTALLED_APPS,
    REDIS_URL,
    STORAGES,
)

if REDIS_URL and os.environ.get("RELIABILITY_PREFIX"):
    _prefix = os.environ["RELIABILITY_PREFIX"]
    CACHES["default"]["KEY_PREFIX"] = _prefix
    CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = f"{_prefix}:asgi"

# The task-worker tests run `task_worker` with the production backend and reads the e-mails it
# sends from files (the parent's outbox is in another process).
if os.environ.get("RELIABILITY_TASKS") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
if os.environ.get("RELIABILITY_EMAIL_DIR"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["RELIABILITY_EMAIL_DIR"]
if os.environ.get("RELIABILITY_MEDIA_ROOT"):
    MEDIA_ROOT = os.environ["RELIABILITY_MEDIA_ROOT"]
# Exports in a folder of the test's own, so it can see every file a killed worker left.
if os.environ.get("RELIABILITY_PRIVATE_ROOT"):
    PRIVATE_ROOT = os.environ["RELIABILITY_PRIVATE_ROOT"]
    STORAGES = {
        **STORAGES,
        "private": {
            **STORAGES["private"],
            "OPTIONS": {**STORAGES["private"]["OPTIONS"], "location": PRIVATE_ROOT},
        },
    }
# The task-worker tests and the killed-mid-send tests stop a worker at chosen places to kill it
# there (pausing.py).
if os.environ.get("RELIABILITY_PAUSE_FILE"):
    INSTALLED_APPS = [*INSTALLED_APPS, "tests.reliability.pausing.PausingConfig"]
