"""Members and the site frame: the user model, the home and signposting pages, site settings."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Orderable, Page

from community.members.names import skeleton
from community.uploads.images import cleaned_image_file, server_file_name


class UserManager(BaseUserManager["User"]):
    """Creates members keyed by e-mail; there is no username."""

    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create(email, password, **extra)


# Wagtail's image model (untyped) makes `uploaded_by_user` point here; the plugin cannot see it.
class User(AbstractUser):  # type: ignore[django-manager-missing]
    """A member, known to everyone else only by a pseudonymous display name.

    There is no username and no real name: the e-mail address is for signing in and for the
    member's own notices, and is never shown to another member. `display_name_key` is the
    Unicode confusable skeleton of the display name; its unique index is what stops two members
    (or a member and a reserved word) from looking alike, even under concurrent signups.
    """

    # Removed from AbstractUser: a member has no username and no real name (django-stubs'
    # documented way to drop a field the base class declares).
    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField("e-mail address", unique=True)
    display_name = models.CharField(max_length=30, unique=True)
    display_name_key = models.CharField(max_length=120, unique=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    # Ours creates members by e-mail (there is no username), so it is not Django's UserManager.
    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        verbose_name = "member"
        verbose_name_plural = "members"

    def save(self, *args, **kwargs) -> None:
        key = skeleton(self.display_name)
        # A member whose name came to look like an older member's when the look-alike rules
        # grew stricter keeps the key migration 0014 gave them (`<skeleton>~<id>`).
        if self.display_name_key.partition("~")[0] != key:
            self.display_name_key = key
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        # Never the e-mail: this string appears in admin lists, logs and templates.
        return self.display_name

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name


class HomePage(Page):
    """The root of the site: a welcome, and the ways in (stories, forums, campaigns, help)."""

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)
    body = RichTextField(features=["h2", "h3", "bold", "italic", "link", "ol", "ul"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    max_count = 1
    # No list of child types here: each page type says where it may live (`parent_page_types`),
    # so apps above community (a story index) can sit under the home page without community
    # naming them.
    template = "community/home_page.html"


class SignpostingPage(Page):
    """Where to get help now: 999 first, then the helplines kept in site settings."""

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)
    body = RichTextField(features=["h2", "h3", "bold", "italic", "link", "ol", "ul"], blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    max_count = 1
    parent_page_types = ["community.HomePage"]
    subpage_types: list[str] = []
    template = "community/signposting_page.html"


@register_setting(icon="cog")
class SafetySettings(ClusterableModel, BaseSiteSetting):
    """What the charity's staff set without a deploy: the name, quick exit and helplines."""

    organisation_name = models.CharField(max_length=100, default="Safe Voices")
    quick_exit_url = models.URLField(
        default="https://www.bbc.co.uk/weather",
        help_text="Where the 'Leave this site' button goes. Choose an everyday, neutral site.",
    )
    emergency_text = models.CharField(
        max_length=200,
        default="If anyone is in immediate danger, call 999.",
    )
    email_sender_name = models.CharField(
        "e-mail sender name",
        max_length=60,
        default="Notifications",
        help_text="The name every e-mail comes from. Keep it neutral: it shows in shared inboxes.",
    )
    email_subject = models.CharField(
        "e-mail subject",
        max_length=80,
        default="An update for you",
        help_text="The subject of every e-mail the site sends. Keep it neutral.",
    )

    panels = [
        FieldPanel("organisation_name"),
        FieldPanel("quick_exit_url"),
        FieldPanel("emergency_text"),
        MultiFieldPanel(
            [FieldPanel("email_sender_name"), FieldPanel("email_subject")], heading="E-mail"
        ),
        MultiFieldPanel([InlinePanel("helplines", label="Helpline")], heading="Helplines"),
    ]

    class Meta:
        verbose_name = "safety settings"


class Helpline(Orderable):
    """A service that signposting names on purpose: a public helpline, never a person."""

    settings = ParentalKey(SafetySettings, related_name="helplines", on_delete=models.CASCADE)
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=300, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    url = models.URLField(blank=True)
    hours = models.CharField(max_length=100, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("phone"),
        FieldPanel("url"),
        FieldPanel("hours"),
    ]

    def __str__(self) -> str:
        return self.name


class Notification(models.Model):
    """Something a member should know: a decision on their post, a reply, a campaign update.

    The message is written to be safe on a shared screen: it names what happened, never the
    words of a post or who did it.
    """

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=32)
    message = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"Notification {self.pk} ({self.kind})"


class SafeImage(AbstractImage):
    """Wagtail's image, re-encoded on upload with every piece of metadata removed, and stored
    under a name we made (`images.server_file_name`), never the uploader's file name.

    This is the project's image model from its first migration (WAGTAILIMAGES_IMAGE_MODEL), so
    no image is ever stored with its metadata. The admin's forms re-encode in the form
    (`community.uploads.admin_forms.SafeImageForm`), so a damaged picture is a form error; `save()`
    makes
    sure of it for any other way in.
    """

    admin_form_fields = Image.admin_form_fields
    # Declared by Wagtail's AbstractImage, which ships no types (an annotation only, no field).
    file: Any

    def get_upload_to(self, filename: str) -> str:
        return server_file_name("original_images", filename)

    def save(self, *args, **kwargs) -> None:
        upload = self.file
        new = upload and not getattr(upload, "_committed", True)
        if new and not getattr(upload.file, "metadata_stripped", False):
            upload.seek(0)
            self.file = cleaned_image_file(upload.read())
            self._set_image_file_metadata()
        super().save(*args, **kwargs)


class SafeRendition(AbstractRendition):
    """Renditions of SafeImage (made from the already-stripped original), each stored under a
    name of its own that says nothing (not even the original's)."""

    image = models.ForeignKey(SafeImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

    def get_upload_to(self, filename: str) -> str:
        return server_file_name("images", filename)


class Draft(models.Model):
    """What a member was writing in one composer, kept so that nothing is lost.

    `slot` names the composer ("reply:thread:42", "thread:board:late-nights", "edit:post:7");
    `fields` maps the composer's field names to their text. Only the member ever reads it back:
    drafts are never screened, shown to moderators, or listed anywhere.
    """

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="drafts")
    slot = models.CharField(max_length=100)
    fields = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "slot"], name="draft_one_per_member_slot")
        ]
        indexes = [models.Index(fields=["updated_at"])]

    def __str__(self) -> str:
        # Never the words: this string can appear in logs.
        return f"Draft {self.pk} ({self.slot})"


class PeriodicRun(models.Model):
    """When a periodic job (`community.infra.schedule`) was last enqueued, so `run_periodic` can be
    called as often as a deployer likes and still runs each job no more often than its period."""

    name = models.CharField(max_length=80, unique=True)
    last_enqueued_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.name


class QuoteUse(models.Model):
    """One use of a member's words outside the place they wrote them: a story quoted on a campaign
    page, a testimony extract in an export. Kept so the author's withdrawal receipt can list
    where their words had been, including uses made before the withdrawal.

    `source_kind` and `source_id` name the quoted thing as its owning app registered it
    (`community.privacy.quotes`); `where` is a short human description with no member's name in it.
    """

    source_kind = models.CharField(max_length=40)
    source_id = models.PositiveBigIntegerField()
    channel = models.CharField(max_length=20)
    where = models.CharField(max_length=200)
    used_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["source_kind", "source_id"], name="quoteuse_source")]

    def __str__(self) -> str:
        return f"{self.source_kind}:{self.source_id} in {self.where}"


def _private_storage():
    # Exports hold everything a member wrote: never in the public media folder or bucket.
    return storages["private"]


class DataExport(models.Model):
    """A member's copy of everything they wrote and everything held about them (a zip of JSON
    and a readable HTML page). Built by a background task; downloadable by that member alone
    until `expires_at`, then the file is deleted."""

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being prepared"
        READY = "ready", "Ready to download"
        FAILED = "failed", "Could not be prepared"
        EXPIRED = "expired", "No longer available"

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="data_exports")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    requested_at = models.DateTimeField(default=timezone.now)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(storage=_private_storage, upload_to="exports/", blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "expires_at"], name="dataexport_expiry")]

    def __str__(self) -> str:
        return f"Data export {self.pk} ({self.state})"


class ErasureRequest(models.Model):
    """A member's request to delete their account. Nothing is erased for `UNDO_DAYS`, so a
    member who changes their mind (or whose account was misused) can undo it; then the
    erasure runs and this row goes with the account.

    `keep_contributions`: keep what they wrote, shown as by "a former member", or delete it.
    `keep_published`: let published stories and testimony stay under their consent records;
    by default they are withdrawn with everything else.
    """

    UNDO_DAYS = 14

    member = models.OneToOneField(User, on_delete=models.CASCADE, related_name="erasure_request")
    keep_contributions = models.BooleanField(default=False)
    keep_published = models.BooleanField(default=False)
    requested_at = models.DateTimeField(default=timezone.now)
    erase_after = models.DateTimeField()

    def __str__(self) -> str:
        return f"Erasure request {self.pk}"


class LivePresence(models.Model):
    """One open socket reading one topic, for the "N members reading" count.

    A row per socket and topic (a member with three tabs has three rows and counts once). The
    socket's process refreshes `expires_at` while the socket lives and deletes the row when it
    closes; a process that dies cannot, so a row whose time has run out counts for nobody and
    is swept by the next heartbeat on the topic. Never shown as a list, never kept after it
    expires: it says who has a page open, which the site otherwise never tells anyone.
    """

    topic = models.CharField(max_length=100)
    channel_name = models.CharField(max_length=200)
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    expires_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "channel_name"], name="livepresence_one_per_socket_topic"
            )
        ]
        indexes = [
            models.Index(fields=["topic", "expires_at"], name="livepresence_topic_expiry"),
            models.Index(fields=["channel_name"], name="livepresence_channel"),
        ]

    def __str__(self) -> str:
        # Never the member: this string can appear in logs.
        return f"Presence {self.pk} ({self.topic})"


class LivePreferences(models.Model):
    """What a member lets others see from their open tabs. Off until they choose it.

    `share_typing`: others on a thread may see "someone is replying" (never who) while this
    member types a reply.
    """

    member = models.OneToOneField(User, on_delete=models.CASCADE, related_name="live_preferences")
    share_typing = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "live preferences"

    def __str__(self) -> str:
        return f"Live preferences {self.pk}"


class TaskWorker(models.Model):
    """A running task worker (`manage.py task_worker`) and when it last said it was alive.

    Each worker writes `seen_at` every few seconds while it runs, busy or not. A task marked
    running whose worker has not been seen for the claim timeout (`TASK_CLAIM_TIMEOUT`) was
    left by a worker that died or lost the database, and is run again by another.
    """

    worker_id = models.CharField(max_length=64, primary_key=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Task worker {self.worker_id}"
