"""Withdrawal: one action from "Your stories" takes a story off the page, search, the feed, the
sitemap, the cache and every quote in the same request; the member gets a receipt; the audit
trail records it. Consent expiry does the same through the scheduler, after a reminder."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from community.models import Notification
from community.privacy import quotes
from community.privacy.quotes import CAMPAIGNS, WEBSITE
from moderation.models import AuditEntry, ModerationState
from stories import services
from stories.cache import CachedPage, cached_page, clear_story_cache, store_page
from stories.models import ConsentRecord, StoryPage
from tests.factories import UserFactory, approved_story, published_story, story_submission

pytestmark = pytest.mark.django_db

WORDS = "We kept the porch light on every night for him"


@pytest.fixture
def author():
    return UserFactory(display_name="Steady Lantern", email="lantern@example.org")


@pytest.fixture
def story(author):
    return published_story(
        author=author,
        title="The porch light",
        body=WORDS + ".",
        channels=(WEBSITE, CAMPAIGNS),
    )


def everywhere(client, story: StoryPage) -> dict[str, object]:
    """What a visitor finds of the story on every public surface."""
    return {
        "page": client.get(story.url).status_code,
        "index": "The porch light" in client.get("/stories/").content.decode(),
        "search": "The porch light"
        in client.get(reverse("stories:search"), {"q": "porch"}).content.decode(),
        "feed": "The porch light" in client.get(reverse("stories:feed")).content.decode(),
        "sitemap": story.full_url in client.get("/sitemap.xml").content.decode(),
        "quote": quotes.quote_text(
            kind="story", object_id=story.submission_id, channel=CAMPAIGNS, text=WORDS
        ),
    }


def uses_listed(receipt_html: str) -> str:
    """The receipt's "Where it had been used" list (the consent ledger below it names the
    channels consented to, "This website" among them, whether or not the story was used)."""
    return receipt_html.split('<ul class="receipt-uses">', 1)[1].split("</ul>", 1)[0]


def test_withdrawing_takes_the_story_off_every_public_surface_in_the_same_request(
    client, author, story
):
    visitor = client.__class__()
    assert everywhere(visitor, story) == {
        "page": 200,
        "index": True,
        "search": True,
        "feed": True,
        "sitemap": True,
        "quote": WORDS,
    }

    client.force_login(author)
    response = client.post(reverse("stories:withdraw", args=[story.submission_id]))

    assert response.status_code == 302
    assert everywhere(visitor, story) == {
        "page": 410,
        "index": False,
        "search": False,
        "feed": False,
        "sitemap": False,
        "quote": quotes.WITHDRAWN_TEXT,
    }


def test_the_withdrawn_address_answers_410_with_a_kind_message(client, author, story):
    services.story_withdraw(submission=story.submission, member=author)

    response = client.get(story.url)

    assert response.status_code == 410
    assert b"This story is no longer here" in response.content
    assert b"The porch light" not in response.content
    assert WORDS.encode() not in response.content


def test_a_withdrawn_story_is_never_served_from_the_visitors_cache(client, author, story):
    first = client.get(story.url)
    second = client.get(story.url)
    assert first.status_code == second.status_code == 200
    assert second["X-Story-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "Set-Cookie" not in second
    assert client.get("/stories/").status_code == 200
    assert client.get("/stories/")["X-Story-Cache"] == "hit"

    services.story_withdraw(submission=story.submission, member=author)

    after = client.get(story.url)
    assert after.status_code == 410
    assert "X-Story-Cache" not in after
    index = client.get("/stories/")
    assert "X-Story-Cache" not in index
    assert b"The porch light" not in index.content


def test_publishing_and_unpublishing_clear_the_cache_of_the_index(client, story):
    assert b"The porch light" in client.get("/stories/").content
    story.unpublish()

    assert b"The porch light" not in client.get("/stories/").content
    assert client.get(story.url).status_code == 404

    story.refresh_from_db()
    story.get_latest_revision().publish()
    assert b"The porch light" in client.get("/stories/").content


def test_a_signed_in_member_is_never_given_a_visitors_copy(client, story):
    client.get(story.url)
    client.force_login(UserFactory(display_name="Quiet Reader"))

    response = client.get(story.url)

    assert "X-Story-Cache" not in response
    assert b"Signed in as Quiet Reader" in response.content


def test_the_receipt_lists_every_place_the_story_had_been_used(
    client, author, story, django_capture_on_commit_callbacks
):
    quotes.record_use(
        kind="story",
        object_id=story.submission_id,
        channel=CAMPAIGNS,
        where="Campaign: Believe parents",
    )
    quotes.record_use(
        kind="story",
        object_id=story.submission_id,
        channel=CAMPAIGNS,
        where="Export of campaign evidence (CSV)",
    )
    client.force_login(author)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("stories:withdraw", args=[story.submission_id]), follow=True)

    html = response.content.decode()
    assert "Your story was withdrawn" in html
    assert "This website" in uses_listed(html)
    assert "Campaign: Believe parents" in html
    assert "Export of campaign evidence (CSV)" in html
    note = Notification.objects.get(recipient=author, kind="stories.withdrawn")
    assert note.url == reverse("stories:receipt", args=[story.submission_id])
    assert "porch" not in note.message
    [email] = mail.outbox
    assert email.to == ["lantern@example.org"]
    assert "stor" not in email.subject.lower()
    assert WORDS not in email.body and "porch" not in email.body


@pytest.mark.parametrize("stage", ["held for a moderator", "approved, never published"])
def test_the_receipt_does_not_list_this_website_for_a_story_that_was_never_published(
    client, author, stage
):
    """Website consent is not publication: a story withdrawn before any editor published it
    had never been on the website, so the receipt must not say it had."""
    make = story_submission if stage == "held for a moderator" else approved_story
    submission = make(author=author, title="The porch light", channels=(WEBSITE, CAMPAIGNS))
    client.force_login(author)

    response = client.post(reverse("stories:withdraw", args=[submission.pk]), follow=True)

    html = response.content.decode()
    assert "Your story was withdrawn" in html
    assert "This website" not in uses_listed(html)
    assert "Nowhere yet" in uses_listed(html)


@pytest.mark.parametrize("published", [True, False], ids=["published", "never published"])
def test_after_a_purge_the_receipt_still_says_whether_the_story_had_been_on_the_website(
    client, author, published
):
    """A purge deletes the page, and with it the page's own record of being published; the
    withdrawn address is kept only for a page that had been public, and tells the receipt."""
    make = published_story if published else (lambda **kw: approved_story(**kw).page)
    page = make(author=author, title="The porch light", channels=(WEBSITE,))
    services.story_withdraw(submission=page.submission, member=author)
    admin = UserFactory(is_superuser=True, is_staff=True, display_name="Site Admin")
    services.story_purge(submission=page.submission, admin=admin)
    client.force_login(author)

    html = client.get(reverse("stories:receipt", args=[page.submission_id])).content.decode()

    assert ("This website" in uses_listed(html)) is published


def test_the_audit_trail_and_the_ledger_record_the_withdrawal(author, story):
    services.story_withdraw(submission=story.submission, member=author)

    submission = story.submission
    submission.refresh_from_db()
    assert submission.moderation_state == ModerationState.WITHDRAWN
    entry = AuditEntry.objects.for_instance(submission).get(action="moderation.withdraw")
    assert entry.user_id == author.pk
    assert submission.current_consent().change == "withdrawn"
    assert submission.current_consent().channels == []
    assert not submission.consent_covers(WEBSITE)


def test_a_withdrawn_story_cannot_be_published_again(author, story):
    services.story_withdraw(submission=story.submission, member=author)
    page = StoryPage.objects.get(pk=story.pk)

    with pytest.raises(Exception, match="withdrawn"):
        page.save_revision().publish()
    assert StoryPage.objects.get(pk=story.pk).live is False


def test_the_author_is_reminded_30_days_before_consent_ends_and_only_once(
    author, django_capture_on_commit_callbacks
):
    page = published_story(author=author, expires_at=timezone.now() + timedelta(days=29))

    with django_capture_on_commit_callbacks(execute=True):
        assert services.consents_remind_due() == 1
        assert services.consents_remind_due() == 0

    [note] = Notification.objects.filter(recipient=author, kind="stories.consent_ending")
    assert note.url == reverse("stories:mine")
    [email] = mail.outbox
    assert email.to == [author.email]
    assert page.title not in email.body
    assert page.submission.current_consent().is_active


def test_a_story_is_not_reminded_while_consent_has_longer_to_run(author):
    published_story(author=author, expires_at=timezone.now() + timedelta(days=45))

    assert services.consents_remind_due() == 0


def test_renewing_consent_keeps_the_story_for_two_more_years(client, author):
    page = published_story(author=author, expires_at=timezone.now() + timedelta(days=10))
    client.force_login(author)

    client.post(reverse("stories:renew", args=[page.submission_id]))

    consent = page.submission.current_consent()
    assert consent.change == "renewed"
    assert consent.expires_at > timezone.now() + timedelta(days=700)
    page.refresh_from_db()
    assert page.website_consent_until == consent.expires_at


def test_expired_consent_takes_the_story_down_through_the_scheduler(
    client, author, story, django_capture_on_commit_callbacks
):
    ConsentRecord.objects.create(
        submission=story.submission,
        change="changed",
        naming="byline",
        channels=[WEBSITE, CAMPAIGNS],
        expires_at=timezone.now() - timedelta(seconds=1),
    )

    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_periodic")

    story.refresh_from_db()
    assert story.live is False
    assert everywhere(client, story)["page"] == 410
    assert everywhere(client, story)["quote"] == quotes.WITHDRAWN_TEXT
    assert b"The porch light" not in client.get(reverse("stories:feed")).content
    submission = story.submission
    submission.refresh_from_db()
    assert submission.current_consent().change == "expired"
    assert (
        AuditEntry.objects.for_instance(submission)
        .filter(action="stories.consent_expired")
        .exists()
    )
    assert Notification.objects.filter(recipient=author, kind="stories.withdrawn").exists()


def test_a_copy_made_from_data_read_before_a_withdrawal_is_never_served(rf, author, story):
    """A visitor's request reads the generation, renders the live page, and stores it only
    after a withdrawal in another request: the copy is stale on arrival."""
    request = rf.get(story.url)
    hit, generation = cached_page(request)
    assert hit is None
    services.story_withdraw(submission=story.submission, member=author)
    clear_story_cache()
    store_page(
        request,
        CachedPage(200, {"Content-Type": "text/html"}, b"old live copy"),
        generation=generation,
        until=None,
    )

    assert cached_page(request)[0] is None


def test_taking_the_website_out_of_consent_takes_the_page_down_and_keeps_campaign_quotes(
    client, author, story
):
    member = client.__class__()
    member.force_login(author)

    response = member.post(
        reverse("stories:consent", args=[story.submission_id]),
        {"naming": "anonymous", "channels": [CAMPAIGNS]},
    )

    assert response.status_code == 302
    found = everywhere(client, story)
    assert found["page"] == 410
    assert not found["index"] and not found["feed"] and not found["sitemap"]
    assert found["quote"] == WORDS
    ledger = list(story.submission.consents.values_list("change", flat=True))
    assert ledger == ["given", "changed"]
    assert story.submission.current_consent().byline == "Anonymous"
