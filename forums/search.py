"""Search in the forums through Wagtail's search backend (PostgreSQL full text in production).

What a member may find is decided before the search backend sees the query, by the same rule
as the pages (`selectors.visible_threads_everywhere`): thread titles of every thread the member
may see, so a held thread's title is found by its author and moderators only, and a circle's
by its members; and published posts, not removed by their authors, in those threads. Held
posts are never found, not even by their authors: search is for reading what the community
has said, and a member's own held posts are on their thread pages. The backend only narrows
those querysets by the words; it never widens them.

Results show a snippet made from the stored, sanitised `body_html` turned back into plain text,
so the page escapes it like any other text. A post behind a content note shows the note instead,
as the thread page does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from wagtail.search.backends import get_search_backend

from community.input.converters import page_number
from community.input.search import SearchQuery, search_query
from moderation.models import ModerationState

from . import selectors
from .models import Post, Thread

RESULTS_PER_PAGE = 20
# Threads whose titles match, shown above the posts on the first page of results.
THREAD_RESULTS = 10
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
class ThreadResult:
    """A thread whose title matched, with the title split into plain and matching runs."""

    thread: Thread
    title: tuple[SnippetPart, ...]
    held: bool = False


@dataclass(frozen=True)
class SearchPage:
    """A page of results for a query. `page` is None when there was nothing to search for.
    `threads` (titles that matched) come with the first page only. `message` tells the member
    what became of their query (shortened, or no words in it), if anything."""

    query: str
    page: Page | None
    results: list[Result]
    threads: list[ThreadResult] = field(default_factory=list)
    message: str = ""


def clean_query(raw: str | None) -> SearchQuery:
    """The query as searched (`community.input.search.search_query`): tidied and cut for showing
    back, reduced to its words for the search backend, so no query can fail or take long."""
    return search_query(raw)


def searchable_threads(user) -> QuerySet[Thread]:
    """Every thread whose title the member may find: exactly the threads they may see.

    Filters only on the Thread's declared FilterField (`id`), which is what the search backend
    accepts; the rule itself is the selectors' own, as a subquery.
    """
    visible = selectors.visible_threads_everywhere(user).values("pk")
    return Thread.objects.filter(pk__in=visible).select_related("board", "author")


def searchable_posts(user) -> QuerySet[Post]:
    """Every post the member may find: published, not removed, in a thread they may see.

    Filters only on the Post's declared FilterFields (`moderation_state`, `removed_by_author`,
    `thread_id`), which is what the search backend accepts.
    """
    visible = selectors.visible_threads_everywhere(user).values("pk")
    return (
        Post.objects.published()
        .filter(removed_by_author=False, thread_id__in=visible)
        .select_related("thread__board", "author")
    )


def search_threads(user, query: SearchQuery, *, limit: int = THREAD_RESULTS) -> list[ThreadResult]:
    """The threads the member may see whose titles match `query` (every word), most relevant
    first, at most `limit`. A held thread (only its author and moderators find it) says so."""
    terms = query.terms
    if not terms:
        return []
    backend = get_search_backend()
    found = list(backend.search(terms, searchable_threads(user), operator="and")[:limit])
    held = set(
        Post.objects.filter(thread__in=[thread.pk for thread in found], is_opening=True)
        .exclude(moderation_state=ModerationState.PUBLISHED)
        .values_list("thread_id", flat=True)
    )
    return [
        ThreadResult(
            thread=thread, title=highlight(thread.title, query.text), held=thread.pk in held
        )
        for thread in found
    ]


def search_posts(
    user, query: SearchQuery | str, *, page_number: str | int | None = 1
) -> SearchPage:
    """A page of the posts the member may see that match `query`, most relevant first.

    `query` is what the member typed, or that through `clean_query` already. Only its words
    are searched for (`SearchQuery.terms`), and every word must match; PostgreSQL stems them,
    so "meetings" finds "meeting" there. A page number that is not one is the first page.
    """
    if isinstance(query, str):
        query = clean_query(query)
    if not query.text:
        return SearchPage(query="", page=None, results=[])
    terms = query.terms
    found = (
        get_search_backend().search(terms, searchable_posts(user), operator="and") if terms else []
    )
    page = Paginator(found, RESULTS_PER_PAGE).get_page(_page_number(page_number))
    results = [
        Result(post=post, snippet=snippet(post.body_html, query.text)) for post in page.object_list
    ]
    threads = search_threads(user, query) if page.number == 1 else []
    return SearchPage(
        query=query.text, page=page, results=results, threads=threads, message=query.message
    )


def _page_number(value: str | int | None) -> str | int | None:
    return value if isinstance(value, int) else page_number(value)


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


def _pattern(query: str) -> re.Pattern | None:
    """The query's words (two letters or more), matching at the start of a word, any case."""
    terms = sorted({word for word in re.findall(r"\w+", query) if len(word) > 1}, key=len)
    if not terms:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(t) for t in reversed(terms)) + ")", re.I)


def _marked(text: str, pattern: re.Pattern | None) -> list[SnippetPart]:
    parts: list[SnippetPart] = []
    position = 0
    for match in pattern.finditer(text) if pattern else ():
        if match.start() > position:
            parts.append(SnippetPart(text[position : match.start()]))
        parts.append(SnippetPart(match.group(), match=True))
        position = match.end()
    if position < len(text):
        parts.append(SnippetPart(text[position:]))
    return parts


def highlight(text: str, query: str) -> tuple[SnippetPart, ...]:
    """Plain text (a title) split into plain and matching runs."""
    return tuple(_marked(text, _pattern(query)))


def snippet(html: str, query: str) -> tuple[SnippetPart, ...]:
    """A short extract of the post around the first word of the query it contains, split into
    plain and matching runs. Words match at their start, ignoring case."""
    text = plain_text(html)
    pattern = _pattern(query)
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
    parts += _marked(extract, pattern)
    if end < len(text):
        parts.append(SnippetPart(" …"))
    return tuple(parts)
