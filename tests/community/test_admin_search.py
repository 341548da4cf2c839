"""Searching in Wagtail's admin: the words of a query reach the search engine, never its
syntax, so a stray quote or an operator is not an error (community/input/search.py)."""

from __future__ import annotations

import pytest
from wagtail.models import Page

from tests.factories import moderator

pytestmark = pytest.mark.django_db

SEARCHES = ("/admin/pages/search/", "/admin/choose-page/search/")
HOSTILE = ('"unbalanced', 'help "for', "NEAR(", "AND OR NOT", "*", "^start", 'title:"x', '"\'"')


def _a_page(title: str) -> Page:
    return Page.objects.get(depth=1).add_child(instance=Page(title=title, slug="a-page"))


@pytest.fixture
def staff(client):
    client.raise_request_exception = False
    client.force_login(moderator())
    return client


@pytest.mark.parametrize("query", HOSTILE)
@pytest.mark.parametrize("address", SEARCHES)
def test_a_search_with_quotes_or_operators_answers_with_a_page(staff, address, query):
    answer = staff.get(address, {"q": query})

    assert answer.status_code == 200, answer.status_code


def test_the_words_of_a_query_with_a_stray_quote_still_find_the_page(staff):
    _a_page("Quiet evenings together")

    answer = staff.get("/admin/pages/search/", {"q": '"quiet evenings'})

    assert answer.status_code == 200
    assert "Quiet evenings together" in answer.text


def test_a_query_of_signs_only_finds_nothing_and_is_not_an_error(staff):
    _a_page("Quiet evenings together")

    answer = staff.get("/admin/pages/search/", {"q": '" ( * )'})

    assert answer.status_code == 200
    assert "Quiet evenings together" not in answer.text
