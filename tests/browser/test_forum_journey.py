"""A thread in real browsers: one member's reply, typed and sent through the page's own form,
appears for another without reloading; a new member's held reply does not, until a moderator
presses Approve at the desk, and then it does.

Every change goes through the live server (a Daphne process serving the real ASGI app), so the
process that publishes each event is the one serving the sockets: on the default settings the
channel layer is in memory and per process, and an event published from this test's process
would never reach a browser. With Redis it would, but the journey does not depend on it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from forums.models import Post, Thread
from moderation.models import QueueItem, QueueItemState
from tests.browser.conftest import sign_in
from tests.factories import UserFactory, board, moderator, published_thread, trusted_member

LIVE = "Live: new replies appear here."
# Long enough for a form post, a commit, a socket event and a repaint on a busy CI machine.
# CI runs two suites with browsers side by side on two cores; there the first socket of a
# worker's live server was seen to need more than 15 s (its reconnects back off), as in
# test_xss_corpus.py.
LIVE_TIMEOUT_MS = 30_000
# How long to watch for a held reply that must NOT appear: well past the time a published one
# takes to arrive.
HELD_WATCH_MS = 2_500


# --- Helpers -----------------------------------------------------------------------------------


def watch(page) -> list[str]:
    """Console errors and uncaught exceptions on `page` from now on, CSP reports included."""
    errors: list[str] = []

    def on_console(message) -> None:
        if message.type == "error":
            errors.append(f"{message.text} [{message.location.get('url', '')}]")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    return errors


def open_thread_until_live(page, url: str) -> None:
    """Open the thread; return once its socket has subscribed (thread.js says so)."""
    response = page.goto(url)
    assert response is not None and response.ok, f"{url}: {response and response.status}"
    page.wait_for_load_state("networkidle")
    page.wait_for_function(
        f"() => window.__liveStatuses.includes({LIVE!r})", timeout=LIVE_TIMEOUT_MS
    )


def mark_document(page) -> None:
    page.evaluate("() => { window.__sameDocument = 'still here'; }")


def assert_same_document(page) -> None:
    """Nothing reloaded or navigated the page since `mark_document`."""
    assert page.evaluate("() => window.__sameDocument") == "still here"
    assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1


def post_id_from(url: str) -> int:
    match = re.fullmatch(r"post-(\d+)", urlsplit(url).fragment)
    assert match, f"no post anchor in {url}"
    return int(match[1])


def type_and_send(page, text: str) -> int:
    """Write in the page's reply box and press its button; the id of the post sent."""
    page.fill("#reply textarea[name=body]", text)
    with page.expect_navigation() as navigation:
        page.click("#reply button[type=submit]")
    response = navigation.value
    assert response is not None and response.ok, f"the reply was refused: {response.status}"
    return post_id_from(page.url)


def send_the_forms_fields(page, text: str) -> int:
    """Send the page's reply form as the form would (its action, its CSRF token, the browser
    context's cookies) through the context's HTTP client, leaving the page where it is; the id
    of the post sent. For tests that keep watching the sender's own page
    (tests/browser/test_activity_live.py); the journey below presses the real button."""
    form = page.locator("#reply form")
    response = page.context.request.post(
        urlsplit(page.url)
        ._replace(path=form.get_attribute("action"), query="", fragment="")
        .geturl(),
        form={
            "csrfmiddlewaretoken": form.locator("[name=csrfmiddlewaretoken]").input_value(),
            "body": text,
            "content_note": "",
            "quote_of": "",
        },
        max_redirects=0,
    )
    assert response.status == 302, response.status
    return post_id_from(response.headers["location"])


def approve_at_the_desk(browser, base_url: str, item: QueueItem) -> None:
    """A moderator (TOTP enrolled) opens the item on the live server's desk and presses Approve."""
    context = browser.new_context()
    try:
        sign_in(context, base_url, moderator(display_name="Morning Moderator"))
        page = context.new_page()
        response = page.goto(base_url + reverse("moderation:item", args=[item.pk]))
        assert response is not None and response.ok, response and response.status
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Approve (a)", exact=True).click()
        answer = navigation.value
        assert answer is not None and answer.ok, f"the approval was refused: {answer.status}"
        assert "Done." in page.locator("body").inner_text()
    finally:
        context.close()


def assert_clean(page, errors: list[str]) -> None:
    assert page.evaluate("() => window.__cspViolations") == []
    assert errors == []


# --- Fixtures ----------------------------------------------------------------------------------


@pytest.fixture
def thread(live_server_url) -> Thread:
    return published_thread(
        on=board(slug="after-court", title="After court"),
        title="The meeting at school",
        body="Nobody listened at the meeting.",
    )


# --- The journey -------------------------------------------------------------------------------


def test_a_reply_appears_live_for_another_member_and_a_held_one_only_once_approved(
    live_server_url, thread, browser, new_context
):
    url = live_server_url + thread.get_absolute_url()

    reader_context = new_context()
    sign_in(reader_context, live_server_url, trusted_member(display_name="Kettle On"))
    reader = reader_context.new_page()
    reader_errors = watch(reader)
    open_thread_until_live(reader, url)
    mark_document(reader)

    writer_context = new_context()
    sign_in(writer_context, live_server_url, trusted_member(display_name="Patient Otter"))
    writer = writer_context.new_page()
    writer_errors = watch(writer)
    open_thread_until_live(writer, url)

    # A trusted member replies: the reader sees it arrive, in the same document.
    reply_id = type_and_send(writer, "We found a **good** solicitor in the end.")

    arrived = reader.locator(f"#post-{reply_id}")
    arrived.wait_for(state="visible", timeout=LIVE_TIMEOUT_MS)
    assert arrived.locator(".post-author").inner_text() == "Patient Otter"
    assert arrived.locator(".post-body").inner_html().strip() == (
        "<p>We found a <strong>good</strong> solicitor in the end.</p>"
    )
    assert "post--new" in (arrived.get_attribute("class") or "")
    # Someone else's post: its Edit and Remove stay hidden in the reader's tab.
    assert not arrived.locator("[data-owner-only]").is_visible()
    assert reader.locator("[data-live-status]").inner_text() == "A new reply has arrived."
    assert_same_document(reader)

    # A new member replies: held, so the reader's page does not show it, however long it waits.
    newcomer_context = new_context()
    sign_in(newcomer_context, live_server_url, UserFactory(display_name="New Starling"))
    newcomer = newcomer_context.new_page()
    newcomer_errors = watch(newcomer)
    open_thread_until_live(newcomer, url)
    held_id = type_and_send(newcomer, "First time posting here, thank you all.")
    held = Post.objects.get(pk=held_id)
    assert held.moderation_state == "held"

    reader.wait_for_timeout(HELD_WATCH_MS)
    assert reader.locator(f"#post-{held_id}").count() == 0
    assert "First time posting here" not in reader.locator("[data-thread]").inner_text()

    # A moderator approves it at the desk, on the live server: now it appears by itself.
    approve_at_the_desk(
        browser, live_server_url, QueueItem.for_instance(held).get(state=QueueItemState.WAITING)
    )

    approved = reader.locator(f"#post-{held_id}")
    approved.wait_for(state="visible", timeout=LIVE_TIMEOUT_MS)
    assert "First time posting here, thank you all." in approved.inner_text()
    assert "Awaiting review" not in approved.inner_text()
    # In thread order, after the first reply.
    order = reader.evaluate(
        "() => [...document.querySelectorAll('[data-thread] [data-post]')].map((p) => p.id)"
    )
    assert order.index(f"post-{reply_id}") < order.index(f"post-{held_id}") == len(order) - 1
    assert_same_document(reader)

    # No Content Security Policy violation and no script error on any member's thread page.
    assert_clean(reader, reader_errors)
    assert_clean(writer, writer_errors)
    assert_clean(newcomer, newcomer_errors)
