"""Changing stories: submitting, consent, the editors' draft page, withdrawal, expiry, purge.

Every public trace of a story follows its consent ledger. Withdrawal and expiry take the page
down in the same transaction that records them: unpublished, its address answering 410, out
of the search index, the feed, the sitemap and the cache, and unusable as a quote.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    PageLogEntry,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.search.index import remove_object

from community.infra.sendonce import raise_if_sent, save_once
from community.input.sanitise import render_markdown
from community.privacy.quotes import CHANNELS, WEBSITE
from community.services import notify
from community.site import drafts
from moderation import services as moderation
from moderation.models import AuditEntry, ModerationState

from . import mail
from .cache import clear_story_cache
from .choices import Naming, byline_text
from .models import (
    ConsentChange,
    ConsentRecord,
    StoryIndexPage,
    StoryPage,
    StorySubmission,
    ThemeSnippet,
    WithdrawnStory,
    default_consent_expiry,
)
from .selectors import story_index

if TYPE_CHECKING:
    from community.models import User

DRAFT_SLOT = "story:new"
WORKFLOW_NAME = "Story sign-off"
TASK_NAME = "Editors sign-off"
EDITORS_GROUP = "Editors"
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
REMIND_BEFORE = timedelta(days=30)


class StoryError(ValueError):
    """A story change that cannot be made; the message is written for the member."""


# --- Submitting ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Submitted:
    submission: StorySubmission
    moderation: moderation.Submission


def story_submit(
    *,
    author: User,
    title: str,
    body: str,
    themes: list[ThemeSnippet],
    content_notes: list[str],
    teller: str,
    region: str,
    naming: str,
    channels: list[str],
    expires_at: datetime | None = None,
    send_key: str = "",
) -> Submitted:
    """Save a member's story with their consent and send it to the moderation queue.

    One transaction: a blocked word (`moderation.services.ContentBlocked`) rolls back all of
    it, so the view gives the text back. Every story is held for a moderator (its space holds
    everything). The member's draft is forgotten once it is sent.

    `send_key` (the form page's key) is saved with the story: when this author's form with that
    key was saved before, it raises `community.infra.sendonce.AlreadySent` with that submission.
    """
    raise_if_sent(StorySubmission.objects.filter(author=author), send_key)
    if not title.strip() or not body.strip():
        raise StoryError("Please give your story a title and write the story itself.")
    unknown = set(channels) - set(CHANNELS)
    if unknown:
        raise StoryError("Please choose where your story may be used from the list.")

    def save() -> Submitted:
        submission = StorySubmission.objects.create(
            author=author,
            title=title.strip(),
            body=body,
            body_html=render_markdown(body),
            content_notes=list(content_notes),
            teller=teller,
            region=region,
            send_key=send_key,
        )
        submission.themes.set(themes)
        ConsentRecord.objects.create(
            submission=submission,
            change=ConsentChange.GIVEN,
            naming=naming,
            byline=byline_text(naming=naming, teller=teller, region=region),
            channels=list(channels),
            expires_at=expires_at or default_consent_expiry(),
        )
        result = moderation.submit(obj=submission)
        drafts.draft_delete(member=author, slot=DRAFT_SLOT)
        return Submitted(submission=submission, moderation=result)

    # One transaction (a savepoint inside the caller's): the key is saved with the story or not
    # at all.
    return save_once(StorySubmission.objects.filter(author=author), send_key, save)


# --- Consent -------------------------------------------------------------------------------


def consent_change(
    *,
    submission: StorySubmission,
    member: User,
    naming: str | None = None,
    channels: list[str] | None = None,
    renew: bool = False,
) -> ConsentRecord:
    """The author changes or renews their consent: a new ledger row, which holds from now.

    Renewing sets the expiry two years from today. If the website is no longer covered, the
    page comes down at once, as on withdrawal.
    """
    if submission.author_id != getattr(member, "pk", None):
        raise PermissionDenied("Only its author can change the consent for a story.")
    current = submission.current_consent()
    if current is None or not current.is_active:
        raise StoryError("This story was withdrawn; there is no consent left to change.")
    naming = naming or current.naming
    channels = list(current.channels if channels is None else channels)
    if set(channels) - set(CHANNELS):
        raise StoryError("Please choose where your story may be used from the list.")
    with transaction.atomic():
        record = ConsentRecord.objects.create(
            submission=submission,
            change=ConsentChange.RENEWED if renew else ConsentChange.CHANGED,
            naming=naming,
            byline=byline_text(naming=naming, teller=submission.teller, region=submission.region),
            channels=channels,
            expires_at=default_consent_expiry() if renew else current.expires_at,
        )
        page = page_of(submission)
        if page is not None:
            if not record.covers(WEBSITE) and page.live:
                take_down_page(page, remember_address=True)
            page.byline = record.byline
            _sync_page_consent(page, record)
            page.save(update_fields=["byline", "website_consent_until"])
            clear_story_cache()
    return record


def page_of(submission: StorySubmission) -> StoryPage | None:
    page: StoryPage | None = StoryPage.objects.filter(submission=submission).first()
    return page


def _sync_page_consent(page: StoryPage, record: ConsentRecord | None) -> None:
    page.website_consent_until = (
        record.expires_at if record is not None and record.covers(WEBSITE) else None
    )


# --- Editorial -----------------------------------------------------------------------------


def ensure_story_workflow(*, index: StoryIndexPage) -> Workflow:
    """The "Story sign-off" workflow (one Editors approval task) on the story index, and the
    Editors' page permissions there. Idempotent."""
    editors, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=EDITOR_PAGE_PERMISSIONS
    ):
        GroupPagePermission.objects.get_or_create(group=editors, page=index, permission=permission)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(editors)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})
    return workflow


def _ensure_index() -> StoryIndexPage:
    index = story_index()
    if index is not None:
        return index
    site = Site.objects.get(is_default_site=True)
    index = StoryIndexPage(title="Stories", slug="stories")
    site.root_page.add_child(instance=index)
    index.save_revision().publish()
    return index


RESERVED_SLUGS = {"write", "mine", "feed", "search"}  # stories/urls.py takes these


def _free_slug(index: StoryIndexPage, submission: StorySubmission) -> str:
    slug = slugify(submission.title)[:60].strip("-") or "story"
    taken = slug in RESERVED_SLUGS or index.get_children().filter(slug=slug).exists()
    return f"{slug}-{submission.pk}" if taken else slug


def create_draft_page(*, submission: StorySubmission, moderator: User | None) -> StoryPage:
    """Moderation approved the story: make its draft page under the story index, filled in
    and linked to the submission and its consent, and start editorial sign-off."""
    existing = page_of(submission)
    if existing is not None:
        return existing
    index = _ensure_index()
    workflow = ensure_story_workflow(index=index)
    consent = submission.current_consent()
    page = StoryPage(
        title=submission.title,
        slug=_free_slug(index, submission),
        # Left for the editors to write: a summary shows above the content notes and in
        # feeds and shares, so it must not be the story's first (perhaps hardest) lines.
        summary="",
        body=[("paragraph", submission.body_html)],
        byline=consent.byline if consent else "Anonymous",
        content_notes=list(submission.content_notes),
        submission=submission,
        live=False,
    )
    _sync_page_consent(page, consent)
    index.add_child(instance=page)
    # ParentalManyToManyField: the themes are kept in memory until the page is saved.
    page.themes.set(submission.themes.all())
    page.save()
    page.save_revision(user=moderator, log_action=True)
    workflow.start(page, moderator)
    return page


def approve_without_queue(*, submission: StorySubmission) -> StoryPage:
    """For demo content only, where no moderator exists yet: approve as the queue would."""
    submission.moderation_state = ModerationState.PUBLISHED
    submission.save(update_fields=["moderation_state"])
    return create_draft_page(submission=submission, moderator=None)


# --- Withdrawal and expiry -----------------------------------------------------------------


def take_down_page(page: StoryPage, *, remember_address: bool) -> None:
    """Take a story page off every public surface now (call inside a transaction)."""
    if remember_address:
        # Only an address the public has seen answers 410 "withdrawn": a never-published page's
        # address (made from its title) would only tell visitors that such a story existed. The
        # row also tells the receipt, after a purge, that the story had been on the website.
        if page.first_published_at is not None:
            WithdrawnStory.objects.get_or_create(
                url_path=page.url_path, defaults={"submission": page.submission}
            )
        page.withdrawn_at = timezone.now()
    workflow_state = page.current_workflow_state
    if workflow_state is not None:
        workflow_state.cancel()
    if page.live:
        page.unpublish(log_action=True)
    page.website_consent_until = None
    page.save(update_fields=["withdrawn_at", "website_consent_until"])
    # Unpublished pages stay in the database backend's index (for the admin); a withdrawn one
    # leaves it, and get_indexed_objects keeps it out.
    remove_object(page)
    clear_story_cache()


def take_down_for_withdrawal(*, submission: StorySubmission, change: str) -> None:
    """What withdrawal and expiry both do to the story (called inside their transaction):
    the consent ledger records it, and the page leaves every public surface."""
    current = submission.current_consent()
    ConsentRecord.objects.create(
        submission=submission,
        change=change,
        naming=current.naming if current else Naming.ANONYMOUS,
        byline=current.byline if current else "Anonymous",
        channels=[],
        expires_at=timezone.now(),
    )
    submission.withdrawn_at = timezone.now()
    submission.save(update_fields=["withdrawn_at"])
    page = page_of(submission)
    if page is not None:
        take_down_page(page, remember_address=True)


def story_withdraw(*, submission: StorySubmission, member: User) -> StorySubmission:
    """The author withdraws their story, in one action.

    Through moderation (which closes any open queue item, writes the audit entry and calls the
    adapter, which takes the page down); then the author gets a receipt.
    """
    if submission.moderation_state == ModerationState.WITHDRAWN:
        raise StoryError("This story has already been withdrawn.")
    with transaction.atomic():
        moderation.withdraw_by_author(obj=submission, author=member)
        _send_receipt(submission, expired=False)
    return submission


def _send_receipt(submission: StorySubmission, *, expired: bool) -> None:
    author = submission.author
    if author is None:  # the author's account was erased
        return
    url = reverse("stories:receipt", args=[submission.pk])
    message = (
        "Your consent for one of your stories ended, so we took it down. Here is where it "
        "had been used."
        if expired
        else "Your story has been withdrawn. Here is where it had been used."
    )
    notify(author, kind="stories.withdrawn", message=message, url=url)
    transaction.on_commit(lambda: mail.email_member.enqueue(member_id=author.pk, kind="receipt"))


def consent_expire(*, submission: StorySubmission) -> None:
    """The story's consent ran out: the same as a withdrawal, recorded as an expiry."""
    with transaction.atomic():
        submission = StorySubmission.objects.select_for_update().get(pk=submission.pk)
        if submission.moderation_state == ModerationState.WITHDRAWN:
            return
        take_down_for_withdrawal(submission=submission, change=ConsentChange.EXPIRED)
        submission.moderation_state = ModerationState.WITHDRAWN
        submission.save(update_fields=["moderation_state"])
        AuditEntry.objects.log_action(
            submission,
            "stories.consent_expired",
            user=None,
            title=f"Story submission {submission.pk}",
            reason_code="expired",
            data={},
        )
        _send_receipt(submission, expired=True)


def _active_submissions() -> QuerySet[StorySubmission]:
    return StorySubmission.objects.exclude(
        moderation_state__in=[ModerationState.WITHDRAWN, ModerationState.REJECTED]
    )


def consents_expire_due(*, now: datetime | None = None) -> int:
    """Take down every story whose current consent has expired; returns how many."""
    now = now or timezone.now()
    count = 0
    for submission in _active_submissions().iterator():
        consent = submission.current_consent()
        if consent is not None and consent.is_active and consent.expires_at <= now:
            consent_expire(submission=submission)
            count += 1
    return count


def consents_remind_due(*, now: datetime | None = None) -> int:
    """Remind each author whose consent ends within 30 days, once per consent; returns how
    many were reminded."""
    now = now or timezone.now()
    count = 0
    for submission in _active_submissions().iterator():
        consent = submission.current_consent()
        if (
            consent is None
            or submission.author_id is None
            or not consent.is_active
            or submission.reminded_for_consent == consent.pk
            or not (now < consent.expires_at <= now + REMIND_BEFORE)
        ):
            continue
        author = submission.author
        if author is None:  # (author_id was checked above: this tells the type checker)
            continue
        with transaction.atomic():
            submission.reminded_for_consent = consent.pk
            submission.save(update_fields=["reminded_for_consent"])
            notify(
                author,
                kind="stories.consent_ending",
                message=(
                    "Your consent for one of your stories ends within 30 days. You can renew "
                    "it, or let it end and we will take the story down."
                ),
                url=reverse("stories:mine"),
            )
            transaction.on_commit(
                partial(mail.email_member.enqueue, member_id=author.pk, kind="consent_ending")
            )
        count += 1
    return count


# --- Purge ---------------------------------------------------------------------------------


def story_purge(*, submission: StorySubmission, admin: User) -> None:
    """Delete every trace of a withdrawn story's words: the page's revisions and the page,
    the submission's text and the words in Wagtail's log of the page. The ledger, the audit
    trail (hashes only) and the withdrawn address stay."""
    if not (admin.is_superuser or admin.has_perm("stories.purge_storysubmission")):
        raise PermissionDenied("Only an administrator can purge a story.")
    if submission.moderation_state != ModerationState.WITHDRAWN:
        raise StoryError("Only a withdrawn story can be purged.")
    with transaction.atomic():
        _purge_words(submission, actor=admin)


def _purge_words(submission: StorySubmission, *, actor: User) -> None:
    page = page_of(submission)
    if page is not None:
        page_id = page.pk
        page.revisions.all().delete()
        StoryPage.objects.filter(pk=page_id).update(latest_revision=None, live_revision=None)
        page = StoryPage.objects.get(pk=page_id)
        page.delete()
        PageLogEntry.objects.filter(page_id=page_id).update(label="Purged story", data={})
    StorySubmission.objects.filter(pk=submission.pk).update(
        title="Purged story", body="", body_html="", purged_at=timezone.now()
    )
    AuditEntry.objects.log_action(
        submission,
        "stories.purge",
        user=actor,
        title=f"Story submission {submission.pk}",
        reason_code="purge",
        data={},
    )
    clear_story_cache()


def story_erase(*, submission: StorySubmission, member: User) -> None:
    """The author's account is being erased: withdraw the story (if it is not already) and
    purge its words, with no receipt (there is nobody left to send it to). Its address is
    forgotten too, since the address is made from the title."""
    with transaction.atomic():
        if submission.moderation_state != ModerationState.WITHDRAWN:
            moderation.withdraw_by_author(obj=submission, author=member)
            submission.refresh_from_db()
        _purge_words(submission, actor=member)
        WithdrawnStory.objects.filter(submission=submission).delete()
