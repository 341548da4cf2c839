"""What stands in front of `LiveConsumer` on `/ws/` (composed in community/config/asgi.py).

In the order a socket meets them:

- `CleanClose`: the channel layer or the database being unreachable ends the socket with a
  close frame the tab understands (4013, "try again later", before it opened; 4001, "catch
  up", after), logged in one line, instead of a 500 and a traceback.
- `SameOriginOnly`: the page opening the socket must be this site, exactly: the Origin header's
  scheme, host and port equal the ones the socket was opened to (the Host header, checked
  against ALLOWED_HOSTS; https when the connection or the proxy's SECURE_PROXY_SSL_HEADER says
  so), or one of CSRF_TRUSTED_ORIGINS written out in full. Another port or scheme on the same
  host is another site, and browsers send the member's cookies to it too. Refused at the
  handshake (403).
- channels' `AuthMiddlewareStack`: the member, from the session cookie.
- `MembersOnly`: every topic is for members, so a visitor (no session, a forged or ended one,
  a suspended member) is refused at the handshake (403), before a channel is made for them.
- `SocketCap`: at most LIVE_MAX_SOCKETS_PER_MEMBER open sockets per member, counted in the
  cache (Redis in production, so across every Daphne process). Each socket holds a numbered
  slot, an entry that expires unless refreshed (so a crashed process frees its slots within
  LIVE_SOCKET_SLOT_SECONDS) and is deleted when the socket ends. One over the cap is accepted
  and closed at once with 4008, so the tab can say why instead of retrying.

Frames larger than the application reads are stopped before this, by Daphne itself
(`community.live.consumers.DAPHNE_OPTIONS`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from typing import Any
from urllib.parse import urlsplit

from asgiref.sync import sync_to_async
from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.http.request import split_domain_port, validate_host

logger = logging.getLogger(__name__)

# Close codes (besides those of community.live.consumers).
# The server cannot serve a socket now: RFC 6455's 1013 "try again later", in the range an
# application may send (autobahn refuses 1013 itself from a server).
CLOSE_TRY_AGAIN = 4013
CLOSE_TOO_MANY = 4008  # this member has too many sockets open

# What an outage of the channel layer (Redis) or the database raises.
UNREACHABLE: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    ConnectionError,  # refused or reset, and the layer's ReconnectedError
    TimeoutError,
)
try:
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError
except ImportError:  # pragma: no cover - without the redis extra there is no Redis to lose
    pass
else:
    UNREACHABLE = (*UNREACHABLE, RedisConnectionError, RedisTimeoutError)


class CleanClose:
    """Ends a socket cleanly when what serves it is unreachable (see the module)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        state = {"accepted": False, "closed": False}

        async def watched_send(message: dict[str, Any]) -> None:
            if message["type"] == "websocket.accept":
                state["accepted"] = True
            elif message["type"] == "websocket.close":
                state["closed"] = True
            await send(message)

        try:
            await self.app(scope, receive, watched_send)
        except UNREACHABLE as error:
            # The kind only: a database error's message can quote a row.
            logger.warning(
                "A live socket was closed: %s could not be reached (%s).",
                "the database" if isinstance(error, OperationalError | InterfaceError) else
                "the channel layer",
                type(error).__name__,
            )  # fmt: skip
            if state["closed"]:
                return
            from community.live.consumers import CLOSE_CATCH_UP

            with contextlib.suppress(Exception):  # the tab may have gone already
                if state["accepted"]:
                    await send({"type": "websocket.close", "code": CLOSE_CATCH_UP})
                else:
                    await send({"type": "websocket.accept"})
                    await send({"type": "websocket.close", "code": CLOSE_TRY_AGAIN})


def _headers(scope) -> dict[str, str]:
    return {
        name.decode("latin1").lower(): value.decode("latin1")
        for name, value in scope.get("headers", [])
    }


def _origin_parts(origin: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an origin, the port filled in from the scheme; None if it is
    not an http(s) origin with a host."""
    try:
        parts = urlsplit(origin)
        port = parts.port
    except ValueError:
        return None
    scheme = (parts.scheme or "").lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        return None
    return scheme, parts.hostname.lower(), port or (443 if scheme == "https" else 80)


def _is_secure(scope, headers: dict[str, str]) -> bool:
    if scope.get("scheme") in ("wss", "https"):
        return True
    proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if not proxy:
        return False
    name, secure_value = proxy
    name = name.removeprefix("HTTP_").replace("_", "-").lower()
    value = headers.get(name)
    return value is not None and value.split(",", 1)[0].strip() == secure_value


def expected_origins(scope) -> set[tuple[str, str, int]]:
    """The origins a page of this site opening this socket can have."""
    headers = _headers(scope)
    allowed: set[tuple[str, str, int]] = set()
    for trusted in settings.CSRF_TRUSTED_ORIGINS:
        if "*" not in trusted and (parts := _origin_parts(trusted)):
            allowed.add(parts)
    host = headers.get("host", "")
    if settings.USE_X_FORWARDED_HOST and headers.get("x-forwarded-host"):
        host = headers["x-forwarded-host"].split(",")[-1].strip()
    domain, _port = split_domain_port(host)
    if domain and validate_host(domain, settings.ALLOWED_HOSTS):
        scheme = "https" if _is_secure(scope, headers) else "http"
        if parts := _origin_parts(f"{scheme}://{host}"):
            allowed.add(parts)
    return allowed


class SameOriginOnly:
    """Refuses a socket whose Origin is not exactly this site (see the module)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        origin = _headers(scope).get("origin", "")
        parts = _origin_parts(origin) if origin else None
        if parts is None or parts not in expected_origins(scope):
            return await WebsocketDenier()(scope, receive, send)
        return await self.app(scope, receive, send)


class MembersOnly:
    """Refuses a socket without a signed-in, active member (see the module)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        user = scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active:
            return await WebsocketDenier()(scope, receive, send)
        return await self.app(scope, receive, send)


# --- Sockets per member ---------------------------------------------------------------------


def _slot_key(member_id: int, slot: int) -> str:
    return f"live-socket:{member_id}:{slot}"


def slot_claim(member_id: int, token: str) -> str | None:
    """A free slot for one more socket of this member, now held by `token`; None if every
    one of the LIVE_MAX_SOCKETS_PER_MEMBER slots is held. While the cache cannot be reached,
    claims succeed (it fails soft): the cap is a guard, not a reason to refuse members."""
    keys = [_slot_key(member_id, slot) for slot in range(settings.LIVE_MAX_SOCKETS_PER_MEMBER)]
    held = cache.get_many(keys)
    for key in keys:
        if key not in held and cache.add(key, token, settings.LIVE_SOCKET_SLOT_SECONDS):
            return key
    return None


def slot_keep(key: str, token: str) -> None:
    """Keep holding a slot (its entry would expire otherwise)."""
    if not cache.touch(key, settings.LIVE_SOCKET_SLOT_SECONDS):
        cache.add(key, token, settings.LIVE_SOCKET_SLOT_SECONDS)


def slot_release(key: str, token: str) -> None:
    """Free a slot, if it is still this socket's."""
    if cache.get(key) == token:
        cache.delete(key)


class SocketCap:
    """At most LIVE_MAX_SOCKETS_PER_MEMBER sockets per member at once (see the module)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        member_id = scope["user"].pk
        token = secrets.token_hex(8)
        key = await sync_to_async(slot_claim, thread_sensitive=False)(member_id, token)
        if key is None:
            message = await receive()
            if message["type"] == "websocket.connect":
                await send({"type": "websocket.accept"})
                await send({"type": "websocket.close", "code": CLOSE_TOO_MANY})
            return
        keeper = asyncio.ensure_future(self._keep(key, token))
        try:
            await self.app(scope, receive, send)
        finally:
            keeper.cancel()
            try:
                await sync_to_async(slot_release, thread_sensitive=False)(key, token)
            except Exception:
                # It expires by itself.
                logger.warning("Could not free a live socket's slot.", exc_info=True)

    @staticmethod
    async def _keep(key: str, token: str) -> None:
        every = settings.LIVE_SOCKET_SLOT_SECONDS / 3
        while True:
            await asyncio.sleep(every)
            try:
                await sync_to_async(slot_keep, thread_sensitive=False)(key, token)
            except Exception:
                logger.warning("Could not keep a live socket's slot.", exc_info=True)
