"""Periodic jobs run when due and only then; quotes follow their source's consent every time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from community.infra import schedule
from community.models import Draft, Notification
from community.privacy import quotes
from community.services import notify
from community.site.drafts import draft_save
from forums.models import ForumPreferences
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_periodic_job_the_apps_need_is_registered() -> None:
    names = {job.name for job in schedule.periodic_jobs()}
    assert {"forget-expired-drafts", "forum-digests"} <= names


def test_run_periodic_forgets_expired_drafts_and_keeps_fresh_ones(
    django_capture_on_commit_callbacks,
) -> None:
    member = UserFactory()
    draft_save(member=member, slot="reply:thread:1", data={"body": "old words"})
    draft_save(member=member, slot="reply:thread:2", data={"body": "new words"})
    Draft.objects.filter(slot="reply:thread:1").update(
        updated_at=timezone.now() - timedelta(days=31)
    )

    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_periodic")

    assert list(Draft.objects.values_list("slot", flat=True)) == ["reply:thread:2"]


def test_a_job_is_not_enqueued_again_before_its_period_has_passed(
    django_capture_on_commit_callbacks,
) -> None:
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        first = schedule.enqueue_due(now=now)
        again = schedule.enqueue_due(now=now + timedelta(minutes=5))
        next_day = schedule.enqueue_due(now=now + timedelta(days=1, minutes=1))

    assert "forum-digests" in first
    assert "forum-digests" not in again
    assert "forum-digests" in next_day


def test_the_daily_digest_goes_out_through_the_scheduler(
    django_capture_on_commit_callbacks,
) -> None:
    member = UserFactory(email="digest-reader@example.org")
    ForumPreferences.objects.create(member=member, digest=True)
    notify(member, kind="forums.reply", message="Someone replied.")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_periodic")

    assert [message.to for message in mail.outbox] == [["digest-reader@example.org"]]


def test_an_unknown_quote_source_is_never_usable() -> None:
    status = quotes.quote_status(kind="nothing-registered", object_id=1, channel=quotes.CAMPAIGNS)

    assert status.usable is False
    assert (
        quotes.quote_text(
            kind="nothing-registered", object_id=1, channel=quotes.CAMPAIGNS, text="x"
        )
        == quotes.WITHDRAWN_TEXT
    )


def test_a_registered_source_decides_per_channel_each_time_it_is_asked() -> None:
    consented: dict[int, set[str]] = {7: {quotes.CAMPAIGNS}}

    def resolve(object_id: int, channel: str) -> quotes.QuoteStatus:
        return quotes.QuoteStatus(usable=channel in consented.get(object_id, set()))

    quotes.register_quote_source("test-words", resolve)
    shown = quotes.quote_text(
        kind="test-words", object_id=7, channel=quotes.CAMPAIGNS, text="We were not believed."
    )
    press = quotes.quote_text(
        kind="test-words", object_id=7, channel=quotes.PRESS, text="We were not believed."
    )
    consented[7].clear()
    after_withdrawal = quotes.quote_text(
        kind="test-words", object_id=7, channel=quotes.CAMPAIGNS, text="We were not believed."
    )

    assert shown == "We were not believed."
    assert press == quotes.WITHDRAWN_TEXT
    assert after_withdrawal == quotes.WITHDRAWN_TEXT


def test_uses_are_listed_for_the_authors_receipt_oldest_first() -> None:
    quotes.record_use(
        kind="story", object_id=3, channel=quotes.CAMPAIGNS, where="Campaign page: Believe us"
    )
    quotes.record_use(
        kind="story", object_id=3, channel=quotes.PARLIAMENT, where="Evidence export, March 2026"
    )
    quotes.record_use(kind="story", object_id=4, channel=quotes.PRESS, where="Someone else's story")

    uses = quotes.uses_of(kind="story", object_id=3)

    assert [use.where for use in uses] == [
        "Campaign page: Believe us",
        "Evidence export, March 2026",
    ]


def test_notifications_older_than_ninety_days_are_forgotten(
    django_capture_on_commit_callbacks,
) -> None:
    member = UserFactory()
    old = notify(member, kind="forums.reply", message="Someone replied.")
    recent = notify(member, kind="forums.reply", message="Someone replied again.")
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=91))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_periodic")

    assert list(Notification.objects.values_list("pk", flat=True)) == [recent.pk]


def test_many_uses_are_recorded_at_once_for_an_export() -> None:
    recorded = quotes.record_uses(
        kind="testimony", object_ids=[5, 6, 7], channel=quotes.PARLIAMENT, where="Evidence, May"
    )

    assert recorded == 3
    assert [use.where for use in quotes.uses_of(kind="testimony", object_id=6)] == ["Evidence, May"]
