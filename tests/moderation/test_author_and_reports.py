"""What authors are told, out-of-hours handling, and the report form."""

from __future__ import annotations

from datetime import datetime, time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.utils import timezone

from community.models import Notification
from moderation import services
from moderation.models import Flag
from moderation.selectors import moderation_settings, next_review_time
from tests.factories import UserFactory, moderator, note, trusted_member

pytestmark = pytest.mark.django_db


def held(author=None, body="We got through another week."):
    obj = note(author=author or UserFactory(), body=body)
    return obj, services.submit(obj=obj)


def test_the_author_is_told_of_an_approval_in_their_notifications(client):
    author = UserFactory()
    _, outcome = held(author)

    services.approve(item=outcome.item, moderator=moderator(display_name="Quiet Harbour"))

    [notice] = Notification.objects.filter(recipient=author)
    assert notice.message == "Your note has been approved and is now published."
    client.force_login(author)
    page = client.get("/notifications/").content.decode()
    assert "approved and is now published" in page
    assert "Quiet Harbour" not in page
    assert "(1 new)" in client.get("/").content.decode()


def test_a_rejected_author_is_told_why_and_that_nothing_is_lost():
    author = UserFactory()
    _, outcome = held(author)

    services.reject(item=outcome.item, moderator=moderator(), reason="Please take out the town.")

    [notice] = Notification.objects.filter(recipient=author)
    assert "Please take out the town." in notice.message
    assert "nothing you wrote has been lost" in notice.message
    assert notice.url == f"/notes/{outcome.item.object_id}/"


def test_marking_notifications_read_clears_the_count(client):
    author = UserFactory()
    _, outcome = held(author)
    services.approve(item=outcome.item, moderator=moderator())
    client.force_login(author)

    client.post("/notifications/")

    assert "new)" not in client.get("/").content.decode()


def test_a_stranger_cannot_read_someone_elses_notifications(client):
    author = UserFactory()
    _, outcome = held(author)
    services.approve(item=outcome.item, moderator=moderator())
    client.force_login(UserFactory())

    assert "approved" not in client.get("/notifications/").content.decode()
    client.logout()
    assert client.get("/notifications/")["Location"].startswith("/accounts/login/")


def out_of_hours():
    config = moderation_settings()
    config.hours_start, config.hours_end, config.weekends = time(9), time(9, 0, 1), True
    config.on_call_email = "oncall@example.org"
    config.save()


def test_out_of_hours_an_urgent_item_emails_the_on_call_lead_with_no_content(
    django_capture_on_commit_callbacks,
):
    out_of_hours()

    with django_capture_on_commit_callbacks(execute=True):
        held(trusted_member(), body="He's got a knife and he's outside tonight, 07700 900123")

    [message] = mail.outbox
    assert message.to == ["oncall@example.org"]
    assert message.subject == "An update for you"
    for secret in ("knife", "07700", "tonight"):
        assert secret not in message.body + message.subject
    assert "/admin/moderation/" in message.body


def test_in_hours_an_urgent_item_sends_no_email(django_capture_on_commit_callbacks):
    config = moderation_settings()
    config.hours_start, config.hours_end, config.weekends = time(0), time(23, 59, 59), True
    config.on_call_email = "oncall@example.org"
    config.save()

    with django_capture_on_commit_callbacks(execute=True):
        held(trusted_member(), body="I want to end it all.")

    assert mail.outbox == []


def test_out_of_hours_the_author_is_told_when_their_held_post_will_be_reviewed():
    out_of_hours()

    _, outcome = held()

    assert outcome.review_by is not None
    assert outcome.review_by > timezone.now()
    assert timezone.localtime(outcome.review_by).time() == time(9)


def test_next_review_skips_the_weekend_when_moderators_are_not_in_then():
    config = moderation_settings()
    config.hours_start, config.hours_end, config.weekends = time(9), time(17), False
    config.save()
    friday_evening = timezone.make_aware(datetime(2026, 11, 27, 20, 0))

    monday = timezone.localtime(next_review_time(friday_evening))

    assert (monday.weekday(), monday.time()) == (0, time(9))


def report_url(obj) -> str:
    return f"/report/{ContentType.objects.get_for_model(obj).pk}/{obj.pk}/"


def test_a_member_reports_published_content_through_the_form(client):
    obj = note(author=trusted_member())
    services.submit(obj=obj)
    client.force_login(UserFactory())

    response = client.post(report_url(obj), {"reason": "abuse", "note": "Unkind"})

    assert response.status_code == 302
    assert Flag.objects.get().reason == "abuse"


def test_held_content_cannot_be_reported_or_even_found_by_others(client):
    obj, _ = held()
    client.force_login(UserFactory())

    assert client.get(report_url(obj)).status_code == 404


def test_a_report_without_a_reason_comes_back_with_the_note_kept(client):
    obj = note(author=trusted_member())
    services.submit(obj=obj)
    client.force_login(UserFactory())

    response = client.post(report_url(obj), {"note": "They keep posting his school"})

    assert response.status_code == 400
    assert "They keep posting his school" in response.content.decode()
    assert "Please choose a reason." in response.content.decode()


def test_reporting_is_rate_limited(client):
    client.force_login(UserFactory())
    statuses = []
    for _ in range(11):
        obj = note(author=trusted_member())
        services.submit(obj=obj)
        statuses.append(client.post(report_url(obj), {"reason": "spam"}).status_code)

    assert statuses[:10] == [302] * 10
    assert statuses[10] == 429
