"""Activity around posts: reactions, following and muting threads, read markers, muted words
and the e-mail digest.

Services are keyword-only verbs that write; selectors read for pages and never write. Nothing
here ever tells one member who another member is: reactions are counted, never listed;
notifications and digests name no author, quote no post and give no thread title.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from community.infra import sql
from community.models import User
from community.selectors import unread_notification_count_sql
from community.services import notify_each
from community.site.drafts import draft_kept_sql
from moderation.models import ModerationState, Sanction, SanctionKind
from moderation.selectors import can_moderate

from .models import (
    CircleMembership,
    ForumPreferences,
    Post,
    Reaction,
    ReadMarker,
    Thread,
    ThreadEvent,
    ThreadWatch,
)
from .selectors import can_see_thread, is_participant

logger = logging.getLogger(__name__)

REACTION_LIMIT = 30
"""Reactions a member may send in REACTION_PERIOD seconds (the view counts them)."""
REACTION_PERIOD = 60
MAX_MUTED_WORDS = 30
MAX_MUTED_WORD_LENGTH = 40
REPLY_KIND = "forums.reply"
REPLY_MESSAGE = "There's a new reply in a thread you follow."
DIGEST_SUBJECT = "You have new notifications"


# --- Reactions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReactionCount:
    """One button under a post: its kind, label, how many, and whether the viewer gave it."""

    kind: str
    label: str
    count: int
    mine: bool = False


def reactable_post_or_404(user, post_id: int) -> Post:
    """A post the member may react to. 404 for anyone who may not see it, and for held,
    hidden or removed posts: reacting to them is not possible, and saying so would tell a
    stranger that they exist."""
    post = (
        Post.objects.select_related("thread__board")
        .filter(pk=post_id, moderation_state=ModerationState.PUBLISHED, removed_by_author=False)
        .first()
    )
    if post is None or not is_participant(user) or not can_see_thread(user, post.thread):
        raise Http404
    return post


def reaction_toggle(*, post: Post, member, kind: str) -> bool:
    """Give a reaction of `kind` to a post, or take it back if given. Returns True when given.

    One of each kind per member per post. Raises ValidationError for an unknown kind and
    PermissionDenied for a post that is not published, removed, the member's own, or one the
    member may not see.
    """
    if kind not in Reaction.Kind.values:
        raise ValidationError("Please choose one of the reactions under the post.")
    if (
        post.moderation_state != ModerationState.PUBLISHED
        or post.removed_by_author
        or not is_participant(member)
        or not can_see_thread(member, post.thread)
    ):
        raise PermissionDenied("You can't react to this post.")
    if post.author_id == member.pk:
        raise PermissionDenied("You can't react to your own post.")
    with transaction.atomic():
        taken_back, _ = Reaction.objects.filter(post=post, member=member, kind=kind).delete()
        if taken_back:
            return False
        Reaction.objects.get_or_create(post=post, member=member, kind=kind)
        return True


def _reactions_sql(post_ids: list[int]) -> str:
    # In SQL: it runs on every thread page view, where the ORM took longer to build the
    # query than the database to answer it. One parameter: the viewer's id.
    table = connection.ops.quote_name(Reaction._meta.db_table)
    return (
        "SELECT post_id, kind, COUNT(*), "  # noqa: S608 - the model's table; integer ids
        "SUM(CASE WHEN member_id = %s THEN 1 ELSE 0 END) "
        f"FROM {table} WHERE post_id IN ({sql.id_list(post_ids)}) "
        "GROUP BY post_id, kind"
    )


def reaction_rows(post_ids: list[int], viewer_id: int | None) -> list[tuple[int, str, int, bool]]:
    """(post id, kind, count, whether the viewer gave it) for each kind given at least once
    to these posts, in one grouped query. It never returns who else reacted."""
    if not post_ids:
        return []
    with connection.cursor() as cursor:
        cursor.execute(_reactions_sql(post_ids), [viewer_id])
        return [(post_id, kind, n, bool(mine)) for post_id, kind, n, mine in cursor]


def reaction_rows_and_names(
    post_ids: list[int], viewer_id: int | None, names_of: list[int]
) -> tuple[list[tuple[int, str, int, bool]], dict[int, str | None]]:
    """`reaction_rows`, and in the same round trip the display name of the author of each
    post in `names_of` (None: no author, an erased member), for a page that checks the names
    it shows (`forums.pages`)."""
    if not names_of:
        return reaction_rows(post_ids, viewer_id), {}
    posts, users = (connection.ops.quote_name(m._meta.db_table) for m in (Post, User))
    names = (
        f"SELECT p.id, u.display_name, NULL, NULL FROM {posts} p "  # noqa: S608 - names from the models; integer ids
        f"LEFT JOIN {users} u ON u.id = p.author_id WHERE p.id IN ({sql.id_list(names_of)})"
    )
    if not post_ids:
        query, params = names, []
    else:
        # A name's row has no count: that tells the two kinds of row apart.
        query, params = f"{_reactions_sql(post_ids)} UNION ALL {names}", [viewer_id]
    rows, found = [], {}
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        for post_id, kind_or_name, n, mine in cursor:
            if n is None:
                found[post_id] = kind_or_name
            else:
                rows.append((post_id, kind_or_name, n, bool(mine)))
    return rows, found


def reactable_ids(posts: Iterable) -> list[int]:
    """The posts that show reaction buttons: published, and not removed by their author."""
    return [post.pk for post in posts if post.is_published and not post.removed_by_author]


def reaction_counts(posts: Iterable[Post], viewer=None) -> dict[int, list[ReactionCount]]:
    """Every kind's count for each published post, in one grouped query for all of them.

    `mine` says whether the viewer gave it; the query never returns who else did.
    """
    ids = reactable_ids(posts)
    viewer_id = viewer.pk if viewer is not None and viewer.is_authenticated else None
    found = {(pk, kind): (n, mine) for pk, kind, n, mine in reaction_rows(ids, viewer_id)}
    kinds = [(kind, str(label)) for kind, label in Reaction.Kind.choices]
    return {
        pk: [
            ReactionCount(kind, label, *found.get((pk, kind), (0, False))) for kind, label in kinds
        ]
        for pk in ids
    }


def attach_reactions(posts: Iterable[Post], viewer=None) -> None:
    """Set `reaction_counts` and `can_react` on each post, for `forums/includes/post.html`."""
    posts = list(posts)
    counts = reaction_counts(posts, viewer)
    viewer_id = viewer.pk if viewer is not None else None
    for post in posts:
        post.reaction_counts = counts.get(post.pk, [])
        post.can_react = viewer_id is None or post.author_id != viewer_id


# --- Following and muting threads -----------------------------------------------------------


def thread_for_member_or_404(user, thread_id: int) -> Thread:
    """A thread the member may see, with its board; 404 otherwise (circles stay private)."""
    thread = Thread.objects.select_related("board").filter(pk=thread_id).first()
    if thread is None or not is_participant(user) or not can_see_thread(user, thread):
        raise Http404
    return thread


def watch_level(member, thread: Thread) -> str | None:
    """ "following", "muted" or None."""
    return (
        ThreadWatch.objects.filter(member=member, thread=thread)
        .values_list("level", flat=True)
        .first()
    )


def _set_level(member, thread: Thread, level: str) -> ThreadWatch:
    if not can_see_thread(member, thread):
        raise PermissionDenied("You can't follow this thread.")
    watch, _ = ThreadWatch.objects.update_or_create(
        member=member, thread=thread, defaults={"level": level}
    )
    return watch


def thread_follow(*, member, thread: Thread) -> ThreadWatch:
    """Follow a thread: be told when a reply is published. Following a muted thread unmutes it."""
    return _set_level(member, thread, ThreadWatch.Level.FOLLOWING)


def thread_unfollow(*, member, thread: Thread) -> None:
    """Stop following a thread (a mute stays as it is)."""
    ThreadWatch.objects.filter(
        member=member, thread=thread, level=ThreadWatch.Level.FOLLOWING
    ).delete()


def thread_mute(*, member, thread: Thread) -> ThreadWatch:
    """Mute a thread: no notifications, and it sinks to the bottom of the board, dimmed."""
    return _set_level(member, thread, ThreadWatch.Level.MUTED)


def thread_unmute(*, member, thread: Thread) -> None:
    """Unmute a thread (it is then neither followed nor muted)."""
    ThreadWatch.objects.filter(member=member, thread=thread, level=ThreadWatch.Level.MUTED).delete()


def follow_as_author(*, member, thread: Thread) -> None:
    """Follow a thread the member has just posted in, unless they muted it."""
    ThreadWatch.objects.get_or_create(
        member=member, thread=thread, defaults={"level": ThreadWatch.Level.FOLLOWING}
    )


# --- Telling followers about replies --------------------------------------------------------


def post_link(post: Post) -> str:
    """A link to a post that finds its page (see `post_page_url`)."""
    return reverse("forums:post_link", args=[post.pk])


def _followers_to_tell(post: Post) -> list:
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
        .select_related("member")
    )
    if not board.is_circle:
        return [watch.member for watch in watches]
    in_circle = CircleMembership.objects.filter(
        circle=board, member=OuterRef("member"), state=CircleMembership.State.ACTIVE
    )
    watches = watches.annotate(in_circle=Exists(in_circle))
    # Someone who has left the circle hears nothing more from it; moderators still may.
    return [
        watch.member
        for watch in watches
        if watch.in_circle or watch.member_id == board.host_id or can_moderate(watch.member)
    ]


def post_published(*, post: Post) -> int:
    """Tell the thread's followers, except its author, that a reply was published.

    Called where publishing is recorded (`PostAdapter.set_state`), so a reply approved later
    counts and a held one never does. Muted threads and opening posts tell nobody; a post
    published again (after an edit was reviewed, say) is not a new reply. The message is
    neutral: no author, no words of the post, no title. Returns how many were told.
    """
    if post.is_opening or post.removed_by_author or not post.is_published:
        return 0
    if ThreadEvent.objects.filter(post=post, kind="published").count() > 1:
        return 0
    thread_open = Post.objects.filter(
        thread_id=post.thread_id, is_opening=True, moderation_state=ModerationState.PUBLISHED
    ).exists()
    if not thread_open:
        return 0
    return notify_each(
        list(_followers_to_tell(post)), kind=REPLY_KIND, message=REPLY_MESSAGE, url=post_link(post)
    )


# --- Read markers -------------------------------------------------------------------------------


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
    if post is None or not is_participant(user) or not can_see_thread(user, post.thread):
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


# --- Muted words --------------------------------------------------------------------------------


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def parse_muted_words(text: str) -> list[str]:
    """One word or phrase a line, folded (case, width, spaces), without repeats.

    Raises ValidationError for too many or too long.
    """
    words: list[str] = []
    for line in text.splitlines():
        word = _fold(line)
        if word and word not in words:
            words.append(word)
    if len(words) > MAX_MUTED_WORDS:
        raise ValidationError(f"You can mute up to {MAX_MUTED_WORDS} words or phrases.")
    long = [word for word in words if len(word) > MAX_MUTED_WORD_LENGTH]
    if long:
        raise ValidationError(
            f"Please keep each muted word or phrase under {MAX_MUTED_WORD_LENGTH} characters."
        )
    return words


@dataclass
class MutedWords:
    """A member's muted words, matched whole (not inside longer words), ignoring case."""

    words: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._pattern = None
        if self.words:
            alternatives = "|".join(
                re.escape(word) for word in sorted(self.words, key=len, reverse=True)
            )
            self._pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")

    def __bool__(self) -> bool:
        return bool(self.words)

    def found_in(self, *texts: str) -> bool:
        if self._pattern is None:
            return False
        return any(self._pattern.search(_fold(text)) for text in texts if text)


def preferences_of(member) -> ForumPreferences:
    """The member's preferences (an unsaved default if they have none: reading never writes)."""
    return ForumPreferences.objects.filter(member=member).first() or ForumPreferences(member=member)


def muted_words_of(member) -> MutedWords:
    return MutedWords(list(preferences_of(member).muted_words))


def mark_muted_posts(posts: Iterable[Post], muted: MutedWords) -> None:
    """Set `muted` on posts whose text, content note or shown quote uses a muted word."""
    for post in posts:
        quote = post.quote_of.body if post.quote_of_id and post.quote_of else ""
        post.muted = (
            bool(muted)
            and not post.removed_by_author
            and muted.found_in(post.body, post.content_note, quote)
        )


def mark_muted_threads(threads: Iterable[Thread], muted: MutedWords) -> None:
    """Set `title_muted` on threads whose title uses a muted word (the board folds it away)."""
    for thread in threads:
        thread.title_muted = muted.found_in(thread.title)


def preferences_update(*, member, muted_words: str, digest: bool) -> ForumPreferences:
    """Save the member's muted words (one a line) and digest choice. Raises ValidationError."""
    words = parse_muted_words(muted_words)
    preferences, _ = ForumPreferences.objects.update_or_create(
        member=member, defaults={"muted_words": words, "digest": digest}
    )
    return preferences


# --- The thread page ----------------------------------------------------------------------------


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
    words = words_field.from_db_value(words, None, connection) if words is not None else []
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
    user, thread: Thread, posts: list[Post], *, per_page: int, state: ReaderState | None = None
) -> ThreadActivity:
    """Reactions, unread and muted marks on the page's posts, and the member's standing in the
    thread. A fixed number of queries, however many posts; it writes nothing (see mark_read).

    `posts` should carry `published_event` (`selectors.ThreadPostRows`); `state` is
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


def read_up_to(posts: list[Post], *, last_page: bool, last_event: int) -> int:
    """The marker a page view moves to: the thread's newest event on its last page, or the
    newest publication among the posts shown on an earlier page."""
    if last_page:
        return last_event
    return max((getattr(post, "published_event", None) or 0 for post in posts), default=0)


# --- The e-mail digest --------------------------------------------------------------------------


def _digest_text(total: int, replies: int) -> str:
    things = "notification" if total == 1 else "notifications"
    lines = [f"You have {total} new {things}"]
    if replies:
        replies_text = "reply" if replies == 1 else "replies"
        lines[0] += f", including {replies} {replies_text} in threads you follow"
    lines[0] += "."
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    lines += [
        "",
        f"Read them here (you will need to sign in): {base}/notifications/",
        "",
        "You asked for this e-mail. To stop it, untick the e-mail option in your settings: "
        f"{base}{reverse('forums:activity_settings')}",
    ]
    return "\n".join(lines) + "\n"


def digests_send(*, now: datetime | None = None) -> int:
    """E-mail each member who asked for a digest, once, if they have unread notifications
    since their last one. Neutral sender and subject; counts and a link only, never a post's
    words, a thread's title or anyone's name. Returns how many e-mails were sent.
    """
    now = now or timezone.now()
    new = (
        Q(member__notifications__read_at__isnull=True)
        & (
            Q(digest_sent_at__isnull=True)
            | Q(member__notifications__created_at__gt=F("digest_sent_at"))
        )
        & Q(member__notifications__created_at__lte=now)
    )
    due = (
        ForumPreferences.objects.filter(digest=True, member__is_active=True)
        .annotate(
            total=Count("member__notifications", filter=new),
            replies=Count(
                "member__notifications",
                filter=new & Q(member__notifications__kind=REPLY_KIND),
            ),
        )
        .filter(total__gt=0)
        .select_related("member")
    )
    sent = 0
    for preferences in due:
        try:
            send_mail(
                subject=DIGEST_SUBJECT,
                message=_digest_text(preferences.total, preferences.replies),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[preferences.member.email],
            )
        except Exception:
            logger.warning("Could not send a digest e-mail.", exc_info=True)
            continue
        ForumPreferences.objects.filter(pk=preferences.pk).update(digest_sent_at=now)
        sent += 1
    return sent
