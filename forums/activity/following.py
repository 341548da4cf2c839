"""Following threads, and telling followers about replies.

A member follows a thread (or starts following it by posting in it) and is told, in a
notification that names no author, quotes no post and gives no title, when a reply is
published there. The request that publishes a reply only enqueues that telling (one task,
`forums.tasks.tell_followers`); the task worker finds the followers and tells them. Muting a
thread is the same watch row at its other level (`muting`).
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from community.models import Notification, User
from community.services import notify_each
from moderation.models import ModerationState, Sanction, SanctionKind
from moderation.selectors import can_moderate

from .. import permissions
from ..models import CircleMembership, Post, Thread, ThreadEvent, ThreadWatch

REPLY_KIND = "forums.reply"
REPLY_MESSAGE = "There's a new reply in a thread you follow."


def thread_for_member_or_404(user, thread_id: int) -> Thread:
    """A thread the member may see, with its board; 404 otherwise (circles stay private)."""
    thread = Thread.objects.select_related("board").filter(pk=thread_id).first()
    if thread is None or not permissions.may_open_thread(user, thread):
        raise Http404
    return thread


def watch_level(member, thread: Thread) -> str | None:
    """ "following", "muted" or None."""
    return (
        ThreadWatch.objects.filter(member=member, thread=thread)
        .values_list("level", flat=True)
        .first()
    )


def watch_set(member, thread: Thread, level: str) -> ThreadWatch:
    """Set the member's watch on a thread (following or muted; one row, so one replaces the
    other). PermissionDenied for a thread they may not see."""
    if not permissions.may_watch(member, thread):
        raise PermissionDenied("You can't follow this thread.")
    watch, _ = ThreadWatch.objects.update_or_create(
        member=member, thread=thread, defaults={"level": level}
    )
    return watch


def thread_follow(*, member, thread: Thread) -> ThreadWatch:
    """Follow a thread: be told when a reply is published. Following a muted thread unmutes it."""
    return watch_set(member, thread, ThreadWatch.Level.FOLLOWING)


def thread_unfollow(*, member, thread: Thread) -> None:
    """Stop following a thread (a mute stays as it is)."""
    ThreadWatch.objects.filter(
        member=member, thread=thread, level=ThreadWatch.Level.FOLLOWING
    ).delete()


def follow_as_author(*, member, thread: Thread) -> None:
    """Follow a thread the member has just posted in, unless they muted it."""
    ThreadWatch.objects.get_or_create(
        member=member, thread=thread, defaults={"level": ThreadWatch.Level.FOLLOWING}
    )


def post_link(post: Post) -> str:
    """A link to a post that finds its page (see `post_page_url`)."""
    return reverse("forums:post_link", args=[post.pk])


def _follower_ids(post: Post) -> list[int]:
    """The ids of the members to tell of a reply: the thread's followers but its author, active,
    not suspended, and in a circle still members of it (its host and moderators always). Ids
    only, in one query: the notifications need nothing else (a circle's outsiders are read
    whole, as only a moderator among them is told, and they are few)."""
    thread = post.thread
    board = thread.board
    now = timezone.now()
    suspended = Sanction.objects.filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=now),
        member=OuterRef("member"),
        kind=SanctionKind.SUSPEND,
        starts_at__lte=now,
    )
    watches = (
        ThreadWatch.objects.filter(thread=thread, level=ThreadWatch.Level.FOLLOWING)
        .exclude(member_id=post.author_id)
        .filter(member__is_active=True)
        .exclude(Exists(suspended))
        .order_by("member_id")
    )
    if not board.is_circle:
        return list(watches.values_list("member_id", flat=True))
    in_circle = CircleMembership.objects.filter(
        circle=board, member=OuterRef("member"), state=CircleMembership.State.ACTIVE
    )
    rows = list(watches.annotate(in_circle=Exists(in_circle)).values_list("member_id", "in_circle"))
    told = [member_id for member_id, inside in rows if inside or member_id == board.host_id]
    outsiders = [
        member_id for member_id, inside in rows if not inside and member_id != board.host_id
    ]
    if outsiders:
        # Someone who has left the circle hears nothing more from it; moderators still may.
        told += [m.pk for m in User.objects.filter(pk__in=outsiders) if can_moderate(m)]
    return sorted(told)


def post_published(*, post: Post) -> bool:
    """A post was just published: if it is a reply, its thread's followers are to be told.

    Called where publishing is recorded (`PostAdapter.set_state`), so a reply approved later
    counts and a held one never does. The telling itself is one task (`tell_followers`),
    enqueued here, inside the post's transaction: with the database backend its row commits
    with the post or not at all, and the request pays for one INSERT, not for every follower
    (in dev and tests the task runs at once). Returns whether a task was enqueued.
    """
    if post.is_opening or post.removed_by_author or not post.is_published:
        return False
    from ..tasks import tell_followers  # the tasks module imports this one

    tell_followers.enqueue(post_id=post.pk, published_at=timezone.now().isoformat())
    return True


def followers_tell(*, post_id: int, published_at: datetime) -> int:
    """Tell the thread's followers, except its author, that a reply was published (the task
    `tell_followers` runs this). Returns how many were told.

    Muted threads tell nobody; a post published again (after an edit was reviewed, say) is
    not a new reply, nor is one whose thread's opening post is not published. A reply no
    longer published or gone by the time this runs tells nobody. The message is neutral: no
    author, no words of the post, no title. Told once: the post's row is locked while this
    runs, and a task run again (the worker retries) finds the notifications already there.
    """
    with transaction.atomic():
        post = (
            Post.objects.select_for_update(of=("self",))
            .select_related("thread__board")
            .filter(pk=post_id)
            .first()
        )
        if post is None or post.is_opening or post.removed_by_author or not post.is_published:
            return 0
        # Published events up to this one's: an earlier one means it was published before.
        earlier = ThreadEvent.objects.filter(
            post=post, kind="published", created_at__lte=published_at
        ).count()
        if earlier > 1:
            return 0
        thread_open = Post.objects.filter(
            thread_id=post.thread_id, is_opening=True, moderation_state=ModerationState.PUBLISHED
        ).exists()
        if not thread_open:
            return 0
        member_ids = _follower_ids(post)
        url = post_link(post)
        if not member_ids:
            return 0
        if Notification.objects.filter(
            recipient_id__in=member_ids, kind=REPLY_KIND, url=url
        ).exists():
            return 0
        return notify_each(member_ids, kind=REPLY_KIND, message=REPLY_MESSAGE, url=url)
