"""Quick exit in a real browser: the keyboard reaches it first, and Back does not come back."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from community.selectors import safety_settings

NEUTRAL_TITLE = "Neutral page"
LEAVE_TIMEOUT_MS = 5_000
# quick-exit.js counts Shift presses within this window.
SHIFT_WINDOW_MS = 1_500


@pytest.fixture
def site_url(live_server_url, neutral_site_url) -> str:
    """The live site, with its quick exit pointed at the local neutral site."""
    settings = safety_settings()
    settings.quick_exit_url = neutral_site_url
    settings.save()
    return live_server_url


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def location(page) -> str:
    # Asked of the document itself: Playwright's page.url was seen to lag behind a cross-origin
    # location.replace().
    return page.evaluate("() => location.href")


def open_home_page(page, site_url: str) -> None:
    # A new tab's history starts at about:blank; the home page is the only site entry after it.
    assert page.url == "about:blank"
    response = page.goto(site_url + "/")
    assert response is not None and response.ok
    # The shortcut and the history rewrite live in this deferred script, run before "load":
    # fail here, plainly, if the server did not serve it.
    statuses = page.evaluate(
        """() => performance.getEntriesByType("resource")
            .filter((entry) => entry.name.endsWith("/quick-exit.js"))
            .map((entry) => entry.responseStatus)"""
    )
    assert statuses == [200]


def assert_left_for_the_neutral_site(page, neutral_site_url: str) -> None:
    page.wait_for_url(neutral_site_url, timeout=LEAVE_TIMEOUT_MS)
    assert page.title() == NEUTRAL_TITLE
    assert location(page) == neutral_site_url


def assert_back_does_not_return(page, site_url: str) -> None:
    page.go_back()
    assert origin(location(page)) != origin(site_url), "Back returned to the site"


def test_tab_once_then_enter_leaves_for_the_neutral_site_and_back_does_not_return(
    page, site_url, neutral_site_url, console_errors
):
    open_home_page(page, site_url)
    # Let every stylesheet, script and icon request finish, so any CSP report is in.
    page.wait_for_load_state("networkidle")

    page.keyboard.press("Tab")

    focused = page.evaluate(
        "() => ({id: document.activeElement.id, text: document.activeElement.innerText})"
    )
    assert focused["id"] == "quick-exit"
    assert focused["text"].startswith("Leave this site")
    assert [e for e in console_errors if "Content Security Policy" in e] == []
    # Chromium asks every origin for /favicon.ico, which the site does not serve: noise, not a
    # fault of the page.
    assert [e for e in console_errors if "/favicon.ico]" not in e] == []

    page.keyboard.press("Enter")

    assert_left_for_the_neutral_site(page, neutral_site_url)
    assert_back_does_not_return(page, site_url)


def test_shift_three_times_leaves_for_the_neutral_site_and_back_does_not_return(
    page, site_url, neutral_site_url
):
    open_home_page(page, site_url)

    for _ in range(3):
        page.keyboard.press("Shift")

    assert_left_for_the_neutral_site(page, neutral_site_url)
    assert_back_does_not_return(page, site_url)


def test_without_javascript_the_control_is_a_plain_link_to_the_neutral_site(
    browser, site_url, neutral_site_url
):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + "/")

        page.click("#quick-exit")

        assert_left_for_the_neutral_site(page, neutral_site_url)
    finally:
        context.close()


def test_typing_capital_letters_in_a_form_does_not_leave_the_site(page, site_url):
    page.goto(site_url + "/accounts/signup/")
    page.click("input[name=display_name]")

    # As a person types a display name: Shift goes down for each capital.
    for key in [
        "Shift+Q",
        "u",
        "i",
        "e",
        "t",
        "Space",
        "Shift+G",
        "r",
        "e",
        "y",
        "Space",
        "Shift+O",
    ]:
        page.keyboard.press(key)
    page.wait_for_timeout(SHIFT_WINDOW_MS)

    assert origin(location(page)) == origin(site_url)
    assert page.input_value("input[name=display_name]") == "Quiet Grey O"
