"""Read-side rules for members and the site frame."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.http.request import split_domain_port
from django.urls import reverse
from wagtail.models import Site

from community.members.names import skeleton
from community.models import Notification, SafetySettings, SignpostingPage, User


def _members_with_name_key(key: str) -> QuerySet[User]:
    # A member whose name came to look like an older member's when the look-alike rules grew
    # stricter keeps the key `<skeleton>~<id>` (migration 0014): they share the skeleton too.
    return User.objects.filter(Q(display_name_key=key) | Q(display_name_key__startswith=f"{key}~"))


def display_name_key_taken(key: str, *, exclude: User | None = None) -> bool:
    """Whether another member's display name shares this confusable skeleton."""
    members = _members_with_name_key(key)
    if exclude is not None and exclude.pk:
        members = members.exclude(pk=exclude.pk)
    return members.exists()


def member_by_display_name(name: str) -> User | None:
    """The member a display name, typed by another member, means: the one whose name has the
    same skeleton (case and look-alike letters ignored). Where two older members share one, only
    the exact name picks one of them; otherwise nobody (the caller asks for the exact name)."""
    members = list(_members_with_name_key(skeleton(name))[:10])
    if len(members) <= 1:
        return members[0] if members else None
    exact = [member for member in members if member.display_name.casefold() == name.casefold()]
    return exact[0] if len(exact) == 1 else None


def safety_settings(request: HttpRequest | None = None) -> SafetySettings:
    """The safety settings of the request's site (or the default site outside a request)."""
    if request is not None:
        found: SafetySettings = SafetySettings.for_request(request)
        return found
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    # No site yet (a fresh database before its first page): the defaults apply.
    return SafetySettings.for_site(site) if site else SafetySettings()


@dataclass(frozen=True)
class SiteFrame:
    """What every page's frame shows from the editors' settings: the name, the quick exit, the
    emergency line and where "Need help now?" goes."""

    organisation_name: str
    quick_exit_url: str
    emergency_text: str
    signposting_url: str


FRAME_CACHE_KEY = "community:site-frame:v1"
# Changes are forgotten at once (`forget_site_frame`); the expiry only bounds how stale the
# frame could get if that ever failed (a cache outage while an editor saved).
FRAME_SECONDS = 10 * 60
# The last frame this process made or read, per host: what the pages made without the database
# (400, 500, 503) use when the cache cannot be read either, so the quick exit still goes where
# staff chose. A change reaches it the next time this process serves a page.
_LAST_FRAMES: dict[str, SiteFrame] = {}


def _frame_host(request: HttpRequest) -> str:
    hostname, _ = split_domain_port(request.get_host())
    return f"{hostname}:{request.get_port()}"


def _build_frame(request: HttpRequest) -> SiteFrame:
    site = Site.find_for_request(request)
    # No site for this host (and no default one): the defaults apply, as in `safety_settings`.
    safety = SafetySettings.for_site(site) if site else SafetySettings()
    page = SignpostingPage.objects.live().only("url_path").first()
    help_url = (page.get_url(request) if page else None) or reverse("community:help")
    return SiteFrame(
        organisation_name=safety.organisation_name,
        quick_exit_url=safety.quick_exit_url,
        emergency_text=safety.emergency_text,
        signposting_url=help_url,
    )


def site_frame(request: HttpRequest) -> SiteFrame:
    """The request's site frame, without a query on most requests.

    Looking the site up by host name and reading its settings and the signposting page is
    three queries on every page. The frame changes only when an editor saves settings, a site
    or the signposting page (`forget_site_frame`), so it is kept in the shared cache, one
    entry for all hosts (so every worker sees a change at once).
    """
    # A page asks several times (the header, the footer, the help links): one look-up each.
    kept: SiteFrame | None = getattr(request, "_site_frame", None)
    if kept is not None:
        return kept
    host = _frame_host(request)
    frames: dict[str, SiteFrame] = cache.get(FRAME_CACHE_KEY) or {}
    frame = frames.get(host)
    if frame is None:
        frame = _build_frame(request)
        cache.set(FRAME_CACHE_KEY, {**frames, host: frame}, FRAME_SECONDS)
    request._site_frame = frame  # type: ignore[attr-defined]  # kept for the rest of the request
    _LAST_FRAMES[host] = frame
    return frame


def quick_exit_url_without_database(request: HttpRequest) -> str:
    """Where "Leave this site" goes on a page made without touching the database (the 400,
    500 and 503 pages): the frame kept in the cache, else the last one this process saw, else
    the settings' default. Never raises: these pages are what is shown when things fail."""
    try:
        host = _frame_host(request)
        frame = (cache.get(FRAME_CACHE_KEY) or {}).get(host) or _LAST_FRAMES.get(host)
    except Exception:  # a bad Host header or an unreachable cache: the default
        frame = None
    if frame is not None:
        return frame.quick_exit_url
    return str(SafetySettings._meta.get_field("quick_exit_url").default)


def forget_site_frame() -> None:
    """Called when settings, a site or the signposting page change: every host's frame is made
    again on its next request."""
    cache.delete(FRAME_CACHE_KEY)
    _LAST_FRAMES.clear()


def reserved_display_names(request: HttpRequest | None = None) -> list[str]:
    """Words nobody may take as, or inside, a display name: staff roles and our own name."""
    organisation = safety_settings(request).organisation_name
    return [*settings.RESERVED_DISPLAY_NAMES, organisation, settings.WAGTAIL_SITE_NAME]


def unread_notification_count_sql(member: User) -> tuple[str, list[Any]]:
    """`unread_notification_count` as a scalar subquery with its parameters, for a page that
    reads it together with its own values (one round trip)."""
    table = connection.ops.quote_name(Notification._meta.db_table)
    return (
        f"(SELECT COUNT(*) FROM {table} WHERE recipient_id = %s AND read_at IS NULL)",  # noqa: S608 - the model's table
        [member.pk],
    )


def unread_notification_count(member: User) -> int:
    """How many notifications the member has not read. In plain SQL: every signed-in page
    shows it (see community/infra/sql.py)."""
    query, params = unread_notification_count_sql(member)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {query}", params)
        count: int = cursor.fetchone()[0]
        return count


def notifications_for(member: User) -> QuerySet[Notification]:
    """The member's own notifications, newest first."""
    return Notification.objects.filter(recipient=member)
