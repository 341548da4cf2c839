"""The reply box points out identifying details before sending, with the shared screening
script, and never changes what the member typed."""

from __future__ import annotations

from tests.browser.conftest import sign_in
from tests.factories import board, published_thread, trusted_member

TYPED = "They wait for him outside Oakbridge Academy every day."


def test_the_reply_box_marks_a_school_name_before_sending_and_keeps_the_words(
    live_server_url, context, page, console_errors
) -> None:
    thread = published_thread(on=board(slug="late-nights"), title="Another hard week")
    sign_in(context, live_server_url, trusted_member())

    page.goto(live_server_url + thread.get_absolute_url())
    box = page.locator("textarea[data-composer]")
    box.press_sequentially(TYPED)
    marked = page.locator("[data-screen-findings] mark")
    marked.wait_for(state="visible", timeout=10_000)

    assert marked.inner_text() == "Oakbridge Academy"
    assert box.input_value() == TYPED
    assert console_errors == []
