"""`/ws/health/`: whether a live socket can be served now, asked by tabs waiting to reconnect.

A tab whose socket closed reconnects with a growing pause (up to 30 s), so a thousand tabs do
not knock at once; while it waits it asks here every few seconds, and as soon as the answer is
yes it starts again from the shortest pause (community/static/community/live-socket.js). So
tabs are live again within seconds of Redis or a Daphne process coming back.

Served next to the sockets (`/ws/` goes to Daphne behind the proxy; docs/deploy.md). No cookie
is needed, and the check itself (the channel layer takes a message, the database answers a
query) runs at most once a second per process, however many tabs ask.
"""

from __future__ import annotations

import asyncio
import time

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.db import connection
from django.http import HttpRequest, HttpResponseNotAllowed, JsonResponse

CHECK_EVERY = 1.0
CHECK_TIMEOUT = 3.0
_last = {"at": float("-inf"), "ok": False}


def _database_answers() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


async def _check() -> bool:
    try:
        layer = get_channel_layer()
        if layer is not None:
            await asyncio.wait_for(
                layer.group_send("live.health", {"type": "live.health"}), CHECK_TIMEOUT
            )
        await asyncio.wait_for(sync_to_async(_database_answers)(), CHECK_TIMEOUT)
    except Exception:
        return False
    return True


async def live_health(request: HttpRequest):
    """200 {"live": "ok"} when a socket can be served now, else 503 {"live": "unavailable"}."""
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    now = time.monotonic()
    if now - _last["at"] >= CHECK_EVERY:
        _last["ok"] = await _check()
        _last["at"] = time.monotonic()
    ok = _last["ok"]
    response = JsonResponse({"live": "ok" if ok else "unavailable"}, status=200 if ok else 503)
    response["Cache-Control"] = "no-store"
    if not ok:
        response["Retry-After"] = "3"
    return response
