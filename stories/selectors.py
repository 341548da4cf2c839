"""Reading stories: what a member sees of their own submissions, what the public may read."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from wagtail.models import Site
from wagtail.search.backends.base import BaseSearchResults

from community.input.search import SearchQuery, search_query
from community.models import QuoteUse, User
from community.privacy import quotes
from moderation.models import ModerationState, QueueItem, QueueItemState

from .models import (
    StoryIndexPage,
    StoryPage,
    StoryPageQuerySet,
    StorySubmission,
    WithdrawnStory,
)

QUOTE_KIND = "story"


def submissions_of(*, member: User) -> QuerySet[StorySubmission]:
    """The member's own submissions, newest first (their "Your stories" list)."""
    return (
        StorySubmission.objects.filter(author=member)
        .select_related("page")
        .order_by("-created_at", "-pk")
    )


def submission_for_author(*, member: User, pk: int) -> StorySubmission | None:
    """One of the member's own submissions; None for anyone else's."""
    if not getattr(member, "is_authenticated", False):
        return None
    return submissions_of(member=member).filter(pk=pk).first()


@dataclass(frozen=True)
class SubmissionStatus:
    """Where a submission stands, in words for its author."""

    code: str
    label: str
    detail: str = ""


def status_of(*, submission: StorySubmission) -> SubmissionStatus:
    """The status a member sees for one of their submissions."""
    state = submission.moderation_state
    if state == ModerationState.WITHDRAWN:
        consent = submission.current_consent()
        if consent and consent.change == "expired":
            return SubmissionStatus("expired", "Taken down: your consent ended")
        return SubmissionStatus("withdrawn", "Withdrawn")
    if state == ModerationState.HELD:
        return SubmissionStatus("held", "Waiting for a moderator to read it")
    if state == ModerationState.REJECTED:
        decided = (
            QueueItem.for_instance(submission)
            .filter(state=QueueItemState.REJECTED)
            .order_by("-decided_at")
            .first()
        )
        return SubmissionStatus(
            "rejected", "Not published", decided.decision_reason if decided else ""
        )
    if state == ModerationState.HIDDEN:
        return SubmissionStatus("hidden", "Taken down by a moderator")
    page = getattr(submission, "page", None)
    if page is not None and page.is_public_now():
        return SubmissionStatus("published", "Published")
    return SubmissionStatus("editing", "Approved: with the editors before it is published")


def story_index() -> StoryIndexPage | None:
    """The story index of the default site (the first one, if there are several)."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    pages = StoryIndexPage.objects.all()
    if site is not None:
        under_site: StoryIndexPage | None = pages.descendant_of(
            site.root_page, inclusive=True
        ).first()
        if under_site is not None:
            return under_site
    first: StoryIndexPage | None = pages.first()
    return first


def public_stories() -> StoryPageQuerySet:
    """Stories anyone may read now: live, public, not withdrawn, within website consent."""
    stories: StoryPageQuerySet = StoryPage.objects.public_stories()
    return stories


def search_stories(*, query: SearchQuery | str) -> StoryPageQuerySet | BaseSearchResults:
    """Wagtail search over public stories only, for the words of `query` alone: never its
    quotes or other signs, which a search backend could read as syntax and fail on
    (`community.input.search.search_query`)."""
    if isinstance(query, str):
        query = search_query(query)
    if not query.terms:
        return StoryPage.objects.none()
    return public_stories().search(query.terms)


def uses_of_story(*, submission: StorySubmission) -> list[QuoteUse]:
    """Where the story's words had been used by other apps (quotes, exports), oldest first."""
    return quotes.uses_of(kind=QUOTE_KIND, object_id=submission.pk)


def was_on_website(*, submission: StorySubmission) -> bool:
    """Whether the story's page was ever published, for the withdrawal receipt.

    Consent for the website does not say so: a story withdrawn from the moderation queue, or
    approved but never signed off, had consent yet never appeared. The page's first
    publication does; once an administrator purged the page, the withdrawn address that
    `services.take_down_page` keeps only for pages that had been public answers instead.
    """
    page = StoryPage.objects.filter(submission=submission).only("first_published_at").first()
    if page is not None:
        return page.first_published_at is not None
    return WithdrawnStory.objects.filter(submission=submission).exists()


def quote_status_of(object_id: int, channel: str) -> quotes.QuoteStatus:
    """The quotes resolver: usable only while the story exists, is not withdrawn, and its
    current consent covers the channel and has not expired."""
    submission = StorySubmission.objects.filter(pk=object_id).select_related("page").first()
    if submission is None or submission.moderation_state != ModerationState.PUBLISHED:
        return quotes.QuoteStatus(usable=False)
    consent = submission.current_consent()
    if consent is None or not consent.covers(channel, now=timezone.now()):
        return quotes.QuoteStatus(usable=False)
    page = getattr(submission, "page", None)
    url = page.url if page is not None and page.is_public_now() else ""
    return quotes.QuoteStatus(
        usable=True, title=submission.title, byline=consent.byline, url=url or ""
    )
