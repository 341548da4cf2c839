from django.apps import AppConfig


class ForumsConfig(AppConfig):
    """Members-only boards, threads and posts, support circles, and campaigns with testimony."""

    name = "forums"
    verbose_name = "Forums"
