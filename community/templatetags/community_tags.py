"""Template tags for the site frame."""

from __future__ import annotations

from django import template
from django.urls import reverse

from community.models import SignpostingPage
from community.selectors import unread_notification_count

register = template.Library()


@register.simple_tag(takes_context=True)
def signposting_url(context) -> str:
    """The "Need help now?" page: the editors' signposting page, or the built-in fallback."""
    request = context.get("request")
    cached = getattr(request, "_signposting_url", None) if request else None
    if cached:
        return cached
    page = SignpostingPage.objects.live().only("url_path").first()
    url = page.get_url(request) if page else None
    url = url or reverse("community:help")
    if request is not None:
        request._signposting_url = url
    return url


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """The signed-in member's unread count, for the header."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return 0
    return unread_notification_count(user)
