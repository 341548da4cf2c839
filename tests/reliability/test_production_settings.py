"""Production settings chosen by the environment: media on S3-compatible storage."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys

from .servers import PROJECT

SHOW = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import default_storage
print(json.dumps({
    "backend": settings.STORAGES["default"]["BACKEND"],
    "url": default_storage.url("original_images/river.jpg"),
    "ip_header": settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER,
    "conn_max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
    "health_checks": settings.DATABASES["default"]["CONN_HEALTH_CHECKS"],
}))
"""


def production(**env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("MEDIA_S3_", "DJANGO_"))}
    clean.update(
        DJANGO_ENV="production",
        DJANGO_SETTINGS_MODULE="community.config.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="voices.example.org",
        **env,
    )
    done = subprocess.run(
        [sys.executable, "-c", SHOW], cwd=PROJECT, env=clean, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_media_go_to_the_bucket_and_are_served_from_our_own_host():
    shown = production(
        MEDIA_S3_BUCKET="voices-media", MEDIA_S3_ENDPOINT_URL="https://s3.example.net"
    )
    assert shown["backend"] == "storages.backends.s3.S3Storage"
    # Our host, no signature in the URL, nothing that names the provider.
    assert shown["url"] == "https://voices.example.org/media/original_images/river.jpg"


def test_media_stay_on_local_disk_without_a_bucket():
    shown = production()
    assert shown["backend"] == "django.core.files.storage.FileSystemStorage"
    assert shown["url"] == "/media/original_images/river.jpg"


def test_visitor_addresses_come_from_the_header_the_proxy_overwrites():
    assert production()["ip_header"] == "X-Real-IP"
    assert production(DJANGO_CLIENT_IP_HEADER="")["ip_header"] is None


def test_workers_keep_their_database_connection_and_check_it_before_reusing_it():
    shown = production()
    assert shown["conn_max_age"] == 60
    assert shown["health_checks"] is True
    assert production(DJANGO_CONN_MAX_AGE="0")["conn_max_age"] == 0
