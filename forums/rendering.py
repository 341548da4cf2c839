"""Posts on the thread page: rendered once, shared by every reader, fitted to each one.

`forums/includes/post.html` is the one partial for a post, on the page and over the socket
(`forums.live.render_post`). Rendering it is most of what a thread page costs, so the page
renders each post once per *variant* (the author's own view, with Edit and Remove and no
reaction buttons; everyone else's) and keeps the result in Django's cache. What differs from
one reader to the next is marked in the partial with `{% viewer_slot %}`: the "New" mark, the
fold for muted words, which reactions the reader gave, the reaction counts and the CSRF field.
Here those spots come back as marks that `fill` replaces with the reader's values; anywhere
else (the live copy) each spot renders its default, so with default values the page's copy of
a post is exactly the live one.

The cache key is the post's id, the variant and a digest of everything the partial shows
(text, note, state, edit time, author's name, the quoted post), so an edit, a hide, a removal
or a new display name is a new key and nothing needs invalidating; reaction counts are slots,
so a reaction does not make the post render again. The partial's source is in the key too, so
a change to it takes effect at once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from community.site import slots
from moderation.models import ModerationState

from .models import Post, Reaction

TEMPLATE = "forums/includes/post.html"
# Templates whose text ends up in a cached post: a change to either is a new cache key.
TEMPLATES_IN_A_POST = (TEMPLATE, "forums/includes/held_notice.html")
CACHE_SECONDS = 60 * 60 * 24
# What a cached post holds besides the templates' output; changed when that changes (2: the
# reaction counts' slots default to 0), so posts cached by older code are never used.
FORMAT = "2"
# With the embedded default (one process, local-memory cache) posts get a cache of their own,
# so they never push rate-limit counters out of the shared one (which keeps 300 entries).
_LOCAL_POSTS = LocMemCache("forums-post-html", {"OPTIONS": {"MAX_ENTRIES": 5000}})

READER = "reader"
AUTHOR = "author"

NEW_MARK = mark_safe(' · <span class="tag tag--new">New</span>')
MUTED_OPEN = mark_safe(
    '<details class="muted-post"><summary>Hidden by your muted words — show</summary>'
)
MUTED_CLOSE = mark_safe("</details>")


class _Marks:
    """The cache keys' prefix for rendered posts (the mark itself is
    `community.site.slots.mark`)."""

    _prefix: tuple[tuple, str] = ((), "")

    @property
    def key_prefix(self) -> str:
        """Changes with the partials' sources, the reaction kinds and the mark. Worked out again
        whenever the template loader gives new template objects (a reload in development)."""
        # Django's own backend gives its engine's template as `.template` (not in the stubs).
        templates = tuple(
            get_template(name).template  # type: ignore[attr-defined]
            for name in TEMPLATES_IN_A_POST
        )
        seen, prefix = self._prefix
        stale = len(seen) != len(templates) or any(
            a is not b for a, b in zip(seen, templates, strict=True)
        )
        if stale:
            digest = hashlib.blake2b(digest_size=8)
            for template in templates:
                digest.update(template.source.encode())
            digest.update(repr(Reaction.Kind.choices).encode())
            digest.update(FORMAT.encode())
            digest.update(slots.mark().encode())
            prefix = f"forums:post-html:{digest.hexdigest()}"
            self._prefix = (templates, prefix)
        return prefix


_marks = _Marks()


# What the thread page reads of each post: plain values, not model objects (building 50 posts
# with their authors and quotes was most of the page's posts query). The model is loaded only
# for posts that have to be rendered.
ROW_FIELDS = (
    "id",
    "author_id",
    "moderation_state",
    "removed_by_author",
    "created_at",
    "edited_at",
    "content_note",
    "body",
    "body_html",
    "quote_of_id",
    "author__display_name",
    "quote_of__moderation_state",
    "quote_of__removed_by_author",
    "quote_of__author__display_name",
    "quote_of__body",
    "quote_of__body_html",
    "published_event",
)


@dataclass(slots=True)
class QuotedRow:
    """The quoted post, as far as the quoting post shows it."""

    moderation_state: str
    removed_by_author: bool
    author_name: str | None
    body: str
    body_html: str


@dataclass(slots=True)
class PostRow:
    """A post on the thread page, with the reader's marks once
    `forums.activity.reading.thread_page_activity` adds them."""

    pk: int
    author_id: int | None
    moderation_state: str
    removed_by_author: bool
    created_at: datetime
    edited_at: datetime | None
    content_note: str
    body: str
    body_html: str
    quote_of_id: int | None
    author_name: str | None
    quote_of: QuotedRow | None
    published_event: int | None
    reaction_counts: list = field(default_factory=list)
    can_react: bool = True
    is_unread: bool = False
    muted: bool = False

    @property
    def is_published(self) -> bool:
        return self.moderation_state == ModerationState.PUBLISHED

    @classmethod
    def from_columns(cls, values: list) -> PostRow:
        """From `ROW_FIELDS`' values in that order (`selectors.ThreadPostRows` reads them)."""
        return cls.from_values(dict(zip(ROW_FIELDS, values, strict=True)))

    @classmethod
    def from_values(cls, row: Mapping[str, Any]) -> PostRow:
        quote = None
        if row["quote_of_id"] is not None:
            quote = QuotedRow(
                moderation_state=row["quote_of__moderation_state"],
                removed_by_author=row["quote_of__removed_by_author"],
                author_name=row["quote_of__author__display_name"],
                body=row["quote_of__body"],
                body_html=row["quote_of__body_html"],
            )
        return cls(
            pk=row["id"],
            author_id=row["author_id"],
            moderation_state=row["moderation_state"],
            removed_by_author=row["removed_by_author"],
            created_at=row["created_at"],
            edited_at=row["edited_at"],
            content_note=row["content_note"],
            body=row["body"],
            body_html=row["body_html"],
            quote_of_id=row["quote_of_id"],
            author_name=row["author__display_name"],
            quote_of=quote,
            published_event=row["published_event"],
        )


def slot(context: Mapping, name: str, default: object) -> SafeString | object:
    """What `{% viewer_slot %}` writes: the default, or a mark when rendering for the cache."""
    if context.get("viewer_slots"):
        return slots.slot_mark(name, default)
    return default


def fill(html: str, values: Mapping[str, str]) -> str:
    """Put a reader's values into a post rendered with marks; a slot without a value gets the
    default it was rendered with."""
    return slots.fill(html, values)


def _qualified(post_pk: int):
    # The CSRF field is the same for every post on a page; the rest are the post's own.
    return lambda name: name if name == "csrf" else f"{post_pk}:{name}"


def _cache():
    """Redis (shared by every worker) in production; a local cache of its own otherwise."""
    default = caches["default"]
    return _LOCAL_POSTS if isinstance(default, LocMemCache) else default


def _variant(post: PostRow, viewer_id: int | None) -> str:
    return AUTHOR if viewer_id is not None and post.author_id == viewer_id else READER


def _cache_key(post: PostRow, variant: str, zone: str, prefix: str) -> str:
    shown = [
        variant,
        zone,
        post.moderation_state,
        str(post.removed_by_author),
        str(post.author_id),
        post.author_name or "",
        post.created_at.isoformat(),
        post.edited_at.isoformat() if post.edited_at else "",
        post.content_note,
        post.body_html,
    ]
    quote = post.quote_of
    if quote is not None:
        shown += [
            quote.moderation_state,
            str(quote.removed_by_author),
            quote.author_name or "",
            quote.body_html,
        ]
    digest = hashlib.blake2b("\x1f".join(shown).encode(), digest_size=12).hexdigest()
    return f"{prefix}:{post.pk}:{digest}"


def _render_for_cache(post: Post, row: PostRow, variant: str) -> str:
    """The partial with marks, as every reader of this variant would see it. Its reaction
    counts are slots whose default is 0, so a reader's values need only the counts that are
    not (`forums.thread_page.kept` relies on it)."""
    return render_to_string(TEMPLATE, cooked_context(post, row, variant))


def cooked_context(post: Post, row: PostRow, variant: str) -> dict[str, Any]:
    """The partial's whole context when a post is rendered for the cache: the post and its
    variant, nothing of any reader (the guard in `tests/forums/test_kept_pages.py` renders it
    with a reader's request in reach, and fails if anything of theirs shows outside a slot)."""
    post.can_react = variant == READER
    post.reaction_counts = [
        replace(reaction, count=0, mine=False) for reaction in row.reaction_counts
    ]
    return {"post": post, "viewer_slots": True, "owner_view": variant == AUTHOR}


def reader_values(post: PostRow, csrf_input: str) -> dict[str, str]:
    """What goes into one post's slots for the member reading: its marks and reactions."""
    values = {"csrf": csrf_input}
    if post.is_unread:
        values["unread"] = " post--unread"
        values["new"] = NEW_MARK
    if post.muted:
        values["muted_open"] = MUTED_OPEN
        values["muted_close"] = MUTED_CLOSE
    for reaction in post.reaction_counts:
        values.update(reaction_values(reaction.kind, reaction.count, reaction.mine))
    return values


def reaction_values(kind: str, count: int, mine: bool, prefix: str = "") -> dict[str, str]:
    """The slots of one reaction button: its count, and whether the reader gave it."""
    values = {f"{prefix}count:{kind}": str(count)}
    if mine:
        values[f"{prefix}mine:{kind}"] = " reaction--mine"
        values[f"{prefix}pressed:{kind}"] = "true"
    return values


def render_posts(
    posts: Iterable[PostRow],
    *,
    viewer_id: int | None,
    csrf_token: str,
    keep_slots: bool = False,
) -> SafeString:
    """The page's posts for one reader, from the cache where they have been rendered before.

    `posts` are `PostRow`s of `selectors.ThreadPostRows` (`ROW_FIELDS`) with the reader's
    activity attached (`reading.thread_page_activity`): `reaction_counts`, `is_unread` and
    `muted`. One cache round trip for the page; posts not in the cache are loaded in one query,
    rendered and stored in one more round trip.

    With `keep_slots` (a page rendered once for many readers, `forums.thread_page`) the reader's
    spots stay marked, named after their post ("<id>:new", "<id>:count:hug"; "csrf" is shared).
    """
    posts = list(posts)
    if not posts:
        return SafeString("")
    zone = timezone.get_current_timezone_name()
    keyed = [(post, _variant(post, viewer_id)) for post in posts]
    prefix = _marks.key_prefix
    keys = [_cache_key(post, variant, zone, prefix) for post, variant in keyed]
    store = _cache()
    cached = store.get_many(keys)
    missing = [post.pk for post, key in zip(posts, keys, strict=True) if key not in cached]
    models = (
        Post.objects.select_related("author", "quote_of__author").in_bulk(missing)
        if missing
        else {}
    )
    fresh: dict[str, str] = {}
    csrf_input = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf_token
    )
    out = []
    for (post, variant), key in zip(keyed, keys, strict=True):
        html = cached.get(key)
        if html is None:
            html = fresh[key] = _render_for_cache(models[post.pk], post, variant)
        if keep_slots:
            out.append(slots.rename(html, _qualified(post.pk)))
        else:
            out.append(fill(html, reader_values(post, csrf_input)))
    if fresh:
        store.set_many(fresh, CACHE_SECONDS)
    # Rendered (autoescaped) partials, with escaped or constant values in their slots.
    return mark_safe("".join(out))  # noqa: S308
