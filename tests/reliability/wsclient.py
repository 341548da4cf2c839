"""A small RFC 6455 client for talking to real Daphne processes over TCP.

The project has no websocket client library, and the abuse tests need to send frames no
well-behaved library would (bad opcodes, invalid UTF-8, unmasked frames), so this speaks the
protocol directly: the handshake, masked frames out, unmasked frames in, ping and close.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import socket
import struct
import time
from typing import Any

TEXT, BINARY, CLOSE, PING, PONG = 0x1, 0x2, 0x8, 0x9, 0xA


class Closed(Exception):
    """The server closed the socket; `code` is its close code (None if the TCP link dropped)."""

    def __init__(self, code: int | None):
        super().__init__(f"socket closed ({code})")
        self.code = code


class WebSocket:
    """One client socket to `ws://host:port/path`, sending the headers a browser tab would."""

    def __init__(
        self, host: str, port: int, path: str = "/ws/", *, cookie: str = "", timeout: float = 10
    ):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [
            f"GET {path} HTTP/1.1",
            f"Host: {host}:{port}",
            "Upgrade: websocket",
            "Connection: Upgrade",
            f"Sec-WebSocket-Key: {key}",
            "Sec-WebSocket-Version: 13",
            f"Origin: http://{host}:{port}",
        ]
        if cookie:
            lines.append(f"Cookie: {cookie}")
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        self.buffer = b""
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise Closed(None)
            self.buffer += chunk
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        status = head.split(b"\r\n", 1)[0]
        if b" 101 " not in status:
            raise Closed(None)

    # --- sending ---------------------------------------------------------------------------

    def send_frame(self, opcode: int, payload: bytes, *, fin: bool = True, mask: bool = True):
        """Any frame, well-formed or not."""
        first = (0x80 if fin else 0) | opcode
        length = len(payload)
        if length < 126:
            header = struct.pack("!BB", first, (0x80 if mask else 0) | length)
        elif length < 1 << 16:
            header = struct.pack("!BBH", first, (0x80 if mask else 0) | 126, length)
        else:
            header = struct.pack("!BBQ", first, (0x80 if mask else 0) | 127, length)
        if mask:
            key = os.urandom(4)
            payload = bytes(b ^ key[i % 4] for i, b in enumerate(payload))
            header += key
        self.sock.sendall(header + payload)

    def send_json(self, content: Any) -> None:
        self.send_frame(TEXT, json.dumps(content).encode())

    # --- receiving -------------------------------------------------------------------------

    def _exact(self, count: int) -> bytes:
        while len(self.buffer) < count:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise Closed(None)
            self.buffer += chunk
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def _frame(self) -> tuple[int, bytes]:
        first, second = self._exact(2)
        length = second & 0x7F
        if length == 126:
            (length,) = struct.unpack("!H", self._exact(2))
        elif length == 127:
            (length,) = struct.unpack("!Q", self._exact(8))
        return first & 0x0F, self._exact(length)

    def receive(self, timeout: float = 5) -> dict[str, Any]:
        """The next JSON frame from the server. Raises TimeoutError, or Closed."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no frame arrived")
            self.sock.settimeout(remaining)
            try:
                opcode, payload = self._frame()
            except TimeoutError as error:
                raise TimeoutError("no frame arrived") from error
            except (ConnectionError, OSError) as error:
                raise Closed(None) from error
            if opcode == PING:
                self.send_frame(PONG, payload)
            elif opcode == CLOSE:
                code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else None
                raise Closed(code)
            elif opcode == TEXT:
                return json.loads(payload.decode())

    def receive_until(self, predicate, timeout: float = 5) -> dict[str, Any]:
        """Frames are read (and dropped) until one matches; TimeoutError if none does."""
        deadline = time.monotonic() + timeout
        while True:
            frame = self.receive(max(deadline - time.monotonic(), 0.01))
            if predicate(frame):
                return frame

    def drain(self, quiet: float = 0.75) -> list[dict[str, Any]]:
        """Every frame that arrives until the socket has been quiet for `quiet` seconds."""
        frames = []
        while True:
            try:
                frames.append(self.receive(quiet))
            except TimeoutError:
                return frames

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.send_frame(CLOSE, struct.pack("!H", 1000))
        self.sock.close()
