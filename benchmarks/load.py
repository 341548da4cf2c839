"""The whole site under load, in the production layout: readers, posters and live sockets. Run:

    .venv/bin/python benchmarks/load.py   # PostgreSQL + Redis (db 4), 6 to 8 minutes

Servers, as docs/deploy.md runs them (without nginx in front: the clients send what it would
pass on, `X-Forwarded-Proto: https` and the cookies): pages on gunicorn with 2 sync workers
(`community.config.wsgi`), `/ws/` on Daphne (`community.config.asgi:application`), all under
the production settings (`benchmarks/production_settings.py`), sharing a throwaway PostgreSQL
database (`h2_load_<random>`, dropped at the end) and Redis (db 4, keys under a prefix of their
own, deleted). The clients run in one separate process (`benchmarks/load_clients.py`).

Seeded: one board with `--threads` threads of `--posts` published posts each, and members in
bulk (each signed in with a session of their own, trusted so their posts publish at once).

Part 1, mixed workload: `--mixed-sockets` members hold a socket subscribed to a thread (as
thread.js does, counted as reading) and to their notifications. Then offered load rises in
steps (`--steps`, requests/s, `--step-seconds` each, open loop), each request drawn as: thread
page GET 60 %, board page GET 15 %, socket subscribe 15 % (a tab opening: connect, subscribe to
a thread and notifications, leave), reply POST 10 % (a member posting ~600 characters, which
goes live to the sockets on that thread). Per step: requests/s served, p50/p99 per kind,
errors, frames delivered/s and post→frame latency, and CPU seconds from /proc.

Part 2, 1,000 sockets: `--sockets` members, each with one socket subscribed to one of the
threads and to their notifications, opened at up to `--connect-rate` a second with at most
`--connect-concurrency` opening at once per Daphne process (Daphne refuses a socket it has not
accepted within 5 s, so the pace is what it can take, and is reported), held for
`--hold-seconds` while members post `--hold-rate` replies a second through gunicorn. Once on
one Daphne process, then on two fresh ones (sockets split between them, sharing PostgreSQL and
Redis). Reports sockets held (answering a ping at the end), errors, frames delivered vs
expected, post→frame p50/p99, Daphne's RSS and CPU, and how long Daphne took to handle the
sockets closing. Results and how to read them: docs/benchmarks.md, "Load: mixed workload and
1,000 sockets".
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import forum_setup, load_clients
from benchmarks.forum_setup import percentile

MIX = {"thread_page": 0.60, "board_page": 0.15, "subscribe_socket": 0.15, "reply": 0.10}
KIND_LABELS = {
    "thread_page": "thread page GET",
    "board_page": "board page GET",
    "reply": "reply POST",
    "subscribe_socket": "socket subscribe",
}
HTTP_KINDS = ("thread_page", "board_page", "reply")


class ClientProcess:
    """The forked client process and the pipe that drives it."""

    def __init__(self) -> None:
        from django.db import connections

        connections.close_all()  # the child must not share the parent's database connection
        context = multiprocessing.get_context("fork")
        self.pipe, child = context.Pipe()
        self.process = context.Process(target=load_clients.serve, args=(child,))
        self.process.start()

    def call(self, name: str, *args):
        self.pipe.send((name, args))
        kind, value = self.pipe.recv()
        if kind != "ok":
            raise SystemExit(f"The clients failed:\n{value}")
        return value

    def cpu(self) -> float:
        return forum_setup.cpu_seconds([self.process.pid])

    def stop(self) -> None:
        if self.process.is_alive():
            self.call("exit")
        self.process.join(timeout=10)


class Servers:
    """gunicorn and the Daphne processes of this run, with their logs."""

    def __init__(self, run) -> None:
        self.run = run
        self.gunicorn = None
        self.pages_port = 0
        self.daphnes: list[tuple] = []  # (process, port)

    def start_gunicorn(self) -> None:
        self.pages_port = forum_setup.free_port()
        command = forum_setup.gunicorn_command(self.pages_port)
        self.gunicorn = forum_setup.start_server(
            command, self.run, port=self.pages_port, ready_path="/healthz"
        )

    def start_daphnes(self, count: int) -> list[int]:
        self.stop_daphnes()
        for _ in range(count):
            port = forum_setup.free_port()
            command = forum_setup.daphne_command(port)
            process = forum_setup.start_server(command, self.run, port=port, ready_path="/healthz")
            self.daphnes.append((process, port))
        return [port for _, port in self.daphnes]

    def stop_daphnes(self) -> None:
        for process, _ in self.daphnes:
            forum_setup.stop_server(process)
        self.daphnes = []

    def gunicorn_cpu(self) -> float:
        return forum_setup.cpu_seconds(forum_setup.process_tree(self.gunicorn.pid))

    def daphne_cpu(self) -> float:
        return forum_setup.cpu_seconds([process.pid for process, _ in self.daphnes])

    def daphne_rss(self) -> list[float]:
        return [forum_setup.rss_megabytes(process.pid) for process, _ in self.daphnes]

    def log_lines(self, words=("Error", "Traceback", "WARNING", "Exception")) -> list[str]:
        found = []
        for log in sorted(self.run.directory.glob("server-*.log")):
            for line in log.read_text(errors="replace").splitlines():
                if any(word in line for word in words):
                    found.append(f"{log.name}: {line[:200]}")
        return found

    def stop(self) -> None:
        self.stop_daphnes()
        if self.gunicorn is not None:
            forum_setup.stop_server(self.gunicorn)


# --- Part 1: the mixed workload ------------------------------------------------------------------


def run_mixed(args, clients: ClientProcess, servers: Servers, socket_cookies, topics) -> list:
    (port,) = servers.start_daphnes(1)
    clients.call("set_socket_port", port)
    specs = [
        (port, cookie, topics[n % len(topics)])
        for n, cookie in enumerate(socket_cookies[: args.mixed_sockets])
    ]
    held = clients.call(
        "hold", specs, args.connect_rate, args.connect_concurrency, not args.no_presence
    )
    print(
        f"Part 1: {held['opened']} of {len(specs)} sockets held on Daphne, opened in "
        f"{held['seconds']:.1f} s (open+subscribe p50 / p99 "
        f"{percentile(held['latencies'], 50):,.0f} / {percentile(held['latencies'], 99):,.0f} ms)"
    )
    print_errors("Part 1, opening", count_errors(f"socket open: {f}" for f in held["failures"]))
    steps = []
    for number, rate in enumerate(args.steps):
        cpu_before = (servers.gunicorn_cpu(), servers.daphne_cpu(), clients.cpu())
        frames_before = clients.call("frame_count")
        started = time.time()
        records = clients.call("load", MIX, rate, args.step_seconds, number)
        wait_until_quiet(clients)
        cpu = [
            after - before
            for after, before in zip(
                (servers.gunicorn_cpu(), servers.daphne_cpu(), clients.cpu()),
                cpu_before,
                strict=True,
            )
        ]
        steps.append(
            {
                "rate": rate,
                "started": started,
                "records": records,
                "cpu": cpu,
                "load": forum_setup.load_average(),
                "frames_before": frames_before,
            }
        )
        served = sum(1 for r in records if not r[3]) / max(
            max(r[1] + r[2] / 1000 for r in records) - started, 1e-9
        )
        errors = sum(1 for r in records if r[3])
        load = steps[-1]["load"]
        print(f"  step {rate:g}/s: {served:.1f} served/s, {errors} errors, load {load}")
        if served < rate / 2 and not args.all_steps:
            print("  Served less than half of what was offered: the ramp stops here.")
            break
    released = clients.call("release")
    wait_for_goodbyes()
    servers.stop_daphnes()
    return summarise_mixed(args, steps, released, topics, servers)


def wait_for_goodbyes(longest: float = 60) -> float:
    """Seconds until Daphne has handled every closed socket (its presence rows are gone), so
    the next part starts clean and no process is stopped with work left over."""
    from django.db import connections

    from community.models import LivePresence

    started = time.monotonic()
    while time.monotonic() - started < longest and LivePresence.objects.exists():
        time.sleep(0.25)
    connections.close_all()
    return time.monotonic() - started


def wait_until_quiet(clients: ClientProcess, quiet: float = 1.5, longest: float = 20) -> None:
    """Until no frame has arrived for `quiet` seconds."""
    deadline = time.monotonic() + longest
    last, since = clients.call("frame_count"), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.25)
        now = clients.call("frame_count")
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return


def deliveries(posts: dict[int, tuple[float, int]], frames: list[tuple], listeners: dict) -> dict:
    """Frames of these posts (post id: (sent, thread index)) against those expected
    (`listeners`: thread index -> sockets on it), and post→frame latency from the POST sent."""
    mine = [f for f in frames if f[3] in posts]
    expected = sum(listeners.get(thread, 0) for _, thread in posts.values())
    from_sent = [(f[0] - posts[f[3]][0]) * 1000 for f in mine]
    from_created = [(f[0] - f[4]) * 1000 for f in mine if f[4] is not None]
    first = min((sent for sent, _ in posts.values()), default=0.0)
    last = max((f[0] for f in mine), default=first)
    return {
        "delivered": len(mine),
        "expected": expected,
        "per_s": len(mine) / max(last - first, 1e-9) if mine else 0.0,
        "p50": percentile(from_sent, 50),
        "p99": percentile(from_sent, 99),
        "created_p50": percentile(from_created, 50),
        "created_p99": percentile(from_created, 99),
    }


def summarise_mixed(args, steps: list[dict], released: dict, topics, servers) -> list:
    listeners: dict[int, int] = {}
    for _, topic in released["sockets"]:
        thread = topics.index(topic)
        listeners[thread] = listeners.get(thread, 0) + 1
    rows = []
    for step in steps:
        records = step["records"]
        ok = [r for r in records if not r[3]]
        end = max(r[1] + r[2] / 1000 for r in records)
        elapsed = max(end - step["started"], 1e-9)
        http_ok = [r for r in ok if r[0] in HTTP_KINDS]
        posts = {r[4]: (r[1], r[5]) for r in ok if r[0] == "reply"}
        kinds = {}
        for kind in MIX:
            mine = [r for r in records if r[0] == kind]
            latencies = [r[2] for r in mine if not r[3]]
            kinds[kind] = {
                "count": len(mine),
                "errors": sum(1 for r in mine if r[3]),
                "p50": percentile(latencies, 50),
                "p99": percentile(latencies, 99),
            }
        errors = count_errors(f"{KIND_LABELS[r[0]]}: {r[3]}" for r in records if r[3])
        gunicorn_cpu, daphne_cpu, client_cpu = step["cpu"]
        rows.append(
            {
                "rate": step["rate"],
                "sent": len(records),
                "served": len(ok) / elapsed,
                "http_served": len(http_ok) / elapsed,
                "kinds": kinds,
                "errors": errors,
                "frames": deliveries(posts, released["frames"], listeners),
                "gunicorn_ms": gunicorn_cpu / max(len(http_ok), 1) * 1000,
                "gunicorn_cpu": gunicorn_cpu,
                "daphne_cpu": daphne_cpu,
                "client_cpu": client_cpu,
                "elapsed": elapsed,
                "load": step["load"],
            }
        )
    return rows


def table(header: list[str], rows: list[list[str]]) -> None:
    """A Markdown table, numbers right-aligned."""
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("--:" for _ in header) + "|")
    for cells in rows:
        print("| " + " | ".join(cells) + " |")


def frame_cells(frames: dict) -> list[str]:
    return [
        f"{frames['delivered']:,} / {frames['expected']:,}",
        f"{frames['per_s']:,.0f}",
        f"{frames['p50']:,.0f} / {frames['p99']:,.0f}",
    ]


FRAME_COLUMNS = ["frames delivered / expected", "frames/s", "post→frame p50 / p99 ms"]


def count_errors(errors) -> dict[str, int]:
    """How many times each error happened."""
    counted: dict[str, int] = {}
    for error in errors:
        counted[error] = counted.get(error, 0) + 1
    return counted


def print_errors(prefix: str, errors: dict[str, int]) -> None:
    for error, count in sorted(errors.items()):
        print(f"- {prefix}: {count} of {error}")


def print_mixed(args, rows: list[dict], run) -> None:
    print(
        f"\n### Mixed workload ({run.label}; gunicorn 2 sync workers, 1 Daphne; "
        f"{args.mixed_sockets} sockets held; {args.threads} threads of {args.posts} posts; "
        f"{args.step_seconds:g} s a step)\n"
    )
    header = [
        "offered req/s",
        "load (1/5/15 min)",
        "sent",
        "served req/s",
        "errors",
        *(f"{KIND_LABELS[kind]} p50 / p99 ms" for kind in KIND_ORDER),
        *FRAME_COLUMNS,
        "gunicorn CPU ms per HTTP request",
        "Daphne CPU s",
        "clients' CPU s (of wall s)",
    ]
    cells = []
    for row in rows:
        k = row["kinds"]
        cells.append(
            [
                f"{row['rate']:g}",
                row["load"],
                f"{row['sent']:,}",
                f"{row['served']:.1f}",
                f"{sum(row['errors'].values())}",
                *(f"{k[kind]['p50']:,.0f} / {k[kind]['p99']:,.0f}" for kind in KIND_ORDER),
                *frame_cells(row["frames"]),
                f"{row['gunicorn_ms']:.1f}",
                f"{row['daphne_cpu']:.1f}",
                f"{row['client_cpu']:.1f} ({row['elapsed']:.1f})",
            ]
        )
    table(header, cells)
    for row in rows:
        print_errors(f"at {row['rate']:g} req/s", row["errors"])
    print(saturation(rows))


KIND_ORDER = ("thread_page", "board_page", "reply", "subscribe_socket")


def saturation(rows: list[dict]) -> str:
    """Where served requests/s stop following the offered rate, in words."""
    first = rows[0]["kinds"]["thread_page"]["p99"]
    for before, row in itertools.pairwise(rows):
        if row["served"] < 0.9 * row["rate"] or row["served"] <= before["served"] * 1.05:
            return (
                f"\nSaturation: served requests/s stop following the offered rate at "
                f"{row['rate']:g} req/s offered ({row['served']:.1f} served, "
                f"{before['served']:.1f} at {before['rate']:g}); thread page p99 "
                f"{first:,.0f} ms at the first step, {before['kinds']['thread_page']['p99']:,.0f}"
                f" ms before, {row['kinds']['thread_page']['p99']:,.0f} ms here."
            )
    last = rows[-1]
    return (
        f"\nNot saturated up to {last['rate']:g} req/s offered ({last['served']:.1f} served); "
        f"thread page p99 {first:,.0f} → {last['kinds']['thread_page']['p99']:,.0f} ms."
    )


# --- Part 2: 1,000 sockets held -----------------------------------------------------------------


def run_hold(args, clients: ClientProcess, servers: Servers, cookies, topics, processes: int):
    ports = servers.start_daphnes(processes)
    time.sleep(1.0)
    rss_idle = servers.daphne_rss()
    specs = [
        (ports[n % processes], cookie, topics[n % len(topics)])
        for n, cookie in enumerate(cookies[: args.sockets])
    ]
    cpu_start = servers.daphne_cpu()
    held = clients.call(
        "hold", specs, args.connect_rate, args.connect_concurrency, not args.no_presence
    )
    cpu_open = servers.daphne_cpu() - cpu_start
    rss_open = servers.daphne_rss()
    cpu_before = (servers.daphne_cpu(), servers.gunicorn_cpu(), clients.cpu())
    started = time.time()
    records = clients.call("load", {"reply": 1.0}, args.hold_rate, args.hold_seconds, 100)
    wait_until_quiet(clients)
    answered = clients.call("ping_all")
    daphne_cpu = servers.daphne_cpu() - cpu_before[0]
    gunicorn_cpu = servers.gunicorn_cpu() - cpu_before[1]
    client_cpu = clients.cpu() - cpu_before[2]
    rss_end = servers.daphne_rss()
    load = forum_setup.load_average()
    released = clients.call("release")
    cpu_before_closing = servers.daphne_cpu()
    goodbyes = wait_for_goodbyes()
    cpu_closing = servers.daphne_cpu() - cpu_before_closing
    listeners: dict[int, int] = {}
    for _, topic in released["sockets"]:
        listeners[topics.index(topic)] = listeners.get(topics.index(topic), 0) + 1
    posts = {r[4]: (r[1], r[5]) for r in records if not r[3] and r[0] == "reply"}
    post_latencies = [r[2] for r in records if not r[3]]
    errors = count_errors(
        [
            *(f"socket open: {failure}" for failure in held["failures"]),
            *(f"reply POST: {r[3]}" for r in records if r[3]),
            *(f"socket ended: {why}" for _, _, why in released["closed"]),
        ]
    )
    servers.stop_daphnes()
    frames = deliveries(posts, released["frames"], listeners)
    return {
        "processes": processes,
        "asked": len(specs),
        "opened": held["opened"],
        "open_seconds": held["seconds"],
        "open_p50": percentile(held["latencies"], 50),
        "open_p99": percentile(held["latencies"], 99),
        "held_end": answered,
        "closed": len(released["closed"]),
        "posts": len(posts),
        "post_p50": percentile(post_latencies, 50),
        "post_p99": percentile(post_latencies, 99),
        "errors": errors,
        "frames": frames,
        "frames_per_cpu": frames["delivered"] / daphne_cpu if daphne_cpu else float("nan"),
        "other_frames": released["other_frames"],
        "rss_idle": rss_idle,
        "rss_open": rss_open,
        "rss_end": rss_end,
        "cpu_open": cpu_open,
        "goodbyes": goodbyes,
        "cpu_closing": cpu_closing,
        "daphne_cpu": daphne_cpu,
        "gunicorn_cpu": gunicorn_cpu,
        "client_cpu": client_cpu,
        "elapsed": time.time() - started,
        "load": load,
    }


def print_hold(args, rows: list[dict], run) -> None:
    print(
        f"\n### {args.sockets:,} sockets held ({run.label}; each signed in, subscribed to one "
        f"of {args.threads} threads and to its notifications; opened at up to "
        f"{args.connect_rate:g}/s, {args.connect_concurrency} at once per process;"
        f" held {args.hold_seconds:g} s while members post {args.hold_rate:g} replies/s "
        f"through gunicorn)\n"
    )
    header = [
        "Daphne processes",
        "load (1/5/15 min)",
        "sockets opened / asked",
        "open time s (sockets/s)",
        "open+subscribe p50 / p99 ms",
        "answering a ping at the end",
        "all closed and handled in s",
        "errors",
        "posts",
        *FRAME_COLUMNS,
        "created→frame p50 / p99 ms",
        "Daphne RSS MiB: idle → all open → end",
        "Daphne CPU s: opening / holding / closing",
        "Daphne CPU ms per socket opened",
        "frames per Daphne CPU s (holding)",
        "gunicorn CPU s",
        "clients' CPU s (of wall s)",
    ]

    def mib(values: list[float]) -> str:
        return " + ".join(f"{v:.0f}" for v in values)

    cells = []
    for row in rows:
        f = row["frames"]
        cells.append(
            [
                f"{row['processes']}",
                row["load"],
                f"{row['opened']:,} / {row['asked']:,}",
                f"{row['open_seconds']:.1f} ({row['opened'] / row['open_seconds']:.1f})",
                f"{row['open_p50']:,.0f} / {row['open_p99']:,.0f}",
                f"{row['held_end']:,}",
                f"{row['goodbyes']:.1f}",
                f"{sum(row['errors'].values())}",
                f"{row['posts']}",
                *frame_cells(f),
                f"{f['created_p50']:,.0f} / {f['created_p99']:,.0f}",
                f"{mib(row['rss_idle'])} → {mib(row['rss_open'])} → {mib(row['rss_end'])}",
                f"{row['cpu_open']:.1f} / {row['daphne_cpu']:.1f} / {row['cpu_closing']:.1f}",
                f"{row['cpu_open'] / max(row['opened'], 1) * 1000:.1f}",
                f"{row['frames_per_cpu']:,.0f}",
                f"{row['gunicorn_cpu']:.1f}",
                f"{row['client_cpu']:.1f} ({row['elapsed']:.0f})",
            ]
        )
    table(header, cells)
    for row in rows:
        print_errors(f"{row['processes']} Daphne", row["errors"])
        others = ", ".join(f"{n:,} {kind}" for kind, n in sorted(row["other_frames"].items()))
        print(
            f"- {row['processes']} Daphne: reply POST p50 / p99 {row['post_p50']:,.0f} / "
            f"{row['post_p99']:,.0f} ms; other frames: {others or 'none'}"
        )


# --- The run ---------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--postgres",
        default="postgres://postgres@127.0.0.1:5432/postgres",
        metavar="URL",
        help="PostgreSQL server (a database h2_load_<random> is made there and dropped)",
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/4", metavar="URL")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--threads", type=int, default=10, help="threads on the board")
    parser.add_argument("--posts", type=int, default=20, help="seeded posts per thread")
    parser.add_argument(
        "--steps",
        type=lambda text: [float(part) for part in text.split(",")],
        default=[5, 10, 15, 20, 30, 40],
        help="offered requests/s of the mixed workload, comma-separated",
    )
    parser.add_argument("--step-seconds", type=float, default=10.0)
    parser.add_argument(
        "--all-steps",
        action="store_true",
        help="go on with the ramp after a step served less than half of what was offered",
    )
    parser.add_argument("--mixed-sockets", type=int, default=200)
    parser.add_argument("--sockets", type=int, default=1000, help="sockets held in part 2")
    parser.add_argument(
        "--connect-rate", type=float, default=50.0, help="sockets opened a second, at most"
    )
    parser.add_argument(
        "--connect-concurrency",
        type=int,
        default=8,
        help="sockets opening at once on each Daphne process, at most",
    )
    parser.add_argument("--hold-seconds", type=float, default=60.0)
    parser.add_argument("--hold-rate", type=float, default=2.0, help="replies/s while holding")
    parser.add_argument("--posters", type=int, default=300, help="members who post")
    parser.add_argument(
        "--no-presence", action="store_true", help="subscribe without presence (thread.js asks)"
    )
    parser.add_argument("--skip-mixed", action="store_true")
    parser.add_argument("--skip-hold", action="store_true")
    parser.add_argument(
        "--hold-processes",
        type=lambda text: [int(part) for part in text.split(",")],
        default=[1, 2],
        help="Daphne processes for part 2, comma-separated",
    )
    args = parser.parse_args()
    limit = forum_setup.raise_open_files_limit(4 * args.sockets + 1000)
    begun = time.time()

    run = forum_setup.prepare(args, name="load", database_prefix="h2_load_")
    servers = Servers(run)
    clients = None
    try:
        from django.conf import settings

        seeded = time.time()
        threads = forum_setup.seed_threads(threads=args.threads, posts=args.posts, authors=5)
        members = forum_setup.trusted_members("Member", max(args.sockets, args.mixed_sockets))
        socket_cookies = forum_setup.session_cookies(members)
        posters = forum_setup.session_cookies(forum_setup.trusted_members("Poster", args.posters))
        print(
            f"Seeded {args.threads} threads of {args.posts} posts, {len(members):,} members and "
            f"{args.posters} posters, with sessions, in {time.time() - seeded:.0f} s; "
            f"open files limit {limit}"
        )
        topics = [f"thread:{thread.pk}" for thread in threads]
        describe_run(run, settings)
        servers.start_gunicorn()
        config = load_clients.Config(
            pages_port=servers.pages_port,
            thread_paths=[thread.get_absolute_url() for thread in threads],
            thread_topics=topics,
            board_path=threads[0].board.get_absolute_url(),
            readers=socket_cookies[: max(args.mixed_sockets, 50)],
            posters=posters,
            csrf_cookie_name=settings.CSRF_COOKIE_NAME,
        )
        clients = ClientProcess()
        clients.call("setup", config)
        if not args.skip_mixed:
            rows = run_mixed(args, clients, servers, socket_cookies, topics)
            print_mixed(args, rows, run)
        if not args.skip_hold:
            holds = [
                run_hold(args, clients, servers, socket_cookies, topics, processes)
                for processes in args.hold_processes
            ]
            print_hold(args, holds, run)
        report_logs(servers)
        took = time.time() - begun
        print(f"\nWhole run: {took:.0f} s, load average {forum_setup.load_average()}")
    finally:
        if clients is not None:
            clients.stop()
        servers.stop()
        forum_setup.cleanup(run, keep=args.keep)
    return 0


def describe_run(run, settings) -> None:
    """What was measured, where: enough to read the tables without this file."""
    import subprocess

    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"],
        cwd=forum_setup.ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    layer = settings.CHANNEL_LAYERS["default"]["BACKEND"]
    database = settings.DATABASES["default"]
    print(
        f"Code: {commit or 'not a git checkout'} ({forum_setup.ROOT}); {os.cpu_count()} cores; "
        f"load average {forum_setup.load_average()}\n"
        f"{run.label}: channel layer {layer}, CONN_MAX_AGE {database.get('CONN_MAX_AGE')}; "
        f"pages on gunicorn (2 sync workers), /ws/ on Daphne, no reverse proxy (the clients "
        f"send X-Forwarded-Proto: https and the cookies as nginx would pass them on)"
    )


def report_logs(servers: Servers) -> None:
    lines = servers.log_lines()
    if lines:
        print(f"\nServer log lines with errors or warnings ({len(lines)}; the first 30):")
        for line in lines[:30]:
            print(f"    {line}")
    else:
        print("\nNo errors or warnings in the servers' logs.")


if __name__ == "__main__":
    raise SystemExit(main())
