from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class CommunityConfig(AppConfig):
    """Members, the site frame (home, signposting, quick exit) and the live socket."""

    default = True
    name = "community"
    verbose_name = "Community"

    def ready(self) -> None:
        from . import live

        live.register_builtin_topics()


class CommunityUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with forms that know members by pseudonym, not by real name."""

    user_viewset = "community.admin_views.MemberUserViewSet"
