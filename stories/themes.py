"""The themes stories start with; editors change them afterwards as snippets."""

from __future__ import annotations

from django.utils.text import slugify

from .models import ThemeSnippet

THEMES = [
    "Criminal exploitation",
    "Sexual exploitation",
    "Online grooming",
    "County lines",
    "Going missing",
    "Police",
    "Courts",
    "School",
    "Social care",
    "Health",
    "Looking after yourself",
]


def seed_themes(theme_model) -> None:
    """Create the starting themes if there are none (editors may have changed them since)."""
    if theme_model.objects.exists():
        return
    theme_model.objects.bulk_create(
        theme_model(name=name, slug=slugify(name), order=position)
        for position, name in enumerate(THEMES)
    )


def ensure_themes(**kwargs) -> None:
    """After every migrate (and test database flush, which empties the table)."""
    seed_themes(ThemeSnippet)
