"""Keyboard only: a member signs in, opens a thread, replies and leaves with quick exit, without
a mouse. Each step moves focus with Tab and acts with typing and Enter, as a keyboard or switch
user would; focus is always on something visible."""

from __future__ import annotations

from community.selectors import safety_settings
from forums.models import Post
from tests.factories import PASSWORD, board, published_thread, trusted_member

MAX_TABS = 60
REPLY = "Thinking of you tonight. We got through a week like that too."


def _focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const box = el.getBoundingClientRect();
            return {tag: el.tagName.toLowerCase(), name: el.getAttribute("name") || "",
                    text: (el.innerText || el.value || "").trim().slice(0, 80),
                    visible: box.width > 0 && box.height > 0};
        }"""
    )


def tab_to(page, matches, what: str) -> dict:
    """Press Tab until the focused element matches; fail if it never does."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = _focused(page)
        assert focused["visible"], f"focus went to something invisible: {focused}"
        if matches(focused):
            return focused
    raise AssertionError(f"Tab never reached {what}")


def test_a_member_signs_in_reads_replies_and_leaves_with_the_keyboard_alone(
    live_server_url, neutral_site_url, page
) -> None:
    settings = safety_settings()
    settings.quick_exit_url = neutral_site_url
    settings.save()
    member = trusted_member(email="keys@example.org", display_name="Steady Keys")
    thread = published_thread(
        on=board(slug="late-nights", title="Late nights"), title="Another hard week"
    )

    page.goto(live_server_url + "/accounts/login/")
    tab_to(page, lambda f: f["name"] == "login", "the e-mail field")
    page.keyboard.type("keys@example.org")
    tab_to(page, lambda f: f["name"] == "password", "the password field")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.get_by_text("Signed in as Steady Keys", exact=True).wait_for()

    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "Forums", "the forums link")
    page.keyboard.press("Enter")
    page.wait_for_url("**/forums/")
    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "Late nights", "the board")
    page.keyboard.press("Enter")
    page.wait_for_url("**/forums/late-nights/")
    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "Another hard week", "the thread")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{thread.get_absolute_url()}")
    assert page.get_by_role("heading", name="Another hard week").is_visible()

    tab_to(page, lambda f: f["tag"] == "textarea" and f["name"] == "body", "the reply box")
    page.keyboard.type(REPLY)
    tab_to(page, lambda f: f["tag"] == "button" and "reply" in f["text"].lower(), "Send")
    page.keyboard.press("Enter")
    page.get_by_text(REPLY).first.wait_for(timeout=15_000)
    assert Post.objects.filter(thread=thread, author=member, body=REPLY).count() == 1

    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(neutral_site_url, timeout=5_000)
    assert page.title() == "Neutral page"
