"""Erasure leaves nothing: a unique canary planted in a member's e-mail, pseudonym and words is
found in no text column of any table, and in no file, once they are erased."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from community.models import User
from community.privacy import services as privacy
from community.site.drafts import draft_save
from forums import services
from forums.activity import muting
from forums.models import Post, Thread
from moderation import services as moderation
from stories.models import StorySubmission
from tests.factories import (
    PASSWORD,
    board,
    campaign,
    published_story,
    published_thread,
    sent_testimony,
    trusted_member,
)
from tests.scan import files_holding, tables_holding

pytestmark = pytest.mark.django_db


def _canary() -> str:
    # Letters only, so it is a valid pseudonym and survives every normalisation unchanged.
    return "zq" + "".join(chr(ord("a") + int(c, 16) % 26) for c in uuid.uuid4().hex[:12])


def _plant(canary: str) -> User:
    """A member whose e-mail, pseudonym and every kind of text they can write hold the canary."""
    member = trusted_member(email=f"{canary}@example.org", display_name=f"Heron {canary}")
    place = board(slug="late-nights")
    services.thread_create(
        board=place, author=member, title=f"Thread {canary}", body=f"Opening words {canary}"
    )
    others = published_thread(on=place, title="Another week")
    reply = services.post_create(thread=others, author=member, body=f"A reply {canary}").post
    services.post_edit(post=reply, editor=member, body=f"An edited reply {canary} again")
    draft_save(member=member, slot="reply:thread:1", data={"body": f"Unsent {canary}"})
    muting.preferences_update(member=member, muted_words=f"{canary}\nother", digest=True)
    someone_elses = others.posts.first()
    moderation.flag(obj=someone_elses, flagger=member, reason="other", note=f"Note {canary}")
    # A published story, and testimony quoted on a campaign page and exported.
    published_story(
        author=member, title=f"Nights {canary}", body=f"For months {canary} went out at night."
    )
    cause = campaign(questions=[("long", "What happened?")])
    sent_testimony(
        on=cause,
        author=member,
        answers={"What happened?": f"They called {canary} a liar."},
        campaigns=True,
        parliament=True,
    )
    # A copy of their data was made before they left: its file must go too.
    export = privacy.export_request(member=member)
    privacy.export_build(export_id=export.pk)
    return member


def test_an_erased_member_who_deleted_their_contributions_leaves_no_trace() -> None:
    canary = _canary()
    member = _plant(canary)
    assert tables_holding(canary), "the canary was not planted"
    assert files_holding(canary), "the export holding the canary was not made"

    privacy.member_erase(
        member=member,
        choice=privacy.ErasureChoice(keep_contributions=False, keep_published=False),
    )

    assert tables_holding(canary) == []
    assert files_holding(canary) == []


def test_a_member_who_kept_their_contributions_is_shown_as_a_former_member() -> None:
    canary = _canary()
    member = _plant(canary)
    reader = trusted_member()
    thread = Thread.objects.get(title="Another week")

    privacy.member_erase(
        member=member,
        choice=privacy.ErasureChoice(keep_contributions=True, keep_published=False),
    )
    client = Client()
    client.login(email=reader.email, password=PASSWORD)
    page = client.get(thread.get_absolute_url()).content.decode()

    assert f"An edited reply {canary} again" in page
    assert "a former member" in page
    assert f"Heron {canary}" not in page
    # Their account, e-mail, drafts, mutes, reports and earlier texts are gone all the same.
    held = tables_holding(canary)
    assert all(
        place.startswith(("forums_post.", "forums_thread.", "wagtailsearch")) for place in held
    ), held
    assert not Post.objects.filter(body__contains=f"A reply {canary}").exists()


def test_a_member_who_left_their_published_story_up_leaves_it_readable_with_no_author() -> None:
    canary = _canary()
    member = _plant(canary)
    story = StorySubmission.objects.get(author=member)

    privacy.member_erase(
        member=member,
        choice=privacy.ErasureChoice(keep_contributions=False, keep_published=True),
    )
    page = Client().get(story.page.url)

    story.refresh_from_db()
    assert story.author_id is None
    assert page.status_code == 200
    assert f"For months {canary} went out at night." in page.content.decode()
    assert f"Heron {canary}" not in page.content.decode()
