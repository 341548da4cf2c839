"""The guard end to end, through the real pages (issue 16, "done when"): a town, a school with
its town, and a combination of area, school year and date are each held before publication,
the author is told why in plain words, and no other member or visitor ever sees the words.

Every detail is fictional except the towns, which are real places from the shipped gazetteer
(public geography, not people). No moderator's list is set up: the guard's own detectors must
find them. Members are trusted (past the new-member hold), so only screening can hold."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from forums.models import Thread
from moderation.models import ModerationState, QueueItem, QueueReason
from moderation.registry import adapter_for
from stories.models import StorySubmission
from tests.factories import board, published_thread, trusted_member

pytestmark = pytest.mark.django_db

TOWN = "We moved to Rochdale last spring and it all started again within weeks."
SCHOOL = "He was in Year 9 at Larkhollow Academy in Wigan when the olders first picked him up."
COMBINATION = (
    "We live on the north side of town near the retail park. He is in Year 9, and it "
    "happened on 14 March at the bus station after school."
)


def _page(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return html.unescape(response.content.decode())


def _held(obj, kind: str) -> QueueItem:
    obj.refresh_from_db()
    assert obj.moderation_state == ModerationState.HELD
    item = QueueItem.for_instance(obj).get(state="waiting")
    assert QueueReason.IDENTIFYING in item.reasons
    assert kind in [f["kind"] for f in item.findings], item.findings
    return item


def test_a_thread_naming_the_familys_town_is_held_and_no_other_member_reads_it(client):
    the_board = board(slug="our-stories")
    other = trusted_member()
    client.force_login(trusted_member())

    response = client.post(
        reverse("forums:thread_new", args=[the_board.slug]),
        {"title": "Starting again", "body": TOWN},
    )

    assert response.status_code == 302
    thread = Thread.objects.get(title="Starting again")
    _held(thread.posts.get(), "place")
    assert "a place" in _page(client, response["Location"])
    client.force_login(other)
    assert "Starting again" not in _page(client, the_board.get_absolute_url())
    _page(client, thread.get_absolute_url(), status=404)


def test_a_reply_naming_a_school_with_its_town_is_held_and_no_other_member_reads_it(client):
    thread = published_thread(on=board(slug="our-stories"), author=trusted_member())
    author, other = trusted_member(), trusted_member()
    client.force_login(author)

    response = client.post(thread.get_absolute_url(), {"body": SCHOOL})

    assert response.status_code == 302
    post = thread.posts.get(author=author)
    item = _held(post, "school")
    school = next(f for f in item.findings if f["kind"] == "school")
    assert SCHOOL[school["start"] : school["end"]] == "Larkhollow Academy in Wigan"
    client.force_login(other)
    assert "Larkhollow" not in _page(client, thread.get_absolute_url())


def test_a_story_whose_area_school_year_and_date_together_identify_is_held(client):
    author = trusted_member()
    client.force_login(author)
    story = {
        "title": "The spring it started",
        "body": COMBINATION,
        "naming": "anonymous",
        "channels": ["website"],
        "years": "2",
        "agree": "on",
    }

    shown = html.unescape(client.post(reverse("stories:write"), story).content.decode())

    # Before sending: the details are shown back in plain words, and nothing is saved.
    assert "These details together could identify a family" in shown
    assert "north side of town" in shown  # the words are still in the box
    assert not StorySubmission.objects.exists()

    response = client.post(reverse("stories:write"), {**story, "send_anyway": "1"})

    assert response.status_code == 302
    submission = StorySubmission.objects.get(author=author)
    item = _held(submission, "combination")
    screened = adapter_for(submission).text(submission)  # the spans point into this
    marked = {screened[f["start"] : f["end"]] for f in item.findings}
    assert any("Year 9" in text for text in marked)
    assert any("14 March" in text for text in marked)
    assert any("north side of town" in text for text in marked)
