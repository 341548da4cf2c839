"""Every "may this member ..." rule of the forums, in one place.

Services raise `PermissionDenied` (or a view answers 404) when one of these says no; pages use
them to decide what to offer. Each rule is a plain function of the member and the thing, with
no side effects, so views, services, consumers and tests ask the same question the same way.

Who may *see* a board or thread is the visibility rule in `forums.selectors` (its queries are
the same rule in SQL, and campaigns hook into it); it is re-exported here so a caller reads every
rule from one module.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from moderation.models import ModerationState
from moderation.selectors import can_moderate

from .models import Board, Post, Thread
from .selectors import can_see_board, can_see_thread, is_participant

__all__ = [
    "can_see_board",
    "can_see_thread",
    "is_author",
    "is_participant",
    "is_reactable",
    "may_edit_post",
    "may_open_thread",
    "may_remove_post",
    "may_watch",
    "posting_refusal",
    "reaction_refusal",
]


def may_open_thread(user, thread: Thread) -> bool:
    """A participant who may see the thread (its board, and its opening post)."""
    return is_participant(user) and can_see_thread(user, thread)


def is_reactable(post: Post) -> bool:
    """Whether a post shows reaction buttons at all: published, and not removed by its author.
    Held, hidden and removed posts take no reactions (saying so would tell a stranger that
    they exist)."""
    return post.moderation_state == ModerationState.PUBLISHED and not post.removed_by_author


def reaction_refusal(member, post: Post) -> str | None:
    """Why this member may not react to this post, in words to show them; None when they may:
    a participant who may see the thread, reacting to someone else's published post."""
    if not is_reactable(post) or not may_open_thread(member, post.thread):
        return "You can't react to this post."
    if post.author_id == member.pk:
        return "You can't react to your own post."
    return None


def may_watch(member, thread: Thread) -> bool:
    """Following or muting a thread: anyone who may see it."""
    return can_see_thread(member, thread)


def is_author(member, post: Post) -> bool:
    """Whether the member wrote this post (the edit and remove pages are theirs alone)."""
    return member.is_authenticated and post.author_id == member.pk


def may_edit_post(member, post: Post) -> bool:
    """Changing a post: its author, while it is not removed."""
    return is_author(member, post) and not post.removed_by_author


def may_remove_post(member, post: Post) -> bool:
    """Removing a post: its author (removing it again changes nothing)."""
    return is_author(member, post)


def posting_refusal(author, board: Board, thread: Thread | None = None) -> str | None:
    """Why this member may not post on this board (or reply in this thread) now, in words to
    show them; None when they may. Locks and slow mode do not hold moderators back."""
    if not is_participant(author) or not can_see_board(author, board):
        return "You can't post here."
    if thread is None:
        return None
    if thread.locked and not can_moderate(author):
        return "This thread is locked: the moderators have closed it to replies."
    if thread.slow_mode_seconds and not can_moderate(author):
        last = (
            Post.objects.filter(thread=thread, author=author)
            .order_by("-created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        wait_until = last + timedelta(seconds=thread.slow_mode_seconds) if last else None
        if wait_until and wait_until > timezone.now():
            seconds = int((wait_until - timezone.now()).total_seconds()) + 1
            return (
                f"This thread is in slow mode. You can reply again in {seconds} seconds; "
                "your reply is still in the box."
            )
    return None
