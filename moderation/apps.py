from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from community.models import User


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

        def authorise_desk(user: User | AnonymousUser, arg: str | None) -> str | None:
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

        from .models import Sanction
        from .selectors import forget_sanctions

        def sanction_changed(sender: type[Sanction], instance: Sanction, **kwargs: Any) -> None:
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

        from wagtail.models import Site

        from .models import AllowedName, LocalTerm, ModerationSettings, WatchedWord
        from .selectors import forget_config

        # Each process keeps the configuration it read (`selectors.moderation_settings`,
        # `screening_config`) until any of it changes.
        for model in (ModerationSettings, WatchedWord, LocalTerm, AllowedName, Site):
            uid = f"moderation-config-{model._meta.label_lower}"
            post_save.connect(forget_config, sender=model, weak=False, dispatch_uid=f"{uid}-saved")
            post_delete.connect(
                forget_config, sender=model, weak=False, dispatch_uid=f"{uid}-deleted"
            )

        from .roles import ensure_groups

        post_migrate.connect(ensure_groups, sender=self, dispatch_uid="moderation-groups")

        from . import privacy as moderation_privacy

        privacy.register_export_section(
            "moderation", title="Moderation and your standing", collect=moderation_privacy.collect
        )
        privacy.register_eraser("moderation", moderation_privacy.erase, order=90)
