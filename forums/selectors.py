"""Who may see what in the forums. Pages, search and live subscriptions all use these."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias, TypeGuard, cast

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from community.infra import sql
from community.models import User
from moderation.selectors import can_moderate, is_suspended

from .access import may_see_by_rule, restricted_filter
from .models import Board, CircleMembership, Post, PostQuerySet, Thread, ThreadEvent
from .rendering import PostRow

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

# Whoever asks: a member, or a visitor who has not signed in.
AnyUser: TypeAlias = "User | AnonymousUser"


def is_participant(user: AnyUser) -> TypeGuard[User]:
    """A signed-in, active member who is not suspended."""
    return bool(user.is_authenticated and user.is_active and not is_suspended(user))


def is_circle_member(user: User, board: Board) -> bool:
    if not board.is_circle:
        return True
    if board.host_id == user.pk:
        return True
    return CircleMembership.objects.filter(
        circle=board, member=user, state=CircleMembership.State.ACTIVE
    ).exists()


def can_see_board(user: AnyUser, board: Board, *, participant: bool | None = None) -> bool:
    """Boards: any participant. Circles: their members and host, and moderators. A board
    another app opened with an access rule (a draft campaign's): moderators, and whom the rule
    lets in (`forums.access`)."""
    if not (is_participant(user) if participant is None else participant):
        return False
    if board.access_rule and not (can_moderate(user) or may_see_by_rule(user, board)):
        return False
    if not board.is_circle or can_moderate(user):
        return True
    # A participant here: checked above, or by the caller (`participant=True`).
    return is_circle_member(cast(User, user), board)


def board_or_404(user: AnyUser, slug: str, *, participant: bool | None = None) -> Board:
    """The board, or 404 for anyone who may not see it: a circle's existence is private too.

    `participant=True` says the caller has just checked `is_participant` (a page view does, to
    choose the welcome page), so it is not looked up again.
    """
    board = Board.objects.filter(slug=slug).select_related("host").first()
    if board is None or not can_see_board(user, board, participant=participant):
        raise Http404
    return board


def visible_boards(user: AnyUser) -> QuerySet[Board]:
    """Boards and the circles the member belongs to (moderators see every circle); a board
    with an access rule (a draft campaign's) only for whom the rule lets in."""
    if not is_participant(user):
        return Board.objects.none()
    if can_moderate(user):
        return Board.objects.all()
    member_of = CircleMembership.objects.filter(
        circle=OuterRef("pk"), member=user, state=CircleMembership.State.ACTIVE
    )
    boards = Board.objects.filter(Q(is_circle=False) | Q(host=user) | Exists(member_of))
    return boards.filter(restricted_filter(user))


def _opening_visible(user: AnyUser, threads: QuerySet[Thread]) -> QuerySet[Thread]:
    """The rule for threads: one is visible when its opening post is visible to the member, so
    a held thread is seen by its author and moderators only."""
    opening = Post.objects.visible_to(user).filter(thread=OuterRef("pk"), is_opening=True)
    return threads.filter(Exists(opening))


def visible_threads(user: AnyUser, board: Board) -> QuerySet[Thread]:
    """Threads on this board whose opening post the member may see (the caller has checked
    that the member may see the board: `board_or_404`)."""
    return _opening_visible(user, board.threads.all()).select_related("author")


def visible_threads_everywhere(user: AnyUser) -> QuerySet[Thread]:
    """Every thread the member may see, on every board and circle they may see, in one query
    (search uses it). Nothing for visitors and suspended members."""
    return _opening_visible(user, Thread.objects.filter(board__in=visible_boards(user)))


def board_thread_or_404(
    user: AnyUser,
    slug: str,
    thread_id: int,
    *,
    participant: bool | None = None,
    also: tuple[str, list[Any]] | None = None,
) -> Thread:
    """The thread on the board `slug`, with its board (`thread.board`), in one query; 404
    unless the member may see both (the same rules as `board_or_404` and `thread_or_404`: the
    board's, and the opening post's `visible_to`).

    `also` is more columns for the same query (SQL and parameters, such as
    `activity.reader_state_sql`): their values are on the thread as `thread.also`, so a page
    makes one round trip where it would make two. They reach the caller only if the member
    may see the thread.

    In SQL: it runs on every thread page view, where building the ORM's query took fifteen
    times as long as running it.
    """
    table = connection.ops.quote_name
    also_sql, also_params = also if also else ("", [])
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {sql.select_list(Thread, 't')}, {sql.select_list(Board, 'b')}, "  # noqa: S608 - names from the models; values are parameters
            f"o.moderation_state, o.author_id{', ' if also_sql else ''}{also_sql} "
            f"FROM {table(Thread._meta.db_table)} t "
            f"JOIN {table(Board._meta.db_table)} b ON b.id = t.board_id "
            f"LEFT JOIN {table(Post._meta.db_table)} o ON o.thread_id = t.id AND o.is_opening = %s "
            "WHERE t.id = %s AND b.slug = %s",
            [*also_params, True, thread_id, slug],
        )
        rows = cursor.fetchall()
    split = sql.column_count(Thread)
    board_end = split + sql.column_count(Board)
    # A thread is visible when its opening post is (a held thread: its author and moderators).
    opening_shown = any(
        state is not None and PostQuerySet.is_visible_to(user, state=state, author_id=author_id)
        for state, author_id in (row[board_end : board_end + 2] for row in rows)
    )
    if not opening_shown:
        raise Http404
    row = rows[0]
    thread = sql.model_from_row(Thread, "t", row[:split])
    board = sql.model_from_row(Board, "b", row[split:board_end])
    Thread.board.field.set_cached_value(thread, board)
    if not can_see_board(user, board, participant=participant):
        raise Http404
    thread.also = row[board_end + 2 :]
    return thread


def thread_or_404(user: AnyUser, board: Board, thread_id: int) -> Thread:
    """The thread if the member may see it, else 404."""
    thread = visible_threads(user, board).filter(pk=thread_id).first()
    if thread is None:
        raise Http404
    return thread


def thread_posts(user: AnyUser, thread: Thread) -> QuerySet[Post]:
    """The posts of a thread the member may see, oldest first, ready to render."""
    return (
        Post.objects.visible_to(user)
        .filter(thread=thread)
        .select_related("author", "quote_of__author")
        .order_by("created_at", "pk")
    )


# The columns `PostRow` needs (p: the post, a: its author, q: the quoted post, qa: its author),
# with the model field each is read as.
_ROW_COLUMNS = (
    ("p.id", Post, "id"),
    ("p.author_id", Post, "author"),
    ("p.moderation_state", Post, "moderation_state"),
    ("p.removed_by_author", Post, "removed_by_author"),
    ("p.created_at", Post, "created_at"),
    ("p.edited_at", Post, "edited_at"),
    ("p.content_note", Post, "content_note"),
    ("p.body", Post, "body"),
    ("p.body_html", Post, "body_html"),
    ("p.quote_of_id", Post, "quote_of"),
    ("a.display_name", User, "display_name"),
    ("q.moderation_state", Post, "moderation_state"),
    ("q.removed_by_author", Post, "removed_by_author"),
    ("qa.display_name", User, "display_name"),
    ("q.body", Post, "body"),
    ("q.body_html", Post, "body_html"),
)


class ThreadPostRows:
    """The posts of a thread the member may see, oldest first, as `rendering.PostRow`s with
    `published_event` (the event that last published each): what the thread page pages
    through. A slice is one query, in plain SQL: it runs on every thread page view, where the
    ORM took longer to build the query than the database to answer it. `count()` is the ORM's
    (`thread_posts`), and the visibility rule is `visible_to`'s own (`visible_sql`)."""

    def __init__(self, user: AnyUser, thread: Thread) -> None:
        self.user = user
        self.thread = thread

    def count(self) -> int:
        return thread_posts(self.user, self.thread).count()

    def __getitem__(self, index: slice) -> list[PostRow]:
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("ThreadPostRows only takes slices, such as rows[0:50].")
        start = index.start or 0
        stop = index.stop if index.stop is not None else start + 10_000
        if stop <= start:
            return []
        quote = connection.ops.quote_name
        posts = quote(Post._meta.db_table)
        users = quote(User._meta.db_table)
        events = quote(ThreadEvent._meta.db_table)
        visible, params = Post.objects.visible_sql(self.user, alias="p")
        columns = ", ".join(column for column, _, _ in _ROW_COLUMNS)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {columns}, "  # noqa: S608 - names from the models; values are parameters
                f"(SELECT MAX(e.id) FROM {events} e WHERE e.post_id = p.id AND e.kind = %s) "
                f"FROM {posts} p "
                f"LEFT JOIN {users} a ON a.id = p.author_id "
                f"LEFT JOIN {posts} q ON q.id = p.quote_of_id "
                f"LEFT JOIN {users} qa ON qa.id = q.author_id "
                f"WHERE p.thread_id = %s AND {visible} "
                "ORDER BY p.created_at, p.id LIMIT %s OFFSET %s",
                ["published", self.thread.pk, *params, stop - start, start],
            )
            rows = cursor.fetchall()
        fields = [(model, name) for _, model, name in _ROW_COLUMNS]
        return [
            PostRow.from_columns(
                [
                    *(
                        sql.convert(model, name, value)
                        for (model, name), value in zip(fields, row, strict=False)
                    ),
                    row[-1],
                ]
            )
            for row in rows
        ]


def can_see_thread(user: AnyUser, thread: Thread) -> bool:
    return (
        can_see_board(user, thread.board)
        and visible_threads(user, thread.board).filter(pk=thread.pk).exists()
    )


def events_since(user: AnyUser, thread: Thread, since: int) -> list[tuple[ThreadEvent, Post]]:
    """What a tab missed: for each post changed after event `since`, its latest event, once.

    Only posts the member may see now are included; a post that was hidden since is sent as
    a hide, so the tab removes it.
    """
    events = (
        ThreadEvent.objects.filter(thread=thread, pk__gt=since)
        .select_related("post__author", "post__quote_of__author")
        .order_by("pk")
    )
    latest: dict[int, ThreadEvent] = {}
    for event in events:
        latest[event.post_id] = event
    visible = set(Post.objects.visible_to(user).filter(pk__in=latest).values_list("pk", flat=True))
    result: list[tuple[ThreadEvent, Post]] = []
    for event in sorted(latest.values(), key=lambda e: e.pk):
        if event.post_id in visible or event.kind in ("hidden", "removed"):
            result.append((event, event.post))
    return result
