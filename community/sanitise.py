"""The one sanitiser: member Markdown in, safe HTML out.

Everything a member writes is stored as typed and as the HTML made here; templates show only
the HTML made here, and `|safe` appears nowhere else. Markdown's raw HTML is off, and nh3 (the
maintained binding of the Rust ammonia sanitiser) keeps only a small allow-list, so a post can
carry no script, style, image from another host, SVG or MathML.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote",
        "code", "pre", "hr", "h3", "h4", "del",
    }
)  # fmt: skip
# "*" empty: no attribute (title, lang, ...) is allowed on every tag.
ALLOWED_ATTRIBUTES = {"*": set(), "a": {"href"}, "ol": {"start"}}
LINK_REL = "nofollow noopener noreferrer ugc"
URL_SCHEMES = frozenset({"http", "https", "mailto"})

_markdown = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    .disable("image")
    .enable("strikethrough")
)


def clean_html(html: str) -> str:
    """Keep only the allowed tags and attributes; links get our `rel`."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        clean_content_tags={"script", "style"},
        strip_comments=True,
    )


# Bidirectional embeddings, overrides and isolates: they can show text in another order than it
# is stored and screened ("\u202e32100 90077" reads as a phone number). Browsers order Arabic or
# Hebrew correctly without them; the plain marks (U+200E, U+200F) stay.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def render_markdown(text: str) -> str:
    """Member Markdown to safe HTML. Headings come out no larger than h3."""
    html = _markdown.render(text.translate(_BIDI_CONTROLS))
    for level in (1, 2):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    return clean_html(html)
