from django.apps import AppConfig


class StoriesConfig(AppConfig):
    """Lived-experience stories: submitted by members, consented, edited and published in Wagtail."""

    name = "stories"
    verbose_name = "Stories"
