from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class CommunityConfig(AppConfig):
    """Members, the site frame (home, signposting, quick exit) and the live socket."""

    default = True
    name = "community"
    verbose_name = "Community"

    def ready(self) -> None:
        # Imported here, not at the top: they need the app registry, which is ready only now.
        from datetime import timedelta

        from django.contrib.auth.signals import user_logged_out
        from django.db.models.signals import post_migrate

        from . import live, privacy
        from .roles import ensure_staff_groups
        from .schedule import register_periodic
        from .tasks import forget_expired_drafts, forget_old_notifications

        live.register_builtin_topics()
        user_logged_out.connect(_close_sockets_on_sign_out, dispatch_uid="close-sockets")
        post_migrate.connect(ensure_staff_groups, sender=self, dispatch_uid="staff-groups")
        privacy.register_builtin()
        register_periodic(
            "forget-expired-drafts", every=timedelta(hours=6), task=forget_expired_drafts
        )
        register_periodic(
            "forget-old-notifications", every=timedelta(days=1), task=forget_old_notifications
        )
        register_periodic(
            "expire-data-exports", every=timedelta(hours=1), task=privacy.expire_data_exports
        )
        register_periodic(
            "run-due-erasures", every=timedelta(hours=1), task=privacy.run_due_erasures
        )


def _close_sockets_on_sign_out(sender, request, user, **kwargs) -> None:
    """A member who signs out on one tab stops receiving live news on every tab."""
    from . import live

    if user is not None:
        live.close_member_sockets(user.pk)


class CommunityUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with forms that know members by pseudonym, not by real name."""

    user_viewset = "community.admin_views.MemberUserViewSet"
