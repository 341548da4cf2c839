"""Template helpers for forum pages."""

from __future__ import annotations

from django import template
from django.contrib.contenttypes.models import ContentType
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.safestring import SafeString

from forums import rendering
from forums.models import Post

register = template.Library()


@register.simple_tag
def report_url(post: Post) -> str:
    """Where a member reports this post (content types are cached by Django)."""
    content_type = ContentType.objects.get_for_model(Post)
    return reverse("report_content", args=[content_type.pk, post.pk])


@register.simple_tag(takes_context=True)
def viewer_slot(context, name: str, key: str = "", default: object = "") -> object:
    """A spot in `forums/includes/post.html` that differs from one reader to the next.

    Renders `default` (the live copy, which is the same for everyone); when the post is
    rendered for the cache it renders a mark that `forums.rendering.fill` replaces with the
    reader's value.
    """
    return rendering.slot(context, f"{name}:{key}" if key else name, default)


@register.simple_tag(takes_context=True)
def thread_posts(context, posts) -> SafeString:
    """The page's posts for the member reading (see `forums.rendering`)."""
    if context.get("page_slots"):
        # The page rendered once for many readers (forums.thread_page): their spots stay marked.
        return rendering.render_posts(posts, viewer_id=None, csrf_token="", keep_slots=True)
    request = context["request"]
    return rendering.render_posts(posts, viewer_id=request.user.pk, csrf_token=get_token(request))
