"""Template tags for the site frame."""

from __future__ import annotations

from django import template
from django.urls import reverse

from community.selectors import site_frame, unread_notification_count

register = template.Library()


@register.simple_tag(takes_context=True)
def signposting_url(context) -> str:
    """The "Need help now?" page: the editors' signposting page, or the built-in fallback."""
    request = context.get("request")
    if request is None:
        return reverse("community:help")
    return site_frame(request).signposting_url


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """The signed-in member's unread count, for the header."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return 0
    return unread_notification_count(user)
