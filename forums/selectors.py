"""Who may see what in the forums. Pages, search and live subscriptions all use these."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from moderation.selectors import can_moderate, is_suspended

from .models import Board, Campaign, CircleMembership, Post, Thread, ThreadEvent


def is_participant(user) -> bool:
    """A signed-in, active member who is not suspended."""
    return bool(user.is_authenticated and user.is_active and not is_suspended(user))


def is_campaign_staff(user) -> bool:
    """Staff who may manage every campaign: admins and holders of `manage_campaigns`."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm("forums.manage_campaigns"))
    )


def _draft_campaign_of(board: Board) -> Campaign | None:
    """The campaign whose discussion this board is, while that campaign is still a draft."""
    try:
        campaign = board.campaign
    except Campaign.DoesNotExist:
        return None
    return campaign if campaign.status == Campaign.Status.DRAFT else None


def _may_see_draft_campaign(user, campaign: Campaign) -> bool:
    return (
        can_moderate(user)
        or is_campaign_staff(user)
        or campaign.organisers.filter(pk=user.pk).exists()
    )


def is_circle_member(user, board: Board) -> bool:
    if not board.is_circle:
        return True
    if board.host_id == user.pk:
        return True
    return CircleMembership.objects.filter(
        circle=board, member=user, state=CircleMembership.State.ACTIVE
    ).exists()


def can_see_board(user, board: Board, *, participant: bool | None = None) -> bool:
    """Boards: any participant. Circles: their members and host, and moderators. A draft
    campaign's board: its organisers, campaign staff and moderators, until it opens."""
    if not (is_participant(user) if participant is None else participant):
        return False
    draft = _draft_campaign_of(board)
    if draft is not None and not _may_see_draft_campaign(user, draft):
        return False
    if not board.is_circle or can_moderate(user):
        return True
    return is_circle_member(user, board)


def board_or_404(user, slug: str, *, participant: bool | None = None) -> Board:
    """The board, or 404 for anyone who may not see it: a circle's existence is private too.

    `participant=True` says the caller has just checked `is_participant` (a page view does, to
    choose the welcome page), so it is not looked up again.
    """
    board = Board.objects.filter(slug=slug).select_related("host", "campaign").first()
    if board is None or not can_see_board(user, board, participant=participant):
        raise Http404
    return board


def visible_boards(user) -> QuerySet[Board]:
    """Boards and the circles the member belongs to (moderators see every circle); a draft
    campaign's board only for its organisers and campaign staff."""
    if not is_participant(user):
        return Board.objects.none()
    if can_moderate(user):
        return Board.objects.all()
    member_of = CircleMembership.objects.filter(
        circle=OuterRef("pk"), member=user, state=CircleMembership.State.ACTIVE
    )
    boards = Board.objects.filter(Q(is_circle=False) | Q(host=user) | Exists(member_of))
    if is_campaign_staff(user):
        return boards
    organises = Campaign.organisers.through.objects.filter(
        campaign__board=OuterRef("pk"), user=user
    )
    return boards.filter(
        Q(campaign__isnull=True) | ~Q(campaign__status=Campaign.Status.DRAFT) | Exists(organises)
    )


def _opening_visible(user, threads: QuerySet[Thread]) -> QuerySet[Thread]:
    """The rule for threads: one is visible when its opening post is visible to the member, so
    a held thread is seen by its author and moderators only."""
    opening = Post.objects.visible_to(user).filter(thread=OuterRef("pk"), is_opening=True)
    return threads.filter(Exists(opening))


def visible_threads(user, board: Board) -> QuerySet[Thread]:
    """Threads on this board whose opening post the member may see (the caller has checked
    that the member may see the board: `board_or_404`)."""
    return _opening_visible(user, board.threads.all()).select_related("author")


def visible_threads_everywhere(user) -> QuerySet[Thread]:
    """Every thread the member may see, on every board and circle they may see, in one query
    (search uses it). Nothing for visitors and suspended members."""
    return _opening_visible(user, Thread.objects.filter(board__in=visible_boards(user)))


def board_thread_or_404(
    user, slug: str, thread_id: int, *, participant: bool | None = None
) -> Thread:
    """The thread on the board `slug`, with its board (`thread.board`), in one query; 404 unless
    the member may see both (the same rules as `board_or_404` and `thread_or_404`)."""
    thread = (
        _opening_visible(user, Thread.objects.filter(pk=thread_id, board__slug=slug))
        .select_related("board", "board__campaign")
        .first()
    )
    if thread is None or not can_see_board(user, thread.board, participant=participant):
        raise Http404
    return thread


def thread_or_404(user, board: Board, thread_id: int) -> Thread:
    """The thread if the member may see it, else 404."""
    thread = visible_threads(user, board).filter(pk=thread_id).first()
    if thread is None:
        raise Http404
    return thread


def thread_posts(user, thread: Thread) -> QuerySet[Post]:
    """The posts of a thread the member may see, oldest first, ready to render."""
    return (
        Post.objects.visible_to(user)
        .filter(thread=thread)
        .select_related("author", "quote_of__author")
        .order_by("created_at", "pk")
    )


def can_see_thread(user, thread: Thread) -> bool:
    return (
        can_see_board(user, thread.board)
        and visible_threads(user, thread.board).filter(pk=thread.pk).exists()
    )


def events_since(user, thread: Thread, since: int) -> list[tuple[ThreadEvent, Post]]:
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
    result = []
    for event in sorted(latest.values(), key=lambda e: e.pk):
        if event.post_id in visible or event.kind in ("hidden", "removed"):
            result.append((event, event.post))
    return result
