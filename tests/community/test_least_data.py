"""The platform keeps no more than it needs: no visitor's or member's address in any table or
cache key, and no e-mail address, address or post text in any log line."""

from __future__ import annotations

import logging

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from forums.models import Post
from tests.factories import PASSWORD, board, published_thread, trusted_member
from tests.scan import cache_keys, tables_holding

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.77"
SECRET_WORDS = "the van outside number seventeen"


def _busy_visit(caplog) -> str:
    """A visitor signs up, fails and succeeds to sign in, posts, screens, reports and saves a
    draft, all from one address; returns the member's e-mail."""
    client = Client(REMOTE_ADDR=ADDRESS)
    caplog.set_level(logging.DEBUG)
    client.post(
        "/accounts/signup/",
        {
            "display_name": "Quiet Lantern",
            "email": "lantern@example.org",
            "password1": "kettle-harbour-lantern-42",
            "password2": "kettle-harbour-lantern-42",
        },
    )
    member = trusted_member(email="poster@example.org")
    client.post("/accounts/login/", {"login": member.email, "password": "wrong-password-1"})
    client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    place = board(slug="late-nights")
    thread = published_thread(on=place)
    client.post(f"/forums/late-nights/{thread.pk}/", {"body": f"Worried about {SECRET_WORDS}."})
    client.post("/api/screen/", {"text": f"We live at {SECRET_WORDS}"})
    client.put(
        "/api/drafts/reply:thread:1/",
        data=f'{{"fields": {{"body": "{SECRET_WORDS}"}}}}',
        content_type="application/json",
    )
    someone_elses = thread.posts.first()
    content_type = ContentType.objects.get_for_model(Post)
    client.post(
        f"/report/{content_type.pk}/{someone_elses.pk}/", {"reason": "other", "note": "please look"}
    )
    client.get("/no-such-page/")
    return member.email


def test_no_address_is_kept_in_any_table_or_cache_key(caplog) -> None:
    _busy_visit(caplog)

    assert Post.objects.filter(body__contains=SECRET_WORDS).exists(), "the visit did not post"
    assert tables_holding(ADDRESS) == []
    assert [key for key in cache_keys() if ADDRESS in key] == []


def test_log_lines_carry_no_address_email_or_post_text(caplog) -> None:
    email = _busy_visit(caplog)

    lines = [record.getMessage() for record in caplog.records]
    assert lines, "nothing was logged, so this test would prove nothing"
    for line in lines:
        assert ADDRESS not in line
        assert email not in line
        assert "lantern@example.org" not in line
        assert SECRET_WORDS not in line
