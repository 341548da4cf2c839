"""What is held, what is published, and who can see held content."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from moderation import services
from moderation.models import (
    AuditEntry,
    ModerationState,
    QueueItem,
    QueueReason,
    SanctionKind,
)
from moderation.selectors import moderation_settings
from tests.factories import UserFactory, moderator, note, trusted_member
from tests.scratch.models import Note

pytestmark = pytest.mark.django_db


def submit(**kwargs):
    obj = note(**kwargs)
    return obj, services.submit(obj=obj)


def test_a_new_members_first_contribution_is_held_and_seen_only_by_them_and_moderators():
    author = UserFactory()
    obj, outcome = submit(author=author)

    assert outcome.held
    assert QueueItem.objects.get().reasons == [QueueReason.NEW_MEMBER]
    assert list(Note.objects.visible_to(author)) == [obj]
    assert list(Note.objects.visible_to(moderator())) == [obj]
    assert list(Note.objects.visible_to(UserFactory())) == []
    assert list(Note.objects.visible_to(AnonymousUser())) == []
    assert Note.objects.published().count() == 0


def test_after_approval_a_new_members_contribution_reaches_readers():
    author = UserFactory()
    obj, outcome = submit(author=author)

    services.approve(item=outcome.item, moderator=moderator())

    reader = UserFactory()
    assert list(Note.objects.visible_to(reader)) == [obj]


def test_the_first_three_contributions_are_held_then_the_member_is_trusted():
    author = UserFactory()
    mod = moderator()
    for _ in range(3):
        _, outcome = submit(author=author)
        assert outcome.held
        services.approve(item=outcome.item, moderator=mod)

    _, fourth = submit(author=author)

    assert not fourth.held
    assert fourth.item is None


def test_the_number_of_held_first_contributions_is_a_site_setting():
    config = moderation_settings()
    config.hold_first_contributions = 0
    config.save()

    _, outcome = submit(author=UserFactory())

    assert not outcome.held


def test_a_rejection_sets_the_authors_count_back():
    author = UserFactory()
    mod = moderator()
    for _ in range(2):
        _, outcome = submit(author=author)
        services.approve(item=outcome.item, moderator=mod)
    _, third = submit(author=author)
    services.reject(item=third.item, moderator=mod, reason="Please leave out the street name.")

    _, fourth = submit(author=author)

    assert fourth.held
    assert QueueReason.NEW_MEMBER in fourth.item.reasons


def test_a_space_that_holds_everything_holds_a_trusted_members_post():
    _, outcome = submit(author=trusted_member(), space="quiet")

    assert outcome.held
    assert outcome.item.reasons == [QueueReason.SPACE_HOLDS_ALL]


def test_an_identifying_detail_holds_the_post_even_from_a_moderator():
    mod = moderator()
    _, outcome = submit(author=mod, body="Call me on 07700 900123 if you need to.")

    assert outcome.held
    assert outcome.item.reasons == [QueueReason.IDENTIFYING]
    assert [f["kind"] for f in outcome.item.findings] == ["phone"]


def test_a_risk_finding_is_urgent_and_shows_the_author_signposting():
    _, outcome = submit(author=trusted_member(), body="I can't go on, I want to end it all.")

    assert outcome.held
    assert outcome.item.urgent
    assert outcome.show_signposting


def test_a_held_item_keeps_no_words_in_the_queue_or_the_audit_trail():
    submit(author=trusted_member(), body="He is at Brookfield Academy, 07700 900123.")

    item = QueueItem.objects.get()
    entry = AuditEntry.objects.get()
    assert "Brookfield" not in str(item.findings) + item.title
    assert "07700" not in str(entry.data) + entry.label
    assert entry.action == "moderation.hold"
    assert entry.user_id is None
    assert len(entry.content_hash) == 64


def test_a_suspended_member_cannot_submit():
    author = trusted_member()
    services.sanction(
        member=author,
        moderator=moderator(safeguarding=True),
        kind=SanctionKind.SUSPEND,
        reason="Threats to another member.",
    )

    with pytest.raises(services.NotAllowedToContribute, match="can't post"):
        submit(author=author)


def test_a_silenced_member_cannot_submit_but_a_warned_one_can():
    mod = moderator()
    silenced, warned = trusted_member(), trusted_member()
    services.sanction(member=silenced, moderator=mod, kind=SanctionKind.SILENCE, reason="Cool off.")
    services.sanction(member=warned, moderator=mod, kind=SanctionKind.WARN, reason="Be kind.")

    with pytest.raises(services.NotAllowedToContribute):
        submit(author=silenced)
    assert not submit(author=warned)[1].held


def test_an_edit_is_screened_again_and_can_be_held_again():
    author = trusted_member()
    obj, first = submit(author=author)
    assert not first.held

    obj.body = "Actually we're at 14 Larch Road now."
    obj.save()
    again = services.submit(obj=obj, edited=True)

    assert again.held
    assert QueueReason.EDITED in again.item.reasons
    obj.refresh_from_db()
    assert list(Note.objects.visible_to(UserFactory())) == []


def test_the_author_can_withdraw_a_held_item_and_the_queue_item_closes():
    author = UserFactory()
    obj, outcome = submit(author=author)

    services.withdraw_by_author(obj=obj, author=author)

    outcome.item.refresh_from_db()
    assert outcome.item.state == "withdrawn"
    assert list(Note.objects.visible_to(author)) == []


def test_nobody_else_can_withdraw_it():
    obj, _ = submit(author=UserFactory())

    with pytest.raises(services.PermissionDenied):
        services.withdraw_by_author(obj=obj, author=UserFactory())


@pytest.mark.parametrize("state", [state for state, _ in ModerationState.choices])
def test_the_rule_for_an_item_read_in_plain_sql_agrees_with_visible_to_for_every_reader(state):
    author = UserFactory()
    obj = note(author=author)
    Note.objects.filter(pk=obj.pk).update(moderation_state=state)
    readers = {
        "its author": author,
        "another member": UserFactory(),
        "a moderator": moderator(),
        "a visitor": AnonymousUser(),
    }

    table = connection.ops.quote_name(Note._meta.db_table)
    for who, reader in readers.items():
        in_lists = Note.objects.visible_to(reader).filter(pk=obj.pk).exists()
        read_alone = Note.objects.is_visible_to(reader, state=state, author_id=author.pk)
        condition, params = Note.objects.visible_sql(reader, alias="n")
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM {table} n WHERE n.id = %s AND {condition}",  # noqa: S608
                [obj.pk, *params],
            )
            in_sql = cursor.fetchone()[0] == 1
        assert read_alone == in_lists, f"{who}, {state}"
        assert in_sql == in_lists, f"{who}, {state}"
