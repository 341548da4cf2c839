"""The live socket, hardened (issue 17, point 6), through the real stack.

Sockets go through `community.config.asgi.application` (WebsocketCommunicator), or over TCP to
real Daphne processes started as production starts them (tests/reliability/servers.py):

- the origin must be this site exactly: scheme, host and port;
- visitors (no session cookie, a forged or tampered one) are refused at the handshake;
- a member has at most LIVE_MAX_SOCKETS_PER_MEMBER sockets open, across processes, freed when
  one closes, and freed by expiry when a process dies holding them;
- a frame far over the application's 4 KB closes the socket (1009) as soon as its header is
  read, never read whole;
- Redis down at the handshake closes the socket cleanly (4013, "try again later"), no 500;
- tabs reconnect within seconds of `/ws/health/` saying the server is healthy again
  (community/static/community/live-socket.js, run by node on a pretend clock).
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import struct
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import connections
from django.test import Client

from community.config.asgi import application
from community.live import views as views_live
from community.live.channel_layer import redis_layers
from community.live.consumers import DAPHNE_OPTIONS, MAX_FRAME_BYTES, MAX_MESSAGE_BYTES
from community.live.socket_guards import CLOSE_TOO_MANY, CLOSE_TRY_AGAIN, slot_claim
from community.models import User
from tests.factories import UserFactory
from tests.reliability.servers import (
    HOST,
    PROJECT,
    RedisServer,
    free_port,
    redis_server_missing,
    session_cookie_value,
    start_worker,
)
from tests.reliability.wsclient import TEXT, Closed, WebSocket

pytestmark = pytest.mark.django_db(transaction=True)

SAME_ORIGIN = (b"origin", b"http://testserver")
HOST_HEADER = (b"host", b"testserver")


def cookie_for(user: User) -> tuple[bytes, bytes]:
    client = Client()
    client.force_login(user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    return (b"cookie", f"{settings.SESSION_COOKIE_NAME}={key}".encode())


async def handshake(headers) -> tuple[bool, WebsocketCommunicator]:
    communicator = WebsocketCommunicator(application, "/ws/", headers=headers)
    connected, _ = await communicator.connect(timeout=5)
    return connected, communicator


async def accepted(headers) -> bool:
    connected, communicator = await handshake(headers)
    await communicator.disconnect()
    return connected


async def usable(communicator: WebsocketCommunicator) -> bool:
    await communicator.send_json_to({"action": "ping"})
    return await communicator.receive_json_from(timeout=5) == {"type": "pong"}


@pytest.fixture
def member() -> User:
    return UserFactory(display_name="Watchful Wren")


@pytest.fixture
def member_cookie(member) -> tuple[bytes, bytes]:
    return cookie_for(member)


# --- Exact origin -------------------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "origin",
    [
        pytest.param(b"http://testserver:8080", id="another-port"),
        pytest.param(b"https://testserver", id="another-scheme"),
        pytest.param(b"https://testserver:80", id="another-scheme-same-port"),
        pytest.param(b"http://testserver:443", id="the-https-port-over-http"),
        pytest.param(b"ws://testserver", id="a-websocket-scheme"),
        pytest.param(b"null", id="null"),
        pytest.param(b"http://testserver/forums/", id="with-a-path"),
        pytest.param(b"http://user@testserver", id="with-a-user"),
        pytest.param(b"http://localhost", id="another-allowed-host"),
        pytest.param(b"http://testserver.evil.example", id="lookalike"),
        pytest.param(b"http://[::1", id="malformed"),
    ],
)
async def test_a_socket_from_another_scheme_port_or_host_is_refused(member_cookie, origin):
    assert await accepted([(b"origin", origin), HOST_HEADER, member_cookie]) is False


@pytest.mark.asyncio
async def test_the_sites_own_origin_is_accepted_with_or_without_the_default_port(member_cookie):
    assert await accepted([SAME_ORIGIN, HOST_HEADER, member_cookie]) is True
    assert await accepted([(b"origin", b"http://testserver:80"), HOST_HEADER, member_cookie])
    assert await accepted(
        [(b"origin", b"http://127.0.0.1:8123"), (b"host", b"127.0.0.1:8123"), member_cookie]
    )
    # The same page on another port is another site, whatever its Host header says.
    assert not await accepted(
        [(b"origin", b"http://127.0.0.1:8124"), (b"host", b"127.0.0.1:8123"), member_cookie]
    )


@pytest.mark.asyncio
async def test_a_host_not_in_allowed_hosts_is_refused_even_with_a_matching_origin(member_cookie):
    headers = [(b"origin", b"http://evil.example"), (b"host", b"evil.example"), member_cookie]
    assert await accepted(headers) is False


@pytest.mark.asyncio
async def test_behind_the_tls_proxy_only_the_https_origin_is_accepted(settings, member_cookie):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    proxied = (b"x-forwarded-proto", b"https")
    https = (b"origin", b"https://testserver")
    assert await accepted([https, HOST_HEADER, proxied, member_cookie]) is True
    assert await accepted([SAME_ORIGIN, HOST_HEADER, proxied, member_cookie]) is False
    # Without the proxy's word the connection is plain, so an https page is another site.
    assert await accepted([https, HOST_HEADER, member_cookie]) is False


@pytest.mark.asyncio
async def test_a_trusted_origin_counts_only_as_written(settings, member_cookie):
    settings.CSRF_TRUSTED_ORIGINS = ["https://voices.example.org"]
    trusted = (b"origin", b"https://voices.example.org")
    assert await accepted([trusted, HOST_HEADER, member_cookie]) is True
    other_port = (b"origin", b"https://voices.example.org:8443")
    assert await accepted([other_port, HOST_HEADER, member_cookie]) is False


# --- Visitors refused at the handshake ----------------------------------------------------------


@pytest.mark.asyncio
async def test_a_stranger_without_a_session_is_refused_at_the_handshake():
    connected, communicator = await handshake([SAME_ORIGIN, HOST_HEADER])
    assert connected is False
    await communicator.disconnect()


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "value",
    [
        pytest.param("0123456789abcdefghijklmnopqrstuv", id="made-up"),
        pytest.param("", id="empty"),
        pytest.param("x" * 5000, id="huge"),
        pytest.param("../../etc/passwd", id="path"),
        pytest.param("' OR 1=1 --", id="sql"),
    ],
)
async def test_a_forged_session_cookie_is_refused_at_the_handshake(value):
    cookie = (b"cookie", f"{settings.SESSION_COOKIE_NAME}={value}".encode())
    assert await accepted([SAME_ORIGIN, HOST_HEADER, cookie]) is False


@pytest.mark.asyncio
async def test_a_real_session_key_with_one_character_changed_is_refused(member_cookie):
    name, _, key = member_cookie[1].decode().partition("=")
    tampered = key[:-1] + ("a" if key[-1] != "a" else "b")
    cookie = (b"cookie", f"{name}={tampered}".encode())
    assert await accepted([SAME_ORIGIN, HOST_HEADER, cookie]) is False
    assert await accepted([SAME_ORIGIN, HOST_HEADER, member_cookie]) is True


@pytest.mark.asyncio
async def test_a_signed_out_or_suspended_member_is_refused_at_the_handshake(member):
    cookie = await sync_to_async(cookie_for)(member)
    assert await accepted([SAME_ORIGIN, HOST_HEADER, cookie]) is True
    await User.objects.filter(pk=member.pk).aupdate(is_active=False)
    assert await accepted([SAME_ORIGIN, HOST_HEADER, cookie]) is False


# --- Sockets per member -------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_the_socket_over_the_members_cap_is_closed_at_once_and_a_freed_slot_is_reused(
    member, member_cookie
):
    cap = settings.LIVE_MAX_SOCKETS_PER_MEMBER
    assert cap == 8
    headers = [SAME_ORIGIN, HOST_HEADER, member_cookie]
    sockets = []
    try:
        for _ in range(cap):
            connected, communicator = await handshake(headers)
            sockets.append(communicator)
            assert connected
        for communicator in sockets:
            assert await usable(communicator)

        connected, extra = await handshake(headers)
        # Closed before it could be used, with the code that tells the tab why.
        assert connected is True
        assert await extra.receive_output(timeout=2) == {
            "type": "websocket.close",
            "code": CLOSE_TOO_MANY,
        }
        await extra.disconnect()

        # Another member is not affected.
        other = await sync_to_async(UserFactory)()
        assert await accepted([SAME_ORIGIN, HOST_HEADER, await sync_to_async(cookie_for)(other)])

        # One tab closes: its slot is free again.
        await sockets.pop().disconnect()
        await asyncio.sleep(0.2)
        connected, again = await handshake(headers)
        sockets.append(again)
        assert connected and await usable(again)
    finally:
        for communicator in sockets:
            await communicator.disconnect()


@pytest.mark.asyncio
async def test_slots_held_by_a_crashed_process_free_themselves(settings, member, member_cookie):
    settings.LIVE_SOCKET_SLOT_SECONDS = 1
    # A process that died holding every slot of this member (it never freed them).
    for _ in range(settings.LIVE_MAX_SOCKETS_PER_MEMBER):
        assert await sync_to_async(slot_claim)(member.pk, "crashed") is not None
    connected, refused = await handshake([SAME_ORIGIN, HOST_HEADER, member_cookie])
    assert (await refused.receive_output(timeout=2))["code"] == CLOSE_TOO_MANY
    await refused.disconnect()

    await asyncio.sleep(1.5)
    connected, communicator = await handshake([SAME_ORIGIN, HOST_HEADER, member_cookie])
    try:
        assert connected and await usable(communicator)
    finally:
        await communicator.disconnect()


@pytest.mark.asyncio
async def test_an_open_socket_keeps_its_slot_past_the_expiry(settings, member, member_cookie):
    settings.LIVE_SOCKET_SLOT_SECONDS = 2  # whole seconds: Redis rounds a timeout down
    settings.LIVE_MAX_SOCKETS_PER_MEMBER = 1
    connected, first = await handshake([SAME_ORIGIN, HOST_HEADER, member_cookie])
    try:
        assert connected
        await asyncio.sleep(4.5)  # the slot was refreshed meanwhile
        connected, second = await handshake([SAME_ORIGIN, HOST_HEADER, member_cookie])
        assert (await second.receive_output(timeout=2))["code"] == CLOSE_TOO_MANY
        await second.disconnect()
        assert await usable(first)
    finally:
        await first.disconnect()


# --- The channel layer down at the handshake ----------------------------------------------------


@pytest.mark.asyncio
async def test_a_socket_opened_while_redis_is_unreachable_is_closed_cleanly(
    settings, member_cookie, caplog
):
    settings.CHANNEL_LAYERS = redis_layers(f"redis://{HOST}:{free_port()}/0", prefix="gone")
    connected, communicator = await handshake([SAME_ORIGIN, HOST_HEADER, member_cookie])
    try:
        assert connected is True
        assert await communicator.receive_output(timeout=5) == {
            "type": "websocket.close",
            "code": CLOSE_TRY_AGAIN,
        }
    finally:
        await communicator.disconnect()
    assert "could not be reached" in caplog.text
    assert "Traceback" not in caplog.text


# --- /ws/health/ ------------------------------------------------------------------------------


@pytest.fixture
def fresh_health():
    views_live._last.update(at=float("-inf"), ok=False)
    yield
    views_live._last.update(at=float("-inf"), ok=False)


def test_the_live_health_check_says_ok_without_a_cookie(client, fresh_health):
    response = client.get("/ws/health/")
    assert response.status_code == 200
    assert response.json() == {"live": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies


def test_the_live_health_check_says_unavailable_while_the_channel_layer_is_away(
    client, settings, fresh_health
):
    settings.CHANNEL_LAYERS = redis_layers(f"redis://{HOST}:{free_port()}/0", prefix="gone")
    response = client.get("/ws/health/")
    assert response.status_code == 503
    assert response.json() == {"live": "unavailable"}
    assert client.post("/ws/health/").status_code == 405


# --- Real Daphne processes: sizes, Redis stopped, the cap across processes ----------------------


@pytest.fixture
def daphne(tmp_path) -> Iterator:
    started = []

    def start(**env: str):
        connections.close_all()
        worker = start_worker(tmp_path, **env)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def socket_cookie(member) -> str:
    return f"{settings.SESSION_COOKIE_NAME}={session_cookie_value(member)}"


def test_every_documented_daphne_command_has_the_size_limits():
    assert MAX_FRAME_BYTES < MAX_MESSAGE_BYTES <= MAX_FRAME_BYTES + 1024
    deploy = (PROJECT / "docs" / "deploy.md").read_text()
    commands = [line for line in deploy.splitlines() if re.search(r"bin/daphne\b", line)]
    assert commands
    for command in commands:
        assert " ".join(DAPHNE_OPTIONS) in command, command
    serve = (PROJECT / "community/management/commands/serve.py").read_text()
    assert "*DAPHNE_OPTIONS" in serve
    assert "manage.py serve" in (PROJECT / "Makefile").read_text()


def test_a_frame_far_over_the_limit_closes_the_socket_without_being_read(daphne, socket_cookie):
    worker = daphne()
    socket = WebSocket(HOST, worker.port, cookie=socket_cookie)
    try:
        # The header announces 100 KB (under Daphne's own default of 1 MB); only 1 KB follows.
        length = 100_000
        header = struct.pack("!BBQ", 0x80 | TEXT, 0x80 | 127, length) + b"\x00\x00\x00\x00"
        socket.sock.sendall(header + b"x" * 1024)
        started = time.monotonic()
        with pytest.raises(Closed) as closed:
            socket.receive(timeout=5)
        assert closed.value.code in (1009, None)
        assert time.monotonic() - started < 5  # it did not wait for the other 99 KB
    finally:
        socket.sock.close()
    # The worker is fine, and a frame just over the application's limit is still answered.
    socket = WebSocket(HOST, worker.port, cookie=socket_cookie)
    try:
        socket.send_json({"action": "ping", "pad": "x" * (MAX_FRAME_BYTES + 100)})
        assert socket.receive()["type"] == "error"
        socket.send_json({"action": "ping"})
        assert socket.receive() == {"type": "pong"}
    finally:
        socket.close()


def test_a_message_split_into_small_frames_is_cut_off_at_the_limit_too(daphne, socket_cookie):
    worker = daphne()
    socket = WebSocket(HOST, worker.port, cookie=socket_cookie)
    try:
        chunk = b"x" * 2048
        socket.send_frame(TEXT, chunk, fin=False)
        socket.send_frame(0x0, chunk, fin=False)
        socket.send_frame(0x0, chunk, fin=False)  # 6 KB in all: over the limit
        with pytest.raises(Closed) as closed:
            socket.receive(timeout=5)
        assert closed.value.code in (1009, None)
    finally:
        socket.sock.close()


def test_strangers_and_foreign_ports_are_refused_by_a_real_worker(daphne, socket_cookie):
    worker = daphne()
    with pytest.raises(Closed):
        WebSocket(HOST, worker.port)  # no cookie
    with pytest.raises(Closed):
        WebSocket(HOST, worker.port, cookie=f"{settings.SESSION_COOKIE_NAME}=forged")
    foreign = _Handshake(HOST, worker.port, socket_cookie, origin=f"http://{HOST}:{free_port()}")
    assert foreign.status == 403
    same = _Handshake(HOST, worker.port, socket_cookie, origin=f"http://{HOST}:{worker.port}")
    assert same.status == 101


class _Handshake:
    """Just the HTTP upgrade, with a chosen Origin: the status it gets."""

    def __init__(self, host: str, port: int, cookie: str, *, origin: str) -> None:
        import base64
        import os
        import socket

        with socket.create_connection((host, port), timeout=10) as sock:
            key = base64.b64encode(os.urandom(16)).decode()
            sock.sendall(
                (
                    f"GET /ws/ HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                    f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                    f"Sec-WebSocket-Version: 13\r\nOrigin: {origin}\r\nCookie: {cookie}\r\n\r\n"
                ).encode()
            )
            head = b""
            while b"\r\n" not in head:
                chunk = sock.recv(1024)
                if not chunk:
                    break
                head += chunk
        self.status = int(head.split(b" ", 2)[1]) if head else 0


@pytest.fixture
def private_redis() -> Iterator[RedisServer]:
    missing = redis_server_missing()
    if missing:
        pytest.skip(missing)
    server = RedisServer(port=free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_redis_stopped_at_the_handshake_gives_a_clean_close_not_a_500(
    daphne, private_redis, socket_cookie
):
    worker = daphne(REDIS_URL=private_redis.url, RELIABILITY_PREFIX=f"hardening-{free_port()}")
    socket = WebSocket(HOST, worker.port, cookie=socket_cookie)
    socket.send_json({"action": "ping"})
    assert socket.receive() == {"type": "pong"}
    socket.close()

    private_redis.stop()
    socket = WebSocket(HOST, worker.port, cookie=socket_cookie)  # 101: no 500
    try:
        with pytest.raises(Closed) as closed:
            socket.receive(timeout=10)
        assert closed.value.code == CLOSE_TRY_AGAIN
    finally:
        socket.sock.close()
    time.sleep(0.5)
    output = worker.output()
    assert "Traceback" not in output, output[-3000:]
    assert " 500 " not in output

    private_redis.start()
    deadline = time.monotonic() + 20
    while True:
        try:
            socket = WebSocket(HOST, worker.port, cookie=socket_cookie)
            socket.send_json({"action": "ping"})
            if socket.receive() == {"type": "pong"}:
                socket.close()
                break
        except (Closed, OSError, TimeoutError):
            pass
        assert time.monotonic() < deadline, worker.output()[-3000:]
        time.sleep(0.5)


@pytest.mark.skipif(not settings.REDIS_URL, reason="needs Redis: set REDIS_URL (CI's second pass)")
def test_the_cap_holds_across_two_daphne_processes(daphne, member, socket_cookie):
    first, second = daphne(), daphne()
    cap = settings.LIVE_MAX_SOCKETS_PER_MEMBER
    sockets = []
    try:
        for index in range(cap):
            worker = first if index % 2 else second
            socket = WebSocket(HOST, worker.port, cookie=socket_cookie)
            socket.send_json({"action": "ping"})
            assert socket.receive() == {"type": "pong"}
            sockets.append(socket)
        for worker in (first, second):
            extra = WebSocket(HOST, worker.port, cookie=socket_cookie)
            with pytest.raises(Closed) as closed:
                extra.receive(timeout=5)
            assert closed.value.code == CLOSE_TOO_MANY
            extra.sock.close()
        sockets.pop().close()
        time.sleep(0.5)
        again = WebSocket(HOST, first.port, cookie=socket_cookie)
        again.send_json({"action": "ping"})
        assert again.receive() == {"type": "pong"}
        sockets.append(again)
    finally:
        for socket in sockets:
            socket.close()


# --- Tabs reconnect within seconds of the server being healthy again ----------------------------

HARNESS = Path(__file__).with_name("live_socket_harness.js")
LIVE_SOCKET_JS = PROJECT / "community" / "static" / "community" / "live-socket.js"


def run_tab(scenario: dict) -> dict:
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.skip("needs node to run the live socket's script (apt-get install nodejs)")
    done = subprocess.run(
        [node, str(HARNESS), str(LIVE_SOCKET_JS), json.dumps(scenario)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("state", ["layer-down", "gone"])
@pytest.mark.parametrize("outage_seconds", [20, 45, 75, 180])
def test_a_tab_is_live_again_within_seconds_of_the_server_being_healthy(state, outage_seconds):
    start, end = 10_000, 10_000 + outage_seconds * 1000
    tab = run_tab(
        {
            "until": end + 60_000,
            "closeAt": start,
            "closeCode": 4001 if state == "layer-down" else 1006,
            "phases": [[start, end, state]],
        }
    )
    sockets = tab["sockets"]
    back = [s for s in sockets if s["outcome"] == "subscribed" and s["createdAt"] >= end]
    assert back, sockets
    # Live again (subscribed, so it caught up) within 4 s of the server being healthy.
    assert back[0]["subscribedAt"] - end <= 4_000, sockets
    # While it was away the tab backed off: a handful of tries, not one a second.
    during = [s for s in sockets if start <= s["createdAt"] < end]
    assert len(during) <= 4 + outage_seconds // 30, during
    # It asked the health check, without its cookies, and said it was paused.
    assert all(ask["credentials"] == "omit" for ask in tab["healthAsks"])
    assert any(ask["at"] < end for ask in tab["healthAsks"])
    assert any(line["text"] == "paused" for line in tab["said"])


def test_a_tab_refused_while_the_server_is_healthy_stops_trying_and_says_why():
    tab = run_tab({"until": 300_000, "closeAt": 10_000, "phases": [[10_000, 10**9, "refusing"]]})
    stopped = [line for line in tab["said"] if line["text"] not in ("paused",)]
    assert len(stopped) == 1 and "Reload the page" in stopped[0]["text"]
    later = [s for s in tab["sockets"] if s["createdAt"] > stopped[0]["at"]]
    assert later == []
    assert stopped[0]["at"] < 40_000
    assert len(tab["sockets"]) <= 12


def test_a_tab_over_the_cap_stops_and_says_so():
    tab = run_tab({"until": 120_000, "phases": [[0, 10**9, "too-many"]]})
    assert len(tab["sockets"]) == 1
    assert [line["text"] for line in tab["said"]] == [
        "Live updates are off in this tab because many tabs are open. "
        "Close some, then reload this page."
    ]


def test_a_tab_whose_session_went_idle_reloads():
    tab = run_tab({"until": 60_000, "phases": [[0, 10**9, "idle"]]})
    assert tab["reloads"] == 1
    assert len(tab["sockets"]) == 1
