"""Settings come from the environment, and production fails closed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 20 + "-production-secret-for-the-check-" + "q" * 20


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh process with exactly the environment given (plus PATH)."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "EMAIL_URL"))
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_with_no_issues():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "DEBUG",
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=GOOD_KEY,
        DJANGO_ALLOWED_HOSTS="voices.example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", DJANGO_ENV="production", DJANGO_ALLOWED_HOSTS="voices.example.org")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = manage("check", DJANGO_ENV="production", DJANGO_SECRET_KEY=GOOD_KEY)

    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must list" in result.stderr


def test_an_unknown_environment_name_is_refused():
    result = manage("check", DJANGO_ENV="staging")

    assert result.returncode != 0
    assert "DJANGO_ENV must be dev, production or test" in result.stderr


def show(*settings_names: str, **env: str) -> dict[str, str]:
    """The repr of each named setting, as a fresh process with this environment sees it."""
    code = "from django.conf import settings\n" + "".join(
        f"print(repr(eval({name!r}, {{'settings': settings}})))\n" for name in settings_names
    )
    result = manage("shell", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()[-len(settings_names) :]
    return dict(zip(settings_names, lines, strict=True))


DB_ENGINE = "settings.DATABASES['default']['ENGINE']"
LAYER = "settings.CHANNEL_LAYERS['default']['BACKEND']"
CACHE = "settings.CACHES['default']['BACKEND']"


def test_defaults_are_sqlite_in_the_project_folder_in_memory_layer_and_console_email():
    seen = show(
        DB_ENGINE, "settings.DATABASES['default']['NAME']", LAYER, CACHE,
        "settings.NEUTRAL_EMAIL_INNER_BACKEND", "settings.INSTALLED_APPS",
    )  # fmt: skip

    assert "sqlite3" in seen[DB_ENGINE]
    assert "db.sqlite3" in seen["settings.DATABASES['default']['NAME']"]
    assert "InMemoryChannelLayer" in seen[LAYER]
    assert "LocMemCache" in seen[CACHE]
    assert "console" in seen["settings.NEUTRAL_EMAIL_INNER_BACKEND"]
    assert "django.contrib.postgres" not in seen["settings.INSTALLED_APPS"]


def test_database_redis_and_email_urls_select_the_production_services():
    seen = show(
        DB_ENGINE, "settings.INSTALLED_APPS", LAYER, CACHE,
        "settings.NEUTRAL_EMAIL_INNER_BACKEND", "settings.EMAIL_HOST",
        DATABASE_URL="postgres://someone@db.internal:5432/voices",
        REDIS_URL="redis://cache.internal:6379/0",
        EMAIL_URL="smtp+tls://mailer:secret@mail.internal:587",
    )  # fmt: skip

    assert "postgresql" in seen[DB_ENGINE]
    assert "'django.contrib.postgres'" in seen["settings.INSTALLED_APPS"]
    assert "RedisPubSubChannelLayer" in seen[LAYER]
    assert "RedisCache" in seen[CACHE]
    assert "smtp" in seen["settings.NEUTRAL_EMAIL_INNER_BACKEND"]
    assert seen["settings.EMAIL_HOST"] == "'mail.internal'"


@pytest.mark.django_db
def test_there_are_no_model_changes_without_a_migration():
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
