"""Reading: where each member has read up to, what is new to them, and where a post is.

A read marker is the newest thread event a member has been shown; a post published after it
(by someone else) is unread. The thread page reads the member's whole standing in the thread
in one query (`reader_state_sql`, with the thread itself) and moves the marker with the one
write a page view makes (`mark_read`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.html import format_html
from django.utils.safestring import SafeString

from community.selectors import unread_notification_count_sql
from community.site.drafts import draft_kept_sql
from moderation.models import ModerationState

from .. import permissions
from ..models import ForumPreferences, Post, ReadMarker, Thread, ThreadEvent, ThreadWatch
from .muting import MutedWords, mark_muted_posts
from .reactions import attach_reactions

POSTS_PER_PAGE = 50
"""Posts on one page of a thread: the page a post is on, and the thread page's own size."""


def read_marker(member, thread: Thread) -> int | None:
    """The newest event the member has been shown in this thread, or None if never opened."""
    return (
        ReadMarker.objects.filter(member=member, thread=thread)
        .values_list("last_read_event_id", flat=True)
        .first()
    )


def _posts_before(user, thread: Thread):
    """A count of the posts the member sees before the outer post, as a subquery."""
    earlier = Q(created_at__lt=OuterRef("created_at")) | Q(
        created_at=OuterRef("created_at"), pk__lt=OuterRef("pk")
    )
    return Coalesce(
        Subquery(
            Post.objects.visible_to(user)
            .filter(thread=thread)
            .filter(earlier)
            .order_by()
            .values("thread")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        0,
    )


def _page_url(thread: Thread, post_pk: int, position: int, per_page: int) -> str:
    return f"{thread.get_absolute_url()}?page={position // per_page + 1}#post-{post_pk}"


def first_unread_url(user, thread: Thread, marker: int | None, *, per_page: int) -> str | None:
    """Where the member's first unread post is (its page and anchor), in one query; None if
    nothing is unread or they never opened the thread. Their own posts are never unread."""
    if marker is None:
        return None
    newer = ThreadEvent.objects.filter(post=OuterRef("pk"), kind="published", pk__gt=marker)
    first = (
        Post.objects.published()
        .filter(thread=thread, removed_by_author=False)
        .exclude(author=user)
        .filter(Exists(newer))
        .annotate(position=_posts_before(user, thread))
        .order_by("created_at", "pk")
        .values_list("pk", "position")
        .first()
    )
    if first is None:
        return None
    return _page_url(thread, first[0], first[1], per_page)


def post_page_url(user, post: Post, *, per_page: int) -> str:
    """The thread page that shows this post, with its anchor (one query)."""
    position = (
        Post.objects.filter(pk=post.pk)
        .annotate(position=_posts_before(user, post.thread))
        .values_list("position", flat=True)
        .first()
    )
    return _page_url(post.thread, post.pk, position or 0, per_page)


def visible_post_or_404(user, post_id: int) -> Post:
    """A post the member may see in a thread they may see; 404 otherwise."""
    post = Post.objects.visible_to(user).select_related("thread__board").filter(pk=post_id).first()
    if post is None or not permissions.may_open_thread(user, post.thread):
        raise Http404
    return post


def mark_read(*, member, thread: Thread, up_to_event: int, known: int | None = None) -> None:
    """Record that the member has been shown the thread up to `up_to_event`.

    The one write a thread page view makes: a single upsert that only ever moves the marker
    forward, so reading an earlier page again does not make later posts unread. `known` is the
    marker the page read; when it is already there, nothing is written.
    """
    if known is not None and known >= up_to_event:
        return
    table = connection.ops.quote_name(ReadMarker._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (member_id, thread_id, last_read_event_id) "  # noqa: S608
            "VALUES (%s, %s, %s) "
            "ON CONFLICT (member_id, thread_id) DO UPDATE "
            "SET last_read_event_id = excluded.last_read_event_id "
            f"WHERE {table}.last_read_event_id < excluded.last_read_event_id",
            [member.pk, thread.pk, max(up_to_event, 0)],
        )


def is_unread(post, viewer_id: int | None, marker: int | None) -> bool:
    """Whether a post (with `published_event`) was published after the marker, and is not
    the viewer's own."""
    event = getattr(post, "published_event", None)
    return bool(marker is not None and event and event > marker and post.author_id != viewer_id)


def mark_unread_posts(posts: Iterable[Post], viewer, marker: int | None) -> None:
    """Set `is_unread` on posts published after the marker (never the viewer's own)."""
    for post in posts:
        post.is_unread = is_unread(post, viewer.pk, marker)


def board_threads(user, threads: QuerySet[Thread]) -> QuerySet[Thread]:
    """A board's threads for a member: `has_unread` and `is_muted` added, muted ones last.

    A thread is unread when a post by someone else was published in it after the member's
    marker; a thread they never opened is unread too. One query, however many threads.
    """
    marker = ReadMarker.objects.filter(member=user, thread=OuterRef("pk")).values(
        "last_read_event_id"
    )[:1]
    newer = ThreadEvent.objects.filter(
        thread=OuterRef("pk"),
        kind="published",
        pk__gt=OuterRef("read_up_to"),
        post__moderation_state=ModerationState.PUBLISHED,
        post__removed_by_author=False,
    ).exclude(post__author=user)
    muted = ThreadWatch.objects.filter(
        thread=OuterRef("pk"), member=user, level=ThreadWatch.Level.MUTED
    )
    return (
        threads.annotate(read_up_to=Coalesce(Subquery(marker), 0))
        .annotate(has_unread=Exists(newer), is_muted=Exists(muted))
        .order_by("is_muted", "-last_post_at", "-pk")
    )


def jump_link_html(url: str | None) -> SafeString:
    """The thread page's "Jump to first unread" link, or nothing."""
    if not url:
        return SafeString("")
    return format_html('<a href="{}" class="jump-unread">Jump to first unread</a>', url)


@dataclass(frozen=True)
class ThreadActivity:
    """What the thread page shows of the member's own activity."""

    level: str | None
    first_unread_url: str | None
    muted_words: list[str]
    marker: int | None = None

    @property
    def following(self) -> bool:
        return self.level == ThreadWatch.Level.FOLLOWING

    @property
    def jump_link(self) -> SafeString:
        return jump_link_html(self.first_unread_url)

    @property
    def muted(self) -> bool:
        return self.level == ThreadWatch.Level.MUTED


@dataclass(frozen=True)
class ReaderState:
    """What the thread page needs to know of the member reading, and the thread's newest
    event: their read marker (None if never opened), whether they follow or muted it, their
    muted words, and whether they have any post in it (in any state)."""

    marker: int | None
    level: str | None
    muted_words: list[str]
    newest_event: int
    has_posted: bool = False
    # For the page's header and reply box, read in the same round trip.
    unread_notifications: int = 0
    has_draft: bool = False

    @property
    def anything_new(self) -> bool:
        """Events number every publication: with none after the marker, nothing is unread."""
        return self.marker is not None and self.newest_event > self.marker


def reader_state_sql(member, thread_id: int, *, draft_slot: str = "") -> tuple[str, list]:
    """`reader_state`'s values as a list of scalar subqueries with their parameters, for a page
    that reads them together with its own (one round trip); `reader_state_from` reads them."""
    quote = connection.ops.quote_name
    markers, watches, preferences, events, posts = (
        quote(model._meta.db_table)
        for model in (ReadMarker, ThreadWatch, ForumPreferences, ThreadEvent, Post)
    )
    unread, unread_params = unread_notification_count_sql(member)
    draft, draft_params = (
        draft_kept_sql(member=member, slot=draft_slot) if draft_slot else ("0 = 1", [])
    )
    return (
        f"(SELECT last_read_event_id FROM {markers} WHERE member_id = %s AND thread_id = %s), "  # noqa: S608 - table names from the models; values are parameters
        f"(SELECT level FROM {watches} WHERE member_id = %s AND thread_id = %s), "
        f"(SELECT muted_words FROM {preferences} WHERE member_id = %s), "
        f"(SELECT MAX(id) FROM {events} WHERE thread_id = %s), "
        f"EXISTS (SELECT 1 FROM {posts} WHERE thread_id = %s AND author_id = %s), "
        f"{unread}, {draft}",
        [member.pk, thread_id] * 2
        + [member.pk, thread_id, thread_id, member.pk, *unread_params, *draft_params],
    )


def reader_state_from(values) -> ReaderState:
    """A `ReaderState` from the values `reader_state_sql` selected."""
    marker, level, words, newest, posted, unread_count, drafted = values
    words_field = ForumPreferences._meta.get_field("muted_words")
    # JSONField's from_db_value never reads its expression argument (None, as Django's own
    # callers pass for a value read outside a query).
    words = (
        words_field.from_db_value(words, None, connection)  # type: ignore[arg-type]
        if words is not None
        else []
    )
    return ReaderState(
        marker=marker,
        level=level,
        muted_words=list(words or []),
        newest_event=newest or 0,
        has_posted=bool(posted),
        unread_notifications=unread_count,
        has_draft=bool(drafted),
    )


def reader_state(member, thread: Thread, *, draft_slot: str = "") -> ReaderState:
    """The member's marker, watch level and muted words, whether they wrote in the thread, and
    the thread's newest event, in one query; with the header's unread count and whether a draft
    is kept for `draft_slot` (the reply box). Read before the page's posts, so a post published
    in between stays unread and is caught up live. (In SQL: it runs on every thread page view,
    and the ORM's subqueries cost more to build than to run.) The thread page reads it with the
    thread itself (`reader_state_sql`)."""
    columns, params = reader_state_sql(member, thread.pk, draft_slot=draft_slot)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}", params)
        return reader_state_from(cursor.fetchone())


def thread_page_activity(
    user, thread: Thread, posts: list[Any], *, per_page: int, state: ReaderState | None = None
) -> ThreadActivity:
    """Reactions, unread and muted marks on the page's posts, and the member's standing in the
    thread. A fixed number of queries, however many posts; it writes nothing (see mark_read).

    `posts` are `Post`s or `rendering.PostRow`s, marked in place; they should carry
    `published_event` (`selectors.ThreadPostRows`); `state` is
    `reader_state(...)`, read before the posts (looked up here if not given).
    """
    state = state or reader_state(user, thread)
    muted = MutedWords(state.muted_words)
    marker = state.marker
    attach_reactions(posts, user)
    mark_muted_posts(posts, muted)
    mark_unread_posts(posts, user, marker)
    return ThreadActivity(
        level=state.level,
        first_unread_url=(
            first_unread_url(user, thread, marker, per_page=per_page)
            if state.anything_new
            else None
        ),
        muted_words=muted.words,
        marker=marker,
    )


def read_up_to(posts: Iterable[object], *, last_page: bool, last_event: int) -> int:
    """The marker a page view moves to: the thread's newest event on its last page, or the
    newest publication among the posts shown on an earlier page."""
    if last_page:
        return last_event
    return max((getattr(post, "published_event", None) or 0 for post in posts), default=0)
