"""A story's whole life in real browsers: a member writes it with a postcode in it, sees the
postcode marked, takes it out and sends it with consent; a moderator approves it at the desk;
an editor signs it off in the Wagtail admin, which publishes it; a visitor reads it and finds
it in search; the member withdraws it; the visitor now gets 410 and search finds nothing.

Every step goes through the live server (Daphne serving the real ASGI app), so the visitors'
cache it keeps is the one the withdrawal must clear.
"""

from __future__ import annotations

from urllib.parse import quote

from django.urls import reverse

from moderation.models import QueueItem
from stories.models import StoryPage, StorySubmission
from tests.factories import UserFactory, give_totp, moderator, story_index

SCREEN_TIMEOUT_MS = 15_000
TITLE = "The winter of the lantern"
FIXED_BODY = "He was picked up on Fridays and dropped back before dawn. We kept a lantern lit."


def no_csp_violations(page) -> None:
    assert page.evaluate("() => window.__cspViolations") == []


def test_a_story_from_writing_to_withdrawal(live_server_url, new_context):
    base = live_server_url
    story_index()
    author = UserFactory(display_name="Lantern Keeper")
    editor = UserFactory(display_name="Careful Editor", groups=["Editors"])
    give_totp(editor)

    # A member writes, with a postcode in the story: it is marked before they send.
    member = new_context(author, base).new_page()
    assert member.goto(base + reverse("stories:write")).ok
    member.fill("#id_title", TITLE)
    member.fill("#id_body", "He was picked up outside the shop on M14 5RT every Friday.")
    marked = member.locator("[data-screen-findings] mark[data-kind=postcode]")
    marked.wait_for(timeout=SCREEN_TIMEOUT_MS)
    assert marked.inner_text() == "M14 5RT"
    no_csp_violations(member)

    # They take it out; the marks go; they give consent and send.
    member.fill("#id_body", FIXED_BODY)
    member.locator("[data-screen-findings] mark").wait_for(
        state="detached", timeout=SCREEN_TIMEOUT_MS
    )
    member.check("input[name=themes][value]:near(:text('County lines'))")
    member.check("#id_agree")
    with member.expect_navigation():
        member.get_by_role("button", name="Send for review").click()
    assert member.url.endswith(reverse("stories:mine"))
    assert "Waiting for a moderator to read it" in member.locator("main").inner_text()
    submission = StorySubmission.objects.get(author=author)
    assert submission.body == FIXED_BODY

    # A moderator approves it at the desk.
    item = QueueItem.for_instance(submission).get(state="waiting")
    desk = new_context(moderator(display_name="Morning Moderator"), base).new_page()
    assert desk.goto(base + reverse("moderation:item", args=[item.pk])).ok
    with desk.expect_navigation():
        desk.get_by_role("button", name="Approve (a)", exact=True).click()
    assert "Done." in desk.locator("body").inner_text()
    story = StoryPage.objects.get(submission=submission)
    assert story.live is False

    # An editor signs it off in the admin; the workflow publishes it.
    admin = new_context(editor, base).new_page()
    assert admin.goto(base + reverse("wagtailadmin_pages:edit", args=[story.pk])).ok
    admin.locator("footer .w-dropdown--dropdown-button .w-dropdown__toggle").click()
    with admin.expect_navigation():
        admin.locator(
            "footer button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"
        ).click()
    story.refresh_from_db()
    assert story.live is True, "the editor's approval did not publish the story"

    # A visitor reads it and finds it in search.
    visitor = new_context().new_page()
    response = visitor.goto(base + story.url)
    assert response.status == 200
    assert visitor.locator("h1").inner_text() == TITLE
    assert "A story by" not in visitor.locator("main").inner_text()
    assert "lantern lit" in visitor.locator(".story-body").inner_text()
    visitor.goto(base + story.url)  # a second visit, served from the visitors' cache
    visitor.goto(base + reverse("stories:search") + "?q=" + quote("lantern"))
    assert TITLE in visitor.locator("main").inner_text()
    no_csp_violations(visitor)

    # The member withdraws it from their stories, in one action.
    assert member.goto(base + reverse("stories:mine")).ok
    with member.expect_navigation():
        member.get_by_role("button", name="Withdraw this story").click()
    assert "Your story was withdrawn" in member.locator("h1").inner_text()
    assert "This website" in member.locator(".receipt-uses").inner_text()

    # The visitor now gets 410 with a kind message, and search finds nothing.
    response = visitor.goto(base + story.url)
    assert response.status == 410
    assert "This story is no longer here" in visitor.locator("h1").inner_text()
    assert TITLE not in visitor.content()
    visitor.goto(base + reverse("stories:search") + "?q=" + quote("lantern"))
    main = visitor.locator("main").inner_text()
    assert TITLE not in main
    assert "No stories found" in main
    no_csp_violations(visitor)
