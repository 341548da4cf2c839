"""The thread page kept for everyone, filled in for each reader.

Most people on a thread page are reading it: they have not written in it, keep no draft for
its reply box, mute no words and moderate nothing. For all of them the page is the same except
a handful of values: their name and id, their unread count, their form tokens, which posts are
new to them, the reaction counts and the reactions they gave. So the page is rendered once,
for nobody in particular, with a slot (`community.site.slots`) in each of those spots, kept in this
process, and filled in for each reader. Anyone else gets the page rendered for them
(`forums.views.thread`, with posts from `forums.rendering`).

The slot rule: anything in `forums/thread.html` (and the frame and partials it uses) that
differs from one reader to the next must be a declared slot. The page is rendered with a
stand-in reader (`_NobodyInParticular`, as `user` and as `request.user`) whose name and id are
slots, so a template that names the reader gets a slot, not the first reader's value;
`tests/forums/test_kept_pages.py` renders the page and the post partial for two readers and
fails on anything of either that reaches the kept HTML outside a slot.

What the kept page shows is decided by its key: the thread's newest event (every post that is
published, edited, hidden or removed is one), the thread's and board's own fields, the page
asked for, whether the reader follows or muted the thread, and the site frame. Display names
change without a thread event (a new name, an erased member), so each view also checks that
every name the kept page shows is still the author's (with the reactions, in one query).
Posts are read as a visitor would see them (published only), never with the reader's own
visibility, so nothing held can be kept. A kept page is also forgotten after `KEEP_SECONDS`,
in case anything else ever changed what it shows.

Kept in each process, not the shared cache: no round trip and no copying of a page-sized value
on each view. A deploy starts new processes, so a kept page never outlives the templates and
code that rendered it.
"""

from __future__ import annotations

import copy
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString

from community.infra.sendonce import send_token_new
from community.members.requests import MemberRequest
from community.selectors import site_frame
from community.site import slots
from community.templatetags.community_tags import unread_badge_html
from moderation.selectors import can_moderate

from .. import rendering, selectors
from ..activity import reactions, reading
from ..activity.reading import POSTS_PER_PAGE
from ..forms import ReplyForm, reply_slot
from ..models import Thread
from ..views_moderation import SLOW_MODE_CHOICES
from .paging import posts_page

KEEP_SECONDS = 10 * 60
# Pages kept per process: each is about the size of the page's HTML (some 160 kB for 50 posts).
KEEP_PAGES = 64


@dataclass(frozen=True, slots=True)
class ShownPost:
    """A post on a kept page: what filling in a reader's values needs to know of it."""

    pk: int
    author_id: int | None
    published_event: int | None
    is_published: bool
    removed_by_author: bool


@dataclass(frozen=True)
class KeptPage:
    """A thread page rendered for nobody in particular, split at its slots."""

    html: slots.Compiled
    posts: tuple[ShownPost, ...]
    last_page: bool
    made_at: float
    # The display name shown for each post's author, and each quoted post's: names change
    # without a thread event, so they are checked on every view.
    names: dict[int, str | None]


class _Kept:
    """The most recently used kept pages of this process."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.pages: OrderedDict[tuple, KeptPage] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple) -> KeptPage | None:
        with self.lock:
            page = self.pages.get(key)
            if page is None:
                return None
            if time.monotonic() - page.made_at > KEEP_SECONDS:
                del self.pages[key]
                return None
            self.pages.move_to_end(key)
            return page

    def put(self, key: tuple, page: KeptPage) -> None:
        with self.lock:
            self.pages[key] = page
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()


_kept = _Kept(KEEP_PAGES)


class _NobodyInParticular:
    """Who a kept page is rendered for: a signed-in member whose every mention is a slot."""

    is_authenticated = True
    is_anonymous = False

    def __init__(self) -> None:
        self.pk = self.id = slots.slot_mark("viewer")
        self.display_name = slots.slot_mark("name")


@dataclass(frozen=True)
class _NobodysActivity(reading.ThreadActivity):
    """`reading.ThreadActivity` as the kept page shows it: the jump link is a slot."""

    @property
    def jump_link(self) -> SafeString:
        return slots.slot_mark("jump")


def _page_number(request: HttpRequest) -> str | None:
    """The page asked for, if a kept page may answer it; None otherwise."""
    if any(name != "page" for name in request.GET):
        return None  # a quote to fill in, or anything else this reader asked for
    number = request.GET.get("page", "")
    if number in ("", "last") or (number.isdigit() and len(number) <= 6):
        return number
    return None


def _for_everyone(request: HttpRequest, state: reading.ReaderState) -> bool:
    """Whether this reader sees the page everyone else does (apart from the slots)."""
    return not (
        state.has_posted
        or state.muted_words
        or state.has_draft
        or "forums_signpost" in request.session
        or len(messages.get_messages(request))
        or can_moderate(request.user)
    )


def _render(
    request: HttpRequest, thread: Thread, state: reading.ReaderState, number: str
) -> KeptPage:
    """The page for nobody in particular, as `forums.views.thread` renders it for a member."""
    nobody = AnonymousUser()  # reads the posts a visitor would: published ones only
    page = posts_page(selectors.ThreadPostRows(nobody, thread), number)
    posts = page.object_list
    reactions.attach_reactions(posts, None)
    form = ReplyForm(
        None,
        initial={"quote_of": None, "send_token": slots.slot_mark("send_token")},
        member=_NobodyInParticular(),
        slot=reply_slot(thread.pk),
        kept=None,
    )
    context: dict[str, Any] = {
        "board": thread.board,
        "thread": thread,
        "page": page,
        "posts": posts,
        "activity": _NobodysActivity(level=state.level, first_unread_url=None, muted_words=[]),
        "form": form,
        "signpost": False,
        "last_event": state.newest_event,
        "can_moderate": False,
        "slow_mode_choices": SLOW_MODE_CHOICES,
        # Whatever the context processors would give for the member reading:
        "user": _NobodyInParticular(),
        "csrf_token": slots.slot_mark("csrf_value"),
        "messages": (),
        "page_slots": True,
    }
    # `request.user` is the stand-in too: a template that names the reader through the request
    # gets a slot, never this first reader's value.
    stand_in = copy.copy(request)
    stand_in.user = context["user"]
    html = render_to_string("forums/thread.html", context, request=stand_in)
    shown = tuple(
        ShownPost(
            pk=post.pk,
            author_id=post.author_id,
            published_event=post.published_event,
            is_published=post.is_published,
            removed_by_author=post.removed_by_author,
        )
        for post in posts
    )
    names = {post.pk: post.author_name for post in posts}
    names.update(
        {
            post.quote_of_id: post.quote_of.author_name
            for post in posts
            if post.quote_of and post.quote_of_id is not None  # the one comes with the other
        }
    )
    return KeptPage(
        html=slots.compile_marks(html),
        posts=shown,
        last_page=not page.has_next(),
        made_at=time.monotonic(),
        names=names,
    )


def _key(request: HttpRequest, thread: Thread, state: reading.ReaderState, number: str) -> tuple:
    """Everything the kept page shows that is not a slot or a post (posts: the newest event)."""
    board = thread.board
    return (
        thread.pk,
        thread.title,
        thread.locked,
        thread.slow_mode_seconds,
        board.pk,
        board.slug,
        board.title,
        number,
        state.newest_event,
        state.level,
        site_frame(request),
        timezone.get_current_timezone_name(),
    )


def _reader_values(
    request: MemberRequest,
    thread: Thread,
    state: reading.ReaderState,
    kept: KeptPage,
    given: list[tuple[int, str, int, bool]],
) -> dict[str, str]:
    """What goes into the kept page's slots for this reader (`reactions.reaction_rows`' rows)."""
    user = request.user
    token = get_token(request)
    marker = state.marker
    jump = (
        reading.first_unread_url(user, thread, marker, per_page=POSTS_PER_PAGE)
        if state.anything_new
        else None
    )
    values = {
        "name": escape(user.display_name),
        "viewer": str(user.pk),
        "unread_badge": unread_badge_html(state.unread_notifications),
        "csrf_value": token,
        "csrf": format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token),
        "send_token": send_token_new(),
        "jump": reading.jump_link_html(jump),
    }
    if state.anything_new:
        for post in kept.posts:
            if reading.is_unread(post, user.pk, marker):
                values[f"{post.pk}:unread"] = " post--unread"
                values[f"{post.pk}:new"] = rendering.NEW_MARK
    # The kept posts show 0 for every reaction (`rendering._render_for_cache`): only the kinds
    # given at least once need a value.
    for pk, kind, count, mine in given:
        values.update(rendering.reaction_values(kind, count, mine, prefix=f"{pk}:"))
    return values


def kept_page(
    request: MemberRequest, thread: Thread, state: reading.ReaderState
) -> HttpResponse | None:
    """The thread page for a member who sees what everyone else does, from the kept page;
    None when this member needs the page rendered for them (see the module's docstring).

    `state` is `reading.reader_state(...)` with the reply box's draft slot, read by the caller.
    Writes nothing but the read marker, as the page rendered for the member would.
    """
    number = _page_number(request)
    if number is None or not _for_everyone(request, state):
        return None
    key = _key(request, thread, state, number)
    reader = request.user.pk
    kept = _kept.get(key)
    if kept is not None:
        # Display names change without a thread event (a new name, an erased member): the
        # names the kept page shows are checked with the reactions, in one round trip.
        given, names = reactions.reaction_rows_and_names(
            reactions.reactable_ids(kept.posts), reader, list(kept.names)
        )
        if names != kept.names:
            kept = None
    if kept is None:
        kept = _render(request, thread, state, number)
        _kept.put(key, kept)
        given = reactions.reaction_rows(reactions.reactable_ids(kept.posts), reader)
    values = _reader_values(request, thread, state, kept, given)
    html = slots.fill_compiled(kept.html, values)
    up_to = reading.read_up_to(
        list(kept.posts), last_page=kept.last_page, last_event=state.newest_event
    )
    reading.mark_read(member=request.user, thread=thread, up_to_event=up_to, known=state.marker)
    return HttpResponse(html)


def forget_kept_pages() -> None:
    """Drop this process's kept pages (for tests that change templates or settings)."""
    _kept.clear()
