"""The clients of `benchmarks/load.py`: one forked process, one asyncio loop, driven over a pipe.

Readers and posters speak plain HTTP/1.1 to gunicorn (`Connection: close`, as its sync workers
close each connection anyway), one TCP connection per request, sent open loop: request *n* of a
step starts at `n / rate` seconds whatever happened to the others, so a server that falls behind
shows it as latency and errors instead of a slower client. Sockets use the small RFC 6455
client of `benchmarks/forum_fanout.py`. Nothing here imports Django: the parent has set it up
and closed its connections before forking.
"""

from __future__ import annotations

import asyncio
import json
import random
import string
import time
import traceback
from dataclasses import dataclass, field
from urllib.parse import urlencode

from benchmarks import forum_setup
from benchmarks.forum_fanout import _client_frame, _open_socket, _read_message, _stamp
from benchmarks.forum_setup import HOST

REQUEST_TIMEOUT = 10.0
# A member may send 10 posts a minute (`forums.forms.ComposerForm.SENDS_PER_MINUTE`); each
# poster waits this long between two posts, so the limit is never what the benchmark measures.
POSTER_GAP = 7.0
SIGNED_IN = b"Signed in as"


@dataclass
class Config:
    """What the clients need to know about the site under test."""

    pages_port: int
    thread_paths: list[str]
    thread_topics: list[str]
    board_path: str
    readers: list[str]  # session cookies
    posters: list[str]
    csrf_cookie_name: str


@dataclass
class Held:
    """One open websocket: its index, where it listens, and its reading task."""

    index: int
    port: int
    topic: str
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    task: asyncio.Task | None = None
    pong: bool = False


@dataclass
class State:
    config: Config | None = None
    held: list[Held] = field(default_factory=list)
    # (arrived, socket index, event id, post id, created_at stamp)
    frames: list[tuple] = field(default_factory=list)
    other_frames: dict[str, int] = field(default_factory=dict)
    closed: list[tuple[int, float, str]] = field(default_factory=list)
    poster_free_at: list[float] = field(default_factory=list)
    tokens: list[str] = field(default_factory=list)


async def _http(port: int, method: str, path: str, headers: dict, body: bytes = b""):
    """(status, headers as a lower-cased dict, body) of one request on its own connection."""
    reader, writer = await asyncio.open_connection(HOST, port, limit=2**20)
    try:
        lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{port}", "Connection: close"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        if body:
            lines.append(f"Content-Length: {len(body)}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        raw = await reader.read()
    finally:
        writer.close()
    head, _, content = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    parsed = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        parsed[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), parsed, content


class Clients:
    """The commands the parent sends; each returns something picklable."""

    def __init__(self) -> None:
        self.state = State()
        self.rng = random.Random(11)

    async def setup(self, config: Config) -> int:
        self.state.config = config
        self.state.poster_free_at = [0.0] * len(config.posters)
        alphabet = string.ascii_letters + string.digits
        # A CSRF secret per poster, sent as the cookie and (unmasked, which Django accepts) as
        # the form's token: what a browser holds after opening the page.
        self.state.tokens = [
            "".join(self.rng.choice(alphabet) for _ in range(32)) for _ in config.posters
        ]
        return len(config.posters)

    # --- Sockets held open ----------------------------------------------------------------------

    async def _subscribe(self, port: int, cookie: str, topics: list[str], presence: bool):
        reader, writer = await _open_socket(port, cookie)
        for topic in topics:
            frame = {"action": "subscribe", "topic": topic}
            if presence and topic.startswith("thread:"):
                frame["presence"] = True  # as thread.js subscribes: counted as reading
            writer.write(_client_frame(0x1, json.dumps(frame).encode()))
        waiting = set(topics)
        while waiting:
            text = await _read_message(reader, writer)
            if text is None:
                raise RuntimeError("closed by the server while subscribing")
            reply = json.loads(text)
            if reply.get("type") == "refused":
                raise RuntimeError(f"refused {reply.get('topic')}")
            if reply.get("type") == "subscribed":
                waiting.discard(reply.get("topic"))
            else:
                self._count_other(reply)
        return reader, writer

    def _count_other(self, frame: dict) -> None:
        """Frames that are not events of the socket's thread: counted by type and topic."""
        label = f"{frame.get('type')} ({frame.get('topic', '').split(':')[0]})"
        self.state.other_frames[label] = self.state.other_frames.get(label, 0) + 1

    async def hold(
        self, specs: list[tuple[int, str, str]], rate: float, concurrency: int, presence: bool
    ) -> dict:
        """Open one socket per (port, cookie, thread topic), each subscribed to its thread and
        the member's notifications; keep them open, reading every frame. At most `rate` opened
        a second, and at most `concurrency` opening at once on each port, so the pace is what
        the server can take (Daphne refuses a socket it has not accepted within 5 s)."""
        started = time.time()
        latencies: list[float] = []
        failures: list[str] = []
        gates = {port: asyncio.Semaphore(concurrency) for port, _, _ in specs}

        async def one(number: int, port: int, cookie: str, topic: str) -> None:
            await asyncio.sleep(max(0.0, started + number / rate - time.time()))
            async with gates[port]:
                begun = time.time()
                try:
                    reader, writer = await asyncio.wait_for(
                        self._subscribe(port, cookie, [topic, "notifications"], presence), 30
                    )
                except Exception as error:
                    failures.append(f"{type(error).__name__}: {error}"[:100])
                    failures[-1] += f" (after {round(time.time() - begun)} s)"
                    return
            latencies.append((time.time() - begun) * 1000)
            held = Held(len(self.state.held), port, topic, reader, writer)
            self.state.held.append(held)
            held.task = asyncio.create_task(self._listen(held))

        await asyncio.gather(*(one(n, *spec) for n, spec in enumerate(specs)))
        return {
            "opened": len(latencies),
            "failures": failures,
            "latencies": latencies,
            "seconds": time.time() - started,
        }

    async def _listen(self, held: Held) -> None:
        state = self.state
        while True:
            try:
                text = await _read_message(held.reader, held.writer)
            except (OSError, asyncio.IncompleteReadError) as error:
                state.closed.append((held.index, time.time(), repr(error)))
                return
            arrived = time.time()
            if text is None:
                state.closed.append((held.index, arrived, "closed by the server"))
                return
            frame = json.loads(text)
            kind = frame.get("type")
            if kind == "event" and frame.get("topic") == held.topic:
                data = frame.get("data", {})
                state.frames.append(
                    (arrived, held.index, frame.get("id"), data.get("post"), _stamp(data))
                )
            elif kind == "pong":
                held.pong = True
            else:
                self._count_other(frame)

    async def frame_count(self) -> int:
        return len(self.state.frames)

    async def ping_all(self, wait: float = 10.0) -> int:
        """Ask every socket still open for a pong; how many answered within `wait` s."""
        alive = [h for h in self.state.held if h.task and not h.task.done()]
        for held in alive:
            held.pong = False
            held.writer.write(_client_frame(0x1, b'{"action": "ping"}'))
        deadline = time.time() + wait
        while time.time() < deadline and not all(h.pong for h in alive):
            await asyncio.sleep(0.1)
        return sum(1 for h in alive if h.pong)

    async def release(self) -> dict:
        """Close every held socket; hand back what they received."""
        state = self.state
        for held in state.held:
            if held.task:
                held.task.cancel()
            try:
                held.writer.write(_client_frame(0x8, (1000).to_bytes(2, "big")))
                held.writer.close()
            except Exception:
                pass  # already gone: nothing to close
        result = {
            "frames": state.frames,
            "other_frames": state.other_frames,
            "closed": state.closed,
            "sockets": [(h.port, h.topic) for h in state.held],
        }
        state.held, state.frames, state.other_frames, state.closed = [], [], {}, []
        return result

    # --- Requests, open loop --------------------------------------------------------------------

    async def load(self, weights: dict[str, float], rate: float, seconds: float, seed: int):
        """Send int(rate * seconds) requests, one every 1/rate s, each of a kind drawn by
        weight. Returns one record per request: (kind, sent, latency ms, error or "",
        post id or None, thread index)."""
        rng = random.Random(seed)
        kinds, cumulative = list(weights), list(weights.values())
        records: list[tuple] = []
        started = time.time()
        tasks = []
        for n in range(int(rate * seconds)):
            await asyncio.sleep(max(0.0, started + n / rate - time.time()))
            kind = rng.choices(kinds, cumulative)[0]
            tasks.append(asyncio.create_task(self._request(kind, rng, records)))
        await asyncio.gather(*tasks)
        return records

    async def _request(self, kind: str, rng: random.Random, records: list) -> None:
        config = self.state.config
        thread = rng.randrange(len(config.thread_paths))
        post_id = None
        sent = time.time()
        try:
            post_id = await asyncio.wait_for(
                getattr(self, f"_{kind}")(config, thread, rng), REQUEST_TIMEOUT
            )
            error = ""
        except TimeoutError:
            error = "timeout"
        except Exception as failure:
            error = f"{type(failure).__name__}: {failure}"[:120]
        records.append((kind, sent, (time.time() - sent) * 1000, error, post_id, thread))

    def _headers(self, cookie: str) -> dict:
        return {"X-Forwarded-Proto": "https", "Cookie": cookie}

    async def _thread_page(self, config: Config, thread: int, rng: random.Random) -> None:
        await self._page(config, config.thread_paths[thread], rng)

    async def _board_page(self, config: Config, thread: int, rng: random.Random) -> None:
        await self._page(config, config.board_path, rng)

    async def _page(self, config: Config, path: str, rng: random.Random) -> None:
        cookie = rng.choice(config.readers)
        status, _, body = await _http(config.pages_port, "GET", path, self._headers(cookie))
        if status != 200 or SIGNED_IN not in body:
            raise RuntimeError(f"HTTP {status}")

    async def _reply(self, config: Config, thread: int, rng: random.Random) -> int:
        state = self.state
        # The poster who has waited longest; posting before its gap is over would only
        # measure the rate limit.
        poster = min(range(len(config.posters)), key=state.poster_free_at.__getitem__)
        wait = state.poster_free_at[poster] - time.time()
        state.poster_free_at[poster] = max(time.time(), state.poster_free_at[poster]) + POSTER_GAP
        if wait > 0:
            raise RuntimeError("no poster free (raise --posters)")
        token = state.tokens[poster]
        path = config.thread_paths[thread]
        origin = f"https://{HOST}:{config.pages_port}"
        form = urlencode(
            {
                "csrfmiddlewaretoken": token,
                "body": forum_setup.post_body(rng),
                "content_note": "",
            }
        ).encode()
        headers = {
            **self._headers(f"{config.posters[poster]}; {config.csrf_cookie_name}={token}"),
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": origin,
            "Referer": origin + path,
        }
        status, answer, _ = await _http(config.pages_port, "POST", path, headers, form)
        location = answer.get("location", "")
        if status != 302 or "#post-" not in location:
            raise RuntimeError(f"HTTP {status}")
        return int(location.rsplit("#post-", 1)[1])

    async def _subscribe_socket(self, config: Config, thread: int, rng: random.Random) -> None:
        """A tab opening: connect, subscribe to the thread and notifications, then leave."""
        port = self.socket_port
        reader, writer = await self._subscribe(
            port, rng.choice(config.readers), [config.thread_topics[thread], "notifications"], True
        )
        writer.write(_client_frame(0x8, (1001).to_bytes(2, "big")))
        writer.close()
        del reader

    socket_port = 0

    async def set_socket_port(self, port: int) -> int:
        self.socket_port = port
        return port


def serve(pipe) -> None:
    """The client process: run each command from the pipe, answer ("ok", result) or
    ("error", traceback). Sockets keep reading between commands."""

    async def main() -> None:
        clients = Clients()
        loop = asyncio.get_running_loop()
        while True:
            name, args = await loop.run_in_executor(None, pipe.recv)
            if name == "exit":
                pipe.send(("ok", None))
                return
            try:
                pipe.send(("ok", await getattr(clients, name)(*args)))
            except Exception:
                pipe.send(("error", traceback.format_exc()))

    asyncio.run(main())
