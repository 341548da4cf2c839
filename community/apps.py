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

        from community.infra.schedule import register_periodic
        from community.live import topics as live
        from community.members.devices import connect_device_signals
        from community.members.roles import ensure_staff_groups
        from community.privacy import services as privacy
        from community.tasks import (
            forget_expired_drafts,
            forget_expired_sessions,
            forget_finished_tasks,
            forget_old_notifications,
        )

        live.register_builtin_topics()
        from community.uploads.admin_forms import guard_document_saves

        # A document saved any other way than the admin's form is cleaned too.
        guard_document_saves()
        _forget_site_frame_on_change()
        _forget_permissions_on_change()
        user_logged_out.connect(_close_sockets_on_sign_out, dispatch_uid="close-sockets")
        # Every sign-in's device listed, without its address (community/members/devices.py).
        connect_device_signals()
        post_migrate.connect(ensure_staff_groups, sender=self, dispatch_uid="staff-groups")
        privacy.register_builtin()
        register_periodic(
            "forget-expired-drafts", every=timedelta(hours=6), task=forget_expired_drafts
        )
        register_periodic(
            "forget-expired-sessions", every=timedelta(hours=1), task=forget_expired_sessions
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
        register_periodic(
            "forget-finished-tasks", every=timedelta(days=1), task=forget_finished_tasks
        )


def _close_sockets_on_sign_out(sender, request, user, **kwargs) -> None:
    """A member who signs out on one tab stops receiving live news on every tab."""
    from community.live import topics as live

    if user is not None:
        live.close_member_sockets(user.pk)


def _forget_site_frame_on_change() -> None:
    """The cached site frame (`selectors.site_frame`) is made again when what it shows
    changes: the safety settings, a site, or the signposting page (saved, published,
    unpublished, moved or deleted)."""
    from django.db import transaction
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Site
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    from community.models import SafetySettings, SignpostingPage
    from community.selectors import forget_site_frame

    def forget(sender, **kwargs) -> None:
        # Now, and again after the commit, so a request in between cannot keep the old frame.
        forget_site_frame()
        transaction.on_commit(forget_site_frame)

    for model in (SafetySettings, Site, SignpostingPage):
        post_save.connect(forget, sender=model, weak=False, dispatch_uid=f"frame-save-{model}")
        post_delete.connect(forget, sender=model, weak=False, dispatch_uid=f"frame-del-{model}")
    for signal in (page_published, page_unpublished):
        signal.connect(forget, sender=SignpostingPage, weak=False, dispatch_uid=f"frame-{signal}")
    for signal in (post_page_move, page_slug_changed):
        signal.connect(forget, weak=False, dispatch_uid=f"frame-{signal}")


def _forget_permissions_on_change() -> None:
    """Cached permissions (`community.members.auth`) are read again after any change to who holds
    what: a member's groups or grants, a group's permissions, a group or permission itself."""
    from django.contrib.auth.models import Group, Permission
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from community.members.auth import forget_permissions
    from community.models import User

    for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(
            forget_permissions, sender=through, weak=False, dispatch_uid=f"perms-{through}"
        )
    for model in (Group, Permission):
        for signal in (post_save, post_delete):
            signal.connect(
                forget_permissions, sender=model, weak=False, dispatch_uid=f"perms-{signal}-{model}"
            )


class CommunityUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with forms that know members by pseudonym, not by real name."""

    user_viewset = "community.members.admin_views.MemberUserViewSet"
