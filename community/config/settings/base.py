"""Settings shared by every profile. Everything that differs between machines comes from the
environment; the profiles (dev, test, production) only choose safe defaults for their use."""

from pathlib import Path
from typing import Any

import environ

from community.infra.static_headers import add_security_headers

BASE_DIR = Path(__file__).resolve().parents[3]

env = environ.Env()

# --- Secrets and hosts -----------------------------------------------------------------------
# Production refuses to start without these (see production.py); dev and test supply their own.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
DEBUG = False

# --- Apps --------------------------------------------------------------------------------------
INSTALLED_APPS = [
    # Our apps first, so their templates override allauth's and Wagtail's.
    "community",
    "moderation",
    "stories",
    "forums",
    "campaigns",
    # Real-time.
    "daphne",
    "channels",
    # Wagtail.
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "community.apps.CommunityUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Accounts.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # A member's signed-in devices, to sign out everywhere (community/members/devices.py).
    "allauth.usersessions",
    # Background tasks and security headers.
    "django_tasks",
    "django_tasks_db",
    "csp",
    # Django.
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "community.infra.middleware.SecurityHeadersMiddleware",
    # A redirect answering quick-exit.js's own sends, as a place to go (community/site/history.py).
    "community.site.history.OneHistoryEntryMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Visitors' copies of story pages, before sessions and auth (stories/middleware.py).
    "stories.middleware.StoryCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp as it comes; the admin's own policy through its csp_replace decorator, applied
    # inside it (community/infra/middleware.py).
    "csp.middleware.CSPMiddleware",
    "community.infra.middleware.AdminAreaPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "community.infra.middleware.StaffMFARequiredMiddleware",
    "community.infra.middleware.IdleSignOutMiddleware",
    "community.infra.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "community.config.urls"
ASGI_APPLICATION = "community.config.asgi.application"
WSGI_APPLICATION = "community.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "community.site.context_processors.frame",
            ],
        },
    },
]

# --- Data --------------------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One writer at a time, and readers never block it: WAL plus immediate transactions keep a
    # busy evening on the embedded default from failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
USING_POSTGRES = DATABASES["default"]["ENGINE"] in (
    "django.db.backends.postgresql",
    "django.contrib.gis.db.backends.postgis",
)
if USING_POSTGRES:
    # Wagtail's PostgreSQL search backend needs it.
    INSTALLED_APPS.append("django.contrib.postgres")
    # Parameters travel apart from the SQL, so psycopg can prepare a statement the fifth time a
    # connection runs it: PostgreSQL then skips parsing and planning it again. Most of a page's
    # queries repeat, and planning was most of their cost on the server (docs/benchmarks.md,
    # "Sixth round"). Django leaves both off by default.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 5}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "community.User"

REDIS_URL = env.str("REDIS_URL", default="")
KEY_PREFIX = env.str("DJANGO_CACHE_PREFIX", default="sv")
if REDIS_URL:
    CACHES = {
        "default": {
            # django-redis; a Redis outage reads as misses instead of 500s, and claims
            # (`add`) succeed (community/infra/cache.py).
            "BACKEND": "community.infra.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": KEY_PREFIX,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 2,
            },
        }
    }
    # Each error django-redis ignores is logged, once a minute at most (LOGGING below).
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "community.infra.cache"
    # channels-redis's Pub/Sub layer as it comes; sockets' heartbeats catch up from the
    # database whatever it loses (see community/live/channel_layer.py).
    from community.live.channel_layer import redis_layers

    CHANNEL_LAYERS = redis_layers(REDIS_URL, prefix=f"{KEY_PREFIX}:asgi")
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # One process only: `make run` serves pages and sockets from a single Daphne for this reason.
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Background work (e-mail, exports). Dev and test run tasks at once unless DJANGO_TASKS is
# "database" (`make run` sets it: its task worker runs beside Daphne); production always queues
# them in the database for `manage.py task_worker` (community/management/commands/task_worker.py).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.backend.DatabaseBackend"
        if env.str("DJANGO_TASKS", default="immediate").strip().lower() == "database"
        else "django_tasks.backends.immediate.ImmediateBackend"
    }
}
# The task worker: a task whose worker has not said it is alive for TASK_CLAIM_TIMEOUT seconds
# is run again (each worker says so every TASK_HEARTBEAT_SECONDS), at most TASK_MAX_ATTEMPTS
# times in all; one that failed because the database, Redis or the mail server could not be
# reached is tried again after a pause that doubles each time, up to TASK_RETRY_MAX_DELAY.
TASK_CLAIM_TIMEOUT = 30.0
TASK_HEARTBEAT_SECONDS = 5.0
TASK_MAX_ATTEMPTS = 8
TASK_RETRY_MAX_DELAY = 300.0

# --- Accounts ----------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # Permissions from the cache (it signs nobody in); the two after it sign members in.
    "community.members.auth.CachedPermissionsBackend",
    "community.members.auth.MemberModelBackend",
    "community.members.auth.MemberAuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"

ACCOUNT_ADAPTER = "community.members.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "community.members.forms.SignupForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, stated here so they are visible and reviewed with the code.
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_SESSION_REMEMBER = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="Safe Voices")

# Django's sessions, read from the cache and kept in the database too: a Redis restart or
# outage must not sign every member out (the row is still there), and a page reads its session
# from the cache, not the database. The list of a member's signed-in devices, for signing out
# everywhere and for erasure, is allauth's usersessions (community/members/devices.py).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# No row written on every request (its last-seen time and address): a device's row is written
# when the member signs in, and it never holds an address (community/members/devices.py).
USERSESSIONS_TRACK_ACTIVITY = False
# A shared family computer is the common case: sessions end when the browser closes and after
# a working day at most.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 60 * 60 * 8
# ...and after an hour without using the site (drafts autosave, so writing counts as use).
SESSION_IDLE_TIMEOUT = env.int("DJANGO_SESSION_IDLE_TIMEOUT", default=60 * 60)
# How often an open live socket checks that its session is still in use
# (community/live/consumers.py):
# a tab left open past the idle timeout reloads to the sign-in page within this time.
LIVE_IDLE_CHECK_SECONDS = 60
# Each open live socket's heartbeat: it refreshes "N members reading" and catches the tab up
# from the database with any event the channel layer lost (community/live/consumers.py), so a
# lost event reaches the tab within two of these (one in flight is given one to arrive).
LIVE_PRESENCE_HEARTBEAT_SECONDS = env.float("DJANGO_LIVE_HEARTBEAT_SECONDS", default=30.0)
# Open live sockets a member may have at once (a tab each), counted across every Daphne process
# in the cache; a slot a crashed process held frees itself after LIVE_SOCKET_SLOT_SECONDS
# (community/live/socket_guards.py).
LIVE_MAX_SOCKETS_PER_MEMBER = 8
LIVE_SOCKET_SLOT_SECONDS = 120
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# --- E-mail ------------------------------------------------------------------------------------
# A neutral sender: a glance at a shared inbox must not say what the site is about.
DEFAULT_FROM_EMAIL = env.str(
    "DJANGO_DEFAULT_FROM_EMAIL", default="Notifications <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The backend chosen above does the sending; every message first gets the neutral sender name
# and subject from the safety settings (community.infra.mail).
NEUTRAL_EMAIL_INNER_BACKEND = globals()["EMAIL_BACKEND"]
EMAIL_BACKEND = "community.infra.mail.NeutralEmailBackend"

# --- Wagtail -----------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = env.str("WAGTAIL_SITE_NAME", default="Safe Voices")
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
# Every sign-in goes through allauth, so no path skips MFA or its rate limits.
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILEMBEDS_FINDERS: list[dict[str, str]] = []  # no oEmbed calls to other hosts
# The database backend Wagtail picks, given the words of a query only (community/input/search.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "community.input.search"}}
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]  # never SVG
WAGTAILIMAGES_IMAGE_MODEL = "community.SafeImage"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# Uploads are cleaned in the admin's forms (a damaged picture or a document that cannot be
# cleaned is a form error) and stored under names we make (community/uploads/admin_forms.py,
# images.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "community.uploads.admin_forms.SafeImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "community.uploads.admin_forms.SafeDocumentForm"
# No PDF: nothing installed can clean one of its metadata and scripts
# (community/uploads/documents.py).
WAGTAILDOCS_EXTENSIONS = ["docx", "txt", "csv"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Documents only through Wagtail's view (never a redirect to the storage, never /media/), every
# one a download under a sandboxing policy (community/uploads/serving.py).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES: list[str] = []
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
WAGTAIL_I18N_ENABLED = False

# --- Static and media --------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# WhiteNoise answers /static/ before the CSP and X-Frame-Options middleware run; this gives its
# files the same security headers as a page (community/infra/static_headers.py).
WHITENOISE_ADD_HEADERS_FUNCTION = add_security_headers
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Members' data exports: never served by the web server, only by an authorised view.
PRIVATE_ROOT = Path(env.str("DJANGO_PRIVATE_ROOT", default=str(BASE_DIR / "private")))
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_ROOT), "base_url": None},
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Security headers --------------------------------------------------------------------------
# No address of ours ever reaches another site. Not "no-referrer": under it, browsers send
# `Origin: null` with every form POST (Fetch spec), which Django's CSRF check must refuse, so
# no form would work in a real browser. "same-origin" sends our own origin to ourselves only.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Public pages: nothing inline, nothing from another host.
_CSP_PUBLIC = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "manifest-src": ["'self'"],
    "media-src": ["'self'"],
    "worker-src": ["'self'"],
    "frame-src": ["'none'"],
}
CONTENT_SECURITY_POLICY = {"DIRECTIVES": _CSP_PUBLIC}
# The strictest policy the Wagtail admin works under. Wagtail 8 still writes some inline
# scripts (InlinePanel, date choosers) whose text changes per field, so neither hashes nor
# nonces can cover them: without 'unsafe-inline' staff could not add a helpline. Everything
# else stays shut: our own host only, no plugins, no base tag, no framing by others. The admin
# is for staff with MFA; every public page keeps the strict policy above.
# What the admin's policy changes of the public one (django-csp's `csp_replace`).
CSP_ADMIN_REPLACE = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "frame-src": ["'self'"],
}
CSP_ADMIN_PATH_PREFIX = "/admin/"
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)

# --- Site behaviour ----------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Names nobody may take, or look like, because members would trust them as staff.
RESERVED_DISPLAY_NAMES = [
    "admin",
    "administrator",
    "moderator",
    "mod",
    "mods",
    "staff",
    "safeguarding",
    "support",
    "official",
    "helpline",
    "police",
    "system",
    "former member",
    "anonymous",
]

# `seed_demo` runs these after its own content (each app's fictional demo content).
DEMO_SEED_COMMANDS = ["seed_forums", "seed_stories", "seed_campaigns"]

# Every handler formats with PrivateFormatter: tracebacks keep the exception's type and where it
# happened, never its message, which can quote an e-mail address (a unique violation) or a
# member's words (community/infra/logfilters.py). A new handler must use the "plain" formatter too.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "()": "community.infra.logfilters.PrivateFormatter",
            "format": "%(levelname)s %(name)s %(message)s",
        }
    },
    "filters": {
        "once_a_minute": {"()": "community.infra.cache.OncePerMinute"},
        "redis_away_line": {"()": "community.live.channel_layer.RedisAwayLine"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # Without these, Django's own handlers for "django" (a console under DEBUG, mail to
        # ADMINS) would write tracebacks in full. Its records still reach the root's handler.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # django.request logs the path only; never bodies, e-mails or addresses.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # django-redis's ignored errors (a Redis outage): one line a minute, not one a call.
        "community.infra.cache": {"filters": ["once_a_minute"]},
        # channels-redis's Pub/Sub layer while Redis is away: one line a minute, not one a second.
        "channels_redis.pubsub": {"filters": ["redis_away_line"]},
    },
}
