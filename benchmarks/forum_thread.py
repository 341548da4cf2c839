"""How many thread pages a second does the production layout serve? Run:

    .venv/bin/python benchmarks/forum_thread.py                      # SQLite
    .venv/bin/python benchmarks/forum_thread.py --postgres --redis   # PostgreSQL + Redis

Builds a thread of 50 published posts of about 600 characters (written through
`forums.services`, so sanitised and screened like members' posts), signs a member in (a session
row, as allauth's sign-in leaves; a member who has not written in the thread, so the page comes
from the kept copy, `forums.thread_page`; `--as-writer` reads as one of its writers instead,
who gets the page rendered for them), and serves the site with gunicorn, 2 sync workers, under the
production settings (`benchmarks/production_settings.py`: production's own, with STATIC_ROOT in
the temporary directory). Then `wrk` (Debian's `wrk` package; `--client python` uses a
thread-per-connection Python client instead) fetches the thread page over 8 connections, with
the member's `__Host-sessionid` and `__Host-csrftoken` cookies (a signed-in browser has both)
and `X-Forwarded-Proto: https`, as the TLS-terminating proxy would pass them on. A warm-up of
5 s is followed by timed runs of 20 s.

Reports requests/s, latency percentiles, errors (non-2xx/3xx and socket errors), and the CPU
time gunicorn used per request (user + system, from /proc), which other work on a shared
machine inflates much less than wall-clock figures. Then, in the same run and under the same
load, the same gunicorn command serves `benchmarks/bare_page.py`: Django returning the page's
bytes with no middleware and no work, as the ceiling to compare with (`--no-bare` skips it).
`--profile N` also profiles N requests in this process (needs
`pyinstrument` installed in the virtualenv; it is not a project dependency) and splits each
request into SQL, template rendering and the rest.

See `benchmarks/forum_setup.py` for the throwaway database and keyspace.
"""

from __future__ import annotations

import argparse
import http.client
import importlib.util
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import forum_setup
from benchmarks.forum_setup import HOST, PROXY_HEADERS

POSTS = 50
AUTHORS = 10


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    forum_setup.add_arguments(parser)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--duration", type=int, default=20, help="seconds per timed run")
    parser.add_argument("--warmup", type=int, default=5, help="seconds of warm-up")
    parser.add_argument("--runs", type=int, default=2, help="timed runs")
    parser.add_argument("--client", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="profile N requests")
    parser.add_argument(
        "--no-bare", action="store_true", help="skip the bare Django view with the same bytes"
    )
    parser.add_argument(
        "--as-writer",
        action="store_true",
        help="read as one of the thread's writers, who gets the page rendered for them "
        "instead of the kept page (forums.thread_page)",
    )
    args = parser.parse_args()
    client = args.client
    if client == "auto":
        client = "wrk" if forum_setup.which("wrk") else "python"
    if client == "wrk" and not forum_setup.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk), or use --client python")
    if args.profile and importlib.util.find_spec("pyinstrument") is None:
        raise SystemExit("--profile needs pyinstrument: .venv/bin/pip install pyinstrument")

    run = forum_setup.prepare(args, name="forum-thread")
    try:
        thread = forum_setup.seed_thread(posts=POSTS, authors=AUTHORS)
        if args.as_writer:
            from community.models import User

            reader = User.objects.get(display_name="Writer 1")
        else:
            reader = forum_setup.trusted_member("Reader One")
        cookie = f"{forum_setup.session_cookie(reader)}; {csrf_cookie()}"
        path = thread.get_absolute_url()
        queries, size = page_in_process(path, cookie)
        print(f"Thread page: {POSTS} posts, {size:,} bytes, {queries} queries per request")

        port = forum_setup.free_port()
        command = [
            str(forum_setup.VENV_BIN / "gunicorn"),
            "community.config.wsgi",
            "-w",
            str(args.workers),
            "-b",
            f"{HOST}:{port}",
        ]
        server = forum_setup.start_server(command, run, port=port, ready_path="/forums/")
        try:
            body = check_page(port, path, cookie, reader.display_name)
            measure(server, run, args, client, port, path, cookie, label=run.label)
        finally:
            forum_setup.stop_server(server)
        if not args.no_bare:
            # The same bytes from Django with nothing else to do, in the same run and load.
            page_file = run.directory / "page.html"
            page_file.write_bytes(body)
            run.env["BENCH_BARE_BODY"] = str(page_file)
            port = forum_setup.free_port()
            command[1] = "benchmarks.bare_page:application"
            command[-1] = f"{HOST}:{port}"
            server = forum_setup.start_server(command, run, port=port, ready_path=path)
            try:
                measure(server, run, args, client, port, path, cookie, label="bare Django view")
            finally:
                forum_setup.stop_server(server)
        if args.profile:
            profile(path, cookie, args.profile)
    finally:
        forum_setup.cleanup(run, keep=args.keep)
    return 0


def measure(server, run, args, client: str, port: int, path: str, cookie: str, *, label: str):
    """Warm up, then the timed runs, each with gunicorn's CPU time."""
    load(client, port, path, cookie, args.connections, args.warmup)
    pids = forum_setup.process_tree(server.pid)
    for number in range(1, args.runs + 1):
        before = forum_setup.cpu_seconds(pids)
        result = load(client, port, path, cookie, args.connections, args.duration)
        cpu = forum_setup.cpu_seconds(pids) - before
        report(label, number, args, client, result, cpu)


def csrf_cookie() -> str:
    """The CSRF cookie a signed-in member's browser holds: Django set it with the sign-in
    form, and sends it again with every page that has a form."""
    from django.conf import settings
    from django.middleware.csrf import _get_new_csrf_string

    return f"{settings.CSRF_COOKIE_NAME}={_get_new_csrf_string()}"


def _client(cookie: str):
    from django.test import Client

    client = Client(HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="https")
    for pair in cookie.split("; "):
        name, value = pair.split("=", 1)
        client.cookies[name] = value
    return client


def page_in_process(path: str, cookie: str) -> tuple[int, int]:
    """Queries per request and page size, through Django in this process."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client(cookie)
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"The thread page answered {response.status_code}.")
    return len(queries), len(response.content)


def check_page(port: int, path: str, cookie: str, name: str) -> bytes:
    """The server shows the member the whole thread (not the welcome page, not a redirect).
    Returns the page."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    connection.request("GET", path, headers={**PROXY_HEADERS, "Cookie": cookie})
    response = connection.getresponse()
    raw = response.read()
    connection.close()
    body = raw.decode()
    shown = body.count('<article class="post')
    if response.status != 200 or f"Signed in as {name}" not in body or shown != POSTS:
        raise SystemExit(f"Unexpected page: status {response.status}, {shown} posts shown.")
    return raw


def load(client: str, port: int, path: str, cookie: str, connections: int, seconds: int) -> dict:
    if client == "wrk":
        return wrk(port, path, cookie, connections, seconds)
    return python_client(port, path, cookie, connections, seconds)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _UNITS[unit]


def wrk(port: int, path: str, cookie: str, connections: int, seconds: int) -> dict:
    command = [
        "wrk",
        "-t",
        "2",
        "-c",
        str(connections),
        "-d",
        f"{seconds}s",
        "--timeout",
        "10s",
        "--latency",
        "-H",
        f"Cookie: {cookie}",
        "-H",
        "X-Forwarded-Proto: https",
        f"http://{HOST}:{port}{path}",
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    latency = dict(re.findall(r"^\s+(50|75|90|99)\.?0*%\s+(\S+)\s*$", output, re.M))
    if "99" not in latency:
        raise SystemExit(f"Could not read wrk's output:\n{output}")
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "requests": requests,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": _ms(latency["50"]),
        "p90": _ms(latency["90"]),
        "p99": _ms(latency["99"]),
        "errors": (int(non_2xx.group(1)) if non_2xx else 0)
        + (sum(int(n) for n in sockets.groups()) if sockets else 0),
    }


def python_client(port: int, path: str, cookie: str, connections: int, seconds: int) -> dict:
    """One thread per connection; gunicorn's sync workers close each connection."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker() -> None:
        mine, failed = [], 0
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                connection = http.client.HTTPConnection(HOST, port, timeout=10)
                connection.request("GET", path, headers={**PROXY_HEADERS, "Cookie": cookie})
                response = connection.getresponse()
                response.read()
                connection.close()
                if response.status != 200:
                    failed += 1
            except OSError:
                failed += 1
            mine.append((time.perf_counter() - started) * 1000)
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for each in threads:
        each.start()
    for each in threads:
        each.join()
    elapsed = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": forum_setup.percentile(latencies, 50),
        "p90": forum_setup.percentile(latencies, 90),
        "p99": forum_setup.percentile(latencies, 99),
        "errors": errors[0],
    }


def report(label: str, number: int, args, client: str, result: dict, cpu: float) -> None:
    cpu_ms = cpu / result["requests"] * 1000 if result["requests"] else float("nan")
    print(
        f"{label}, run {number} ({client}, {args.connections} connections, "
        f"{args.workers} workers, {args.duration} s, load average {forum_setup.load_average()}):"
    )
    print(
        f"| {label} | {result['requests']:,} | {result['rps']:.1f} | {result['p50']:.1f} "
        f"| {result['p90']:.1f} | {result['p99']:.1f} | {result['errors']} | {cpu_ms:.1f} |"
    )


def profile(path: str, cookie: str, count: int) -> None:
    """Profile `count` requests in this process and split their CPU time (the SQL part is
    the time spent executing queries, including SQLite's work in this process)."""
    from django.db import connection
    from django.template.backends.django import Template
    from pyinstrument import Profiler

    client = _client(cookie)
    for _ in range(3):
        client.get(path)

    spent = {"sql": 0.0, "sql_in_templates": 0.0, "templates": 0.0, "queries": 0}
    depth = [0]
    original_render = Template.render

    def timed_render(self, *args, **kwargs):
        depth[0] += 1
        started = time.process_time()
        try:
            return original_render(self, *args, **kwargs)
        finally:
            depth[0] -= 1
            if depth[0] == 0:
                spent["templates"] += time.process_time() - started

    def timed_sql(execute, sql, params, many, context):
        started = time.process_time()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.process_time() - started
            spent["sql"] += elapsed
            spent["queries"] += 1
            if depth[0]:
                spent["sql_in_templates"] += elapsed

    Template.render = timed_render
    totals = []
    try:
        with connection.execute_wrapper(timed_sql):
            for _ in range(count):
                started = time.process_time()
                client.get(path)
                totals.append((time.process_time() - started) * 1000)
    finally:
        Template.render = original_render
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(count):
        client.get(path)
    profiler.stop()

    per = 1000 / count
    template_only = spent["templates"] - spent["sql_in_templates"]
    print(f"\nIn-process, {count} requests: median {statistics.median(totals):.1f} ms CPU each")
    print(f"  SQL: {spent['sql'] * per:.1f} ms in {spent['queries'] / count:.0f} queries")
    print(f"  template rendering (without SQL inside it): {template_only * per:.1f} ms")
    rest = statistics.mean(totals) - spent["sql"] * per - template_only * per
    print(f"  everything else (middleware, view, test client): {rest:.1f} ms")
    print(profiler.output_text(unicode=False, color=False, show_all=False))


if __name__ == "__main__":
    raise SystemExit(main())
