"""Moderators lock threads and set slow mode; each change is audited; members cannot."""

from __future__ import annotations

import pytest

from moderation.models import AuditEntry
from tests.factories import board, moderator, published_thread, trusted_member

pytestmark = pytest.mark.django_db


def test_a_moderator_locks_a_thread_and_the_trail_records_it(client):
    thread = published_thread(on=board())
    mod = moderator()
    client.force_login(mod)

    client.post(f"/forums/thread/{thread.pk}/moderate/", {"action": "lock"})

    thread.refresh_from_db()
    assert thread.locked
    entry = AuditEntry.objects.get(action="moderation.lock")
    assert entry.user_id == mod.pk
    assert entry.object_id == str(thread.pk)


def test_a_moderator_sets_slow_mode_from_the_allowed_choices(client):
    thread = published_thread(on=board())
    client.force_login(moderator())

    client.post(f"/forums/thread/{thread.pk}/moderate/", {"action": "slow_mode", "seconds": "60"})
    client.post(f"/forums/thread/{thread.pk}/moderate/", {"action": "slow_mode", "seconds": "7"})

    thread.refresh_from_db()
    assert thread.slow_mode_seconds == 60
    assert AuditEntry.objects.filter(action="moderation.slow_mode").count() == 1


def test_a_member_cannot_lock_a_thread(client):
    thread = published_thread(on=board())
    client.force_login(trusted_member())

    response = client.post(f"/forums/thread/{thread.pk}/moderate/", {"action": "lock"})

    assert response.status_code == 404
    thread.refresh_from_db()
    assert not thread.locked


def test_moderators_see_the_thread_tools_and_members_do_not(client):
    thread = published_thread(on=board())
    client.force_login(moderator())
    assert "Moderator tools" in client.get(thread.get_absolute_url()).content.decode()

    client.force_login(trusted_member())
    assert "Moderator tools" not in client.get(thread.get_absolute_url()).content.decode()
