"""The Atom feed of published stories (django.contrib.syndication)."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from . import selectors
from .models import StoryPage

FEED_SIZE = 20


class StoryFeed(Feed):
    """The newest public stories: withdrawn, unpublished or expired ones are never in it."""

    feed_type = Atom1Feed
    title = "Parents' stories"
    subtitle = "Lived experience from parents and carers of exploited children."

    def link(self) -> str:
        index = selectors.story_index()
        return index.url if index is not None and index.url else "/stories/"

    def items(self):
        return selectors.public_stories().order_by("-first_published_at", "-pk")[:FEED_SIZE]

    def item_title(self, item: StoryPage) -> str:
        return item.title

    def item_description(self, item: StoryPage) -> str:
        return item.share_description()

    def item_link(self, item: StoryPage) -> str:
        return item.url

    def item_author_name(self, item: StoryPage) -> str:
        return item.byline

    def item_pubdate(self, item: StoryPage):
        return item.first_published_at

    def item_updateddate(self, item: StoryPage):
        return item.last_published_at
