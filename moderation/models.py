"""Moderation's own records: the queue, flags, watched words and lists, standing, sanctions,
and the append-only audit trail."""

from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING, Any, Literal, NoReturn, Self, TypeVar, cast

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models.audit_log import BaseLogEntry, BaseLogEntryManager, LogEntryQuerySet

from community.infra.sendonce import key_constraint, key_field

from . import screening

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from community.models import User

_M = TypeVar("_M", bound=models.Model)


class ModerationState(models.TextChoices):
    """Where a piece of content stands. Only PUBLISHED content reaches other members."""

    HELD = "held", "Awaiting review"
    PUBLISHED = "published", "Published"
    REJECTED = "rejected", "Not published"
    WITHDRAWN = "withdrawn", "Withdrawn by its author"
    HIDDEN = "hidden", "Hidden"


class ModeratedQuerySet(models.QuerySet[_M]):
    """Visibility rules for any moderated content. Lists, search, feeds and counts use these."""

    author_field = "author"

    def published(self) -> Self:
        return self.filter(moderation_state=ModerationState.PUBLISHED)

    def visible_to(self, user: User | AnonymousUser) -> Self:
        """Published content, plus the member's own content in any state but withdrawn;
        moderators see everything."""
        if user.is_authenticated and user.has_perm("moderation.moderate"):
            return self.all()
        if not user.is_authenticated:
            return self.published()
        own = models.Q(**{self.author_field: user}) & ~models.Q(
            moderation_state=ModerationState.WITHDRAWN
        )
        return self.filter(models.Q(moderation_state=ModerationState.PUBLISHED) | own)

    def visible_sql(self, user: User | AnonymousUser, *, alias: str) -> tuple[str, list[Any]]:
        """`visible_to`'s rule as a condition on this model's table named `alias`, with its
        parameters, for a page that reads in plain SQL (the same test checks it agrees)."""
        if user.is_authenticated and user.has_perm("moderation.moderate"):
            return "1 = 1", []
        if not user.is_authenticated:
            return f"{alias}.moderation_state = %s", [ModerationState.PUBLISHED]
        # the author field is a foreign key, never a reverse relation
        author = cast(models.Field[Any, Any], self.model._meta.get_field(self.author_field)).column
        return (
            f"({alias}.moderation_state = %s "
            f"OR ({alias}.{author} = %s AND {alias}.moderation_state <> %s))",
            [ModerationState.PUBLISHED, user.pk, ModerationState.WITHDRAWN],
        )

    @staticmethod
    def is_visible_to(user: User | AnonymousUser, *, state: str, author_id: int | None) -> bool:
        """`visible_to`'s rule for one item already read (its state and author): where a page
        reads the item in plain SQL. tests/moderation/test_holding.py checks that the two
        agree for every state and every kind of reader."""
        if user.is_authenticated and user.has_perm("moderation.moderate"):
            return True
        if state == ModerationState.PUBLISHED:
            return True
        return bool(
            user.is_authenticated and author_id == user.pk and state != ModerationState.WITHDRAWN
        )


class ModeratedContent(models.Model):
    """Abstract base for content that goes through moderation.

    A content model inherits this, keeps an `author` foreign key, and registers a
    `ContentAdapter`. New content starts held; the moderation service publishes it.
    """

    moderation_state = models.CharField(
        max_length=16,
        choices=ModerationState.choices,
        default=ModerationState.HELD,
        db_index=True,
    )

    objects = ModeratedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.moderation_state == ModerationState.PUBLISHED


class QueueItemState(models.TextChoices):
    WAITING = "waiting", "Waiting"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn by its author"
    HIDDEN = "hidden", "Hidden"
    DISMISSED = "dismissed", "Reviewed, left published"


class QueueReason(models.TextChoices):
    NEW_MEMBER = "new_member", "New member"
    SPACE_HOLDS_ALL = "space", "Space holds everything"
    IDENTIFYING = "identifying", "Identifying details"
    RISK = "risk", "Safeguarding risk"
    WATCHED_HOLD = "watched_hold", "Watched word (hold)"
    WATCHED_FLAG = "watched_flag", "Watched word (review)"
    FLAGS = "flags", "Reported by members"
    EDITED = "edited", "Edited after publishing"


OPEN_STATES = (QueueItemState.WAITING,)


class QueueItem(models.Model):
    """One thing waiting for a moderator: a row points at content by content type and id.

    `findings` keeps kinds and spans only, never the words; the text itself is read from the
    content through its adapter when a moderator opens the item. At most one item per piece of
    content is open at a time.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    content_object = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(max_length=32)
    title = models.CharField(max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    space_key = models.CharField(max_length=64, blank=True, db_index=True)
    space_label = models.CharField(max_length=200, blank=True)
    state = models.CharField(
        max_length=16,
        choices=QueueItemState.choices,
        default=QueueItemState.WAITING,
        db_index=True,
    )
    reasons = models.JSONField(default=list)
    findings = models.JSONField(default=list)
    urgent = models.BooleanField(default=False, db_index=True)
    escalated = models.BooleanField(default=False)
    content_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.CharField(max_length=500, blank=True)
    # The author's earlier published items whose details, with this one's, could identify a
    # family: [{"content_type": id, "object_id": "..."}], oldest first. Pointers only.
    earlier = models.JSONField(default=list, blank=True)

    class Meta:
        permissions = [
            ("moderate", "Can moderate members' contributions"),
            ("safeguarding", "Can act as a safeguarding lead"),
            ("view_audit", "Can view and export the moderation audit trail"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=models.Q(state="waiting"),
                name="one_open_queue_item_per_content",
            )
        ]
        indexes = [
            models.Index(fields=["state", "-urgent", "created_at"]),
            models.Index(fields=["state", "created_at"]),
            models.Index(fields=["state", "space_key", "space_label"]),
            models.Index(fields=["decided_at"]),
        ]

    def __str__(self) -> str:
        # No content words: this string becomes the audit entry's label.
        return f"Queue item {self.pk} ({self.kind})"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @classmethod
    def for_instance(cls, obj: models.Model) -> models.QuerySet[QueueItem]:
        return cls.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )


class DetailTag(models.Model):
    """A detail that narrows a family down, from something a member has had published.

    Kept so that a new item completing a combination with it can be held (jigsaw
    identification; `screening.combinations`). Never the words: the detail's kind ("age",
    "area", "school"...), its weight, and a keyed hash (HMAC-SHA-256 with a key derived from
    the site's secret) of its normalised value, with the item it came from and a keyed hash
    of that item's whole text then (to notice when the text changes). Removed when the item
    is withdrawn, rejected, hidden, deleted or its author erased.
    """

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    kind = models.CharField(max_length=24)
    weight = models.PositiveSmallIntegerField()
    digest = models.CharField(max_length=64)
    source_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["member", "created_at"]),
            models.Index(fields=["content_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"Detail tag {self.pk} ({self.kind})"


class FlagReason(models.TextChoices):
    IDENTIFYING = "identifying", "It could identify someone"
    ABUSE = "abuse", "It is abusive or unkind"
    RISK = "risk", "Someone may be in danger"
    GROOMING = "grooming", "I think this person is not who they say"
    SPAM = "spam", "Spam or advertising"
    OTHER = "other", "Something else"


class Flag(models.Model):
    """A member's report of a piece of content. The reported member never learns who."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    flagger = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(max_length=16, choices=FlagReason.choices)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved = models.BooleanField(default=False)
    # The report form's send key, saved with the report (community.infra.sendonce).
    send_key = key_field()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "flagger"], name="one_flag_per_member"
            ),
            key_constraint(author_field="flagger", name="one_flag_per_send_key"),
        ]

    def __str__(self) -> str:
        return f"Flag {self.pk} ({self.reason})"


class WatchedWord(models.Model):
    """A word, wildcard or regular expression that moderators want blocked, held or reviewed."""

    pattern = models.CharField(max_length=200)
    match = models.CharField(
        max_length=8,
        choices=[
            ("word", "Whole word"),
            ("wildcard", "Wildcard (* and ?)"),
            ("regex", "Regular expression"),
        ],
        default="word",
    )
    action = models.CharField(
        max_length=8,
        choices=[
            ("block", "Block: refuse it, and tell the author why"),
            ("hold", "Hold for review"),
            ("flag", "Publish, but queue for review"),
        ],
        default="hold",
    )
    note = models.CharField(max_length=200, blank=True, help_text="Why this word is watched.")

    def __str__(self) -> str:
        return f"{self.pattern} ({self.get_action_display()})"

    def clean(self) -> None:
        try:
            screening.validate_watched_pattern(self.pattern, self.match)
        except ValueError as error:
            raise ValidationError({"pattern": str(error)}) from error

    def as_term(self) -> screening.WatchedTerm:
        return screening.WatchedTerm(
            pattern=self.pattern,
            # the fields' choices are exactly these
            match=cast(Literal["word", "wildcard", "regex"], self.match),
            action=cast(Literal["block", "hold", "flag"], self.action),
            id=self.pk,
        )


class LocalTerm(models.Model):
    """A local school, estate or group name that screening should treat as identifying."""

    text = models.CharField(max_length=120)
    kind = models.CharField(
        max_length=8,
        choices=[
            ("school", "School"),
            ("place", "Estate, area or town"),
            ("gang", "Group or gang"),
        ],
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["text", "kind"], name="unique_local_term")]

    def __str__(self) -> str:
        return self.text


class AllowedName(models.Model):
    """A word that looks like a personal name but is not one here (a false alarm to stop)."""

    name = models.CharField(max_length=60, unique=True)

    def __str__(self) -> str:
        return self.name


class Standing(models.Model):
    """A member's standing with moderation: how many contributions were approved."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_standing"
    )
    approved_count = models.PositiveIntegerField(default=0)
    rejected_count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Standing of member {self.member_id}"


class SanctionKind(models.TextChoices):
    WARN = "warn", "Warning"
    SILENCE = "silence", "Silenced (can read, cannot post)"
    SUSPEND = "suspend", "Suspended (cannot take part)"


class Sanction(models.Model):
    """A warning, silence or suspension of a member, for a period, with a reason."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sanctions"
    )
    kind = models.CharField(max_length=8, choices=SanctionKind.choices)
    reason = models.CharField(max_length=500)
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of member {self.member_id}"

    def is_active(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.starts_at <= now and (self.ends_at is None or now < self.ends_at)


class ReasonTemplate(models.Model):
    """A saved reason a moderator can pick when rejecting, written for the author to read."""

    code = models.SlugField(max_length=40, unique=True)
    text = models.CharField(max_length=500)

    def __str__(self) -> str:
        return self.code


class AppendOnlyError(Exception):
    """Raised when anything tries to change or delete an audit entry."""


class AuditQuerySet(LogEntryQuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit entries cannot be changed.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("Audit entries cannot be deleted.")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit entries cannot be changed.")


class AuditEntryManager(BaseLogEntryManager):
    def get_queryset(self) -> AuditQuerySet:
        return AuditQuerySet(self.model, using=self._db)

    def log_action(self, instance: models.Model, action: str, **kwargs: Any) -> AuditEntry:
        kwargs.setdefault("object_id", str(instance.pk))
        entry: AuditEntry = super().log_action(instance, action, **kwargs)
        return entry

    def for_instance(self, instance: models.Model) -> AuditQuerySet:
        entries: AuditQuerySet = self.filter(
            content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
            object_id=str(instance.pk),
        )
        return entries


class AuditEntry(BaseLogEntry):
    """The append-only trail of moderation: who did what to which content, when and why.

    It holds the actor, time, action (`moderation.*`, registered as Wagtail log actions so
    entries appear in the admin's history), a reason code, the target by content type and id,
    and a SHA-256 of the content's text at that moment, never the text or anyone's details.
    Nothing updates or deletes a row: the ORM refuses, and a database trigger refuses too.
    """

    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    reason_code = models.CharField(max_length=40, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)

    objects = AuditEntryManager()

    class Meta(BaseLogEntry.Meta):
        verbose_name = "audit entry"
        verbose_name_plural = "audit entries"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit entries cannot be deleted.")


@register_setting(icon="warning")
class ModerationSettings(BaseSiteSetting):
    """The rules staff tune without a deploy: how much is held, and when moderators are in."""

    hold_first_contributions = models.PositiveSmallIntegerField(
        default=3, help_text="A new member's first contributions are held until approved."
    )
    flags_to_hide = models.PositiveSmallIntegerField(
        default=3, help_text="Reports from this many different members hide content for review."
    )
    hours_start = models.TimeField(default=time(9, 0))
    hours_end = models.TimeField(default=time(21, 0))
    weekends = models.BooleanField(default=True, help_text="Moderators are in at weekends too.")
    on_call_email = models.EmailField(
        blank=True, help_text="Out of hours, urgent items are e-mailed here (no content, ever)."
    )

    panels = [
        FieldPanel("hold_first_contributions"),
        FieldPanel("flags_to_hide"),
        MultiFieldPanel(
            [FieldPanel("hours_start"), FieldPanel("hours_end"), FieldPanel("weekends")],
            heading="Moderation hours",
        ),
        FieldPanel("on_call_email"),
    ]

    class Meta:
        verbose_name = "moderation settings"
