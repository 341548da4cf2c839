"""Expiry of consent, through the scheduled job, takes a story off every public surface a
visitor had seen it on: the page (410, not a cached copy), the index, search, the feed and the
sitemap; and the audit trail records it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from community.privacy.quotes import WEBSITE
from moderation.models import AuditEntry
from stories.models import ConsentRecord
from tests.factories import UserFactory, published_story

pytestmark = pytest.mark.django_db

TITLE = "The porch light"


def test_expired_consent_takes_the_story_off_every_surface_a_visitor_saw(
    client, django_capture_on_commit_callbacks
):
    story = published_story(
        author=UserFactory(display_name="Steady Lantern"),
        title=TITLE,
        body="We kept the porch light on every night for him.",
        channels=(WEBSITE,),
    )
    search = (reverse("stories:search"), {"q": "porch"})

    def seen() -> dict[str, bool]:
        return {
            "index": TITLE in client.get("/stories/").content.decode(),
            "search": TITLE in client.get(*search).content.decode(),
            "feed": TITLE in client.get(reverse("stories:feed")).content.decode(),
            "sitemap": story.full_url in client.get("/sitemap.xml").content.decode(),
        }

    assert client.get(story.url).status_code == 200
    hit = client.get(story.url)
    assert hit.status_code == 200
    assert hit["X-Story-Cache"] == "hit"
    assert TITLE in hit.content.decode()
    assert seen() == {"index": True, "search": True, "feed": True, "sitemap": True}

    ConsentRecord.objects.create(
        submission=story.submission,
        change="changed",
        naming="byline",
        channels=[WEBSITE],
        expires_at=timezone.now() - timedelta(seconds=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_periodic")

    page = client.get(story.url)
    assert page.status_code == 410
    assert "X-Story-Cache" not in page
    assert TITLE not in page.content.decode()
    assert seen() == {"index": False, "search": False, "feed": False, "sitemap": False}
    assert (
        AuditEntry.objects.for_instance(story.submission)
        .filter(action="stories.consent_expired")
        .exists()
    )
