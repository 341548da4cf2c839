"""Every file a template asks for with `{% static %}` exists: one missing script is a 404 on
every page in development, and a failed page under production's manifest storage."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

STATIC_TAG = re.compile(r"""{%\s*static\s+["']([^"']+)["']\s*%}""")
APPS = ("community", "moderation", "stories", "forums", "campaigns")


def template_files() -> list[Path]:
    root = Path(settings.BASE_DIR)
    return sorted(
        path
        for app in APPS
        if (root / app).is_dir()
        for path in (root / app).rglob("templates/**/*.html")
    )


def test_the_project_has_templates_that_ask_for_static_files():
    asked = [name for path in template_files() for name in STATIC_TAG.findall(path.read_text())]
    assert "community/quick-exit.js" in asked
    assert len(asked) > 10


def test_every_static_file_a_template_asks_for_exists():
    missing = [
        f"{path.relative_to(settings.BASE_DIR)}: {name}"
        for path in template_files()
        for name in STATIC_TAG.findall(path.read_text())
        if finders.find(name) is None
    ]
    assert missing == []
