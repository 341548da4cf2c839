"""Campaigns parents organise, their supporters and updates, testimony forms and testimony,
organisers' review (themes, extracts) and the quotes on a campaign's public page.

Moved here from `forums` (issue 18) without moving any data: every table keeps its old
`forums_*` name (`db_table`), so existing databases and backups read as before. A campaign's
discussion board is a forums `Board` (a key by name only: campaigns never imports forums; the
board is opened through `community.discussions`).

Rules live in `campaigns.services` (verbs), `campaigns.selectors` (reads) and
`campaigns.permissions` (who may do what).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from community.infra.sendonce import key_constraint, key_field
from moderation.models import ModeratedContent, ModeratedQuerySet


class Campaign(models.Model):
    """A campaign parents organise: its aim, background and asks, its organisers, and the
    board where supporters talk. Public once open; a draft is seen by its organisers and staff.

    `*_html` fields are made from the organisers' Markdown by the one sanitiser at write time.
    Supporters are rows in `CampaignSupport`; pages show only their number.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft (only organisers can see it)"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    title = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80, unique=True)
    aim = models.CharField(max_length=300, help_text="One or two sentences: what will change.")
    background = models.TextField(blank=True)
    background_html = models.TextField(blank=True)
    asks = models.TextField(blank=True, help_text="What you ask for, one per line.")
    asks_html = models.TextField(blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    board = models.OneToOneField("forums.Board", on_delete=models.PROTECT, related_name="+")
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="organised_campaigns", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "forums_campaign"
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("organise_campaigns", "Can start campaigns and organise them"),
            ("manage_campaigns", "Can manage every campaign and appoint its organisers"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/campaigns/{self.slug}/"

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.DRAFT


class CampaignSupport(models.Model):
    """A member adding their voice to a campaign. Only the total is ever shown."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="supports")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "forums_campaignsupport"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "member"], name="one_support_per_member")
        ]

    def __str__(self) -> str:
        return f"Support {self.pk}"


class CampaignUpdate(models.Model):
    """News from the organisers, shown on the campaign page and sent to supporters."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=150)
    body = models.TextField()
    body_html = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "forums_campaignupdate"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Update {self.pk}"


class TestimonyForm(models.Model):
    """The questions a campaign asks, defined by its organisers without code.

    Every form also carries the fixed consent questions (fields on `Testimony`), which
    organisers cannot change or remove.
    """

    campaign = models.OneToOneField(
        Campaign, on_delete=models.CASCADE, related_name="testimony_form"
    )
    intro = models.TextField(blank=True)
    is_open = models.BooleanField(default=True, help_text="Members can send testimony.")

    class Meta:
        db_table = "forums_testimonyform"

    def __str__(self) -> str:
        return f"Testimony form {self.pk}"


class TestimonyQuestion(models.Model):
    """One question on a testimony form: its kind, wording, order and choices."""

    class Kind(models.TextChoices):
        SHORT = "short", "Short text"
        LONG = "long", "Long text"
        SINGLE = "single", "Single choice"
        MULTIPLE = "multiple", "Multiple choice"
        SCALE = "scale", "Scale (1 to 5)"

    TEXT_KINDS = (Kind.SHORT, Kind.LONG)
    CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE)

    form = models.ForeignKey(TestimonyForm, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.LONG)
    label = models.CharField(max_length=300)
    help_text = models.CharField(max_length=300, blank=True)
    required = models.BooleanField(default=False)
    choices = models.JSONField(default=list, blank=True)
    scale_low = models.CharField(max_length=40, blank=True, default="Not at all")
    scale_high = models.CharField(max_length=40, blank=True, default="Very much")

    class Meta:
        db_table = "forums_testimonyquestion"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"Question {self.pk}"

    @property
    def field_name(self) -> str:
        return f"q_{self.pk}"


class TestimonyQuerySet(ModeratedQuerySet):
    pass


class Testimony(ModeratedContent):
    """A member's answers to a campaign's testimony form, with their consent for each use.

    `answers` maps question ids (as text) to what the member answered: text, a choice, a list of
    choices or a number. Moderators approve it first (every testimony is held); then only that
    campaign's organisers and staff read it, without the author's pseudonym unless they ask.
    The author reads it, edits it until organisers start reviewing it, and may withdraw it.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="testimonies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answers = models.JSONField(default=dict)
    consent_campaigns = models.BooleanField(default=False)
    consent_parliament = models.BooleanField(default=False)
    consent_press = models.BooleanField(default=False)
    consent_contact = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    themes: models.ManyToManyField[CampaignTheme, Any] = models.ManyToManyField(
        "CampaignTheme", related_name="testimonies", blank=True
    )
    # The form's send key, saved with the testimony (community.infra.sendonce).
    send_key = key_field()

    # Replaces ModeratedContent's manager, as Django means a model's own to (mypy reads the
    # abstract base's as a class variable).
    objects = TestimonyQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        db_table = "forums_testimony"
        ordering = ["created_at", "pk"]
        verbose_name_plural = "testimonies"
        indexes = [models.Index(fields=["campaign", "moderation_state", "created_at"])]
        constraints = [key_constraint(author_field="author", name="one_testimony_per_send_key")]

    def __str__(self) -> str:
        return f"Testimony {self.pk}"

    def get_absolute_url(self) -> str:
        return f"/campaigns/{self.campaign.slug}/testimony/"


class CampaignTheme(models.Model):
    """A theme organisers tag testimony with ("school exclusion", "police response")."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=60)

    class Meta:
        db_table = "forums_campaigntheme"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="one_theme_name_per_campaign")
        ]

    def __str__(self) -> str:
        return self.name


class TestimonyExtract(models.Model):
    """A quotable passage an organiser marked in a testimony, with their redactions.

    `text` is the passage as it may leave: words taken out read "[redacted]". Every other part
    of it must come from the testimony's own answers (checked when it is saved).
    """

    testimony = models.ForeignKey(Testimony, on_delete=models.CASCADE, related_name="extracts")
    question = models.ForeignKey(
        TestimonyQuestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "forums_testimonyextract"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Extract {self.pk}"


class CampaignQuote(models.Model):
    """Words quoted on a campaign's public page: a passage of a story or of testimony.

    Only the source's kind and id are kept with the passage; the page asks
    `community.privacy.quotes` every time it shows it, so a withdrawal or a changed consent takes
    effect at once ("[withdrawn by the author]").
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="quotes")
    source_kind = models.CharField(max_length=20)
    source_id = models.PositiveBigIntegerField()
    text = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "forums_campaignquote"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"Quote {self.pk} ({self.source_kind})"
