"""The page of a thread's posts a reader asked for."""

from __future__ import annotations

from django.core.paginator import Page, Paginator

from .. import selectors
from ..activity.reading import POSTS_PER_PAGE
from ..rendering import PostRow


def posts_page(posts: selectors.ThreadPostRows, number: str | None) -> Page[PostRow]:
    """The page of posts asked for ("last" is the last one). Most threads fit on one page:
    that is found by asking for one post more than a page holds, without counting them all."""
    # Django's paginator asks `count()` and slices, which the rows give; they do not iterate or
    # take len() as django-stubs' protocol asks.
    paginator: Paginator[PostRow] = Paginator(posts, POSTS_PER_PAGE)  # type: ignore[arg-type]
    if number in (None, "", "1", "last"):
        first = list(posts[: POSTS_PER_PAGE + 1])
        if len(first) <= POSTS_PER_PAGE:
            paginator.count = len(first)
            # Made directly: `paginator.page` would slice the rows again, which is a query.
            return Page(first, 1, paginator)
    if number == "last":
        return paginator.page(paginator.num_pages)
    return paginator.get_page(number)
