"""Stories: what a parent submits (`StorySubmission`), what they consent to (`ConsentRecord`),
and what the charity publishes from it in Wagtail (`StoryIndexPage`, `StoryPage`).

A member writes a submission from the front end; it goes through moderation like any member
content. Approval makes a draft `StoryPage` linked to the submission, which editors sign off
through a Wagtail workflow. The consent ledger decides where the story may appear: a page
cannot go live without current website consent, and withdrawal or expiry takes it down.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import strip_tags
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.snippets.models import register_snippet
from wagtail.url_routing import RouteResult

from community.infra.sendonce import key_constraint, key_field
from community.input.sanitise import clean_text
from community.privacy.quotes import CHANNELS, WEBSITE
from moderation.models import ModeratedContent

from .blocks import StoryBodyBlock
from .bylines import check_byline
from .choices import ContentNote, Naming, Region, Teller, content_note_labels

CONSENT_YEARS_DEFAULT = 2
WORDS_PER_MINUTE = 200
INDEX_PAGE_SIZE = 10


@register_snippet
class ThemeSnippet(models.Model):
    """A theme stories are filed under (county lines, courts, looking after yourself...).

    Editors keep the list as snippets; members choose from it when they submit.
    """

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("order")]

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "theme"

    def __str__(self) -> str:
        return self.name


class StorySubmission(ModeratedContent):
    """A story as its author sent it, in Markdown, with the sanitised HTML made from it.

    It goes through the moderation queue (adapter in `stories/moderation_adapter.py`); the
    author follows it under "Your stories" and can withdraw it there at any time.
    """

    # Null once the author's account is erased and they chose to leave a published story up
    # under its consent: the story stays, with nobody behind it.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="story_submissions",
    )
    title = models.CharField(max_length=120)
    body = models.TextField()
    body_html = models.TextField(editable=False)
    themes = models.ManyToManyField(ThemeSnippet, blank=True, related_name="+")
    content_notes = models.JSONField(default=list, blank=True)
    teller = models.CharField(max_length=16, choices=Teller.choices, blank=True)
    region = models.CharField(max_length=20, choices=Region.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)
    # The consent row whose 30-day expiry reminder has gone out (one reminder per consent).
    reminded_for_consent = models.PositiveBigIntegerField(null=True, blank=True)
    # The story form's send key, saved with the story (community.infra.sendonce).
    send_key = key_field()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [key_constraint(author_field="author", name="one_story_per_send_key")]

    def __str__(self) -> str:
        # Never the words: this string can reach logs and audit labels.
        return f"Story submission {self.pk}"

    def current_consent(self) -> ConsentRecord | None:
        """The newest row of the consent ledger, which is what holds now."""
        return self.consents.order_by("-created_at", "-pk").first()

    def consent_covers(self, channel: str, *, now=None) -> bool:
        """Whether current consent allows this channel now."""
        consent = self.current_consent()
        return consent is not None and consent.covers(channel, now=now)


class ConsentChange(models.TextChoices):
    GIVEN = "given", "Given"
    CHANGED = "changed", "Changed"
    RENEWED = "renewed", "Renewed"
    WITHDRAWN = "withdrawn", "Withdrawn"
    EXPIRED = "expired", "Expired"


class ConsentQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError("The consent ledger is append-only: add a new row instead.")

    def delete(self):
        raise ValidationError("The consent ledger is append-only.")


def default_consent_expiry() -> datetime:
    return timezone.now() + timedelta(days=365 * CONSENT_YEARS_DEFAULT)


class ConsentRecord(models.Model):
    """One row of a story's consent ledger: naming, channels and expiry as of `created_at`.

    Rows are never changed or deleted; each change (given, changed, renewed, withdrawn,
    expired) adds a row, and the newest row is the consent that holds.
    """

    submission = models.ForeignKey(
        StorySubmission, on_delete=models.CASCADE, related_name="consents"
    )
    change = models.CharField(max_length=12, choices=ConsentChange.choices)
    naming = models.CharField(max_length=12, choices=Naming.choices, default=Naming.ANONYMOUS)
    byline = models.CharField(max_length=80, default="Anonymous")
    channels = models.JSONField(default=list, blank=True)
    expires_at = models.DateTimeField(default=default_consent_expiry)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Consent {self.pk} ({self.change}) for story submission {self.submission_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValidationError("The consent ledger is append-only: add a new row instead.")
        unknown = set(self.channels) - set(CHANNELS)
        if unknown:
            raise ValidationError(f"Unknown consent channels: {sorted(unknown)}")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("The consent ledger is append-only.")

    @property
    def is_active(self) -> bool:
        return self.change not in (ConsentChange.WITHDRAWN, ConsentChange.EXPIRED)

    def covers(self, channel: str, *, now=None) -> bool:
        now = now or timezone.now()
        return self.is_active and channel in self.channels and self.expires_at > now

    def channel_labels(self) -> list[str]:
        return [label for key, label in CHANNELS.items() if key in self.channels]


class WithdrawnStory(models.Model):
    """The address of a story its author withdrew (or whose consent expired), so the address
    answers 410 "withdrawn" rather than 404, even after the page itself is purged."""

    url_path = models.CharField(max_length=255, unique=True)
    submission = models.ForeignKey(
        StorySubmission, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.url_path


class StoryIndexPage(Page):
    """The public list of stories: filter by theme, paginated; its children are `StoryPage`s.

    A story address that was withdrawn answers 410 through this page's routing.
    """

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["community.HomePage", "wagtailcore.Page"]
    subpage_types = ["stories.StoryPage"]
    max_count = 1
    template = "stories/story_index_page.html"

    class Meta:
        verbose_name = "story index"

    def route(self, request, path_components):
        try:
            return super().route(request, path_components)
        except Http404:
            if len(path_components) == 1:
                url_path = f"{self.url_path}{path_components[0]}/"
                if WithdrawnStory.objects.filter(url_path=url_path).exists():
                    return RouteResult(self, kwargs={"withdrawn": True})
            raise

    def serve(self, request, *args, **kwargs):
        if kwargs.get("withdrawn"):
            response = TemplateResponse(
                request, "stories/withdrawn.html", {"page": self, "index": self}, status=410
            )
            response["X-Robots-Tag"] = "noindex"
            return response
        response = super().serve(request, *args, **kwargs)
        response.story_cache_until = response.context_data.get("cache_until")
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        stories = StoryPage.objects.child_of(self).public_stories()
        themes = list(ThemeSnippet.objects.all())
        chosen = request.GET.get("theme", "")
        theme = next((t for t in themes if t.slug == chosen), None)
        if theme is not None:
            stories = stories.filter(themes=theme)
        stories = stories.order_by("-first_published_at", "-pk").prefetch_related("themes")
        paginator = Paginator(stories, INDEX_PAGE_SIZE)
        try:
            page_of = paginator.page(request.GET.get("page", 1))
        except (PageNotAnInteger, EmptyPage):
            page_of = paginator.page(1)
        until = [s.website_consent_until for s in page_of if s.website_consent_until]
        context.update(
            {
                "stories": page_of,
                "themes": themes,
                "theme": theme,
                # The cached copy of this list never outlives a listed story's consent.
                "cache_until": min(until) if until else None,
            }
        )
        return context


class StoryPageQuerySet(PageQuerySet):
    """Wagtail's page queryset with the public rule for stories."""

    def public_stories(self) -> StoryPageQuerySet:
        """Live, public, not withdrawn, and within current website consent."""
        return (
            self.live()
            .public()
            .filter(withdrawn_at__isnull=True, website_consent_until__gt=timezone.now())
        )


# Wagtail ships no types, so mypy cannot follow `from_queryset` on its PageManager.
class StoryPageManager(PageManager.from_queryset(StoryPageQuerySet)):  # type: ignore[misc]
    """Story pages, with `public_stories()`."""


class StoryPageForm(WagtailAdminPageForm):
    """The admin form: content notes as check boxes from the fixed list, a byline that cannot
    identify the family (no town: `stories.bylines`), and the page's plain text boxes (title,
    summary, byline, the promote tab's) through the one cleaning path (community.input.sanitise),
    before Wagtail makes the slug from the title. The body's rich text is Wagtail's own."""

    content_notes = forms.MultipleChoiceField(
        choices=ContentNote.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    def _cleaned_text(self, name: str, *, multiline: bool = False) -> str:
        cleaned = clean_text(self.cleaned_data.get(name) or "", multiline=multiline).strip()
        if not cleaned and self.fields[name].required:
            # Only invisible characters: as empty as a blank box.
            raise ValidationError(self.fields[name].error_messages["required"], code="required")
        return cleaned

    def clean_title(self) -> str:
        return self._cleaned_text("title")

    def clean_seo_title(self) -> str:
        return self._cleaned_text("seo_title")

    def clean_search_description(self) -> str:
        return self._cleaned_text("search_description", multiline=True)

    def clean_summary(self) -> str:
        return self._cleaned_text("summary")

    def clean_byline(self) -> str:
        byline = self._cleaned_text("byline")
        if byline:
            check_byline(byline, regions=Region.labels)
        return byline


class StoryPage(Page):
    """One published story. Made as a draft when moderation approves a `StorySubmission`, and
    published by editors through the "Story sign-off" workflow.

    It can go live only while its submission's current consent covers this website: `save()`
    refuses a live page without it, so neither the admin nor code can publish one.
    """

    summary = models.CharField(max_length=300, blank=True)
    body = StreamField(StoryBodyBlock(), blank=True)
    byline = models.CharField(max_length=80, default="Anonymous")
    themes = ParentalManyToManyField(ThemeSnippet, blank=True, related_name="stories")
    content_notes = models.JSONField(default=list, blank=True)
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)
    submission = models.OneToOneField(
        StorySubmission,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="page",
    )
    # Until when this page may be public (the current website consent's expiry), kept by the
    # consent services so lists filter without reading the ledger row by row.
    website_consent_until = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = StoryPageManager()

    base_form_class = StoryPageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        # Checked as it is typed (moderation's screen.js) and again on saving.
        FieldPanel("byline", widget=forms.TextInput(attrs={"data-screen": "as-typed"})),
        MultiFieldPanel(
            [
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("content_notes"),
            ],
            heading="Themes and content notes",
        ),
        FieldPanel("body"),
        FieldPanel("submission", read_only=True),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("withdrawn_at"),
        index.FilterField("website_consent_until"),
    ]
    parent_page_types = ["stories.StoryIndexPage"]
    subpage_types: list[str] = []
    template = "stories/story_page.html"

    class Meta:
        verbose_name = "story"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.reading_minutes = self.compute_reading_minutes()
        if self.live:
            self.check_may_be_public()
        super().save(*args, **kwargs)

    def check_may_be_public(self) -> None:
        """Raise `ConsentMissing` unless current consent covers this website."""
        if self.withdrawn_at is not None:
            raise ConsentMissing("This story was withdrawn by its author; it cannot be published.")
        if self.submission is None or not self.submission.consent_covers(WEBSITE):
            raise ConsentMissing(
                "This story has no current consent to appear on this website, so it cannot "
                "be published."
            )

    def compute_reading_minutes(self) -> int:
        words = 0
        for block in self.body:
            value = block.value
            if hasattr(value, "source"):
                text = strip_tags(value.source)
            elif isinstance(value, dict) or hasattr(value, "get"):
                inner = value.get("text", "")
                text = strip_tags(getattr(inner, "source", inner) or "")
            else:
                text = ""
            words += len(str(text).split())
        return max(1, math.ceil(words / WORDS_PER_MINUTE))

    @classmethod
    def get_indexed_objects(cls):
        # A withdrawn story never goes back into the search index, whatever saves it later.
        return super().get_indexed_objects().filter(withdrawn_at__isnull=True)

    def get_sitemap_urls(self, request=None):
        if not self.is_public_now():
            return []
        return super().get_sitemap_urls(request)

    def is_public_now(self) -> bool:
        return (
            self.live
            and self.withdrawn_at is None
            and self.website_consent_until is not None
            and self.website_consent_until > timezone.now()
        )

    def content_note_labels(self) -> list[str]:
        return content_note_labels(self.content_notes)

    def share_description(self) -> str:
        """For feeds and shared links: the editors' summary, or who tells it."""
        return self.summary or f"A story by {self.byline[:1].lower()}{self.byline[1:]}."

    def related_stories(self, limit: int = 3):
        """Other public stories sharing a theme, most themes in common first."""
        theme_ids = list(self.themes.values_list("pk", flat=True))
        if not theme_ids:
            return StoryPage.objects.none()
        return (
            StoryPage.objects.public_stories()
            .exclude(pk=self.pk)
            .filter(themes__in=theme_ids)
            .annotate(shared=models.Count("themes", filter=models.Q(themes__in=theme_ids)))
            .order_by("-shared", "-first_published_at")[:limit]
        )

    def serve(self, request, *args, **kwargs):
        if not self.is_public_now():
            # Consent ran out and the scheduled task has not taken it down yet: the story is
            # not public any more, whatever the live flag says.
            response = TemplateResponse(
                request, "stories/withdrawn.html", {"page": self}, status=410
            )
            response["X-Robots-Tag"] = "noindex"
            return response
        response = super().serve(request, *args, **kwargs)
        response.story_cache_until = self.website_consent_until
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related"] = list(self.related_stories())
        context["share_url"] = self.get_full_url(request)
        return context


class ConsentMissing(ValidationError):
    """A story cannot be public without current website consent."""
