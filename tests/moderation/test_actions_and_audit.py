"""Moderator actions: each leaves exactly one audit entry, and no entry can change."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from moderation import services
from moderation.models import AppendOnlyError, AuditEntry, QueueItem, SanctionKind, WatchedWord
from tests.factories import UserFactory, moderator, note, trusted_member
from tests.scratch.models import Note

pytestmark = pytest.mark.django_db


def held_item(body: str = "We got through another week.", author=None) -> QueueItem:
    obj = note(author=author or UserFactory(), body=body)
    return services.submit(obj=obj).item


def entries_after(action, *args, **kwargs) -> list[AuditEntry]:
    before = set(AuditEntry.objects.values_list("pk", flat=True))
    action(*args, **kwargs)
    return list(AuditEntry.objects.exclude(pk__in=before))


def test_claim_approve_reject_redact_hide_escalate_each_leave_exactly_one_entry():
    mod = moderator(safeguarding=True)
    item = held_item()

    for call in (
        lambda: services.claim(item=item, moderator=mod),
        lambda: services.escalate(item=item, moderator=mod),
        lambda: services.approve(item=item, moderator=mod),
    ):
        assert len(entries_after(call)) == 1

    second = held_item()
    assert len(entries_after(services.reject, item=second, moderator=mod, reason="No.")) == 1
    third = held_item("Meet at 12 Ashdown Road.")
    assert (
        len(entries_after(services.redact, item=third, moderator=mod, text="Meet at [an address]."))
        == 1
    )
    published = note(author=trusted_member())
    services.submit(obj=published)
    assert len(entries_after(services.hide, obj=published, moderator=mod, reason="Unkind")) == 1
    member = UserFactory()
    assert (
        len(
            entries_after(
                services.sanction,
                member=member,
                moderator=mod,
                kind=SanctionKind.WARN,
                reason="Be kind.",
            )
        )
        == 1
    )


def test_an_entry_records_actor_action_reason_target_and_hash_but_no_words():
    mod = moderator()
    item = held_item("My son Tyler was taken from outside Westmoor Academy.")

    [entry] = entries_after(
        services.reject, item=item, moderator=mod, reason="Names a school.", reason_code="school"
    )

    assert entry.user_id == mod.pk
    assert entry.action == "moderation.reject"
    assert entry.reason_code == "school"
    assert entry.content_type.model == "note"
    assert entry.object_id == item.object_id
    assert len(entry.content_hash) == 64
    flat = f"{entry.label} {entry.data} {entry.reason_code}"
    for word in ("Tyler", "Westmoor", "Names a school", mod.email, mod.display_name):
        assert word not in flat


def test_redaction_keeps_that_it_happened_not_the_removed_words():
    item = held_item("Pick-ups are at 12 Ashdown Road most nights.")

    [entry] = entries_after(
        services.redact,
        item=item,
        moderator=moderator(),
        text="Pick-ups are at [an address] most nights.",
    )

    obj = Note.objects.get(pk=item.object_id)
    assert obj.body == "Pick-ups are at [an address] most nights."
    assert obj.is_published
    assert entry.action == "moderation.redact"
    assert entry.data["redacted"] is True
    assert "Ashdown" not in str(entry.data) + entry.label


def test_audit_entries_cannot_be_edited_or_deleted_through_the_orm():
    item = held_item()
    entry = AuditEntry.objects.get(object_id=item.object_id)

    entry.reason_code = "tampered"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason_code="tampered")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).reason_code != "tampered"


def test_the_database_itself_refuses_to_change_an_audit_entry():
    item = held_item()
    entry = AuditEntry.objects.get(object_id=item.object_id)
    table = AuditEntry._meta.db_table

    with (
        pytest.raises(Exception, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {table} SET reason_code = 'x' WHERE id = %s", [entry.pk])  # noqa: S608
    assert AuditEntry.objects.get(pk=entry.pk).reason_code == entry.reason_code


def test_approving_identifying_details_needs_a_recorded_reason():
    item = held_item("Text me on 07700 900123.", author=trusted_member())
    mod = moderator()

    with pytest.raises(services.ReasonRequired):
        services.approve(item=item, moderator=mod)
    [entry] = entries_after(
        services.approve, item=item, moderator=mod, reason="A helpline's own number."
    )

    assert entry.reason_code == "override"


def test_a_rejected_item_goes_back_to_its_author_editable_with_the_reason():
    author = UserFactory()
    item = held_item(author=author)

    services.reject(item=item, moderator=moderator(), reason="Please take out the school's name.")

    obj = Note.objects.get(pk=item.object_id)
    assert obj.moderation_state == "rejected"
    assert list(Note.objects.visible_to(author)) == [obj]
    assert QueueItem.for_instance(obj).get().decision_reason == "Please take out the school's name."


def test_a_member_who_is_not_a_moderator_cannot_act():
    item = held_item()

    with pytest.raises(services.PermissionDenied):
        services.approve(item=item, moderator=UserFactory())


def test_two_moderators_cannot_both_decide_one_item():
    item = held_item()
    services.approve(item=item, moderator=moderator())

    with pytest.raises(ValueError, match="already decided"):
        services.reject(item=item, moderator=moderator(), reason="Too late")


def test_a_blocked_watched_word_refuses_the_text_and_saves_nothing():
    WatchedWord.objects.create(pattern="grass", match="word", action="block")
    author = trusted_member()

    with pytest.raises(services.ContentBlocked) as blocked, transaction.atomic():
        obj = note(author=author, body="Everyone knows he's a grass.")
        services.submit(obj=obj)

    assert "nothing you wrote has been lost" in str(blocked.value)
    assert [f.kind for f in blocked.value.result.blocked_terms] == ["watched"]
    assert not Note.objects.exists()
    assert not QueueItem.objects.exists()


def test_a_flag_watched_word_publishes_but_queues_for_review():
    WatchedWord.objects.create(pattern="snitch*", match="wildcard", action="flag")

    obj = note(author=trusted_member(), body="They call everyone snitches round here.")
    outcome = services.submit(obj=obj)

    assert not outcome.held
    assert obj.is_published
    assert outcome.item.reasons == ["watched_flag"]


def test_a_hold_watched_regex_holds():
    WatchedWord.objects.create(pattern=r"\bt[e3]l[e3]gram\b", match="regex", action="hold")

    outcome = services.submit(
        obj=note(author=trusted_member(), body="the olders all use t3legram for everything")
    )

    assert outcome.held
    assert outcome.item.reasons == ["watched_hold"]
