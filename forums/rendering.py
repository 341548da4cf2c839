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

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from .models import Post, Reaction

TEMPLATE = "forums/includes/post.html"
# Templates whose text ends up in a cached post: a change to either is a new cache key.
TEMPLATES_IN_A_POST = (TEMPLATE, "forums/includes/held_notice.html")
CACHE_SECONDS = 60 * 60 * 24
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
    """The mark around a slot in a cached post. It carries a secret-derived token, so no text a
    member writes can contain it and be taken for a slot."""

    @cached_property
    def mark(self) -> str:
        return "\x00" + salted_hmac("forums.rendering", "slot-mark").hexdigest()[:24] + "\x00"

    _prefix: tuple[tuple, str] = ((), "")

    @property
    def key_prefix(self) -> str:
        """Changes with the partials' sources, the reaction kinds and the mark. Worked out again
        whenever the template loader gives new template objects (a reload in development)."""
        templates = tuple(get_template(name).template for name in TEMPLATES_IN_A_POST)
        seen, prefix = self._prefix
        stale = len(seen) != len(templates) or any(
            a is not b for a, b in zip(seen, templates, strict=True)
        )
        if stale:
            digest = hashlib.blake2b(digest_size=8)
            for template in templates:
                digest.update(template.source.encode())
            digest.update(repr(Reaction.Kind.choices).encode())
            digest.update(self.mark.encode())
            prefix = f"forums:post-html:{digest.hexdigest()}"
            self._prefix = (templates, prefix)
        return prefix


_marks = _Marks()


def slot(context: Mapping, name: str, default: object) -> SafeString | object:
    """What `{% viewer_slot %}` writes: the default, or a mark when rendering for the cache."""
    if context.get("viewer_slots"):
        spot = f"{_marks.mark}{name}\x01{conditional_escape(default)}{_marks.mark}"
        return mark_safe(spot)  # noqa: S308 - the mark, our slot name and an escaped default
    return default


def fill(html: str, values: Mapping[str, str]) -> str:
    """Put a reader's values into a post rendered with marks; a slot without a value gets the
    default it was rendered with."""
    parts = html.split(_marks.mark)
    out = [parts[0]]
    for index in range(1, len(parts), 2):
        name, _, default = parts[index].partition("\x01")
        out.append(values.get(name, default))
        out.append(parts[index + 1])
    return "".join(out)


def _cache():
    """Redis (shared by every worker) in production; a local cache of its own otherwise."""
    default = caches["default"]
    return _LOCAL_POSTS if isinstance(default, LocMemCache) else default


def _variant(post: Post, viewer_id: int | None) -> str:
    return AUTHOR if viewer_id is not None and post.author_id == viewer_id else READER


def _cache_key(post: Post, variant: str, zone: str, prefix: str) -> str:
    author = post.author
    quote = post.quote_of if post.quote_of_id else None
    shown = [
        variant,
        zone,
        post.moderation_state,
        str(post.removed_by_author),
        str(post.author_id),
        author.display_name if author is not None else "",
        post.created_at.isoformat(),
        post.edited_at.isoformat() if post.edited_at else "",
        post.content_note,
        post.body_html,
    ]
    if quote is not None:
        quote_author = quote.author
        shown += [
            quote.moderation_state,
            str(quote.removed_by_author),
            quote_author.display_name if quote_author is not None else "",
            quote.body_html,
        ]
    digest = hashlib.blake2b("\x1f".join(shown).encode(), digest_size=12).hexdigest()
    return f"{prefix}:{post.pk}:{digest}"


def _render_for_cache(post: Post, variant: str) -> str:
    """The partial with marks, as every reader of this variant would see it."""
    post.can_react = variant == READER
    if not hasattr(post, "reaction_counts"):
        post.reaction_counts = []
    return render_to_string(
        TEMPLATE, {"post": post, "viewer_slots": True, "owner_view": variant == AUTHOR}
    )


def _reader_values(post: Post, csrf_input: str) -> dict[str, str]:
    values = {"csrf": csrf_input}
    if getattr(post, "is_unread", False):
        values["unread"] = " post--unread"
        values["new"] = NEW_MARK
    if getattr(post, "muted", False):
        values["muted_open"] = MUTED_OPEN
        values["muted_close"] = MUTED_CLOSE
    for reaction in getattr(post, "reaction_counts", ()):
        values[f"count:{reaction.kind}"] = str(reaction.count)
        if reaction.mine:
            values[f"mine:{reaction.kind}"] = " reaction--mine"
            values[f"pressed:{reaction.kind}"] = "true"
    return values


def render_posts(posts: Iterable[Post], *, viewer_id: int | None, csrf_token: str) -> SafeString:
    """The page's posts for one reader, from the cache where they have been rendered before.

    `posts` come from `selectors.thread_posts` with the reader's activity attached
    (`activity.thread_page_activity`): `reaction_counts`, `is_unread` and `muted`. One cache
    round trip for the page, and one more to store any posts rendered now.
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
    fresh: dict[str, str] = {}
    csrf_input = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf_token
    )
    out = []
    for (post, variant), key in zip(keyed, keys, strict=True):
        html = cached.get(key)
        if html is None:
            html = fresh[key] = _render_for_cache(post, variant)
        out.append(fill(html, _reader_values(post, csrf_input)))
    if fresh:
        store.set_many(fresh, CACHE_SECONDS)
    # Rendered (autoescaped) partials, with escaped or constant values in their slots.
    return mark_safe("".join(out))  # noqa: S308
