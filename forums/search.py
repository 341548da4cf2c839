"""Search in the forums through Wagtail's search backend (PostgreSQL full text in production).

What a member may find is decided here, before the search backend sees the query: published
posts, not removed by their authors, in threads the member may see on boards and circles they
may see (`forums.selectors`). Held posts are never found, not even by their authors: search is
for reading what the community has said, and a member's own held posts are on their thread
pages. The backend only narrows that queryset by the words; it never widens it.

Results show a snippet made from the stored, sanitised `body_html` turned back into plain text,
so the page escapes it like any other text. A post behind a content note shows the note instead,
as the thread page does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, QuerySet
from wagtail.search.backends import get_search_backend

from .models import Post, Thread
from .selectors import visible_boards

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
RESULTS_PER_PAGE = 20
SNIPPET_CHARS = 220
# How much text to show before the first matching word.
SNIPPET_LEAD_CHARS = 60


@dataclass(frozen=True)
class SnippetPart:
    """A run of plain text; `match` runs are shown highlighted. Templates escape both."""

    text: str
    match: bool = False


@dataclass(frozen=True)
class Result:
    """One post found, with what the results page shows of it."""

    post: Post
    snippet: tuple[SnippetPart, ...]

    @property
    def content_note(self) -> str:
        return self.post.content_note

    @property
    def author_name(self) -> str:
        author = self.post.author
        return author.display_name if author is not None else "a former member"


@dataclass(frozen=True)
class SearchPage:
    """A page of results for a query. `page` is None when there was nothing to search for."""

    query: str
    page: Page | None
    results: list[Result]


def clean_query(raw: str | None) -> str:
    """The query as searched: whitespace collapsed, control characters dropped, at most
    MAX_QUERY_CHARS characters and MAX_TERMS words."""
    if not raw:
        return ""
    text = "".join(ch if ch.isprintable() else " " for ch in raw[: MAX_QUERY_CHARS * 2])
    words = text.split()[:MAX_TERMS]
    return " ".join(words)[:MAX_QUERY_CHARS].strip()


def search_terms(query: str) -> str:
    """The words of a query, and nothing else: quotes, stars, brackets and other characters
    that full-text query languages treat as syntax are dropped, so no query can fail."""
    return " ".join(re.findall(r"\w+", query)[:MAX_TERMS])


def visible_thread_ids(user) -> QuerySet[Thread]:
    """Ids of the threads the member may see, on every board and circle they may see.

    The same rule as `selectors.visible_threads` (its opening post is visible to the member),
    over all of `selectors.visible_boards` at once, as one subquery.
    """
    opening = Post.objects.visible_to(user).filter(thread=OuterRef("pk"), is_opening=True)
    return (
        Thread.objects.filter(board__in=visible_boards(user)).filter(Exists(opening)).values("pk")
    )


def searchable_posts(user) -> QuerySet[Post]:
    """Every post the member may find: published, not removed, in a thread they may see.

    Filters only on the Post's declared FilterFields (`moderation_state`, `removed_by_author`,
    `thread_id`), which is what the search backend accepts.
    """
    return (
        Post.objects.published()
        .filter(removed_by_author=False, thread_id__in=visible_thread_ids(user))
        .select_related("thread__board", "author")
    )


def search_posts(user, query: str, *, page_number: str | int | None = 1) -> SearchPage:
    """A page of the posts the member may see that match `query`, most relevant first.

    `query` should come through `clean_query`. Only its words are searched for (see
    `search_terms`), and every word must match; PostgreSQL stems them, so "meetings" finds
    "meeting" there.
    """
    if not query:
        return SearchPage(query="", page=None, results=[])
    terms = search_terms(query)
    found = (
        get_search_backend().search(terms, searchable_posts(user), operator="and") if terms else []
    )
    page = Paginator(found, RESULTS_PER_PAGE).get_page(page_number)
    results = [
        Result(post=post, snippet=snippet(post.body_html, query)) for post in page.object_list
    ]
    return SearchPage(query=query, page=page, results=results)


class _TextOf(HTMLParser):
    """The text of sanitised HTML, with a space where a tag was, entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(html: str) -> str:
    """Sanitised post HTML as one line of plain text (not escaped: templates escape it)."""
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


def snippet(html: str, query: str) -> tuple[SnippetPart, ...]:
    """A short extract of the post around the first word of the query it contains, split into
    plain and matching runs. Words match at their start, ignoring case."""
    text = plain_text(html)
    terms = sorted({word for word in re.findall(r"\w+", query) if len(word) > 1}, key=len)
    pattern = (
        re.compile(r"\b(?:" + "|".join(re.escape(t) for t in reversed(terms)) + ")", re.I)
        if terms
        else None
    )
    first = pattern.search(text) if pattern else None
    start = 0
    if first and first.start() > SNIPPET_LEAD_CHARS:
        start = text.rfind(" ", 0, first.start() - SNIPPET_LEAD_CHARS) + 1
    end = start + SNIPPET_CHARS
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    extract = text[start:end]
    parts: list[SnippetPart] = [SnippetPart("… ")] if start > 0 else []
    position = 0
    for match in pattern.finditer(extract) if pattern else ():
        if match.start() > position:
            parts.append(SnippetPart(extract[position : match.start()]))
        parts.append(SnippetPart(match.group(), match=True))
        position = match.end()
    if position < len(extract):
        parts.append(SnippetPart(extract[position:]))
    if end < len(text):
        parts.append(SnippetPart(" …"))
    return tuple(parts)
