"""Drafts in a real browser: what a member was typing survives a quick exit and is back in the
reply box when they return."""

from __future__ import annotations

import time

import pytest

from community.selectors import safety_settings
from community.site.drafts import draft_for
from tests.browser.conftest import sign_in
from tests.factories import board, published_thread, trusted_member

SAVE_TIMEOUT_MS = 10_000  # drafts.js saves about 3 s after typing; allow for a slow machine
LEAVE_TIMEOUT_MS = 5_000
REPLY_BOX = "textarea[name=body]"


@pytest.fixture
def site_url(live_server_url, neutral_site_url) -> str:
    """The live site, with its quick exit pointed at the local neutral site."""
    settings_row = safety_settings()
    settings_row.quick_exit_url = neutral_site_url
    settings_row.save()
    return live_server_url


def open_thread(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, f"{url}: {response and response.status}"
    page.wait_for_load_state("networkidle")


def wait_for_draft(member, slot: str, text: str, timeout_ms: int = SAVE_TIMEOUT_MS) -> None:
    """Until the server holds `text` as the member's draft (it arrives from another process)."""
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        kept = draft_for(member=member, slot=slot)
        if kept is not None and kept.fields.get("body") == text:
            return
        time.sleep(0.1)
    kept = draft_for(member=member, slot=slot)
    raise AssertionError(f"the draft never arrived; the server holds {kept and kept.fields!r}")


def test_typing_then_the_quick_exit_control_keeps_the_reply_for_when_they_come_back(
    context, page, site_url, neutral_site_url, console_errors
):
    thread = published_thread(on=board(slug="late-nights"))
    member = trusted_member(display_name="Quiet Wren")
    slot = f"reply:thread:{thread.pk}"
    sign_in(context, site_url, member)
    open_thread(page, site_url + thread.get_absolute_url())

    page.click(REPLY_BOX)
    page.keyboard.type("he came home at three again")
    page.wait_for_function(
        "() => document.querySelector('[data-draft-slot]').textContent === 'Draft saved.'",
        timeout=SAVE_TIMEOUT_MS,
    )
    wait_for_draft(member, slot, "he came home at three again")
    # A few more words, and someone walks in: the exit itself must keep them.
    page.keyboard.type(" and would not say where")
    page.click("#quick-exit")

    page.wait_for_url(neutral_site_url, timeout=LEAVE_TIMEOUT_MS)
    wait_for_draft(member, slot, "he came home at three again and would not say where")

    open_thread(page, site_url + thread.get_absolute_url())
    assert page.input_value(REPLY_BOX) == "he came home at three again and would not say where"
    assert page.get_by_text("We kept what you were writing.").is_visible()
    assert [e for e in console_errors if "Content Security Policy" in e] == []
    assert [e for e in console_errors if "/favicon.ico]" not in e] == []


def test_shift_three_times_straight_after_typing_still_keeps_every_word(
    context, page, site_url, neutral_site_url
):
    thread = published_thread(on=board(slug="late-nights"))
    member = trusted_member(display_name="Quiet Wren")
    slot = f"reply:thread:{thread.pk}"
    sign_in(context, site_url, member)
    open_thread(page, site_url + thread.get_absolute_url())

    page.click(REPLY_BOX)
    # No time for an autosave: only the save on leaving can keep this.
    page.keyboard.type("i found a second phone in his bag")
    for _ in range(3):
        page.keyboard.press("Shift")

    page.wait_for_url(neutral_site_url, timeout=LEAVE_TIMEOUT_MS)
    wait_for_draft(member, slot, "i found a second phone in his bag")
    open_thread(page, site_url + thread.get_absolute_url())
    assert page.input_value(REPLY_BOX) == "i found a second phone in his bag"
