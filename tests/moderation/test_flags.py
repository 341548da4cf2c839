"""Members report content; enough reports hide it; the reported member never learns who."""

from __future__ import annotations

import pytest

from moderation import services
from moderation.models import AuditEntry, Flag, QueueItem
from tests.factories import UserFactory, moderator, note, trusted_member
from tests.scratch.models import Note

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    obj = note(author=trusted_member(), body="Nobody at the school listened to me.")
    services.submit(obj=obj)
    assert obj.is_published
    return obj


def test_a_report_queues_the_content_but_leaves_it_published(published):
    services.flag(obj=published, flagger=UserFactory(), reason="abuse")

    item = QueueItem.objects.get()
    assert item.reasons == ["flags"]
    published.refresh_from_db()
    assert published.is_published


def test_reports_from_three_different_members_hide_it_until_a_moderator_looks(published):
    reader = UserFactory()
    for _ in range(3):
        services.flag(obj=published, flagger=UserFactory(), reason="abuse")

    published.refresh_from_db()
    assert published.moderation_state == "hidden"
    assert list(Note.objects.visible_to(reader)) == []
    assert AuditEntry.objects.filter(action="moderation.auto_hide").count() == 1

    services.dismiss_flags(item=QueueItem.objects.get(), moderator=moderator())
    published.refresh_from_db()
    assert published.is_published
    assert Flag.objects.filter(resolved=False).count() == 0


def test_one_member_reporting_three_times_counts_once(published):
    flagger = UserFactory()
    for _ in range(3):
        services.flag(obj=published, flagger=flagger, reason="abuse")

    published.refresh_from_db()
    assert published.is_published
    assert Flag.objects.count() == 1


def test_a_report_that_someone_is_in_danger_is_urgent(published):
    services.flag(obj=published, flagger=UserFactory(), reason="risk")

    assert QueueItem.objects.get().urgent


def test_members_cannot_report_their_own_content(published):
    author = Note.objects.get().author

    with pytest.raises(services.PermissionDenied):
        services.flag(obj=published, flagger=author, reason="abuse")


def test_nothing_the_author_can_see_names_who_reported_them(published, client):
    flagger = UserFactory(display_name="Secret Reporter")
    services.flag(obj=published, flagger=flagger, reason="abuse")
    client.force_login(published.author)

    for path in ("/", "/accounts/email/"):
        assert "Secret Reporter" not in client.get(path).content.decode()
    assert "Secret Reporter" not in str(list(AuditEntry.objects.values()))
