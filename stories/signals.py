"""Wagtail's page signals clear the visitors' story cache on publish, unpublish and delete."""

from __future__ import annotations

from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished

from .cache import clear_story_cache
from .models import StoryIndexPage, StoryPage


def _clear(**kwargs) -> None:
    clear_story_cache()


def connect() -> None:
    """Called from `StoriesConfig.ready()`."""
    for model in (StoryPage, StoryIndexPage):
        page_published.connect(
            _clear, sender=model, dispatch_uid=f"stories-cache-pub-{model.__name__}"
        )
        page_unpublished.connect(
            _clear, sender=model, dispatch_uid=f"stories-cache-unpub-{model.__name__}"
        )
        post_delete.connect(
            _clear, sender=model, dispatch_uid=f"stories-cache-del-{model.__name__}"
        )
