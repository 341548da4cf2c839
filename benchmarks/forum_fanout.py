"""How fast does one Daphne process fan new posts out to 100 open thread pages? Run:

    .venv/bin/python benchmarks/forum_fanout.py                      # SQLite + in-memory layer
    .venv/bin/python benchmarks/forum_fanout.py --postgres --redis   # PostgreSQL + Redis
    .venv/bin/python benchmarks/forum_fanout.py --skip-db-hop        # the proposed consumer change

One Daphne process serves the site (`community.config.asgi:application`) under the production
settings (see `benchmarks/forum_setup.py`). 100 members, each signed in with their own session,
open a websocket to `/ws/` (with their `__Host-sessionid` cookie and an Origin of the site, as
a browser sends them) and subscribe to one thread. The clients run in a separate process: a
small RFC 6455 client on asyncio streams, so nothing outside the virtualenv is needed and the
client stays light next to the server on a small machine.

Posts are created where a member creates them: a trusted member POSTs replies (about 600
characters) to the thread page on the same Daphne, with the CSRF cookie and token from the
page, so the post is sanitised, screened, saved, recorded and, on commit, published to the
thread's group through the channel layer. (With the in-memory layer that is the only way an
event can reach the sockets: they live in the Daphne process.)

Phases:

1. steady: 5 posts/s for 20 s (open loop: a post is sent every 200 ms whatever happens);
2. saturation over HTTP: 4 members post back to back for 15 s, as fast as Daphne answers;
3. with `--redis` only, saturation by direct publishing: this process publishes events the way
   `community.live.topics.publish` does (a real post's rendered HTML, ids above the real ones) at
   10,
   25, 50 and 100 posts/s for 8 s each, so Daphne does nothing but deliver.

For every frame the client notes when it arrived. Latency is measured from the post's
`created_at` (in the frame's HTML: set when the post is built, a few milliseconds before its
transaction commits, so this slightly overstates commit-to-frame) and from when the POST was
sent; for direct publishing, from the moment of publishing. Deliveries/s is frames received
divided by the time from the first send to the last frame. Daphne's CPU time (user + system,
from /proc) is given too, since the machine may be shared.

Latency is also given "from commit": from the post's `ThreadEvent.created_at`, read from the
database after the run. The event is numbered inside the post's transaction, just before it
commits, so this is commit-to-frame plus the last statements of the transaction.

`--skip-db-hop` serves `benchmarks/asgi_no_db_hop.py` instead: the same application, with
`LiveConsumer` handling `live.event` without channels' per-message database clean-up hop
(the consumer now does this itself, so the option changes nothing on current code).
With `--redis` the layer is production's (`community.live.channel_layer`: channels-redis's own
Pub/Sub layer); `--core-layer` tries channels_redis's core layer instead (a Redis list per
socket, production's layer before), and `--stock-pubsub` names channels_redis's own Pub/Sub
layer explicitly (see `benchmarks/production_settings.py`; production's since 2026-12).
`--gunicorn` sends the posts to gunicorn (2 workers) as production serves pages, so the Daphne
process only serves sockets.
`--presence` subscribes as thread.js does (counted as reading, counts pushed). `--profile FILE`
runs Daphne under pyinstrument (installed by hand).

The sockets' heartbeat (catch-up from the database, and presence with `--presence`):
`--readers N` opens N sockets instead of 100, `--heartbeat S` sets every socket's heartbeat to S
seconds (production: 30), and `--idle S` first measures Daphne's CPU over S seconds with the
sockets open and nothing posted. `--flat-out 0` leaves phase 2 out. For example, the
heartbeat's cost at 500 sockets, beating every 2 s against effectively never:

    benchmarks/forum_fanout.py --readers 500 --idle 20 --flat-out 0 --heartbeat 2
    benchmarks/forum_fanout.py --readers 500 --idle 20 --flat-out 0 --heartbeat 3600
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import http.client
import json
import multiprocessing
import os
import random
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import forum_setup
from benchmarks.forum_setup import HOST, PROXY_HEADERS

READERS = 100
DIRECT_ID_BASE = 1_000_000_000
DIRECT_RATES = (10, 25, 50, 100)
DATETIME = re.compile(r'datetime="([^"]+)"')
# A member may send at most ten posts a minute (forums.forms.SENDS_PER_MINUTE): each phase
# takes turns among enough members that none reaches the limit.
STEADY_MEMBERS = 24
FLAT_OUT_MEMBERS = 48


# --- The websocket clients (a separate process) --------------------------------------------------


async def _open_socket(port: int, cookie: str):
    reader, writer = await asyncio.open_connection(HOST, port, limit=2**20)
    key = base64.b64encode(os.urandom(16)).decode()
    writer.write(
        (
            f"GET /ws/ HTTP/1.1\r\nHost: {HOST}:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
            # The page is https behind the proxy, which says so (the socket's origin check
            # compares scheme, host and port exactly).
            f"Origin: https://{HOST}:{port}\r\nX-Forwarded-Proto: https\r\n"
            f"Cookie: {cookie}\r\n\r\n"
        ).encode()
    )
    head = await reader.readuntil(b"\r\n\r\n")
    if b" 101 " not in head.split(b"\r\n", 1)[0]:
        raise RuntimeError(f"Websocket refused: {head[:80]!r}")
    return reader, writer


def _client_frame(opcode: int, payload: bytes) -> bytes:
    """A masked frame, as RFC 6455 requires from clients."""
    mask = os.urandom(4)
    length = len(payload)
    if length < 126:
        header = bytes([0x80 | opcode, 0x80 | length])
    elif length < 65536:
        header = bytes([0x80 | opcode, 0x80 | 126]) + length.to_bytes(2, "big")
    else:
        header = bytes([0x80 | opcode, 0x80 | 127]) + length.to_bytes(8, "big")
    masked = bytes(byte ^ mask[i % 4] for i, byte in enumerate(payload))
    return header + mask + masked


async def _read_message(reader, writer) -> str | None:
    """The next text message (None when the server closes); answers pings."""
    parts: list[bytes] = []
    while True:
        first, second = await reader.readexactly(2)
        opcode, length = first & 0x0F, second & 0x7F
        if length == 126:
            length = int.from_bytes(await reader.readexactly(2), "big")
        elif length == 127:
            length = int.from_bytes(await reader.readexactly(8), "big")
        mask = await reader.readexactly(4) if second & 0x80 else None
        payload = await reader.readexactly(length)
        if mask:
            payload = bytes(byte ^ mask[i % 4] for i, byte in enumerate(payload))
        if opcode == 0x8:
            return None
        if opcode == 0x9:
            writer.write(_client_frame(0xA, payload))
            continue
        if opcode in (0x0, 0x1, 0x2):
            parts.append(payload)
            if first & 0x80:
                return b"".join(parts).decode()


def _stamp(data: dict) -> float | None:
    if "bench_sent" in data:
        return data["bench_sent"]
    found = DATETIME.search(data.get("html", ""))
    return datetime.fromisoformat(found.group(1)).timestamp() if found else None


async def _listen(port: int, cookies: list[str], topic: str, presence: bool, control) -> None:
    sockets = []
    for cookie in cookies:
        sockets.append(await _open_socket(port, cookie))
    frame = {"action": "subscribe", "topic": topic}
    if presence:
        frame["presence"] = True  # as thread.js subscribes: counted as reading
    subscribe = json.dumps(frame).encode()
    for reader, writer in sockets:
        writer.write(_client_frame(0x1, subscribe))
        while True:
            reply = json.loads(await _read_message(reader, writer))
            if reply.get("type") in ("subscribed", "refused"):
                break
        if reply["type"] != "subscribed":
            control.send(("error", f"subscription refused: {reply}"))
            return
    records: list[tuple] = []

    closed: list[tuple[int, float, str]] = []

    async def receive(index: int, reader, writer) -> None:
        while True:
            try:
                text = await _read_message(reader, writer)
            except (OSError, asyncio.IncompleteReadError) as error:
                closed.append((index, time.time(), repr(error)))
                return
            arrived = time.time()
            if text is None:
                closed.append((index, arrived, "closed by the server"))
                return
            frame = json.loads(text)
            if frame.get("type") == "event":
                data = frame["data"]
                records.append((arrived, index, frame.get("id"), data.get("post"), _stamp(data)))

    tasks = [asyncio.create_task(receive(i, *pair)) for i, pair in enumerate(sockets)]
    control.send(("ready", len(sockets)))
    while True:
        if control.poll():
            command = control.recv()
            if command == "count":
                control.send(("count", len(records)))
            elif command == "stop":
                break
        await asyncio.sleep(0.05)
    for task in tasks:
        task.cancel()
    for _, writer in sockets:
        writer.close()
    control.send(("records", records, closed))


def listener(port: int, cookies: list[str], topic: str, presence: bool, control) -> None:
    asyncio.run(_listen(port, cookies, topic, presence, control))


class Listener:
    """The clients' process, and the pipe that controls it."""

    def __init__(self, port: int, cookies: list[str], topic: str, presence: bool) -> None:
        context = multiprocessing.get_context("fork")
        self.pipe, child = context.Pipe()
        self.process = context.Process(
            target=listener, args=(port, cookies, topic, presence, child)
        )
        self.process.start()
        kind, value = self.pipe.recv()
        if kind != "ready":
            raise SystemExit(f"The clients could not start: {value}")
        self.sockets = value
        self.records: list[tuple] = []
        self.closed: list[tuple[int, float, str]] = []

    def count(self) -> int:
        self.pipe.send("count")
        return self.pipe.recv()[1]

    def wait_until_quiet(self, *, quiet: float = 1.5, longest: float = 30) -> None:
        """Wait until no frame has arrived for `quiet` seconds."""
        deadline = time.monotonic() + longest
        last, since = self.count(), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.25)
            now = self.count()
            if now != last:
                last, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return

    def stop(self) -> list[tuple]:
        self.pipe.send("stop")
        _, self.records, self.closed = self.pipe.recv()
        self.process.join(timeout=30)
        return self.records


# --- Posting through the site ---------------------------------------------------------------------


class Poster:
    """A signed-in member with the thread page open: posts replies like the reply box."""

    def __init__(self, port: int, cookie: str, path: str) -> None:
        self.port, self.path, self.session = port, path, cookie
        self.connection = http.client.HTTPConnection(HOST, port, timeout=60)
        self.connection.request("GET", path, headers={**PROXY_HEADERS, "Cookie": cookie})
        response = self.connection.getresponse()
        page = response.read().decode()
        csrf = [
            value.split(";", 1)[0]
            for value in response.headers.get_all("Set-Cookie") or []
            if "csrftoken=" in value
        ]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if response.status != 200 or not csrf or not token:
            raise SystemExit(f"Could not open the thread page to post ({response.status}).")
        self.cookie = f"{cookie}; {csrf[0]}"
        self.token = token.group(1)

    def post(self, body: str) -> tuple[float, float, int | None, int]:
        """(sent, answered, post id or None, status)."""
        form = urlencode({"csrfmiddlewaretoken": self.token, "body": body, "content_note": ""})
        origin = f"https://{HOST}:{self.port}"
        headers = {
            **PROXY_HEADERS,
            "Cookie": self.cookie,
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": origin,
            "Referer": origin + self.path,
        }
        sent = time.time()
        self.connection.request("POST", self.path, body=form, headers=headers)
        response = self.connection.getresponse()
        response.read()
        answered = time.time()
        found = re.search(r"#post-(\d+)$", response.getheader("Location") or "")
        return sent, answered, int(found.group(1)) if found else None, response.status


@dataclass
class Phase:
    name: str
    started: float = 0.0
    posts: dict[int, tuple[float, float]] = field(default_factory=dict)  # id: (sent, answered)
    failed: int = 0
    cpu: float = 0.0
    client_cpu: float = 0.0
    direct_ids: set[int] = field(default_factory=set)
    offered_rate: float = 0.0


def post_steadily(posters: list[Poster], rate: float, seconds: float, phase: Phase) -> None:
    """Open loop: one post every 1/rate s, sent by the poster free the longest."""
    rng = random.Random(5)
    free = list(posters)
    lock = threading.Lock()

    def send(when: float) -> None:
        time.sleep(max(0.0, when - time.time()))
        with lock:
            poster = free.pop(0)
        try:
            sent, answered, post_id, _status = poster.post(forum_setup.post_body(rng))
        finally:
            with lock:
                free.append(poster)
        with lock:
            if post_id is None:
                phase.failed += 1
            else:
                phase.posts[post_id] = (sent, answered)

    phase.started = time.time()
    with ThreadPoolExecutor(max_workers=len(posters)) as pool:
        for n in range(int(rate * seconds)):
            pool.submit(send, phase.started + n / rate)


def post_flat_out(posters: list[Poster], concurrent: int, seconds: float, phase: Phase) -> None:
    """`concurrent` senders each post again as soon as their last post is answered, taking
    turns among `posters` (members) so that none reaches the per-minute limit."""
    lock = threading.Lock()
    phase.started = time.time()
    deadline = phase.started + seconds
    turns = list(posters)

    def loop(seed: int) -> None:
        rng = random.Random(seed)
        while time.time() < deadline:
            with lock:
                poster = turns.pop(0)
            sent, answered, post_id, _status = poster.post(forum_setup.post_body(rng))
            with lock:
                turns.append(poster)
            with lock:
                if post_id is None:
                    phase.failed += 1
                else:
                    phase.posts[post_id] = (sent, answered)

    threads = [threading.Thread(target=loop, args=(n,)) for n in range(concurrent)]
    for each in threads:
        each.start()
    for each in threads:
        each.join()


def direct_message(thread, html: str, post_id: int, event_id: int) -> dict:
    """The channel-layer message `community.live.topics.publish` makes for a published post.

    Since the frame is encoded once in the event (`community.live.topics.event_frame`), the message
    carries the frame's text; before that, its parts. Whichever the code under test does."""
    from community.live import topics as live

    topic = f"thread:{thread.pk}"
    data = {"post": post_id, "html": html, "bench_sent": time.time()}
    if hasattr(live, "event_frame"):
        frame = live.event_frame(topic=topic, event="published", data=data, event_id=event_id)
        return {"type": "live.event", "topic": topic, "text": json.dumps(frame), "id": event_id}
    return {
        "type": "live.event",
        "topic": topic,
        "event": "published",
        "data": data,
        "id": event_id,
    }


def publish_directly(thread, html: str, post_id: int, rate: float, seconds: float, phase: Phase):
    """Publish events the way `community.live.topics.publish` does, at `rate` per second."""
    from channels.layers import get_channel_layer

    from forums.live import thread_group

    layer = get_channel_layer()
    group = thread_group(thread.pk)
    # Above every real event id, and rising from one rate to the next: a socket never sends an
    # id at or below the last it sent.
    base = DIRECT_ID_BASE + int(rate) * 100_000

    async def run() -> None:
        phase.started = time.time()
        for n in range(int(rate * seconds)):
            await asyncio.sleep(max(0.0, phase.started + n / rate - time.time()))
            event_id = base + n
            phase.direct_ids.add(event_id)
            await layer.group_send(group, direct_message(thread, html, post_id, event_id))

    asyncio.run(run())


# --- Results --------------------------------------------------------------------------------------


def event_times(records: list[tuple]) -> dict[int, float]:
    """When each real event was numbered (`ThreadEvent.created_at`: inside the post's
    transaction, just before it commits), by event id."""
    from forums.models import ThreadEvent

    ids = {record[2] for record in records if record[2] and record[2] < DIRECT_ID_BASE}
    return {
        pk: created.timestamp()
        for pk, created in ThreadEvent.objects.filter(pk__in=ids).values_list("pk", "created_at")
    }


def summarise(phase: Phase, records: list[tuple], sockets: int, numbered: dict[int, float]) -> dict:
    if phase.direct_ids:
        mine = [r for r in records if r[2] in phase.direct_ids]
        expected = len(phase.direct_ids) * sockets
        first_send = phase.started
    else:
        mine = [r for r in records if r[3] in phase.posts and r[2] is not None]
        expected = len(phase.posts) * sockets
        first_send = min((sent for sent, _ in phase.posts.values()), default=phase.started)
    from_stamp = [(r[0] - r[4]) * 1000 for r in mine if r[4] is not None]
    from_send = [(r[0] - phase.posts[r[3]][0]) * 1000 for r in mine if r[3] in phase.posts]
    from_commit = [(r[0] - numbered[r[2]]) * 1000 for r in mine if r[2] in numbered]
    answered = [(a - s) * 1000 for s, a in phase.posts.values()]
    # How long one event takes to reach every socket: first to last frame of the same event.
    arrivals: dict[int, list[float]] = {}
    for record in mine:
        arrivals.setdefault(record[2], []).append(record[0])
    spreads = [(max(times) - min(times)) * 1000 for times in arrivals.values() if len(times) > 1]
    spread = forum_setup.percentile(spreads, 50)
    # Split the latency: the server's work until the first socket has the frame, then the
    # fan-out to the others.
    first = {key: min(times) for key, times in arrivals.items()}
    stamp_of = {record[2]: record[4] for record in mine if record[4] is not None}
    to_first = [(first[key] - stamp_of[key]) * 1000 for key in first if key in stamp_of]
    after_first = [(record[0] - first[record[2]]) * 1000 for record in mine]
    sent_ids = phase.direct_ids or set(phase.posts)
    reached = {record[2] if phase.direct_ids else record[3] for record in mine}
    per_event: dict[int, int] = {}
    for record in mine:
        key = record[2] if phase.direct_ids else record[3]
        per_event[key] = per_event.get(key, 0) + 1
    last = max((r[0] for r in mine), default=first_send)
    elapsed = max(last - first_send, 1e-9)
    count = len(phase.direct_ids) or len(phase.posts)
    return {
        "phase": phase.name,
        "posts": count,
        "failed": phase.failed,
        "posts_per_s": count / elapsed if mine else 0.0,
        "expected": expected,
        "delivered": len(mine),
        "per_s": len(mine) / elapsed,
        "p50": forum_setup.percentile(from_stamp, 50),
        "p99": forum_setup.percentile(from_stamp, 99),
        "max": max(from_stamp, default=float("nan")),
        "send_p99": forum_setup.percentile(from_send, 99),
        "commit_p50": forum_setup.percentile(from_commit, 50),
        "commit_p99": forum_setup.percentile(from_commit, 99),
        "post_p50": forum_setup.percentile(answered, 50),
        "spread": spread,
        "first_p50": forum_setup.percentile(to_first, 50),
        "first_p99": forum_setup.percentile(to_first, 99),
        "fanout_p99": forum_setup.percentile(after_first, 99),
        "per_cpu_s": len(mine) / phase.cpu if phase.cpu else float("nan"),
        "silent_sockets": sockets - len({record[1] for record in mine}),
        "silent_list": sorted(set(range(sockets)) - {record[1] for record in mine}),
        "never": len(sent_ids - reached),
        "partly": sum(1 for n in per_event.values() if n < sockets),
        "burst_per_s": (sockets - 1) / (spread / 1000) if spreads and spread > 0 else float("nan"),
        "cpu": phase.cpu,
        "client_cpu": phase.client_cpu,
        "elapsed": elapsed,
    }


def print_results(run, args, rows: list[dict]) -> None:
    variant = "without the database hop (patched)" if args.skip_db_hop else "as is"
    if args.presence:
        variant += ", sockets counted as reading"
    if args.gunicorn:
        variant += ", posts to gunicorn"
    layer = ""
    if args.redis:
        layer = ", core layer" if args.core_layer else ", Pub/Sub layer"
        if args.stock_pubsub:
            layer += " (channels_redis's own)"
    print(
        f"\n{run.label}{layer}, LiveConsumer {variant}, {args.readers} sockets, "
        f"heartbeat {args.heartbeat if args.heartbeat is not None else 30:g} s, "
        f"load average {forum_setup.load_average()}"
    )
    print(
        "| phase | posts | failed | delivered / expected | events reaching no socket, "
        "some sockets | deliveries/s | "
        "p50 ms | p99 ms | max ms | from commit p50 / p99 ms | "
        "to the first socket p50 / p99 ms | "
        "after the first socket p99 ms | p99 from POST sent ms | POST answer p50 ms | "
        "one event to all sockets ms (median) | rate within a burst /s | "
        "Daphne CPU s (of wall s) | deliveries per Daphne CPU s | sockets that got nothing | "
        "clients' CPU s |"
    )
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for row in rows:
        print(
            f"| {row['phase']} | {row['posts']} | {row['failed']} | "
            f"{row['delivered']:,} / {row['expected']:,} | {row['never']}, {row['partly']} | "
            f"{row['per_s']:,.0f} | "
            f"{row['p50']:.1f} | {row['p99']:.1f} | {row['max']:.1f} | "
            f"{row['commit_p50']:.1f} / {row['commit_p99']:.1f} | "
            f"{row['first_p50']:.1f} / {row['first_p99']:.1f} | {row['fanout_p99']:.1f} | "
            f"{row['send_p99']:.1f} | "
            f"{row['post_p50']:.1f} | {row['spread']:.1f} | {row['burst_per_s']:,.0f} | "
            f"{row['cpu']:.1f} ({row['elapsed']:.1f}) | {row['per_cpu_s']:,.0f} | "
            f"{row['silent_sockets']} | "
            f"{row['client_cpu']:.1f} |"
        )


# --- The run ---------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    forum_setup.add_arguments(parser)
    parser.add_argument("--rate", type=float, default=5.0, help="posts/s in the steady phase")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of the steady phase")
    parser.add_argument("--flat-out", type=float, default=15.0, help="length of phase 2 (s)")
    parser.add_argument("--posters", type=int, default=4, help="senders posting at once in phase 2")
    parser.add_argument(
        "--skip-db-hop", action="store_true", help="serve benchmarks/asgi_no_db_hop.py"
    )
    parser.add_argument(
        "--core-layer",
        action="store_true",
        help="with --redis: channels_redis's core layer (production's before the Pub/Sub one)",
    )
    parser.add_argument(
        "--stock-pubsub",
        action="store_true",
        help="with --redis: channels_redis's Pub/Sub layer as it comes (silent on Redis faults)",
    )
    parser.add_argument(
        "--gunicorn",
        action="store_true",
        help="with --redis: members post to gunicorn (2 workers), as production serves pages; "
        "Daphne only serves the sockets",
    )
    parser.add_argument(
        "--presence",
        action="store_true",
        help='sockets subscribe with "presence" as thread.js does (counted as reading)',
    )
    parser.add_argument(
        "--readers", type=int, default=READERS, help=f"sockets (members) (default {READERS})"
    )
    parser.add_argument(
        "--heartbeat", type=float, help="every socket's heartbeat in seconds (production: 30)"
    )
    parser.add_argument(
        "--idle", type=float, default=0.0, help="seconds with sockets open and nothing posted"
    )
    parser.add_argument(
        "--profile",
        metavar="FILE",
        help="run Daphne under pyinstrument (installed by hand) and write its text report here",
    )
    args = parser.parse_args()
    if (args.core_layer or args.stock_pubsub) and not args.redis:
        parser.error("--core-layer and --stock-pubsub need --redis")
    if args.core_layer and args.stock_pubsub:
        parser.error("choose one of --core-layer and --stock-pubsub")
    if args.gunicorn and not args.redis:
        parser.error("--gunicorn needs --redis (the in-memory layer lives in one process)")
    if args.core_layer:
        os.environ["BENCH_CHANNEL_LAYER"] = "core"
    if args.stock_pubsub:
        os.environ["BENCH_CHANNEL_LAYER"] = "stock-pubsub"
    if args.heartbeat is not None:
        os.environ["DJANGO_LIVE_HEARTBEAT_SECONDS"] = str(args.heartbeat)

    run = forum_setup.prepare(args, name="forum-fanout")
    server = pages = None
    try:
        thread = forum_setup.seed_thread(posts=5, authors=5)
        if args.readers == READERS:
            readers = [forum_setup.trusted_member(f"Reader {n}") for n in range(1, READERS + 1)]
            cookies = [forum_setup.session_cookie(member) for member in readers]
        else:
            readers = forum_setup.trusted_members("Reader", args.readers)
            cookies = forum_setup.session_cookies(readers)
        poster_members = [
            forum_setup.trusted_member(f"Poster {n}")
            for n in range(1, STEADY_MEMBERS + FLAT_OUT_MEMBERS + 1)
        ]
        poster_cookies = [forum_setup.session_cookie(member) for member in poster_members]
        path = thread.get_absolute_url()

        port = forum_setup.free_port()
        app = (
            "benchmarks.asgi_no_db_hop:application"
            if args.skip_db_hop
            else "community.config.asgi:application"
        )
        profiler = []
        if args.profile:
            profiler = [
                str(forum_setup.VENV_BIN / "pyinstrument"),
                "-r",
                "text",
                "--show-all",
                "-o",
                str(Path(args.profile).resolve()),
            ]
        command = [*profiler, *forum_setup.daphne_command(port, app=app)]
        server = forum_setup.start_server(command, run, port=port, ready_path="/forums/")
        listener = Listener(port, cookies, f"thread:{thread.pk}", args.presence)
        print(f"{listener.sockets} sockets subscribed to thread {thread.pk} on Daphne ({app})")
        post_port = port
        if args.gunicorn:
            post_port = forum_setup.free_port()
            pages_command = [
                str(forum_setup.VENV_BIN / "gunicorn"),
                "community.config.wsgi",
                "-w",
                "2",
                "-b",
                f"{HOST}:{post_port}",
            ]
            pages = forum_setup.start_server(
                pages_command, run, port=post_port, ready_path="/forums/"
            )
        posters = [Poster(post_port, cookie, path) for cookie in poster_cookies]

        phases: list[Phase] = []

        def measured(phase: Phase, action) -> None:
            before = forum_setup.cpu_seconds([server.pid])
            client_before = forum_setup.cpu_seconds([listener.process.pid])
            action()
            listener.wait_until_quiet()
            phase.cpu = forum_setup.cpu_seconds([server.pid]) - before
            phase.client_cpu = forum_setup.cpu_seconds([listener.process.pid]) - client_before
            phases.append(phase)

        idle_cpu = None
        if args.idle:
            before = forum_setup.cpu_seconds([server.pid])
            time.sleep(args.idle)
            idle_cpu = forum_setup.cpu_seconds([server.pid]) - before
        steady = Phase(f"steady, {args.rate:g} posts/s for {args.seconds:g} s (HTTP)")
        steady_posters, flat_posters = posters[:STEADY_MEMBERS], posters[STEADY_MEMBERS:]
        measured(steady, lambda: post_steadily(steady_posters, args.rate, args.seconds, steady))
        if args.flat_out:
            flat = Phase(f"saturation, {args.posters} members posting flat out (HTTP)")
            measured(flat, lambda: post_flat_out(flat_posters, args.posters, args.flat_out, flat))
        if args.redis:
            from forums.live import render_post
            from forums.models import Post

            sample = Post.objects.filter(thread=thread).select_related("author").first()
            html = render_post(sample)
            for rate in DIRECT_RATES:
                direct = Phase(f"direct publish, {rate} posts/s for 8 s")
                direct.offered_rate = rate
                measured(
                    direct,
                    lambda d=direct, r=rate: publish_directly(thread, html, sample.pk, r, 8, d),
                )
        records = listener.stop()
        numbered = event_times(records)
        rows = [summarise(phase, records, listener.sockets, numbered) for phase in phases]
        print_results(run, args, rows)
        if idle_cpu is not None:
            heartbeat = f"heartbeat {args.heartbeat:g} s" if args.heartbeat else "heartbeat 30 s"
            print(
                f"Idle, {listener.sockets} sockets open, {heartbeat}: Daphne CPU "
                f"{idle_cpu:.2f} s in {args.idle:g} s"
            )
        for index, when, why in listener.closed:
            print(f"Socket {index} ended {when - steady.started:.1f} s into the run: {why}")
        silent = sorted(set().union(*(row["silent_list"] for row in rows)))
        if silent or listener.closed:
            log = (run.directory / f"server-{port}.log").read_text(errors="replace")
            print(f"Sockets that missed a whole phase: {silent}. Server log (end):\n{log[-3000:]}")
        report_states(poster_members)
    finally:
        for process in (server, pages):
            if process is not None:
                forum_setup.stop_server(process)
        forum_setup.cleanup(run, keep=args.keep)
    return 0


def report_states(members) -> None:
    """Every post the benchmark sent should have been published (so sent live)."""
    from django.db.models import Count

    from forums.models import Post

    states = dict(
        Post.objects.filter(author__in=members)
        .values_list("moderation_state")
        .annotate(n=Count("pk"))
        .values_list("moderation_state", "n")
    )
    print(f"Posts sent by the benchmark, by moderation state: {states}")


if __name__ == "__main__":
    raise SystemExit(main())
