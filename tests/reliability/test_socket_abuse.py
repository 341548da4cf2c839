"""Malformed and too-frequent websocket frames, sent over TCP to a real Daphne worker.

Frames the consumer can read but not accept get an error frame and the socket stays open;
frames that break the websocket protocol itself (invalid UTF-8 in a text frame, an unknown
opcode, an unmasked client frame) close that one socket with the protocol's code, and the
worker goes on serving everyone else.
"""

from __future__ import annotations

import contextlib
import json
import struct

import pytest
from django.conf import settings

from tests.factories import UserFactory

from .servers import HOST, session_cookie_value
from .wsclient import BINARY, TEXT, Closed, WebSocket

pytestmark = pytest.mark.django_db(transaction=True)

NOT_UNDERSTOOD = {"type": "error", "message": "That message was not understood."}


@pytest.fixture
def worker(workers):
    return workers()


@pytest.fixture
def cookie():
    return f"{settings.SESSION_COOKIE_NAME}={session_cookie_value(UserFactory())}"


def still_serving(worker, cookie) -> None:
    socket = WebSocket(HOST, worker.port, cookie=cookie)
    try:
        socket.send_json({"action": "ping"})
        assert socket.receive() == {"type": "pong"}
    finally:
        socket.close()


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param((TEXT, b"{not json"), id="not-json"),
        # Under the 4 KB the consumer reads (a deeper one is cut off by Daphne's size limit).
        pytest.param((TEXT, b"[" * 2000 + b"]" * 2000), id="nested-too-deep"),
        pytest.param((TEXT, json.dumps({"action": "x" * 5000}).encode()), id="over-4kb"),
        pytest.param((TEXT, b'"just a string"'), id="not-an-object"),
        pytest.param((TEXT, b'{"action": "subscribe", "topic": ["thread", 1]}'), id="bad-topic"),
        pytest.param((BINARY, b"\x00\x01\x02"), id="binary"),
    ],
)
def test_frames_the_socket_cannot_accept_get_an_error_and_it_stays_open(worker, cookie, payload):
    opcode, data = payload
    socket = WebSocket(HOST, worker.port, cookie=cookie)
    try:
        socket.send_frame(opcode, data)
        assert socket.receive() == NOT_UNDERSTOOD
        socket.send_json({"action": "ping"})
        assert socket.receive() == {"type": "pong"}
    finally:
        socket.close()


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        pytest.param(dict(opcode=TEXT, payload=b"caf\xc3 \xff"), 1007, id="invalid-utf8"),
        pytest.param(dict(opcode=0x3, payload=b"?"), 1002, id="reserved-opcode"),
        pytest.param(dict(opcode=TEXT, payload=b"{}", mask=False), 1002, id="unmasked"),
    ],
)
def test_frames_that_break_the_protocol_close_only_that_socket(worker, cookie, frame, code):
    socket = WebSocket(HOST, worker.port, cookie=cookie)
    try:
        socket.send_frame(**frame)
        with pytest.raises(Closed) as closed:
            socket.receive()
        assert closed.value.code in (code, None)  # the code, or a dropped link for a bad peer
    finally:
        socket.sock.close()
    still_serving(worker, cookie)


def test_a_flood_of_frames_gets_a_slow_down_message_and_the_socket_stays_open(worker, cookie):
    socket = WebSocket(HOST, worker.port, cookie=cookie)
    try:
        for _ in range(40):
            socket.send_json({"action": "ping"})
        frames = [socket.receive() for _ in range(40)]
        assert frames.count({"type": "pong"}) == 30
        assert (
            frames.count(
                {"type": "error", "message": "Too many messages at once; please slow down."}
            )
            == 10
        )
    finally:
        socket.close()


def test_a_huge_frame_is_refused_without_harming_the_worker(worker, cookie):
    socket = WebSocket(HOST, worker.port, cookie=cookie)
    try:
        # Daphne may close the socket from the frame's header, before all of it is sent.
        with contextlib.suppress(OSError):
            socket.send_frame(TEXT, b'{"action": "ping", "pad": "' + b"x" * 2_000_000 + b'"}')
        try:
            assert socket.receive(timeout=20) == NOT_UNDERSTOOD
        except Closed as closed:
            assert closed.code in (1009, 1006, None)  # "message too big", if the server says so
    finally:
        socket.sock.close()
    still_serving(worker, cookie)


def test_a_close_frame_with_a_bad_code_is_handled(worker, cookie):
    socket = WebSocket(HOST, worker.port, cookie=cookie)
    socket.send_frame(0x8, struct.pack("!H", 999))
    with pytest.raises(Closed):
        socket.receive()
    socket.sock.close()
    still_serving(worker, cookie)
