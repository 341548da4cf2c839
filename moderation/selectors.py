"""Read-side rules for moderation: configuration, standing, sanctions, the desk's lists."""

from __future__ import annotations

import functools
import hashlib
import hmac
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from wagtail.models import Site

from community.infra.sql import convert

from . import screening
from .models import (
    AllowedName,
    DetailTag,
    LocalTerm,
    ModerationSettings,
    ModerationState,
    QueueItem,
    QueueItemState,
    Sanction,
    SanctionKind,
    Standing,
    WatchedWord,
)
from .registry import adapter_for
from .screening import combinations
from .screening.types import identifying as identifying_finding

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from community.models import User

_T = TypeVar("_T")

# The site's moderation configuration (settings, watched words, local terms, allowed names)
# changes a few times a year and is read by every submission: each process keeps what it read
# under a version number kept in the shared cache, which saving or deleting any of it moves on
# (`forget_config`, connected in `apps.py`). Reading it costs one cache GET, not five queries.
CONFIG_VERSION_KEY = "moderation:config-version"
_kept_config: dict[str, tuple[int, Any]] = {}


def _fresh_version() -> int:
    # A number the cache cannot have held before: if the counter is lost (evicted, a Redis
    # restart), it starts again above every earlier one, so no process keeps an old copy.
    return time.time_ns() // 1000


def _config_version() -> int:
    version = cache.get(CONFIG_VERSION_KEY)
    if version is None:
        cache.add(CONFIG_VERSION_KEY, _fresh_version(), None)
        version = cache.get(CONFIG_VERSION_KEY) or _fresh_version()
    return int(version)


def _bump_config_version() -> None:
    _kept_config.clear()
    try:
        cache.incr(CONFIG_VERSION_KEY)
    except ValueError:  # no counter (never made, or lost): a fresh one
        cache.set(CONFIG_VERSION_KEY, _fresh_version(), None)


def forget_config(**kwargs: Any) -> None:
    """Called when moderation's configuration is saved or deleted: every process reads it
    again. Now, and again after the commit, so a process reading in between cannot keep the
    old version under the new number."""
    _bump_config_version()
    transaction.on_commit(_bump_config_version)


def _kept(name: str, load: Callable[[], _T]) -> _T:
    version = _config_version()
    kept = _kept_config.get(name)
    if kept is not None and kept[0] == version:
        return cast(_T, kept[1])
    value = load()
    _kept_config[name] = (version, value)
    return value


def _load_moderation_settings() -> ModerationSettings:
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    # No site yet (a fresh database before its first page): the defaults apply.
    return ModerationSettings.for_site(site) if site else ModerationSettings()


def moderation_settings() -> ModerationSettings:
    """The default site's moderation settings (kept per process; read them, never change
    the object returned)."""
    return _kept("settings", _load_moderation_settings)


def screening_config() -> screening.ScreeningConfig:
    """The moderators' lists as a screening configuration (hashable, so compiled once; kept
    per process like the settings)."""
    return _kept("screening", _load_screening_config)


def _load_screening_config() -> screening.ScreeningConfig:
    return screening.ScreeningConfig(
        watched=tuple(word.as_term() for word in WatchedWord.objects.order_by("pk")),
        local_terms=tuple(
            # the field's choices are exactly these
            screening.LocalTerm(
                text=term.text, kind=cast(Literal["school", "place", "gang"], term.kind)
            )
            for term in LocalTerm.objects.order_by("pk")
        ),
        allowed_names=frozenset(
            name.lower() for name in AllowedName.objects.values_list("name", flat=True)
        ),
    )


def can_moderate(user: User | AnonymousUser) -> bool:
    """Moderators and safeguarding leads (and superusers)."""
    return bool(user.is_authenticated and user.is_active and user.has_perm("moderation.moderate"))


def is_safeguarding_lead(user: User | AnonymousUser) -> bool:
    return bool(
        user.is_authenticated and user.is_active and user.has_perm("moderation.safeguarding")
    )


def standing_of(member: User) -> Standing:
    """The member's standing (an unsaved zero standing if they have none yet: reading never
    writes)."""
    return Standing.objects.filter(member=member).first() or Standing(member=member)


@dataclass(frozen=True)
class Contributor:
    """What decides whether a member may contribute now and whether it is held as a newcomer's:
    their silence or suspension in force (the one that ends last, suspensions first) and how
    many of their contributions moderators approved."""

    restricted: bool
    restricted_until: datetime | None
    approved_count: int


def contributor(member: User, *, now: datetime | None = None) -> Contributor:
    """`active_sanctions`' rule and `standing_of`'s count for one member, in one query read
    from the database every time (never the cache): a suspension made a moment ago must stop
    the next post. Plain SQL, as every submission runs it: the ORM's version of this query
    cost twice the CPU of the two simple ones it replaces (`community.infra.sql`)."""
    at = connection.ops.adapt_datetimefield_value(now or timezone.now())
    sql = _contributor_sql()
    restricting: list[Any] = [member.pk, SanctionKind.SILENCE, SanctionKind.SUSPEND, at, at]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*restricting, *restricting, member.pk])
        row = cursor.fetchone()
    sanction_id, ends_at, approved = row if row is not None else (None, None, 0)
    return Contributor(
        restricted=sanction_id is not None,
        restricted_until=convert(Sanction, "ends_at", ends_at),
        approved_count=int(approved),
    )


@functools.cache
def _contributor_sql() -> str:
    quote = connection.ops.quote_name
    sanctions, standing = quote(Sanction._meta.db_table), quote(Standing._meta.db_table)
    # The silence or suspension in force that weighs most: suspensions first ("suspend" sorts
    # after "silence"), then the one that ends last (none: never).
    restricting = (
        f"FROM {sanctions} WHERE member_id = %s AND kind IN (%s, %s) AND starts_at <= %s "
        "AND (ends_at IS NULL OR ends_at > %s) "
        "ORDER BY kind DESC, ends_at IS NOT NULL, ends_at DESC LIMIT 1"
    )
    sql = (
        f"SELECT (SELECT id {restricting}), (SELECT ends_at {restricting}), "  # noqa: S608 - names from the models
        f"COALESCE((SELECT approved_count FROM {standing} WHERE member_id = %s), 0)"
    )
    return sql


def active_sanctions(member: User, *, now: datetime | None = None) -> QuerySet[Sanction]:
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


def _restrictions(member: User) -> list[tuple[str, datetime, datetime | None]]:
    """(kind, starts_at, ends_at) of the member's silences and suspensions that have not
    ended, from the cache or one query. Never kept on the member object: a socket holds its
    member for hours, and must see a suspension made meanwhile."""
    key = sanctions_key(member.pk)
    held: list[tuple[str, datetime, datetime | None]] | None = cache.get(key)
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


def is_suspended(member: User) -> bool:
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
    return {
        row["author_id"]: {
            "author_id": row["author_id"],
            "approved": row["approved"],
            "rejected": row["rejected"],
            "hidden": row["hidden"],
        }
        for row in rows
    }


# --- A member's published details (jigsaw identification) -------------------------------------

# At most this many of a member's newest tags are read: enough for years of posting.
HISTORY_TAGS = 2000


def detail_tag_key() -> bytes:
    """The key that hashes detail tags: derived from the site's secret, for this use only."""
    return hmac.new(
        settings.SECRET_KEY.encode(), b"moderation.detail-tags", hashlib.sha256
    ).digest()


def source_hash(text: str) -> str:
    """A keyed hash of an item's whole text, to notice when it changes (never the text)."""
    return hmac.new(detail_tag_key(), text.encode("utf-8", "replace"), hashlib.sha256).hexdigest()


def _published_sources(pairs: set[tuple[int, str]]) -> set[tuple[int, str]]:
    """Of (content type id, object id) pairs, those whose content is still published: one query
    per kind of content, through its adapter (a tag left behind by anything counts for
    nothing)."""
    by_type: dict[int, list[str]] = defaultdict(list)
    for type_id, object_id in pairs:
        by_type[type_id].append(object_id)
    live: set[tuple[int, str]] = set()
    for type_id, object_ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        try:
            adapter = adapter_for(model)
        except KeyError:
            continue
        published = model._default_manager.filter(
            pk__in=object_ids, **{adapter.state_field: ModerationState.PUBLISHED}
        ).values_list("pk", flat=True)
        live.update((type_id, str(pk)) for pk in published)
    return live


def earlier_tags(member: User | None, *, exclude: Any = None) -> list[combinations.EarlierTag]:
    """The details of what `member` has had published, newest first, as tags (kind, weight,
    keyed hash), each with its source (content type id, object id); never words. Only items
    still published count; `exclude` (an item being edited) does not count."""
    if member is None or not getattr(member, "is_authenticated", False):
        return []
    rows = list(
        DetailTag.objects.filter(member=member)
        .order_by("-created_at", "-pk")
        .values_list("content_type_id", "object_id", "kind", "weight", "digest")[:HISTORY_TAGS]
    )
    if exclude is not None and exclude.pk is not None:
        skip = (ContentType.objects.get_for_model(exclude).pk, str(exclude.pk))
        rows = [row for row in rows if (row[0], row[1]) != skip]
    if not rows:
        return []
    live = _published_sources({(row[0], row[1]) for row in rows})
    return [
        combinations.EarlierTag(kind=kind, weight=weight, digest=digest, source=(type_id, oid))
        for type_id, oid, kind, weight, digest in rows
        if (type_id, oid) in live
    ]


def earlier_items(item: QueueItem) -> list[dict[str, Any]]:
    """The earlier items a queue item's combination points to, for the desk: each one's title
    and link (through its adapter), or that it is no longer there."""
    out = []
    for pointer in item.earlier or []:
        try:
            content_type = ContentType.objects.get_for_id(pointer["content_type"])
            model = content_type.model_class()
            obj = model._default_manager.filter(pk=pointer["object_id"]).first() if model else None
            adapter = adapter_for(obj) if obj is not None else None
        except (KeyError, ContentType.DoesNotExist, TypeError, ValueError):
            obj = adapter = None
        if obj is None or adapter is None:
            out.append({"title": "An item that is no longer there", "url": "", "state": ""})
            continue
        out.append(
            {
                "title": adapter.title(obj),
                "url": adapter.url(obj),
                "state": getattr(obj, adapter.state_field, ""),
            }
        )
    return out


def history_findings(item: QueueItem, text: str) -> list[screening.Finding]:
    """The combination findings that the author's history added when the item was screened
    (screening the text again finds only the item's own), while the text is unchanged."""
    from .services import content_hash  # the one definition of the hash the item keeps

    if not item.earlier or item.content_hash != content_hash(text):
        return []
    return [
        identifying_finding("combination", f["start"], f["end"], rule="combination-history")
        for f in item.findings
        if f.get("history") and 0 <= f.get("start", -1) < f.get("end", -1) <= len(text)
    ]
