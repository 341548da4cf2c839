"""A member's export holds the earlier texts of posts they edited, and nobody else's."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from community.models import DataExport
from forums import services as forums
from tests.factories import board, trusted_member

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_earlier_texts_of_the_members_own_edited_posts_only(
    client, django_capture_on_commit_callbacks
) -> None:
    member = trusted_member()
    other = trusted_member()
    place = board(slug="late-nights", title="Late nights")
    mine = forums.thread_create(
        board=place, author=member, title="Where does he go", body="He came home at four."
    ).post
    forums.post_edit(post=mine, editor=member, body="He came home at five.")
    theirs = forums.thread_create(
        board=place, author=other, title="Another week", body="Their first words."
    ).post
    forums.post_edit(post=theirs, editor=other, body="Their second words.")
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/data/export/")
    export = DataExport.objects.get(member=member)
    response = client.get(f"/account/data/export/{export.pk}/")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))

    posts = json.loads(archive.read("data.json"))["sections"]["forums-posts"]
    assert [p["text"] for p in posts] == ["He came home at five."]
    (earlier,) = posts[0]["earlier_versions"]
    assert earlier["text"] == "He came home at four."
    assert earlier["written_at"] == mine.created_at.isoformat()
    assert earlier["replaced_at"]
    everything = archive.read("data.json").decode() + archive.read("index.html").decode()
    page = archive.read("index.html").decode()
    # Readable: the earlier text in a list, not Python's notation for one.
    assert '<ul><li><table><tr><th scope="row">written_at</th>' in page
    assert '<th scope="row">text</th><td>He came home at four.</td>' in page
    assert "[{" not in page and "{'" not in page
    assert "Their first words." not in everything
    assert "Their second words." not in everything
