"""Posts that arrive live are fitted to the member reading them (forums/static/forums/activity.js):
folded away when they use the member's muted words, and with reaction buttons that work."""

from __future__ import annotations

import pytest

from forums.models import ForumPreferences, Thread
from tests.browser.conftest import WATCH_PAGE, sign_in
from tests.browser.test_forum_journey import (
    LIVE_TIMEOUT_MS,
    assert_clean,
    open_thread_until_live,
    send_the_forms_fields,
    watch,
)
from tests.factories import board, published_thread, trusted_member


@pytest.fixture
def thread(live_server_url) -> Thread:
    return published_thread(on=board(slug="late-nights"), title="Can't sleep")


def test_a_live_reply_with_a_muted_word_arrives_folded_and_its_reactions_work(
    live_server_url, browser, thread
):
    url = live_server_url + thread.get_absolute_url()
    reader_member = trusted_member(display_name="Quiet Reader")
    ForumPreferences.objects.create(member=reader_member, muted_words=["knife"])
    reader_context = browser.new_context()
    reader_context.add_init_script(WATCH_PAGE)
    writer_context = browser.new_context()
    writer_context.add_init_script(WATCH_PAGE)
    try:
        sign_in(reader_context, live_server_url, reader_member)
        reader = reader_context.new_page()
        errors = watch(reader)
        open_thread_until_live(reader, url)
        sign_in(writer_context, live_server_url, trusted_member(display_name="Night Owl"))
        writer = writer_context.new_page()
        open_thread_until_live(writer, url)

        muted_id = send_the_forms_fields(writer, "He had a Knife in his coat again.")
        plain_id = send_the_forms_fields(writer, "Sending you strength tonight.")

        plain = reader.locator(f"#post-{plain_id}")
        plain.wait_for(state="visible", timeout=LIVE_TIMEOUT_MS)
        muted = reader.locator(f"#post-{muted_id}")
        assert muted.locator("details.muted-post > summary").inner_text() == (
            "Hidden by your muted words — show"
        )
        assert not muted.locator(".post-body").is_visible()
        assert plain.locator("details.muted-post").count() == 0
        assert plain.locator(".post-body").is_visible()

        # The live partial has no CSRF token; the page gives its own, so the button would work.
        form = plain.locator("[data-reactions] form").first
        token = form.locator("[name=csrfmiddlewaretoken]").input_value()
        assert token
        answer = reader_context.request.post(
            live_server_url + form.get_attribute("action"),
            form={"csrfmiddlewaretoken": token, "kind": "thanks"},
            max_redirects=0,
        )
        assert answer.status == 302, answer.status
        assert_clean(reader, errors)
    finally:
        reader_context.close()
        writer_context.close()
