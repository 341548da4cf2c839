"""Smaller promises of the story pages: every kind of body block shows, editors' redactions
are what readers get, bylines come only from the region list, and the author sees when their
story is published."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from stories.models import StoryPage, StorySubmission
from tests.factories import UserFactory, approved_story, give_totp

pytestmark = pytest.mark.django_db


def _publish_with_body(submission: StorySubmission, body: list[tuple[str, object]]) -> StoryPage:
    """The editors' step: the draft page gets this body, and its revision is published."""
    page = submission.page
    page.body = body
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    return page


def test_pull_quotes_and_both_kinds_of_section_show_on_the_published_page(client):
    submission = approved_story(title="The long winter")
    page = _publish_with_body(
        submission,
        [
            ("paragraph", "<p>We waited up every night.</p>"),
            ("pull_quote", {"text": "Nobody asked how we were."}),
            ("what_helped", {"text": "<p>A parent who had been through it.</p>"}),
            ("wish_professionals_knew", {"text": "<p>That he was a child.</p>"}),
        ],
    )

    shown = client.get(page.url).content.decode()

    for words in (
        "We waited up every night.",
        "Nobody asked how we were.",
        "A parent who had been through it.",
        "That he was a child.",
    ):
        assert words in shown, words


def test_what_an_editor_takes_out_before_publishing_never_reaches_readers(client):
    submission = approved_story(body="We waited by the blue corner shop every week.")
    page = _publish_with_body(submission, [("paragraph", "<p>We waited every week.</p>")])

    shown = client.get(page.url).content.decode()

    assert "We waited every week." in shown
    assert "corner shop" not in shown


def test_a_byline_comes_only_from_the_region_list_never_a_town(client):
    client.force_login(UserFactory())
    data = {
        "title": "Nights without him",
        "body": "We waited up every night that winter.",
        "content_notes": ["drugs"],
        "teller": "dad",
        "region": "manchester",
        "naming": "byline",
        "channels": ["website"],
        "years": "2",
        "agree": "on",
    }

    response = client.post(reverse("stories:write"), data)

    assert response.status_code == 400
    assert not StorySubmission.objects.exists()
    assert "Select a valid choice" in response.content.decode()


def test_the_author_sees_their_story_is_published_once_it_is(client):
    author = UserFactory()
    submission = approved_story(author=author, title="The long winter")
    client.force_login(author)
    assert "Published" not in client.get(reverse("stories:mine")).content.decode()

    _publish_with_body(submission, [("paragraph", "<p>We waited up every night.</p>")])

    assert "Published" in client.get(reverse("stories:mine")).content.decode()


def test_a_story_being_written_is_kept_as_a_draft_and_comes_back_in_the_form(client):
    author = UserFactory()
    client.force_login(author)
    words = {"title": "Nights without him", "body": "We waited up every night that winter."}

    saved = client.put(
        "/api/drafts/story:new/",
        json.dumps({"fields": words}),
        content_type="application/json",
    )
    form = client.get(reverse("stories:write")).content.decode()

    assert saved.status_code in (200, 201, 204)
    assert "We waited up every night that winter." in form
    assert 'value="Nights without him"' in form


def test_editors_add_a_theme_as_a_snippet_and_members_can_choose_it(client):
    editor = UserFactory(is_superuser=True, is_staff=True)
    give_totp(editor)
    client.force_login(editor)

    added = client.post(
        "/admin/snippets/stories/themesnippet/add/",
        {"name": "Grandparents raising children", "slug": "grandparents", "order": "20"},
    )
    client.force_login(UserFactory())
    form = client.get(reverse("stories:write")).content.decode()

    assert added.status_code == 302
    assert "Grandparents raising children" in form
