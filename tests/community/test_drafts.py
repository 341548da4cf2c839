"""Drafts: what a member was writing is kept server-side, for them alone, until it is sent."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from community.models import Draft
from community.site.drafts import (
    KEEP_DAYS,
    MAX_CHARS,
    MAX_DRAFTS_PER_MEMBER,
    DraftError,
    draft_for,
    draft_save,
    drafts_delete_expired,
)
from community.site.views import DRAFT_REQUESTS_PER_MINUTE
from forums import services
from forums.models import Post, Thread
from moderation.models import WatchedWord
from tests.factories import UserFactory, board, published_thread, trusted_member

pytestmark = pytest.mark.django_db

SLOT = "reply:thread:42"
URL = f"/api/drafts/{SLOT}/"
RESTORED_NOTE = "We kept what you were writing."


def put(client: Client, url: str, fields: object, **extra):
    return client.put(url, json.dumps({"fields": fields}), content_type="application/json", **extra)


# --- The endpoint ----------------------------------------------------------------------------


def test_a_member_saves_reads_back_and_deletes_their_draft(member_client):
    saved = put(member_client, URL, {"body": "I didn't know who else to tell.", "title": ""})

    assert saved.status_code == 200
    assert saved.json()["saved"] is True
    read = member_client.get(URL)
    assert read.status_code == 200
    assert read.json()["fields"] == {"body": "I didn't know who else to tell.", "title": ""}
    assert "no-store" in read["Cache-Control"]

    assert member_client.delete(URL).status_code == 204
    assert member_client.get(URL).status_code == 404


def test_saving_again_replaces_the_draft_and_post_works_like_put(member_client, member):
    put(member_client, URL, {"body": "First words."})

    response = member_client.post(
        URL, json.dumps({"fields": {"body": "Better words."}}), content_type="application/json"
    )

    assert response.status_code == 200
    assert Draft.objects.get(member=member).fields == {"body": "Better words."}


def test_saving_only_blank_boxes_forgets_the_draft(member_client, member):
    put(member_client, URL, {"body": "Something."})

    response = put(member_client, URL, {"body": "   ", "title": ""})

    assert response.json() == {"saved": False, "deleted": True}
    assert not Draft.objects.filter(member=member).exists()


def test_a_member_never_reads_or_deletes_another_members_draft(client, member):
    draft_save(member=member, slot=SLOT, data={"body": "Only mine."})
    client.force_login(UserFactory())

    response = client.get(URL)

    assert response.status_code == 404
    assert "Only mine." not in response.content.decode()
    client.delete(URL)
    assert draft_for(member=member, slot=SLOT).fields == {"body": "Only mine."}


def test_a_stranger_saving_the_same_slot_keeps_their_own_draft_apart(client, member):
    draft_save(member=member, slot=SLOT, data={"body": "Mine."})
    stranger = UserFactory()
    client.force_login(stranger)

    put(client, URL, {"body": "Theirs."})

    assert draft_for(member=member, slot=SLOT).fields == {"body": "Mine."}
    assert draft_for(member=stranger, slot=SLOT).fields == {"body": "Theirs."}


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_a_visitor_is_refused_with_403_json(client, method):
    response = getattr(client, method)(URL)

    assert response.status_code == 403
    assert response.json()["error"] == "Please sign in to keep a draft."


@pytest.mark.parametrize(
    "slot",
    [
        "reply",
        "Reply:thread:42",
        "reply:thread:42:x:y",
        "reply:thread:4 2",
        "reply:thread:",
        "reply::42",
        "reply:thread:42%0A",
        "reply:" + "x" * 95,
        "répondre:thread:42",
    ],
)
def test_a_malformed_slot_is_refused_with_400(member_client, slot):
    url = f"/api/drafts/{slot}/"

    assert member_client.get(url).status_code == 400
    response = put(member_client, url, {"body": "Words."})
    assert response.status_code == 400
    assert response.json()["error"] == "That is not a place a draft can be kept."
    assert not Draft.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        "not json",
        "[1, 2]",
        '{"fields": "text"}',
        '{"fields": {"body": 3}}',
        '{"fields": {"B!": ""}}',
    ],
)
def test_a_draft_that_is_not_named_text_is_refused_with_400(member_client, payload):
    response = member_client.put(URL, payload, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["error"]
    assert not Draft.objects.exists()


def test_a_draft_over_the_size_limit_is_refused_with_a_clear_message(member_client, member):
    put(member_client, URL, {"body": "The last words that fitted."})

    response = put(member_client, URL, {"body": "a" * (MAX_CHARS - 4), "title": "Long!"})

    assert response.status_code == 400
    assert response.json()["error"] == (
        "That's longer than we can keep as a draft (30,000 characters). "
        "Your text is still on screen: please copy part of it somewhere safe."
    )
    assert draft_for(member=member, slot=SLOT).fields == {"body": "The last words that fitted."}


def test_the_largest_draft_allowed_is_kept_whole(member_client, member):
    response = put(member_client, URL, {"body": "a" * MAX_CHARS})

    assert response.status_code == 200
    assert len(draft_for(member=member, slot=SLOT).fields["body"]) == MAX_CHARS


def test_changing_a_draft_needs_the_csrf_token_from_the_page(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    thread = published_thread(on=board())
    page = client.get(thread.get_absolute_url()).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    url = f"/api/drafts/reply:thread:{thread.pk}/"

    assert put(client, url, {"body": "Words."}).status_code == 403
    assert client.delete(url).status_code == 403
    assert put(client, url, {"body": "Words."}, HTTP_X_CSRFTOKEN=token).status_code == 200


def test_draft_requests_are_rate_limited(member_client):
    for _ in range(DRAFT_REQUESTS_PER_MINUTE):
        assert put(member_client, URL, {"body": "Typing..."}).status_code == 200

    response = put(member_client, URL, {"body": "Typing more..."})

    assert response.status_code == 429
    assert "wait a moment" in response.json()["error"]


# --- Keeping the table small -----------------------------------------------------------------


def test_a_draft_nobody_came_back_to_for_a_month_is_forgotten(member):
    draft_save(member=member, slot=SLOT, data={"body": "Old words."})
    Draft.objects.update(updated_at=timezone.now() - timedelta(days=KEEP_DAYS + 1))

    assert draft_for(member=member, slot=SLOT) is None
    assert drafts_delete_expired() == 1
    assert not Draft.objects.exists()


def test_a_member_keeps_only_their_most_recent_drafts(member):
    for number in range(MAX_DRAFTS_PER_MEMBER + 1):
        draft_save(member=member, slot=f"reply:thread:{number}", data={"body": "Words."})

    assert Draft.objects.filter(member=member).count() == MAX_DRAFTS_PER_MEMBER
    assert draft_for(member=member, slot="reply:thread:0") is None
    assert draft_for(member=member, slot=f"reply:thread:{MAX_DRAFTS_PER_MEMBER}") is not None


def test_draft_save_refuses_a_malformed_slot(member):
    with pytest.raises(DraftError):
        draft_save(member=member, slot="../etc", data={"body": "Words."})


# --- The forum composer, without JavaScript --------------------------------------------------


def test_a_new_thread_without_a_title_keeps_a_draft_and_reopening_the_form_restores_it(client):
    late_nights = board(slug="late-nights")
    member = trusted_member()
    client.force_login(member)
    new_thread = "/forums/late-nights/new/"

    failed = client.post(new_thread, {"title": "", "body": "Is anyone else awake?"})

    assert failed.status_code == 400
    assert draft_for(member=member, slot="thread:board:late-nights").fields == {
        "title": "",
        "body": "Is anyone else awake?",
        "content_note": "",
    }
    page = client.get(new_thread).content.decode()
    assert RESTORED_NOTE in page
    assert ">\nIs anyone else awake?</textarea>" in page
    assert not Thread.objects.filter(board=late_nights).exists()


def test_a_reply_refused_in_slow_mode_is_kept_and_comes_back_on_the_next_visit(client):
    thread = published_thread(on=board())
    thread.slow_mode_seconds = 600
    thread.save()
    member = trusted_member()
    services.post_create(thread=thread, author=member, body="My first reply.")
    client.force_login(member)

    failed = client.post(thread.get_absolute_url(), {"body": "And another thing."})

    assert failed.status_code == 400
    assert "slow mode" in failed.content.decode()
    page = client.get(thread.get_absolute_url()).content.decode()
    assert RESTORED_NOTE in page
    assert "And another thing.</textarea>" in page


def test_a_reply_with_a_blocked_word_is_kept_as_a_draft(client):
    WatchedWord.objects.create(pattern="grass", match="word", action="block")
    thread = published_thread(on=board())
    member = trusted_member()
    client.force_login(member)

    client.post(thread.get_absolute_url(), {"body": "He is a grass, they say."})

    assert draft_for(member=member, slot=f"reply:thread:{thread.pk}").fields == {
        "body": "He is a grass, they say.",
        "content_note": "",
    }
    assert (
        "He is a grass, they say.</textarea>"
        in client.get(thread.get_absolute_url()).content.decode()
    )


def test_a_reply_that_is_sent_clears_its_draft(client):
    thread = published_thread(on=board())
    member = trusted_member()
    draft_save(member=member, slot=f"reply:thread:{thread.pk}", data={"body": "Nearly there."})
    client.force_login(member)

    response = client.post(thread.get_absolute_url(), {"body": "Nearly there, now sent."})

    assert response.status_code == 302
    assert not Draft.objects.filter(member=member).exists()
    page = client.get(thread.get_absolute_url()).content.decode()
    assert RESTORED_NOTE not in page
    assert "Nearly there.</textarea>" not in page


def test_a_changed_post_that_fails_is_kept_and_restored_over_the_original(client):
    WatchedWord.objects.create(pattern="grass", match="word", action="block")
    author = trusted_member()
    thread = published_thread(on=board(), author=author, body="It was a long day.")
    post = thread.posts.get()
    client.force_login(author)
    edit = f"/forums/post/{post.pk}/edit/"

    client.post(edit, {"body": "It was a long day. He's a grass."})

    page = client.get(edit).content.decode()
    assert RESTORED_NOTE in page
    assert "It was a long day. He&#x27;s a grass.</textarea>" in page
    client.post(edit, {"body": "It was a long day, and a longer night."})
    assert not Draft.objects.filter(member=author).exists()
    assert Post.objects.get(pk=post.pk).body == "It was a long day, and a longer night."


def test_an_empty_composer_without_a_draft_says_nothing_about_drafts(client):
    thread = published_thread(on=board())
    client.force_login(trusted_member())

    page = client.get(thread.get_absolute_url()).content.decode()

    assert RESTORED_NOTE not in page
    assert f'data-draft-slot="reply:thread:{thread.pk}"' in page
    assert 'data-draft-fields="body content_note"' in page
    assert "/static/community/drafts.js" in page


def test_a_draft_kept_by_one_member_is_never_shown_to_another(client):
    thread = published_thread(on=board())
    draft_save(
        member=trusted_member(), slot=f"reply:thread:{thread.pk}", data={"body": "Private words."}
    )
    client.force_login(trusted_member())

    page = client.get(thread.get_absolute_url()).content.decode()

    assert "Private words." not in page
    assert RESTORED_NOTE not in page
