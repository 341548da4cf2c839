"""The database unavailable: a kind 503 page made without it, and the member's words kept.

The workers here are real Daphne processes whose DATABASE_URL points where no database
answers, as when PostgreSQL is down or unreachable; the session, the page and the send all fail
at the database, in middleware (the session) or in the view.
"""

from __future__ import annotations

import html
import re

import pytest

from forums.models import Post
from tests.factories import board, published_thread, trusted_member

from .servers import Browserless, session_cookie_value, unreachable_database_url

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = "We had <b>a hard</b> night & I need to write it down before I forget."


def test_a_visitor_gets_a_kind_503_page_when_the_database_is_unreachable(workers, tmp_path):
    worker = workers(DATABASE_URL=unreachable_database_url(tmp_path), REDIS_URL="")
    status, page = Browserless(session="").request(worker.url, "/")
    assert status == 503
    assert "We can't reach our records just now" in page
    assert "Leave this site" in page  # quick exit still works
    assert "Traceback" not in page and "OperationalError" not in page


def test_a_reply_sent_while_the_database_is_down_comes_back_with_its_words(workers, tmp_path):
    thread = published_thread(on=board())
    member = Browserless(session_cookie_value(trusted_member()))
    down = workers(DATABASE_URL=unreachable_database_url(tmp_path), REDIS_URL="")

    status, page = member.request(
        down.url, thread.get_absolute_url(), {"body": WORDS, "content_note": "night"}
    )

    assert status == 503
    assert "your words are here" in page
    # Escaped, in a box the member can copy from or send again.
    assert html.escape(WORDS, quote=False) in page
    assert "<b>a hard</b>" not in page
    form = re.search(r'<form method="post" action="([^"]+)">', page)
    assert form and html.unescape(form.group(1)) == thread.get_absolute_url()
    assert Post.objects.filter(thread=thread).count() == 1  # nothing half-saved

    # The database is back (another worker on the real one): "Try sending again" sends the
    # very fields the page gave back, once.
    resend = {
        name: html.unescape(value)
        for name, value in re.findall(
            r'<textarea id="kept-\w+" name="(\w+)"[^>]*>([^<]*)</textarea>', page
        )
    }
    assert resend == {"body": WORDS, "content_note": "night"}
    up = workers()
    status, _ = member.request(up.url, thread.get_absolute_url(), resend)
    assert status == 302, up.output()[-3000:]
    assert Post.objects.filter(thread=thread, body=WORDS).count() == 1


def test_a_password_is_never_given_back_on_the_503_page(workers, tmp_path):
    down = workers(DATABASE_URL=unreachable_database_url(tmp_path), REDIS_URL="")
    status, page = Browserless(session="").request(
        down.url,
        "/accounts/login/",
        {"login": "someone@example.org", "password": "s3cret-Pa55word"},
    )
    assert status == 503
    assert "s3cret-Pa55word" not in page
    assert "someone@example.org" not in page
