"""Members reading and "someone is replying", in two real browsers on the live server.

A and B open the same thread in separate browser contexts: both see "2 members reading". A
chooses to share typing with the box under the reply form and types; B sees "Someone is
replying…" (no name), and when A sends the reply it arrives on B's page and the notice goes.
B never shares, so A never sees it about B. Nothing here reloads B's page.
"""

from __future__ import annotations

import time

import pytest

from community.models import LivePreferences
from tests.browser.conftest import sign_in
from tests.browser.test_forum_journey import (
    LIVE_TIMEOUT_MS,
    assert_clean,
    assert_same_document,
    mark_document,
    open_thread_until_live,
    send_the_forms_fields,
    watch,
)
from tests.factories import board, published_thread, trusted_member

READERS = "[data-live-readers]"
REPLYING = "[data-live-typing]"
SHARE = "[data-share-typing] input[type=checkbox]"


@pytest.fixture
def thread(live_server_url):
    return published_thread(
        on=board(slug="late-nights", title="Late nights"),
        title="Waiting up again",
        body="He said he'd be back by ten.",
    )


def eventually(condition, seconds: float = 10.0) -> bool:
    """Whether `condition()` becomes true within `seconds` (polling the test database)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_two_members_see_each_other_as_a_count_and_someone_replying_until_the_post_arrives(
    live_server_url, thread, new_context
):
    url = live_server_url + thread.get_absolute_url()
    typist = trusted_member(display_name="Night Owl")

    a_context = new_context()
    sign_in(a_context, live_server_url, typist)
    a = a_context.new_page()
    a_errors = watch(a)
    open_thread_until_live(a, url)

    b_context = new_context()
    sign_in(b_context, live_server_url, trusted_member(display_name="Kettle On"))
    b = b_context.new_page()
    b_errors = watch(b)
    open_thread_until_live(b, url)
    mark_document(b)

    for page in (a, b):
        page.wait_for_function(
            f"() => document.querySelector({READERS!r}).textContent === '2 members reading'",
            timeout=LIVE_TIMEOUT_MS,
        )
        assert page.locator(READERS).is_visible()
    assert "Night Owl" not in b.locator(READERS).inner_text()

    # Off by default, for both; A chooses to share, and the choice is kept server-side.
    a.locator(SHARE).wait_for(state="visible", timeout=LIVE_TIMEOUT_MS)
    assert not a.locator(SHARE).is_checked()
    assert not b.locator(REPLYING).is_visible()
    a.locator(SHARE).check()
    assert eventually(
        lambda: LivePreferences.objects.filter(member=typist, share_typing=True).exists()
    ), "the choice to share typing was not saved"

    a.locator("#reply textarea[name=body]").press_sequentially("Still up here too", delay=40)

    b.locator(REPLYING).wait_for(state="visible", timeout=LIVE_TIMEOUT_MS)
    assert b.locator(REPLYING).inner_text() == "Someone is replying…"
    # B's own reply box is untouched, and A does not see itself replying.
    assert b.locator("#reply textarea[name=body]").input_value() == ""
    assert not a.locator(REPLYING).is_visible()

    reply_id = send_the_forms_fields(a, "Still up here too. Tea helps.")

    b.locator(f"#post-{reply_id}").wait_for(state="visible", timeout=LIVE_TIMEOUT_MS)
    b.locator(REPLYING).wait_for(state="hidden", timeout=LIVE_TIMEOUT_MS)
    assert_same_document(b)
    assert_clean(a, a_errors)
    assert_clean(b, b_errors)
