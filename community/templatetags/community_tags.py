"""Template tags for the site frame."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from community.selectors import site_frame, unread_notification_count
from community.site import slots

register = template.Library()


@register.simple_tag(takes_context=True)
def signposting_url(context) -> str:
    """The "Need help now?" page: the editors' signposting page, or the built-in fallback."""
    request = context.get("request")
    if request is None:
        return reverse("community:help")
    return site_frame(request).signposting_url


def unread_badge_html(count: int) -> SafeString:
    """The header's mark beside "Notifications": nothing when none is unread."""
    if not count:
        return SafeString("")
    return format_html(' <span class="count">({} new)</span>', count)


@register.simple_tag(takes_context=True)
def unread_badge(context) -> SafeString:
    """The signed-in member's unread count, for the header (`unread_notifications` in the
    context if the view read it already). A page rendered once for many readers
    (`page_slots`) gets a slot named "unread_badge" instead."""
    if context.get("page_slots"):
        return slots.slot_mark("unread_badge")
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return SafeString("")
    count = context.get("unread_notifications")  # read by the view with its own values
    return unread_badge_html(unread_notification_count(user) if count is None else count)
