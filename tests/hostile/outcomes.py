"""Whether one hostile input got its defined outcome: shared by the catalogue and the
property-based tests. `failure_of()` sends the input through its sink, loads every page that
shows it, and says what went wrong (or None)."""

from __future__ import annotations

import json

from django.db import transaction
from django.test import Client
from PIL import Image
from wagtail.images import get_image_model

from forums.thread_page import forget_kept_pages
from tests.conftest import clear_cache

from .catalogue import ACCEPTED, NOT_FOUND, REFUSED, TEXT_SINKS, Case
from .checks import is_blank, problems_in
from .sinks import Sent, World, load_pages, send

JSON_SINKS = {"draft", "story_draft", "screen"}
ANSWERING_SINKS = {"screen", "story_search", "forum_search", "url"}  # they store nothing
# Boxes that must not take text a reader could not see ("empty after cleaning is empty").
REQUIRED = {sink for sink, spec in TEXT_SINKS.items() if spec["required"]} | {"display_name"}


def _describe(case: Case, sent: Sent) -> str:
    words_back = (case.echo in sent.body) if case.echo else "n/a"
    return (
        f"{case.id}: expected {case.expect}, answered {sent.status}, "
        f"made { ({k: v for k, v in sent.made.items() if v}) }, message shown {sent.has_message}, "
        f"words given back {words_back}, stored {sent.stored[:80]!r}, "
        f"page {_gist(sent.body)!r}"
    )


def _gist(body: str) -> str:
    """The part of a page worth reading in a failure: its main content, not the head."""
    at = body.find("<main")
    return (body[at:] if at >= 0 else body)[:300]


def _is_refusal(case: Case, sent: Sent) -> bool:
    if not sent.nothing_stored or sent.status >= 500:
        return False
    if case.sink in JSON_SINKS:
        try:
            return sent.status == 400 and "error" in json.loads(sent.body)
        except ValueError:
            return False
    if case.sink == "url":
        return 400 <= sent.status < 500
    if sent.status in (301, 302, 303):
        return False
    return sent.has_message and (not case.echo or case.echo in sent.body)


def _is_acceptance(case: Case, sent: Sent) -> bool:
    if sent.status >= 400:
        return False
    if case.sink in ANSWERING_SINKS:
        return sent.nothing_stored and "could not be reached" not in sent.body
    if case.sink in ("draft", "story_draft"):
        # Saved, or (nothing visible left after cleaning) the draft deleted.
        answer = json.loads(sent.body)
        return sent.status == 200 and (answer.get("saved") is True or answer.get("deleted"))
    if not sent.accepted:
        return False
    if case.sink in REQUIRED and is_blank(sent.stored):
        return False  # an invisible title, post or name was taken
    return not case.echo or case.echo in sent.stored


def _check_stored(case: Case, sent: Sent) -> None:
    if case.sink == "upload":
        return
    assert not problems_in(sent.stored), (case.id, problems_in(sent.stored))


def _failure(case: Case, world: World) -> str | None:
    """Send one case and load its pages: why it failed, or None."""
    try:
        sent = send(world, Client(), case.sink, case.input, case.extra)
    except Exception as error:  # the test client re-raises what a view raised: a 500
        return f"{case.id}: 500 ({type(error).__name__}: {str(error)[:300]})"
    if sent.status >= 500:
        return _describe(case, sent)
    if problems := load_pages(world, case.sink):
        return f"{case.id}: pages after it: {problems}"
    if case.expect == NOT_FOUND:
        ok = sent.status == 404
    elif case.expect == REFUSED:
        ok = _is_refusal(case, sent)
    elif case.expect == ACCEPTED:
        ok = _is_acceptance(case, sent)
    else:
        ok = _is_refusal(case, sent) or _is_acceptance(case, sent)
    if not ok:
        return _describe(case, sent)
    if sent.stored and case.sink != "upload" and (found := problems_in(sent.stored)):
        return f"{case.id}: stored text not clean: {found}; stored {sent.stored[:120]!r}"
    if case.sink == "upload" and sent.stored:
        try:
            _check_upload(case)
        except AssertionError as error:
            return f"{case.id}: stored picture gives something away: {error}"
    return None


def _check_upload(case: Case) -> None:
    """An accepted picture is stored under a name we made, with none of what it carried."""
    image = get_image_model().objects.latest("pk")
    original = case.extra["name"]
    stem = original.rsplit(".", 1)[0]
    assert stem not in image.file.name, image.file.name
    assert "jo-smith" not in image.file.name
    with image.file.open("rb") as handle:
        data = handle.read()
    for secret in (b"Fennel Close", b"HIDDEN-PAYLOAD", b"alert(1)"):
        assert secret not in data, (case.id, secret)
    with Image.open(image.file.path) as picture:
        assert not picture.getexif().get_ifd(0x8825), "GPS kept"


def failure_of(case: Case, world: World) -> str | None:
    """Send one case and load its pages, in a savepoint rolled back afterwards, with the cache
    and kept pages emptied first: why it failed, or None."""
    clear_cache()
    forget_kept_pages()
    with transaction.atomic():
        failure = _failure(case, world)
        transaction.set_rollback(True)
    return failure
