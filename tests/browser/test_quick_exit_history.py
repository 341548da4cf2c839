"""Quick exit after a whole visit: five pages by their links, a search, a reply sent and a form
sent back with a mistake, then the exit. Back never shows the site, whichever way the member
leaves and on a phone-sized window too: the visit kept to one history entry, and the exit
replaced it."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from community.models import Draft
from community.selectors import forget_site_frame, safety_settings
from forums.models import Post
from tests.factories import board, published_thread, trusted_member

NEUTRAL_TITLE = "Neutral page"
LEAVE_TIMEOUT_MS = 10_000
PHONE = {"width": 390, "height": 844}


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def here(page) -> str:
    return page.evaluate("() => location.href")


@pytest.fixture
def visit(live_server_url, neutral_site_url):
    """A member with a board and a thread to visit, and the quick exit pointed at the local
    neutral site."""
    settings = safety_settings()
    settings.quick_exit_url = neutral_site_url
    settings.save()
    forget_site_frame()
    member = trusted_member()
    place = board(title="Getting through the week")
    thread = published_thread(on=place, title="Evenings are the hardest")
    return member, thread


def walk_the_site(page, base_url: str) -> None:
    """Home, then five pages by their links, a search, a reply and a reply with a mistake."""
    assert page.url == "about:blank"
    page.goto(base_url + "/")
    page.wait_for_load_state("load")

    page.get_by_role("link", name="Forums", exact=True).first.click()
    page.wait_for_url("**/forums/")
    page.get_by_role("link", name="Getting through the week").click()
    page.get_by_role("link", name="Evenings are the hardest").click()
    page.wait_for_selector("#reply textarea[name=body]")
    page.get_by_role("link", name="Covering your tracks").click()
    page.wait_for_url("**/cover-your-tracks/")
    page.get_by_role("link", name="House rules", exact=True).click()
    page.wait_for_url("**/house-rules/")

    # A search (a GET form) from the forums' own search page.
    page.get_by_role("link", name="Forums", exact=True).first.click()
    page.get_by_role("link", name="Search the forums").click()
    page.get_by_role("searchbox").first.fill("evenings")
    page.get_by_role("searchbox").first.press("Enter")
    page.wait_for_url("**q=evenings**")

    # A reply, sent with the page's own button (a POST answered by a redirect).
    page.get_by_role("link", name="Evenings are the hardest").first.click()
    page.fill("#reply textarea[name=body]", "Same here. Tea and a walk helped us a bit.")
    with page.expect_navigation():
        page.click("#reply button[type=submit]")
    page.wait_for_selector("text=Tea and a walk helped us a bit.")
    assert urlsplit(here(page)).fragment.startswith("post-"), "the reply's own anchor was lost"

    # A reply with nothing in it: the page answers with the form and its error (no redirect).
    page.fill("#reply textarea[name=body]", "")
    page.click("#reply button[type=submit]")
    page.wait_for_selector(".errorlist, [role=alert], .error-summary", timeout=LEAVE_TIMEOUT_MS)


def assert_left_and_back_never_shows_the_site(page, base_url: str, neutral_site_url: str):
    page.wait_for_url(neutral_site_url, timeout=LEAVE_TIMEOUT_MS)
    assert page.title() == NEUTRAL_TITLE
    # Back as many times as there are entries: none of them is the site.
    for _ in range(page.evaluate("() => history.length")):
        page.go_back()
        assert origin(here(page)) != origin(base_url), "Back showed the site again"


def test_after_a_whole_visit_the_leave_button_leaves_no_page_of_the_site_behind_back(
    visit, new_context, live_server_url, neutral_site_url
):
    member, _ = visit
    page = new_context(member, live_server_url).new_page()

    walk_the_site(page, live_server_url)
    page.get_by_role("link", name="Leave this site").click()

    assert_left_and_back_never_shows_the_site(page, live_server_url, neutral_site_url)
    assert Post.objects.filter(body__contains="Tea and a walk").count() == 1


def test_after_a_whole_visit_shift_three_times_leaves_no_page_of_the_site_behind_back(
    visit, new_context, live_server_url, neutral_site_url
):
    member, _ = visit
    page = new_context(member, live_server_url).new_page()

    walk_the_site(page, live_server_url)
    page.locator("body").click(position={"x": 5, "y": 300})
    for _ in range(3):
        page.keyboard.press("Shift")

    assert_left_and_back_never_shows_the_site(page, live_server_url, neutral_site_url)


def test_on_a_phone_sized_window_a_whole_visit_leaves_no_page_of_the_site_behind_back(
    visit, new_context, live_server_url, neutral_site_url
):
    member, _ = visit
    page = new_context(member, live_server_url).new_page()
    page.set_viewport_size(PHONE)

    walk_the_site(page, live_server_url)
    page.get_by_role("link", name="Leave this site").click()

    assert_left_and_back_never_shows_the_site(page, live_server_url, neutral_site_url)


def test_the_cover_your_tracks_page_says_plainly_what_the_site_cannot_erase(
    visit, new_context, live_server_url
):
    member, _ = visit
    page = new_context(member, live_server_url).new_page()
    page.goto(live_server_url + "/")
    page.get_by_role("link", name="Covering your tracks").click()

    text = page.locator("main").inner_text()
    assert "cannot" in text
    assert "sites you visited before this one" in text
    assert "other tabs" in text
    assert "private window" in text


def test_a_reply_sent_straight_after_typing_leaves_no_draft_to_come_back_as(
    visit, new_context, live_server_url
):
    member, _ = visit
    page = new_context(member, live_server_url).new_page()
    page.goto(live_server_url + "/forums/")
    page.get_by_role("link", name="Getting through the week").click()
    page.get_by_role("link", name="Evenings are the hardest").click()

    # Sent before any autosave: the words are a post now, never a draft as well.
    page.fill("#reply textarea[name=body]", "We stuck a rota on the fridge.")
    with page.expect_navigation():
        page.click("#reply button[type=submit]")
    page.wait_for_selector("text=We stuck a rota on the fridge.")
    page.wait_for_timeout(1_500)  # time for any save the departing page might have started

    assert Draft.objects.filter(member=member).count() == 0
    page.reload()
    assert page.locator("#reply textarea[name=body]").input_value() == ""
