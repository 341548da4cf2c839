"""The platform keeps no more than it needs: no visitor's or member's address in any table or
cache key, and no e-mail address, address or post text in any log line."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import path

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


# A server error whose message quotes an e-mail address (as PostgreSQL's unique violation does)
# and a member's words, caused by another that quotes them too.
CANARY_EMAIL = "canary.parent@example.org"


class ClashError(Exception):
    """Stands in for a database error that quotes the row it refused."""


def _failing_save(request):
    try:
        raise ValueError(f"could not save the post: {SECRET_WORDS}")
    except ValueError as error:
        raise ClashError(f"Key (email)=({CANARY_EMAIL}) already exists") from error


# This module is the URLconf for the tests below (settings.ROOT_URLCONF).
urlpatterns = [path("failing-save/", _failing_save)]


@contextmanager
def _console_output() -> Iterator[io.StringIO]:
    """What LOGGING's console handler (the one django.request and the root log to) writes,
    read from a stream swapped into the real handler; caplog would see the record before it
    is formatted, and django.request does not propagate to caplog anyway."""
    (console,) = [
        handler
        for handler in logging.getLogger("django.request").handlers
        if type(handler) is logging.StreamHandler
    ]
    assert console in logging.getLogger().handlers, "the root logs elsewhere"
    stream = io.StringIO()
    previous = console.setStream(stream)
    try:
        yield stream
    finally:
        console.setStream(previous)


def test_a_server_error_is_logged_without_the_email_or_words_its_exceptions_quote(
    settings,
) -> None:
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)

    with _console_output() as output:
        response = client.get("/failing-save/")

    assert response.status_code == 500
    written = output.getvalue()
    assert "Internal Server Error: /failing-save/" in written
    # Still useful to a developer: both exceptions' types and where they were raised.
    assert f"{__name__}.ClashError" in written
    assert "ValueError" in written
    assert "Traceback (most recent call last)" in written
    assert "direct cause" in written
    assert f'{__file__}", line' in written
    assert "in _failing_save" in written
    assert CANARY_EMAIL not in written
    assert SECRET_WORDS not in written


def test_an_app_warning_is_logged_without_the_message_of_its_exception() -> None:
    logger = logging.getLogger("community.tests")

    with _console_output() as output:
        try:
            raise ClashError(f"Key (email)=({CANARY_EMAIL}) already exists")
        except ClashError as error:
            logger.warning("Could not send a digest: %s", error, exc_info=True)

    written = output.getvalue()
    assert "Could not send a digest" in written
    assert "ClashError" in written
    assert "test_an_app_warning_is_logged" in written
    assert CANARY_EMAIL not in written


def test_every_handler_in_logging_formats_privately() -> None:
    config = django_settings.LOGGING
    for name, handler in config["handlers"].items():
        formatter = config["formatters"][handler["formatter"]]
        assert formatter.get("()") == "community.infra.logfilters.PrivateFormatter", name
    # Django's own "django" handlers would write tracebacks in full.
    assert logging.getLogger("django").handlers == []
