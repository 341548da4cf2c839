"""What the public reads: the index by theme and page, a story with its content notes before a
collapsed body, sharing metadata, the feed, the sitemap and search."""

from __future__ import annotations

import pytest
from django.urls import reverse

from community.privacy.quotes import CAMPAIGNS
from tests.factories import approved_story, published_story, story_index

pytestmark = pytest.mark.django_db


def test_the_index_lists_published_stories_only_and_filters_by_theme(client):
    published_story(title="About court", themes=("courts",))
    published_story(title="About school", themes=("school",))
    approved_story(title="Still with the editors", themes=("courts",))

    everything = client.get("/stories/").content.decode()
    courts = client.get("/stories/?theme=courts").content.decode()

    assert "About court" in everything and "About school" in everything
    assert "Still with the editors" not in everything
    assert "About court" in courts and "About school" not in courts


def test_the_index_paginates(client):
    for number in range(11):
        published_story(title=f"Story number {number:02d}")

    first = client.get("/stories/").content.decode()
    second = client.get("/stories/?page=2").content.decode()

    assert "Story number 10" in first and "Story number 00" not in first
    assert "Story number 00" in second
    assert "Page 2 of 2" in second


def test_content_notes_come_before_a_body_the_reader_opens_without_javascript(client):
    page = published_story(
        title="The night of the raid",
        body="They came at six in the morning.",
        content_notes=("violence", "drugs"),
    )

    html = client.get(page.url).content.decode()

    notes = html.index("This story talks about: violence, drugs.")
    details = html.index('<details class="story-body">')
    assert notes < details < html.index("They came at six in the morning.")
    assert "<summary>Read the story</summary>" in html


def test_a_story_carries_sharing_metadata_and_no_third_party_scripts(client):
    page = published_story(title="Believed at last", themes=("police",))

    response = client.get(page.url)
    html = response.content.decode()

    assert '<meta property="og:title" content="Believed at last">' in html
    assert f'<meta property="og:url" content="{page.full_url}">' in html
    assert '<meta property="og:description" content="A story by a mum in the North West.">' in html
    assert "A mum in the North West" in html
    assert "min read" in html
    for tracker in ("googletagmanager", "facebook.net", "twitter.com/widgets", "<script>"):
        assert tracker not in html
    policy = dict(
        [*directive.split(" ", 1), ""][:2]
        for directive in response["Content-Security-Policy"].split("; ")
    )
    # Scripts, frames and connections only from the site itself: no other host at all.
    assert policy["script-src"] == "'self'"
    assert "http" not in response["Content-Security-Policy"]


def test_related_stories_share_a_theme(client):
    page = published_story(title="First", themes=("courts", "police"))
    published_story(title="Shares courts", themes=("courts",))
    published_story(title="Nothing in common", themes=("health",))

    html = client.get(page.url).content.decode()
    related = html[html.index("Related stories") :]

    assert "Shares courts" in related
    assert "Nothing in common" not in related


def test_the_feed_lists_published_stories(client):
    published_story(title="In the feed", body="A feed of our words.")
    approved_story(title="Not yet published")

    response = client.get(reverse("stories:feed"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert b"In the feed" in response.content
    assert b"Not yet published" not in response.content


def test_the_sitemap_lists_published_stories_only(client):
    page = published_story(title="On the map")
    draft = approved_story(title="Not on the map").page

    body = client.get("/sitemap.xml").content.decode()

    assert page.full_url in body
    assert draft.full_url not in body
    assert story_index().full_url in body


def test_search_finds_published_stories_and_nothing_else(client):
    published_story(title="Kitchen table", body="We talked at the kitchen table about lanterns.")
    approved_story(title="Draft lanterns", body="Lanterns in a draft.")

    html = client.get(reverse("stories:search"), {"q": "lanterns"}).content.decode()

    assert "Kitchen table" in html
    assert "Draft lanterns" not in html


def test_a_story_consented_only_for_campaigns_never_reaches_the_public(client):
    submission = approved_story(title="Campaigns only", channels=(CAMPAIGNS,))

    assert client.get(submission.page.url).status_code == 404
    assert b"Campaigns only" not in client.get("/stories/").content
