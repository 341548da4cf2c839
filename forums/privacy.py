"""What the forums hold about a member, for their export, and what erasure does to it.

Registered with `community.privacy.services` from `ForumsConfig.ready()`. Campaign testimony adds
its
own section and eraser beside these.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from community.privacy.services import ErasureChoice

from . import services
from .models import (
    CircleMembership,
    ForumPreferences,
    Post,
    PostRevision,
    Reaction,
    Thread,
    ThreadWatch,
)

# What a thread opened by an erased member is called, when they asked for their words to go.
ERASED_THREAD_TITLE = "A conversation started by a former member"


def collect_posts(member) -> list[dict[str, Any]]:
    """Every post the member wrote, as they typed it, with the earlier texts of posts they
    edited. Revisions are reached only through the member's own posts, so another member's
    earlier texts can never appear here."""
    posts = (
        Post.objects.filter(author=member)
        .select_related("thread__board")
        .prefetch_related(
            Prefetch(
                "revisions",
                queryset=PostRevision.objects.order_by("created_at", "pk"),
                to_attr="earlier_texts",
            )
        )
        .order_by("created_at", "pk")
    )
    return [
        {
            "written_at": post.created_at.isoformat(),
            "board": post.thread.board.title,
            "thread": post.thread.title,
            "opening_post": post.is_opening,
            "state": "removed by you" if post.removed_by_author else post.moderation_state,
            "content_note": post.content_note,
            "text": post.body,
            "edited_at": post.edited_at.isoformat() if post.edited_at else None,
            "earlier_versions": _earlier_versions(post),
        }
        for post in posts
    ]


def _earlier_versions(post: Post) -> list[dict[str, Any]]:
    """Each text the post held before an edit, oldest first: when it was written (the post's
    creation, or the edit before) and when the member replaced it."""
    versions = []
    written_at = post.created_at
    for revision in post.earlier_texts:
        versions.append(
            {
                "written_at": written_at.isoformat(),
                "replaced_at": revision.created_at.isoformat(),
                "text": revision.body,
            }
        )
        written_at = revision.created_at
    return versions


def collect_activity(member) -> dict[str, Any]:
    """The member's reactions, follows, circles and forum preferences."""
    preferences = ForumPreferences.objects.filter(member=member).first()
    return {
        "reactions_given": [
            {"thread": r.post.thread.title, "reaction": r.get_kind_display()}
            for r in Reaction.objects.filter(member=member).select_related("post__thread")
        ],
        "threads_followed": [
            {"thread": w.thread.title, "level": w.get_level_display()}
            for w in ThreadWatch.objects.filter(member=member).select_related("thread")
        ],
        "circles": [
            {"circle": m.circle.title, "state": m.get_state_display()}
            for m in CircleMembership.objects.filter(member=member).select_related("circle")
        ],
        "muted_words": preferences.muted_words if preferences else [],
        "email_digest": bool(preferences and preferences.digest),
    }


def erase(member, choice: ErasureChoice) -> None:
    """Earlier texts kept for moderators always go. Unless the member keeps their
    contributions, each post is removed as if by its author (it keeps its place in the
    conversation, so replies still make sense), a held post is withdrawn, and the titles of
    threads they opened are replaced. Reactions, follows, read markers, mutes and circle
    memberships go with the account."""
    PostRevision.objects.filter(post__author=member).delete()
    if choice.keep_contributions:
        return
    for post in Post.objects.filter(author=member).exclude(removed_by_author=True):
        # The author's own removal: open tabs see it go, held posts leave the queue, and the
        # search index follows the save.
        services.post_remove(post=post, author=member)
    for thread in Thread.objects.filter(author=member):
        thread.title = ERASED_THREAD_TITLE
        thread.save(update_fields=["title"])
