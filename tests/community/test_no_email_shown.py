"""No page, export or e-mail that a non-admin sees holds a member's e-mail address: not to
other members, not to moderators at the desk, not to organisers reviewing and exporting
testimony."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core import mail
from django.test import Client

from campaigns import services as campaigns
from forums import services
from forums.activity import digests
from forums.models import ForumPreferences
from moderation.models import QueueItem
from tests.factories import (
    board,
    campaign,
    moderator,
    published_thread,
    sent_testimony,
    story_submission,
    trusted_member,
)

pytestmark = pytest.mark.django_db

ADDRESS = "hidden.heron@example.org"


def _texts_of(response) -> str:
    """What a person would read: the page, or every file inside a .docx, or a CSV."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "".join(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
            )
    return body.decode("utf-8", "replace")


def test_no_one_but_an_admin_sees_a_members_email_address() -> None:
    member = trusted_member(email=ADDRESS, display_name="Hidden Heron")
    place = board(slug="late-nights")
    thread = published_thread(on=place, title="Another hard week")
    services.post_create(thread=thread, author=member, body="Thinking of you all tonight.")
    story_submission(author=member, title="The year we stopped sleeping")
    cause = campaign(title="Believe parents", questions=[("long", "What happened?")])
    given = sent_testimony(
        on=cause, author=member, answers={"What happened?": "Nobody listened."}, parliament=True
    )
    campaigns.extract_add(
        testimony=given, organiser=cause.organisers.first(), text="Nobody listened"
    )
    starter = thread.posts.first().author
    ForumPreferences.objects.create(member=starter, digest=True)
    digests.digests_send()

    seen: dict[str, str] = {}
    other = Client()
    other.force_login(starter)
    seen["thread"] = _texts_of(other.get(thread.get_absolute_url()))
    seen["search"] = _texts_of(other.get("/forums/search/", {"q": "thinking"}))
    seen["notifications"] = _texts_of(other.get("/notifications/"))

    desk = Client()
    desk.force_login(moderator())
    seen["desk"] = _texts_of(desk.get("/admin/moderation/"))
    for item in QueueItem.objects.all():
        seen[f"item {item.pk}"] = _texts_of(desk.get(f"/admin/moderation/{item.pk}/"))

    organiser = Client()
    organiser.force_login(cause.organisers.first())
    base = f"/campaigns/{cause.slug}/organise"
    seen["review"] = _texts_of(organiser.get(f"{base}/testimony/"))
    seen["review with pseudonyms"] = _texts_of(organiser.get(f"{base}/testimony/", {"names": "1"}))
    seen["dashboard"] = _texts_of(organiser.get(f"{base}/dashboard/"))
    for fmt in ("csv", "docx"):
        seen[f"export {fmt}"] = _texts_of(
            organiser.post(f"{base}/export/", {"use": "parliament", "theme": "", "format": fmt})
        )
    seen["e-mails to others"] = "".join(
        f"{m.from_email}{m.subject}{m.body}" for m in mail.outbox if ADDRESS not in m.to
    )

    assert "Thinking of you all tonight." in seen["thread"], "the member's post was not shown"
    assert "Nobody listened" in seen["export csv"], "the testimony was not exported"
    assert len(seen) >= 10
    assert [where for where, text in seen.items() if ADDRESS in text] == []
