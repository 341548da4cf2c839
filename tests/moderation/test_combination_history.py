"""Jigsaw identification across a member's history: what they already had published counts.

Details are kept as tags (kind, weight, keyed hash), never words; a new item that completes a
combination with them is held, with a pointer to the earlier items for the moderator, and the
member is told before sending. Tags go when their item is withdrawn, hidden, rejected, changed,
deleted or its author erased.
"""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.contenttypes.models import ContentType

from community.privacy.services import ErasureChoice, member_erase
from moderation import services
from moderation.models import DetailTag, QueueItem, QueueReason
from moderation.privacy import collect
from tests.factories import UserFactory, moderator, note, trusted_member

pytestmark = pytest.mark.django_db

EARLIER = "My son is in Year 9 and we live on the north side of the town."
NEW = "They picked him up on 14 March."
WORDS = ("year", "north", "side", "town", "march", "picked")


def publish(author, body=EARLIER):
    obj = note(author=author, body=body)
    outcome = services.submit(obj=obj)
    assert not outcome.held, outcome.item.reasons if outcome.item else None
    return obj


def pointer(obj) -> dict:
    return {"content_type": ContentType.objects.get_for_model(obj).pk, "object_id": str(obj.pk)}


def submit_new(author, body=NEW):
    obj = note(author=author, body=body)
    return obj, services.submit(obj=obj)


def test_an_earlier_published_detail_and_a_new_one_are_held_with_a_pointer(client):
    author = trusted_member()
    first = publish(author)

    _, outcome = submit_new(author)

    assert outcome.held
    assert outcome.item.reasons == [QueueReason.IDENTIFYING]
    start = NEW.index("on 14 March")
    assert outcome.item.findings == [
        {
            "kind": "combination",
            "start": start,
            "end": start + len("on 14 March"),
            "category": "identifying",
            "history": True,
        }
    ]
    assert outcome.item.earlier == [pointer(first)]
    assert [(f.kind, NEW[f.start : f.end]) for f in outcome.result.findings] == [
        ("combination", "on 14 March")
    ]


def test_the_desk_shows_the_new_detail_marked_and_links_to_the_earlier_item(client):
    author = trusted_member()
    first = publish(author)
    _, outcome = submit_new(author)
    client.force_login(moderator())

    body = client.get(f"/admin/moderation/{outcome.item.pk}/").content.decode()

    assert "Earlier items by this author" in body
    assert f'<a href="/notes/{first.pk}/">Note {first.pk}</a>' in body
    assert re.search(r'<mark [^>]*data-kind="combination"[^>]*>on 14 March</mark>', body)
    assert "details that together could identify a family" in body


def test_a_strangers_history_never_counts():
    publish(trusted_member())

    _, outcome = submit_new(trusted_member())

    assert not outcome.held


def test_a_withdrawn_items_details_stop_counting():
    author = trusted_member()
    first = publish(author)
    assert DetailTag.objects.filter(object_id=str(first.pk)).exists()

    services.withdraw_by_author(obj=first, author=author)

    assert not DetailTag.objects.filter(object_id=str(first.pk)).exists()
    _, outcome = submit_new(author)
    assert not outcome.held


def test_a_hidden_items_details_stop_counting():
    author = trusted_member()
    first = publish(author)

    services.hide(obj=first, moderator=moderator(), reason="Too much detail.")

    assert not DetailTag.objects.filter(object_id=str(first.pk)).exists()
    _, outcome = submit_new(author)
    assert not outcome.held


def test_a_rejected_item_never_counts_and_an_approved_one_does():
    author = UserFactory()  # a new member: held until a moderator looks
    mod = moderator()
    rejected = note(author=author, body=EARLIER)
    services.reject(
        item=services.submit(obj=rejected).item, moderator=mod, reason="Please leave it out."
    )
    assert not DetailTag.objects.filter(object_id=str(rejected.pk)).exists()

    approved = note(author=author, body=EARLIER)
    services.approve(item=services.submit(obj=approved).item, moderator=mod)

    assert DetailTag.objects.filter(object_id=str(approved.pk)).count() == 2
    _, outcome = submit_new(author)
    assert outcome.item.earlier == [pointer(approved)]
    assert QueueReason.IDENTIFYING in outcome.item.reasons


def test_a_redacted_approval_keeps_only_what_was_left():
    author = UserFactory()
    obj = note(author=author, body=EARLIER)
    item = services.submit(obj=obj).item

    services.redact(
        item=item, moderator=moderator(), text="My son is in [a detail] and we live nearby."
    )

    assert not DetailTag.objects.filter(object_id=str(obj.pk)).exists()


def test_a_text_emptied_without_moderation_loses_its_details():
    author = trusted_member()
    first = publish(author)

    first.body = ""  # the author removed it: "removed by its author"
    first.save(update_fields=["body"])

    assert not DetailTag.objects.filter(object_id=str(first.pk)).exists()
    assert not submit_new(author)[1].held


def test_a_deleted_items_details_go_with_it():
    author = trusted_member()
    first = publish(author)
    object_id = str(first.pk)

    first.delete()

    assert not DetailTag.objects.filter(object_id=object_id).exists()


def test_an_edit_is_not_combined_with_its_own_earlier_version():
    author = trusted_member()
    first = publish(author)

    first.body = NEW
    first.save(update_fields=["body"])
    outcome = services.submit(obj=first, edited=True)

    assert not outcome.held
    assert DetailTag.objects.filter(object_id=str(first.pk)).count() == 1  # the date only


def test_no_words_are_stored_only_kinds_and_keyed_hashes():
    author = trusted_member()
    first = publish(author)
    submit_new(author)

    rows = list(DetailTag.objects.filter(object_id=str(first.pk)).values())
    assert sorted(row["kind"] for row in rows) == ["area", "school_year"]
    for row in rows:
        assert re.fullmatch(r"[0-9a-f]{64}", row["digest"])
        assert re.fullmatch(r"[0-9a-f]{64}", row["source_hash"])
        stored = json.dumps({k: v for k, v in row.items() if k != "kind"}, default=str).lower()
        assert not any(word in stored for word in WORDS)
    item = QueueItem.objects.get()
    assert not any(word in json.dumps([item.findings, item.earlier]).lower() for word in WORDS)


def test_erasure_removes_the_members_details_even_when_they_keep_their_posts():
    author = trusted_member()
    publish(author)
    other = trusted_member()
    publish(other)

    member_erase(member=author, choice=ErasureChoice(keep_contributions=True, keep_published=True))

    assert set(DetailTag.objects.values_list("member_id", flat=True)) == {other.pk}


def test_the_export_lists_the_kinds_of_detail_kept_never_the_words():
    author = trusted_member()
    first = publish(author)

    rows = collect(author)["details_remembered"]

    assert sorted(row["detail"] for row in rows) == ["an age or school year", "an area or place"]
    assert {row["from"] for row in rows} == {f"Note {first.pk}"}
    assert not any(word in json.dumps(rows).lower() for word in ("north", "town", "year 9"))


def check(client, text):
    return client.post("/api/screen/", json.dumps({"text": text}), content_type="application/json")


def test_the_composer_tells_the_member_before_sending_without_quoting_earlier_items(client):
    author = trusted_member()
    publish(author)
    client.force_login(author)

    data = check(client, NEW).json()

    assert data["action"] == "hold"
    [finding] = data["findings"]
    assert finding["kind"] == "combination"
    assert NEW[finding["start"] : finding["end"]] == "on 14 March"
    assert "what you've shared before" in finding["label"]
    assert data["messages"] == [
        "Together with what you've shared before, these details could identify your family "
        "(an age or school year, an area or place, a date). You may want to leave them out."
    ]
    assert not any(word in json.dumps(data).lower() for word in ("north", "year 9", "town"))


def test_the_composer_explains_a_combination_within_one_text(client):
    client.force_login(UserFactory())

    data = check(client, EARLIER + " " + NEW).json()

    assert data["action"] == "hold"
    assert data["messages"] == [
        "Together, these details could identify your family (an age or school year, an area "
        "or place, a date). You may want to leave some of them out."
    ]


def test_the_composer_does_not_use_a_strangers_history(client):
    publish(trusted_member())
    client.force_login(trusted_member())

    data = check(client, NEW).json()

    assert data["action"] == "pass"
    assert data["findings"] == []
    assert data["messages"] == []


def test_an_item_unpublished_outside_moderation_loses_its_details():
    author = trusted_member()
    first = publish(author)

    first.moderation_state = "withdrawn"  # as a story's consent running out does
    first.save(update_fields=["moderation_state"])

    assert not DetailTag.objects.filter(object_id=str(first.pk)).exists()
