"""The server's half of the quick exit's history rule (community/site/history.py): a form
sent by quick-exit.js is answered with an address to replace the page with, and a page that
answers a form is kept for the browser that sent it, and for no one else."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.test import Client

from forums.services import MAX_BODY
from tests.factories import board, published_thread, trusted_member

REPLACE = {"HTTP_X_SITE_HISTORY": "replace"}
WORDS = "Same here. Tea and a walk helped us a bit."


@pytest.fixture
def member_on_a_thread(db):
    member = trusted_member()
    thread = published_thread(on=board(), title="Evenings are the hardest")
    client = Client()
    client.force_login(member)
    client.get(thread.get_absolute_url())  # as the browser did: the page, and its CSRF cookie
    return client, thread


def test_a_reply_sent_by_the_script_is_answered_with_the_address_of_the_new_post(
    member_on_a_thread,
):
    client, thread = member_on_a_thread

    response = client.post(thread.get_absolute_url(), {"body": WORDS}, **REPLACE)

    assert response.status_code == 204
    address = response["X-Site-Location"]
    assert urlsplit(address).fragment.startswith("post-")
    assert not response.has_header("Location")
    assert WORDS in client.get(address).content.decode()


def test_a_reply_sent_by_the_browser_itself_is_answered_with_the_usual_redirect(
    member_on_a_thread,
):
    client, thread = member_on_a_thread

    response = client.post(thread.get_absolute_url(), {"body": WORDS})

    assert response.status_code == 302
    assert not response.has_header("X-Site-Location")


def test_a_form_sent_back_to_fix_is_kept_for_its_browser_with_the_words_and_the_mistake(
    member_on_a_thread,
):
    client, thread = member_on_a_thread
    too_long = "x" * (MAX_BODY + 1)
    without_script = client.post(thread.get_absolute_url(), {"body": too_long})

    response = client.post(thread.get_absolute_url(), {"body": too_long}, **REPLACE)

    assert response.status_code == 204
    shown = client.get(response["X-Site-Location"])
    page = shown.content.decode()
    assert shown.status_code == without_script.status_code  # the page as it answered
    assert 'role="alert"' in page
    assert too_long in page  # the words come back in the box
    assert shown["Cache-Control"] == "no-store"
    assert shown.has_header("Content-Security-Policy")


def test_a_kept_page_is_not_shown_to_another_browser_that_learns_its_address(
    member_on_a_thread,
):
    client, thread = member_on_a_thread
    response = client.post(thread.get_absolute_url(), {"body": "y" * (MAX_BODY + 1)}, **REPLACE)
    address = response["X-Site-Location"]

    stranger = Client()
    stranger.force_login(trusted_member())
    seen = stranger.get(address)

    assert seen.status_code == 302
    assert "shown=" not in seen["Location"]
    assert "y" * 100 not in seen.content.decode()
