from django.apps import AppConfig


class ForumsConfig(AppConfig):
    """Members-only boards, threads and posts, and support circles."""

    name = "forums"
    verbose_name = "Forums"

    def ready(self) -> None:
        from datetime import timedelta

        from community.discussions import register_discussion_opener
        from community.infra.schedule import register_periodic
        from community.privacy import services as privacy
        from moderation import registry

        from . import live, tasks
        from . import privacy as forum_privacy
        from .access import OPENER
        from .moderation_adapter import PostAdapter

        registry.register(PostAdapter)
        # Other apps (campaigns) open their discussion boards here, without importing forums.
        register_discussion_opener(OPENER)
        live.register()
        privacy.register_export_section(
            "forums-posts", title="Your posts", collect=forum_privacy.collect_posts
        )
        privacy.register_export_section(
            "forums-activity", title="Your forum activity", collect=forum_privacy.collect_activity
        )
        privacy.register_eraser("forums", forum_privacy.erase, order=50)
        # A digest is daily: members asked for a summary, not a stream of e-mails.
        register_periodic("forum-digests", every=timedelta(days=1), task=tasks.send_digests)
