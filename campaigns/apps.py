from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    """Campaigns parents organise, with supporters, updates, testimony and protected exports."""

    name = "campaigns"
    verbose_name = "Campaigns"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate
        from wagtail.log_actions import registry as log_actions

        from community.discussions import register_board_access
        from community.privacy import services as privacy
        from community.privacy.quotes import register_quote_source
        from moderation import registry
        from moderation.models import AuditEntry

        from . import board_access
        from . import privacy as campaign_privacy
        from .models import Campaign
        from .moderation_adapter import TestimonyAdapter, testimony_quote_status
        from .permissions import BOARD_ACCESS_RULE
        from .roles import ensure_campaign_roles

        registry.register(TestimonyAdapter)
        register_quote_source("testimony", testimony_quote_status)
        # A draft campaign's board is for its organisers, staff and moderators (the forums ask).
        register_board_access(BOARD_ACCESS_RULE, board_access.RULE)
        # Exports, pseudonyms shown and authors asked for more are in the audit trail, and in
        # the campaign's admin history.
        log_actions.register_model(Campaign, AuditEntry)
        log_actions.register_action("campaign.export", "Campaign export", "Testimony exported")
        log_actions.register_action(
            "campaign.show_pseudonyms", "Pseudonyms shown", "Testimony shown with pseudonyms"
        )
        log_actions.register_action(
            "campaign.ask_for_more", "Author asked for more", "A testimony's author asked for more"
        )
        post_migrate.connect(ensure_campaign_roles, sender=self, dispatch_uid="campaign-roles")
        # The sections keep the names they had under forums: earlier exports read the same.
        privacy.register_export_section(
            "forums-testimony", title="Your testimony", collect=campaign_privacy.collect_testimony
        )
        privacy.register_export_section(
            "forums-campaigns", title="Your campaigns", collect=campaign_privacy.collect_campaigns
        )
        privacy.register_eraser("campaigns", campaign_privacy.erase, order=50)
