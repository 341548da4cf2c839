"""Moderation's configuration is read once per process until staff change it; a member's
sanctions and standing are read fresh for every submission (issue 18)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Site

from moderation import services as moderation
from moderation.models import (
    AllowedName,
    LocalTerm,
    ModerationSettings,
    Sanction,
    SanctionKind,
    Standing,
    WatchedWord,
)
from moderation.selectors import (
    contributor,
    is_suspended,
    moderation_settings,
    screening_config,
)
from tests.factories import UserFactory, moderator, note, trusted_member

pytestmark = pytest.mark.django_db


def test_the_screening_lists_and_settings_are_read_once_and_then_kept():
    # The first read of a fresh database also creates the site's settings row, and saving it
    # counts as a change: read again once.
    for _ in range(2):
        screening_config()
        moderation_settings()

    with CaptureQueriesContext(connection) as queries:
        screening_config()
        moderation_settings()

    assert len(queries) == 0


def test_a_word_staff_add_blocks_the_very_next_submission():
    screening_config()  # kept before the word exists
    WatchedWord.objects.create(pattern="fictionalslur", action="block")

    with pytest.raises(moderation.ContentBlocked):
        moderation.submit(obj=note(author=trusted_member(), body="That fictionalslur again."))


def test_a_word_staff_delete_stops_blocking_at_once():
    word = WatchedWord.objects.create(pattern="fictionalslur", action="block")
    screening_config()
    word.delete()

    submission = moderation.submit(obj=note(author=trusted_member(), body="fictionalslur"))

    assert submission.state == "published"


@pytest.mark.parametrize("model", [LocalTerm, AllowedName])
def test_any_change_to_the_lists_is_read_again(model):
    before = screening_config()
    if model is LocalTerm:
        LocalTerm.objects.create(text="Fictional Grange", kind="place")
    else:
        AllowedName.objects.create(name="Rowan")

    assert screening_config() != before


def test_a_settings_change_holds_the_next_submission_by_the_new_rule():
    author = trusted_member()  # three approved: published under the default of three
    assert moderation.submit(obj=note(author=author)).state == "published"
    site = Site.objects.get(is_default_site=True)
    chosen = ModerationSettings.for_site(site)
    chosen.hold_first_contributions = 10
    chosen.save()

    assert moderation_settings().hold_first_contributions == 10
    assert moderation.submit(obj=note(author=author)).state == "held"


def test_a_suspension_stops_the_next_post_even_while_the_cached_sanctions_say_none():
    member = trusted_member()
    assert not is_suspended(member)  # the page's cached answer: none
    # Written without signals (as a restore or raw SQL would): the cache is not told.
    Sanction.objects.bulk_create(
        [
            Sanction(
                member=member,
                kind=SanctionKind.SUSPEND,
                reason="A made-up reason.",
                created_by=moderator(safeguarding=True),
            )
        ]
    )

    assert not is_suspended(member)  # still the cached answer
    with pytest.raises(moderation.NotAllowedToContribute):
        moderation.submit(obj=note(author=member))


def test_the_sanction_that_ends_last_is_the_one_the_member_is_told_about():
    member = UserFactory()
    by = moderator(safeguarding=True)
    soon = timezone.now() + timedelta(days=1)
    later = timezone.now() + timedelta(days=7)
    Sanction.objects.create(member=member, kind="silence", reason="r", ends_at=soon, created_by=by)
    Sanction.objects.create(member=member, kind="silence", reason="r", ends_at=later, created_by=by)

    state = contributor(member)

    assert state.restricted and state.restricted_until == later


def test_sanctions_not_yet_started_or_ended_and_warnings_restrict_nothing():
    member = UserFactory()
    by = moderator(safeguarding=True)
    now = timezone.now()
    Sanction.objects.create(member=member, kind="warn", reason="r", created_by=by)
    Sanction.objects.create(
        member=member, kind="suspend", reason="r", created_by=by, ends_at=now - timedelta(hours=1)
    )
    Sanction.objects.create(
        member=member, kind="silence", reason="r", created_by=by, starts_at=now + timedelta(hours=1)
    )
    Standing.objects.create(member=member, approved_count=5)

    state = contributor(member)

    assert not state.restricted
    assert state.approved_count == 5


def test_a_member_with_no_standing_counts_zero_approved():
    assert contributor(UserFactory()).approved_count == 0
