"""Story pages, themes and the consent ledger: no story reaches the public without website
consent, whether an editor presses Publish or code publishes it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import Workflow, WorkflowState

from community.models import HomePage, SafeImage
from community.privacy.quotes import CAMPAIGNS, WEBSITE
from moderation.models import ModerationState, QueueItem
from stories.blocks import StoryBodyBlock
from stories.models import (
    ConsentMissing,
    ConsentRecord,
    StoryIndexPage,
    StoryPage,
    ThemeSnippet,
)
from stories.themes import THEMES
from tests.factories import approved_story, published_story, story_submission

pytestmark = pytest.mark.django_db


def test_the_themes_from_the_issue_are_there_to_choose_from():
    assert list(ThemeSnippet.objects.values_list("name", flat=True)) == THEMES


def test_a_submitted_story_waits_for_a_moderator_even_from_a_trusted_member():
    submission = story_submission(body="A quiet week at last.")

    assert submission.moderation_state == ModerationState.HELD
    item = QueueItem.objects.get(object_id=str(submission.pk), kind="story")
    assert "space" in item.reasons


def test_consent_is_a_ledger_whose_newest_row_holds_and_whose_rows_never_change():
    submission = story_submission(channels=(WEBSITE, CAMPAIGNS))
    first = submission.current_consent()

    assert first.byline == "A mum in the North West"
    assert set(first.channels) == {WEBSITE, CAMPAIGNS}
    assert timedelta(days=729) < first.expires_at - timezone.now() <= timedelta(days=731)
    first.channels = []
    with pytest.raises(ValidationError):
        first.save()
    with pytest.raises(ValidationError):
        ConsentRecord.objects.filter(pk=first.pk).update(channels=[])
    with pytest.raises(ValidationError):
        first.delete()
    assert ConsentRecord.objects.get(pk=first.pk).channels == [WEBSITE, CAMPAIGNS]


def test_approval_makes_a_filled_in_draft_page_in_the_story_sign_off_workflow():
    submission = approved_story(
        title="What the school never asked",
        body="He stopped going in **October**.",
        themes=("school", "county-lines"),
        content_notes=("drugs",),
    )
    page = StoryPage.objects.get(submission=submission)

    assert page.live is False
    assert page.title == "What the school never asked"
    assert page.byline == "A mum in the North West"
    assert "<strong>October</strong>" in str(page.body[0].value)
    assert sorted(page.themes.values_list("slug", flat=True)) == ["county-lines", "school"]
    assert page.content_note_labels() == ["Drugs"]
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow == Workflow.objects.get(name="Story sign-off")
    assert [g.name for g in state.current_task_state.task.specific.groups.all()] == ["Editors"]


def test_code_cannot_publish_a_story_without_website_consent():
    submission = approved_story(channels=(CAMPAIGNS,))
    page = submission.page

    with pytest.raises(ConsentMissing):
        page.get_latest_revision().publish()

    page.refresh_from_db()
    assert page.live is False
    assert StoryPage.objects.public_stories().count() == 0


def test_code_cannot_publish_a_story_whose_consent_has_expired():
    submission = approved_story(expires_at=timezone.now() + timedelta(minutes=1))
    ConsentRecord.objects.create(
        submission=submission,
        change="changed",
        channels=[WEBSITE],
        expires_at=timezone.now() - timedelta(seconds=1),
    )

    with pytest.raises(ConsentMissing):
        submission.page.get_latest_revision().publish()


def test_a_page_with_no_submission_behind_it_cannot_go_live():
    index = approved_story().page.get_parent()
    with pytest.raises(ConsentMissing):
        index.add_child(instance=StoryPage(title="Made live", slug="made-live"))

    page = StoryPage(title="Written in the admin", slug="written-in-the-admin", live=False)
    index.add_child(instance=page)
    with pytest.raises(ConsentMissing):
        page.save_revision().publish()
    assert not StoryPage.objects.filter(live=True).exists()


def test_a_story_with_website_consent_is_published_with_its_reading_time():
    page = published_story(body=" ".join(["word"] * 450))

    assert page.live is True
    assert page.reading_minutes == 3
    assert list(StoryPage.objects.public_stories()) == [page]


def test_images_in_a_story_are_the_metadata_stripping_safe_image():
    image_block = StoryBodyBlock().child_blocks["image"]

    assert image_block.child_blocks["image"].model_class is SafeImage


def test_editors_can_add_a_story_index_under_the_home_page_but_not_a_story():
    allowed = HomePage.allowed_subpage_models()

    assert StoryIndexPage in allowed
    assert StoryPage not in allowed
