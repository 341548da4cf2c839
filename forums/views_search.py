"""The forum search page. Thin: what can be found is decided in `forums.search`."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from community.infra.ratelimit import allow, caller

from . import search
from .views import _welcome_unless_member

SEARCHES_PER_MINUTE = 30


def search_page(request: HttpRequest) -> HttpResponse:
    """/forums/search/?q=...&page=N: members only; visitors see the forums welcome page."""
    if (welcome := _welcome_unless_member(request)) is not None:
        return welcome
    query = search.clean_query(request.GET.get("q"))
    if query.text and not allow(
        "forum-search", caller(request), limit=SEARCHES_PER_MINUTE, period=60
    ):
        refused: dict[str, object] = {
            "query": query.text,
            "results": [],
            "page": None,
            "too_many": True,
        }
        return render(request, "forums/search.html", refused, status=429)
    found = search.search_posts(request.user, query, page_number=request.GET.get("page"))
    if found.message:
        messages.info(request, found.message)
    context = {
        "query": found.query,
        "results": found.results,
        "page": found.page,
        "threads": found.threads,
    }
    return render(request, "forums/search.html", context)
