"""Read-side rules for moderation: configuration, standing, sanctions, the desk's lists."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from wagtail.models import Site

from . import screening
from .models import (
    AllowedName,
    LocalTerm,
    ModerationSettings,
    QueueItem,
    QueueItemState,
    Sanction,
    SanctionKind,
    Standing,
    WatchedWord,
)


def moderation_settings() -> ModerationSettings:
    """The default site's moderation settings."""
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    # No site yet (a fresh database before its first page): the defaults apply.
    return ModerationSettings.for_site(site) if site else ModerationSettings()


def screening_config() -> screening.ScreeningConfig:
    """The moderators' lists as a screening configuration (hashable, so compiled once)."""
    return screening.ScreeningConfig(
        watched=tuple(word.as_term() for word in WatchedWord.objects.order_by("pk")),
        local_terms=tuple(
            screening.LocalTerm(text=term.text, kind=term.kind)
            for term in LocalTerm.objects.order_by("pk")
        ),
        allowed_names=frozenset(
            name.lower() for name in AllowedName.objects.values_list("name", flat=True)
        ),
    )


def can_moderate(user) -> bool:
    """Moderators and safeguarding leads (and superusers)."""
    return bool(user.is_authenticated and user.is_active and user.has_perm("moderation.moderate"))


def is_safeguarding_lead(user) -> bool:
    return bool(
        user.is_authenticated and user.is_active and user.has_perm("moderation.safeguarding")
    )


def standing_of(member) -> Standing:
    """The member's standing (an unsaved zero standing if they have none yet: reading never
    writes)."""
    return Standing.objects.filter(member=member).first() or Standing(member=member)


def active_sanctions(member, *, now: datetime | None = None) -> QuerySet[Sanction]:
    """Silences and suspensions in force now (warnings restrict nothing)."""
    now = now or timezone.now()
    return Sanction.objects.filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=now),
        member=member,
        starts_at__lte=now,
        kind__in=[SanctionKind.SILENCE, SanctionKind.SUSPEND],
    )


# A member's restricting sanctions, kept briefly in the shared cache: every signed-in page
# asks whether its reader is suspended. Saving or deleting a sanction forgets the entry at
# once (`forget_sanctions`); the expiry only bounds how stale it can be if that failed.
SANCTIONS_SECONDS = 30


def sanctions_key(member_id: int) -> str:
    """The cache key of a member's silences and suspensions (`_restrictions`)."""
    return f"moderation:restrictions:{member_id}"


def _restrictions(member) -> list[tuple[str, datetime, datetime | None]]:
    """(kind, starts_at, ends_at) of the member's silences and suspensions that have not
    ended, from the cache or one query. Never kept on the member object: a socket holds its
    member for hours, and must see a suspension made meanwhile."""
    key = sanctions_key(member.pk)
    held = cache.get(key)
    if held is None:
        now = timezone.now()
        held = list(
            Sanction.objects.filter(
                Q(ends_at__isnull=True) | Q(ends_at__gt=now),
                member=member,
                kind__in=[SanctionKind.SILENCE, SanctionKind.SUSPEND],
            ).values_list("kind", "starts_at", "ends_at")
        )
        cache.set(key, held, SANCTIONS_SECONDS)
    return held


def forget_sanctions(member_id: int) -> None:
    """Called when a sanction is saved or deleted."""
    cache.delete(sanctions_key(member_id))


def is_suspended(member) -> bool:
    """Whether a suspension is in force now (one that starts later, or has ended, is not)."""
    now = timezone.now()
    return any(
        kind == SanctionKind.SUSPEND and starts_at <= now and (ends_at is None or ends_at > now)
        for kind, starts_at, ends_at in _restrictions(member)
    )


def in_moderation_hours(now: datetime | None = None) -> bool:
    """Whether moderators are in now, by the settings' hours (site time zone)."""
    config = moderation_settings()
    local = timezone.localtime(now or timezone.now())
    if local.weekday() >= 5 and not config.weekends:
        return False
    return config.hours_start <= local.time() < config.hours_end


def next_review_time(now: datetime | None = None) -> datetime:
    """When held items will next be looked at: now if moderators are in, else when they start."""
    now = now or timezone.now()
    if in_moderation_hours(now):
        return now
    config = moderation_settings()
    local = timezone.localtime(now)
    day = local.date() if local.time() < config.hours_start else local.date() + timedelta(days=1)
    for _ in range(8):
        if day.weekday() < 5 or config.weekends:
            break
        day += timedelta(days=1)
    naive = datetime.combine(day, config.hours_start)
    return timezone.make_aware(naive, timezone.get_current_timezone())


def waiting_items() -> QuerySet[QueueItem]:
    """The desk's queue: urgent first, then oldest."""
    return (
        QueueItem.objects.filter(state=QueueItemState.WAITING)
        .select_related("author", "claimed_by", "content_type")
        .order_by("-urgent", "created_at", "pk")
    )


def author_history(author_ids: list[int]) -> dict[int, dict[str, int]]:
    """Decided item counts per author, in one query (for the desk's author column)."""
    rows = (
        QueueItem.objects.filter(author_id__in=author_ids)
        .values("author_id")
        .annotate(
            approved=Count("pk", filter=Q(state=QueueItemState.APPROVED)),
            rejected=Count("pk", filter=Q(state=QueueItemState.REJECTED)),
            hidden=Count("pk", filter=Q(state=QueueItemState.HIDDEN)),
        )
    )
    return {row["author_id"]: row for row in rows}
