"""The demo stories: an index under the home page and three published, consented stories."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command

from community.privacy.quotes import WEBSITE
from stories.models import StoryIndexPage, StoryPage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_seed_stories_is_part_of_the_demo():
    assert "seed_stories" in settings.DEMO_SEED_COMMANDS


def test_seed_stories_publishes_three_consented_stories_once(client):
    UserFactory(is_superuser=True, is_staff=True, display_name="Site Steward")

    call_command("seed_stories", verbosity=0)
    call_command("seed_stories", verbosity=0)

    index = StoryIndexPage.objects.get()
    assert index.get_parent().specific_class.__name__ == "HomePage"
    stories = list(StoryPage.objects.public_stories())
    assert len(stories) == 3
    assert all(story.submission.consent_covers(WEBSITE) for story in stories)
    html = client.get("/stories/").content.decode()
    assert "The summer the phone never stopped" in html
    assert "A dad in the West Midlands" in html


def test_seed_stories_works_before_any_staff_exist():
    call_command("seed_stories", verbosity=0)

    assert StoryPage.objects.public_stories().count() == 3
