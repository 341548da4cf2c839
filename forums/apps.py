from django.apps import AppConfig


class ForumsConfig(AppConfig):
    """Members-only boards, threads and posts, support circles, and campaigns with testimony."""

    name = "forums"
    verbose_name = "Forums"

    def ready(self) -> None:
        from moderation import registry

        from . import live
        from .moderation_adapter import PostAdapter

        registry.register(PostAdapter)
        live.register()
