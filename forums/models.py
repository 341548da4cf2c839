"""Boards, support circles, threads and posts.

A board is a space staff manage; a circle is a private board whose members only can see it.
A thread's visibility follows its opening post. Posts keep what the member typed and the HTML
the one sanitiser made from it; templates show only the HTML.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.search import index

from community.infra.sendonce import key_constraint, key_field
from moderation.models import ModeratedContent, ModeratedQuerySet, ModerationState


class Board(models.Model):
    """A place for threads. `is_circle` makes it a private support circle."""

    title = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    hold_everything = models.BooleanField(
        default=False, help_text="Hold every post here for review, whoever writes it."
    )
    is_circle = models.BooleanField(default=False)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="For circles: the member who runs it.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Set by the app that opened this board for its own discussion (a campaign's board says
    # "campaigns"): the rule registered under that name in `community.discussions` says who may
    # see it. Empty for the forums' own boards and circles, which need no one else's rule.
    access_rule = models.CharField(max_length=40, blank=True, default="", editable=False)

    class Meta:
        ordering = ["order", "title"]

    # Paths the forums use for their own pages: a board with one of these slugs would be hidden.
    RESERVED_SLUGS = frozenset(
        {"circles", "search", "post", "thread", "new", "drafts", "preferences"}
    )

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/forums/{self.slug}/"

    def clean(self) -> None:
        if self.slug in self.RESERVED_SLUGS:
            raise ValidationError(
                {"slug": "That address is used by the forums; please choose another."}
            )


class CircleMembership(models.Model):
    """A member's place in a circle: invited, asked to join, or in."""

    class State(models.TextChoices):
        INVITED = "invited", "Invited"
        REQUESTED = "requested", "Asked to join"
        ACTIVE = "active", "Member"

    circle = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circle_memberships"
    )
    state = models.CharField(max_length=10, choices=State.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["circle", "member"], name="one_membership_per_circle")
        ]

    def __str__(self) -> str:
        return f"Membership {self.pk} ({self.state})"


class Thread(index.Indexed, models.Model):
    """A conversation on a board. Seen by others once its opening post is published."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="threads")
    title = models.CharField(max_length=150)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_post_at = models.DateTimeField(default=timezone.now, db_index=True)
    locked = models.BooleanField(default=False)
    slow_mode_seconds = models.PositiveIntegerField(default=0)

    # Titles are searchable (Wagtail's backend, as posts are). Results are always filtered
    # through `forums.selectors` by what the searcher may see.
    search_fields = [
        index.SearchField("title"),
        index.FilterField("id"),
    ]

    class Meta:
        ordering = ["-last_post_at"]

    def __str__(self) -> str:
        return f"Thread {self.pk}"

    def get_absolute_url(self) -> str:
        return f"/forums/{self.board.slug}/{self.pk}/"


class PostQuerySet(ModeratedQuerySet):
    pass


class Post(index.Indexed, ModeratedContent):
    """One message in a thread. `body` is what the member typed; `body_html` is made from it by
    the one sanitiser at write time, so a page view renders stored HTML and writes nothing."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_opening = models.BooleanField(default=False)
    body = models.TextField()
    body_html = models.TextField()
    content_note = models.CharField(max_length=120, blank=True)
    quote_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    removed_by_author = models.BooleanField(default=False)
    # The composer's send key, saved with the post (a thread's opening post carries its
    # thread's): a re-sent form finds this post instead of making another
    # (community.infra.sendonce).
    send_key = key_field()

    # Replaces ModeratedContent's manager, as Django means a model's own to (mypy reads the
    # abstract base's as a class variable).
    objects = PostQuerySet.as_manager()  # type: ignore[misc]

    # Wagtail's search backend (PostgreSQL full text in production). Results are always
    # filtered through `forums.selectors` by what the searcher may see.
    search_fields = [
        index.SearchField("body"),
        index.FilterField("moderation_state"),
        index.FilterField("thread_id"),
        index.FilterField("removed_by_author"),
    ]

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["thread", "moderation_state", "created_at"])]
        constraints = [key_constraint(author_field="author", name="one_post_per_send_key")]

    def __str__(self) -> str:
        return f"Post {self.pk}"

    def get_absolute_url(self) -> str:
        return f"/forums/{self.thread.board.slug}/{self.thread_id}/#post-{self.pk}"


class PostRevision(models.Model):
    """An earlier text of an edited post, for moderators only."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Revision {self.pk} of post {self.post_id}"


class ThreadEvent(models.Model):
    """A numbered change in a thread (a post published, edited, hidden or removed).

    Live frames carry these ids; a tab that reconnects sends the last id it saw and gets what it
    missed from here, so nothing depends on the channel layer having delivered it.
    """

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="events")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["thread", "id"])]

    def __str__(self) -> str:
        return f"Event {self.pk} ({self.kind})"


PUBLISHED = ModerationState.PUBLISHED


class Reaction(models.Model):
    """A quiet sign of support on a published post. Pages show counts only, never who."""

    class Kind(models.TextChoices):
        NOT_ALONE = "not_alone", "You're not alone"
        THINKING = "thinking", "Thinking of you"
        THANKS = "thanks", "Thank you for sharing"
        SAME = "same", "Same here"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "member", "kind"], name="one_reaction_of_a_kind_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"Reaction {self.pk} ({self.kind})"


class ThreadWatch(models.Model):
    """A member following a thread (told about new replies) or muting it (never told)."""

    class Level(models.TextChoices):
        FOLLOWING = "following", "Following"
        MUTED = "muted", "Muted"

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="watches")
    level = models.CharField(max_length=10, choices=Level.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "thread"], name="one_watch_per_thread")
        ]
        indexes = [models.Index(fields=["thread", "level"])]

    def __str__(self) -> str:
        return f"Watch {self.pk} ({self.level})"


class ReadMarker(models.Model):
    """How far a member has read a thread: the newest ThreadEvent they have been shown.

    Events number publications, including a held post approved later, so such a post counts
    as unread even though it sits earlier in the thread. Written by one upsert per page view.
    """

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    last_read_event_id = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "thread"], name="one_read_marker_per_thread")
        ]

    def __str__(self) -> str:
        return f"Read marker {self.pk}"


class ForumPreferences(models.Model):
    """A member's own settings for the forums: muted words and the e-mail digest."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="forum_preferences",
    )
    muted_words = models.JSONField(default=list, blank=True)
    digest = models.BooleanField(default=False)
    digest_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "forum preferences"

    def __str__(self) -> str:
        return f"Forum preferences of member {self.member_id}"
