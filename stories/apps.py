from django.apps import AppConfig


class StoriesConfig(AppConfig):
    """Lived-experience stories: submitted, consented, edited and published in Wagtail."""

    name = "stories"
    verbose_name = "Stories"
