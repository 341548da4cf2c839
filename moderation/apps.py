from django.apps import AppConfig


class ModerationConfig(AppConfig):
    """One queue for everything members submit, screening, flags, decisions and the audit trail.

    Imports nothing of ours but `community`; content joins by registering an adapter.
    """

    name = "moderation"
    verbose_name = "Moderation"

    def ready(self) -> None:
        from allauth.mfa.utils import is_mfa_enabled

        from community.live import topics as live
        from community.privacy import services as privacy

        from .selectors import can_moderate
        from .services import DESK_GROUP

        def authorise_desk(user, arg: str | None) -> str | None:
            # Exactly like the desk page: a moderator, signed in with MFA.
            allowed = arg is None and can_moderate(user) and is_mfa_enabled(user)
            return DESK_GROUP if allowed else None

        live.register_topic("moderation-desk", authorise_desk)

        from community.members.names import register_name_screen

        from .display_names import display_name_problem

        # Display names are screened for identifying details like any other text.
        register_name_screen(display_name_problem)

        from django.db import transaction
        from django.db.models.signals import post_delete, post_migrate, post_save

        from community.infra.cache import read_ahead_for_members

        from .models import Sanction
        from .selectors import forget_sanctions, sanctions_key

        # Every signed-in page asks whether the member is suspended.
        read_ahead_for_members(lambda member: (sanctions_key(member.pk),))

        def sanction_changed(sender, instance, **kwargs) -> None:
            # Now, and again after the commit, so a request reading in between cannot keep
            # the old list.
            member_id = instance.member_id
            forget_sanctions(member_id)
            transaction.on_commit(lambda: forget_sanctions(member_id))

        post_save.connect(
            sanction_changed, sender=Sanction, weak=False, dispatch_uid="sanctions-saved"
        )
        post_delete.connect(
            sanction_changed, sender=Sanction, weak=False, dispatch_uid="sanctions-deleted"
        )

        from .roles import ensure_groups

        post_migrate.connect(ensure_groups, sender=self, dispatch_uid="moderation-groups")

        from . import privacy as moderation_privacy

        privacy.register_export_section(
            "moderation", title="Moderation and your standing", collect=moderation_privacy.collect
        )
        privacy.register_eraser("moderation", moderation_privacy.erase, order=90)
