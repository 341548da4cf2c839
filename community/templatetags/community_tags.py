"""Template tags for the site frame."""

from __future__ import annotations

from django import template
from django.urls import reverse

from community.models import SignpostingPage

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
