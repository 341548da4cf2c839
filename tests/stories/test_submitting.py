"""Members write stories from the front end, with drafts, a pre-send check and a consent
step, and follow them under "Your stories"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from community.models import Notification
from community.privacy.quotes import CAMPAIGNS, WEBSITE
from community.site.drafts import draft_for, draft_save
from moderation import services as moderation_services
from moderation.models import QueueItem
from stories import services as stories_services
from stories.models import StorySubmission
from tests.factories import UserFactory, approved_story, moderator, story_submission

pytestmark = pytest.mark.django_db

WRITE = reverse("stories:write")


def form_data(**overrides) -> dict:
    data = {
        "title": "Nights without him",
        "body": "We waited up every night that winter.",
        "themes": [],
        "content_notes": ["drugs"],
        "teller": "dad",
        "region": "wales",
        "naming": "byline",
        "channels": [WEBSITE, CAMPAIGNS],
        "years": "2",
        "agree": "on",
    }
    data.update(overrides)
    return data


def test_a_visitor_is_asked_to_sign_in_before_writing(client):
    response = client.get(WRITE)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_story_form_is_for_members_and_not_indexed(member_client):
    response = member_client.get(WRITE)

    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert b'name="robots" content="noindex, nofollow"' in response.content
    assert b"Your consent" in response.content
    assert b'data-draft-slot="story:new"' in response.content


def test_a_member_sends_a_story_with_consent_and_it_waits_in_the_queue(member, member_client):
    response = member_client.post(WRITE, form_data(themes=["4"]))

    assert response.status_code == 302
    assert response["Location"] == reverse("stories:mine")
    submission = StorySubmission.objects.get(author=member)
    assert submission.title == "Nights without him"
    consent = submission.current_consent()
    assert consent.byline == "A dad in Wales"
    assert consent.channels == [WEBSITE, CAMPAIGNS]
    assert QueueItem.objects.filter(kind="story", object_id=str(submission.pk)).exists()
    mine = member_client.get(reverse("stories:mine"))
    assert b"Waiting for a moderator to read it" in mine.content
    assert b"Nights without him" in mine.content


def test_identifying_details_are_marked_before_sending_and_nothing_is_lost(member, member_client):
    body = "He was picked up outside the flats on M14 5RT every Friday."

    response = member_client.post(WRITE, form_data(body=body))

    assert response.status_code == 200
    assert not StorySubmission.objects.exists()
    page = response.content.decode()
    assert '<mark class="finding finding--identifying" data-kind="postcode"' in page
    assert "M14 5RT</mark>" in page
    assert body in page  # the text is back in the box, editable
    assert draft_for(member=member, slot="story:new").fields["body"] == body

    fixed = member_client.post(WRITE, form_data(body="He was picked up every Friday."))
    assert fixed.status_code == 302
    assert StorySubmission.objects.get().body == "He was picked up every Friday."
    assert draft_for(member=member, slot="story:new") is None


def test_a_member_may_send_marked_details_for_the_moderator_to_take_out(member_client):
    response = member_client.post(WRITE, form_data(body="We live near M14 5RT.", send_anyway="1"))

    assert response.status_code == 302
    item = QueueItem.objects.get(kind="story")
    assert "identifying" in item.reasons


def test_consent_must_be_given_and_name_at_least_one_place(member_client):
    response = member_client.post(WRITE, form_data(channels=[], agree=""))

    assert response.status_code == 400
    assert b"Choose at least one place your story may be used" in response.content
    assert b"This field is required" in response.content
    assert b"We waited up every night that winter." in response.content
    assert not StorySubmission.objects.exists()


def test_a_byline_needs_to_say_who_is_telling_it(member_client):
    response = member_client.post(WRITE, form_data(teller=""))

    assert response.status_code == 400
    assert b"choose who you are" in response.content


def test_a_kept_draft_is_put_back_into_the_form(member, member_client):
    draft_save(member=member, slot="story:new", data={"title": "Half", "body": "Half written"})

    response = member_client.get(WRITE)

    assert b"We kept what you were writing." in response.content
    assert b"Half written</textarea>" in response.content


def test_a_member_sees_only_their_own_stories(member, member_client):
    story_submission(author=member, title="Mine to follow")
    story_submission(title="Someone else's story")

    response = member_client.get(reverse("stories:mine"))

    assert b"Mine to follow" in response.content
    assert b"Someone else" not in response.content


def test_another_member_cannot_open_or_withdraw_a_story(member_client):
    other = story_submission(title="Not yours")

    assert member_client.get(reverse("stories:submission", args=[other.pk])).status_code == 404
    response = member_client.post(reverse("stories:withdraw", args=[other.pk]))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.withdrawn_at is None


def test_a_moderator_can_read_a_submission_in_context(client):
    submission = story_submission(title="For the moderator")
    client.force_login(moderator())

    response = client.get(reverse("stories:submission", args=[submission.pk]))

    assert response.status_code == 200
    assert b"For the moderator" in response.content


def test_an_approved_story_shows_as_with_the_editors(client):
    author = UserFactory()
    approved_story(author=author)
    client.force_login(author)

    response = client.get(reverse("stories:mine"))

    assert b"Approved: with the editors before it is published" in response.content


def test_the_account_menu_links_to_your_stories(member_client):
    html = member_client.get(reverse("stories:mine")).content.decode()

    assert '<a href="/stories/mine/">Your stories</a>' in html


def test_a_story_the_moderators_sent_back_comes_back_editable(member, member_client):
    submission = story_submission(author=member, title="Sent back", body="Words I wrote.")
    item = QueueItem.for_instance(submission).get()
    moderation_services.reject(
        item=item, moderator=moderator(), reason="Please take out the street name."
    )

    mine = member_client.get(reverse("stories:mine")).content.decode()
    assert "Please take out the street name." in mine
    again = member_client.get(f"{WRITE}?from={submission.pk}").content.decode()

    assert 'value="Sent back"' in again
    assert "Words I wrote.</textarea>" in again


def test_another_members_receipt_is_not_found(member, member_client):
    other = UserFactory()
    submission = story_submission(author=other)
    stories_services.story_withdraw(submission=submission, member=other)

    response = member_client.get(reverse("stories:receipt", args=[submission.pk]))

    assert response.status_code == 404


def test_an_approved_storys_author_is_told_the_editors_have_it_not_that_it_is_published() -> None:
    submission = approved_story()

    [notice] = Notification.objects.filter(recipient=submission.author, kind="moderation.approved")
    assert "editors will prepare it" in notice.message
    assert "is now published" not in notice.message
