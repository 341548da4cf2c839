"""Read-side rules for members and the site frame."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from wagtail.models import Site

from .models import Notification, SafetySettings, User


def display_name_key_taken(key: str, *, exclude: User | None = None) -> bool:
    """Whether another member's display name shares this confusable skeleton."""
    members = User.objects.filter(display_name_key=key)
    if exclude is not None and exclude.pk:
        members = members.exclude(pk=exclude.pk)
    return members.exists()


def safety_settings(request: HttpRequest | None = None) -> SafetySettings:
    """The safety settings of the request's site (or the default site outside a request)."""
    if request is not None:
        return SafetySettings.for_request(request)
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    # No site yet (a fresh database before its first page): the defaults apply.
    return SafetySettings.for_site(site) if site else SafetySettings()


def reserved_display_names(request: HttpRequest | None = None) -> list[str]:
    """Words nobody may take as, or inside, a display name: staff roles and our own name."""
    organisation = safety_settings(request).organisation_name
    return [*settings.RESERVED_DISPLAY_NAMES, organisation, settings.WAGTAIL_SITE_NAME]


def unread_notification_count(member: User) -> int:
    """How many notifications the member has not read."""
    return Notification.objects.filter(recipient=member, read_at__isnull=True).count()


def notifications_for(member: User) -> QuerySet[Notification]:
    """The member's own notifications, newest first."""
    return Notification.objects.filter(recipient=member)
