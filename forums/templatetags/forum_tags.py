"""Template helpers for forum pages."""

from __future__ import annotations

from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from forums.models import Post

register = template.Library()


@register.simple_tag
def report_url(post: Post) -> str:
    """Where a member reports this post (content types are cached by Django)."""
    content_type = ContentType.objects.get_for_model(Post)
    return reverse("report_content", args=[content_type.pk, post.pk])
