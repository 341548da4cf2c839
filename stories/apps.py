from django.apps import AppConfig


class StoriesConfig(AppConfig):
    """Lived-experience stories: submitted, consented, edited and published in Wagtail."""

    name = "stories"
    verbose_name = "Stories"

    def ready(self) -> None:
        from datetime import timedelta

        from django.db.models.signals import post_migrate

        from community.infra.schedule import register_periodic
        from community.privacy import services as privacy
        from community.privacy.quotes import register_quote_source
        from moderation import registry

        from . import privacy as story_privacy
        from . import signals, tasks
        from .moderation_adapter import StoryAdapter
        from .selectors import QUOTE_KIND, quote_status_of
        from .themes import ensure_themes

        registry.register(StoryAdapter)
        register_quote_source(QUOTE_KIND, quote_status_of)
        register_periodic(
            "stories-consent-expiry", every=timedelta(hours=1), task=tasks.consent_expiry
        )
        privacy.register_export_section(
            "stories", title="Your stories", collect=story_privacy.collect
        )
        privacy.register_eraser("stories", story_privacy.erase, order=40)
        signals.connect()
        post_migrate.connect(ensure_themes, sender=self, dispatch_uid="story-themes")
