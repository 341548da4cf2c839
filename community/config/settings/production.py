"""Production: fails closed. Without a secret key and hosts it refuses to start, and
`manage.py check --deploy` reports nothing."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, SECRET_KEY, env

DEBUG = False

if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random value of at least 50 characters in production."
    )
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS must list this site's host names in production (comma-separated)."
    )

# TLS ends at the reverse proxy, which says so in this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

# Behind the proxy every request comes from the proxy's address. nginx overwrites X-Real-IP with
# the visitor's (docs/deploy.md), so sign-in and sign-up limits count visitors one by one.
# Set DJANGO_CLIENT_IP_HEADER to "" when no proxy overwrites it, or clients could choose it.
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("DJANGO_CLIENT_IP_HEADER", default="X-Real-IP") or None

TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default=f"https://{ALLOWED_HOSTS[0]}")
# gunicorn's sync workers keep their database connection between requests instead of opening
# one (a new PostgreSQL backend) per page; it is checked before reuse, so a restarted database
# costs one failed check, not an error page.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

# --- Media on S3-compatible storage (django-storages, the "production" extra) ------------------
# Chosen by MEDIA_S3_BUCKET; without it, uploads stay on local disk under DJANGO_MEDIA_ROOT.
# Browsers never fetch from the storage host: the reverse proxy serves /media/ from the bucket
# (docs/deploy.md), so the strict CSP ('self') holds and no member's address reaches a
# third party. Objects are never public-listable; names are made by the server, never the
# uploader's (community/uploads/images.py), and documents under media/documents/ are never served
# from /media/ (community/uploads/serving.py).
MEDIA_S3_BUCKET = env.str("MEDIA_S3_BUCKET", default="")
if MEDIA_S3_BUCKET:
    STORAGES = {
        **STORAGES,  # noqa: F405
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": MEDIA_S3_BUCKET,
                "endpoint_url": env.str("MEDIA_S3_ENDPOINT_URL", default="") or None,
                "region_name": env.str("MEDIA_S3_REGION", default="") or None,
                "access_key": env.str("MEDIA_S3_ACCESS_KEY_ID", default="") or None,
                "secret_key": env.str("MEDIA_S3_SECRET_ACCESS_KEY", default="") or None,
                "location": env.str("MEDIA_S3_PREFIX", default="media"),
                "default_acl": None,  # the bucket's policy decides; no per-object public ACL
                "file_overwrite": False,  # an upload never replaces another one's file
                "querystring_auth": False,  # URLs point at our own host (custom_domain)
                # Objects live under "media/", so https://<site>/media/... is their URL too.
                "custom_domain": env.str("MEDIA_S3_URL_DOMAIN", default=ALLOWED_HOSTS[0]),
                "url_protocol": "https:",
            },
        },
    }
    # Documents go through Django's view (its permission checks), never a redirect to storage:
    # WAGTAILDOCS_SERVE_METHOD = "serve_view" in base.py holds here too.
