from django.apps import AppConfig


class ForumsConfig(AppConfig):
    """Members-only boards, threads and posts, support circles, and campaigns with testimony."""

    name = "forums"
    verbose_name = "Forums"

    def ready(self) -> None:
        from datetime import timedelta

        from django.db.models.signals import post_migrate
        from wagtail.log_actions import registry as log_actions

        from community.infra.schedule import register_periodic
        from community.privacy import services as privacy
        from community.privacy.quotes import register_quote_source
        from moderation import registry
        from moderation.models import AuditEntry

        from . import campaigns_privacy, live, tasks
        from . import privacy as forum_privacy
        from .campaigns_adapter import TestimonyAdapter, testimony_quote_status
        from .campaigns_roles import ensure_campaign_roles
        from .models import Campaign
        from .moderation_adapter import PostAdapter

        registry.register(PostAdapter)
        registry.register(TestimonyAdapter)
        register_quote_source("testimony", testimony_quote_status)
        # Campaign exports are in the audit trail, and in the campaign's admin history.
        log_actions.register_model(Campaign, AuditEntry)
        log_actions.register_action("campaign.export", "Campaign export", "Testimony exported")
        log_actions.register_action(
            "campaign.show_pseudonyms", "Pseudonyms shown", "Testimony shown with pseudonyms"
        )
        post_migrate.connect(ensure_campaign_roles, sender=self, dispatch_uid="campaign-roles")
        live.register()
        privacy.register_export_section(
            "forums-posts", title="Your posts", collect=forum_privacy.collect_posts
        )
        privacy.register_export_section(
            "forums-activity", title="Your forum activity", collect=forum_privacy.collect_activity
        )
        privacy.register_eraser("forums", forum_privacy.erase, order=50)
        privacy.register_export_section(
            "forums-testimony", title="Your testimony", collect=campaigns_privacy.collect_testimony
        )
        privacy.register_export_section(
            "forums-campaigns", title="Your campaigns", collect=campaigns_privacy.collect_campaigns
        )
        privacy.register_eraser("campaigns", campaigns_privacy.erase, order=50)
        # A digest is daily: members asked for a summary, not a stream of e-mails.
        register_periodic("forum-digests", every=timedelta(days=1), task=tasks.send_digests)
