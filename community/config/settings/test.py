"""Tests: fast hashers, outbox e-mail, immediate tasks. DATABASE_URL and REDIS_URL still select
PostgreSQL and Redis, so the same suite runs on the embedded default and the production services."""

from .base import *  # noqa: F403
from .base import DATABASES, KEY_PREFIX, REDIS_URL, env

DEBUG = False
SECRET_KEY = "test-only-not-secret-" + "y" * 40
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
NEUTRAL_EMAIL_INNER_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: browser tests serve the app from a separate Daphne process that must
    # see the rows the test writes.
    # TEST_SQLITE_NAME lets two suites run side by side in one checkout.
    DATABASES["default"]["TEST"] = {
        "NAME": env.str("TEST_SQLITE_NAME", default=str(BASE_DIR / ".test-db.sqlite3"))  # noqa: F405
    }
if REDIS_URL:
    # Each run gets its own keyspace so parallel or leftover runs never see each other's data.
    import uuid

    _prefix = f"{KEY_PREFIX}-test-{uuid.uuid4().hex[:8]}"
    CACHES["default"]["KEY_PREFIX"] = _prefix  # noqa: F405
    CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = f"{_prefix}:asgi"  # noqa: F405
# A throwaway content app (no migrations; its table is made for the test database only).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.scratch"]  # noqa: F405
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
PRIVATE_ROOT = BASE_DIR / ".test-private"  # noqa: F405
STORAGES["private"]["OPTIONS"]["location"] = str(PRIVATE_ROOT)
WAGTAILADMIN_BASE_URL = "http://testserver"
