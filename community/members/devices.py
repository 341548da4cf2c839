"""A member's signed-in devices: allauth's usersessions, with no address kept.

Sessions are Django's own (`cached_db`); allauth's `UserSession` rows say which of them belong
to which member, so a member can sign out everywhere (`/accounts/sessions/`, linked from the
account pages) and erasure can end every session of a member (`sessions_end`).

allauth would keep each device's IP address and full browser string. Nothing here keeps a
member's IP: every row is saved with `NO_ADDRESS` and a coarse label such as "Firefox on
Android" (`device_label`), however allauth or anything else writes it (`_without_address`,
connected to `pre_save`). `USERSESSIONS_TRACK_ACTIVITY` stays off, so no row is written on
every request either.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from allauth.usersessions.adapter import get_adapter
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import pre_save

if TYPE_CHECKING:
    from django.http import HttpRequest

    from community.models import User

# What a device's row holds instead of an address. allauth's column cannot be empty
# (PostgreSQL stores it as `inet`), so it holds the address that names no machine.
NO_ADDRESS = "0.0.0.0"  # noqa: S104 - stored as a placeholder, never bound to

# (label, words that name it), first match wins. Each label contains one of its own words, so a
# label read back is labelled the same again. Edge, Opera and Samsung's browser also say
# "Chrome", and Chrome says "Safari": they come first.
_BROWSERS = (
    ("Edge", ("Edg/", "EdgA/", "EdgiOS/", "Edge")),
    ("Opera", ("OPR/", "Opera")),
    ("Samsung Internet", ("SamsungBrowser", "Samsung Internet")),
    ("Firefox", ("Firefox", "FxiOS")),
    ("Chrome", ("Chrome", "CriOS", "Chromium")),
    ("Safari", ("Safari",)),
)
# Android says "Linux", iPhones and iPads say "Mac OS X", ChromeOS says "Linux" too.
_SYSTEMS = (
    ("Android", ("Android",)),
    ("iPhone", ("iPhone",)),
    ("iPad", ("iPad",)),
    ("Windows", ("Windows",)),
    ("ChromeOS", ("CrOS", "ChromeOS")),
    ("Mac", ("Macintosh", "Mac")),
    ("Linux", ("Linux",)),
)
UNKNOWN_BROWSER = "A browser"


def _first(text: str, choices: tuple[tuple[str, tuple[str, ...]], ...]) -> str | None:
    for label, words in choices:
        if any(word in text for word in words):
            return label
    return None


def device_label(user_agent: str) -> str:
    """A coarse name for a browser, such as "Firefox on Android": enough for a member to tell
    their devices apart, too little to single anyone out (no versions, no models)."""
    browser = _first(user_agent, _BROWSERS) or UNKNOWN_BROWSER
    system = _first(user_agent, _SYSTEMS)
    return f"{browser} on {system}" if system else browser


def _without_address(sender, instance: UserSession, **kwargs) -> None:
    """Before any device row is written: no address, and the browser as a coarse label."""
    instance.ip = NO_ADDRESS
    instance.user_agent = device_label(instance.user_agent or "")


def _list_device(sender, request: HttpRequest, user: User | None, **kwargs) -> None:
    """List the session of every sign-in, not only allauth's (which lists its own too): a
    session signed in another way (Django's `login`, a test client) must still be found and
    ended by "sign out everywhere" and by erasure."""
    session = getattr(request, "session", None)
    key = getattr(session, "session_key", None)
    if user is None or not key:
        return
    UserSession.objects.update_or_create(
        session_key=key,
        defaults={"user": user, "user_agent": request.META.get("HTTP_USER_AGENT", "")},
    )


def connect_device_signals() -> None:
    """Called once from `CommunityConfig.ready()`."""
    pre_save.connect(_without_address, sender=UserSession, dispatch_uid="device-no-address")
    user_logged_in.connect(_list_device, dispatch_uid="device-list")


def sessions_end(member_id: int, *, keep_session_key: str = "") -> int:
    """End every session of a member but the one kept (through allauth's adapter, which
    deletes each from the session store and its row); returns how many ended."""
    ended = list(
        UserSession.objects.filter(user_id=member_id).exclude(session_key=keep_session_key)
    )
    get_adapter().end_sessions(ended)
    return len(ended)


def devices_forget_ended() -> int:
    """Delete the rows of sessions that have ended (expired and cleared, or flushed); returns
    how many went."""
    # The engine's own table (`cached_db` keeps every live session there).
    stored = import_module(settings.SESSION_ENGINE).SessionStore.get_model_class()
    ended = UserSession.objects.exclude(session_key__in=stored.objects.values("session_key"))
    deleted, _ = ended.delete()
    return deleted
