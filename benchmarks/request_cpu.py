"""A gunicorn config that records each request's CPU time in its worker, by endpoint.

Used with `benchmarks/load.py` (or any benchmark that starts gunicorn through
`forum_setup.gunicorn_command`) without changing it: gunicorn reads extra options from the
environment, so

    BENCH_REQUEST_CPU_DIR=/tmp/cpu GUNICORN_CMD_ARGS="--config benchmarks/request_cpu.py" \\
        .venv/bin/python benchmarks/load.py --skip-hold --steps 20,40

makes every gunicorn worker append one line per request to `<dir>/worker-<pid>.tsv`: the clock
time the request ended, the endpoint kind (reply, thread_page, board_page, health, other), the
status, the worker's CPU time for the request (user + system, from `time.process_time`: a sync
worker handles one request at a time, so this is the request's own, from reading it to having
written the response) and its wall time, in milliseconds. `request_cpu_report.py` reads them.

The hooks cost a few microseconds a request (two clock reads and one short unbuffered write).
"""

from __future__ import annotations

import os
import re
import time

_THREAD = re.compile(r"^/forums/[^/]+/\d+/$")
_BOARD = re.compile(r"^/forums/[^/]+/$")
_DIRECTORY = os.environ.get("BENCH_REQUEST_CPU_DIR", "")
_STARTED: dict[str, float] = {}
_FILE = None


def kind_of(method: str, path: str) -> str:
    """The endpoint, as `load.py`'s mix names its requests."""
    if _THREAD.match(path):
        return "reply" if method == "POST" else "thread_page"
    if _BOARD.match(path) and method == "GET" and path != "/forums/new/":
        return "board_page"
    if path == "/healthz":
        return "health"
    return "other"


def pre_request(worker, req) -> None:
    _STARTED["cpu"] = time.process_time()
    _STARTED["wall"] = time.perf_counter()


def post_request(worker, req, environ, resp) -> None:
    global _FILE
    cpu = (time.process_time() - _STARTED.get("cpu", 0.0)) * 1000
    wall = (time.perf_counter() - _STARTED.get("wall", 0.0)) * 1000
    if not _DIRECTORY:
        return
    if _FILE is None:
        os.makedirs(_DIRECTORY, exist_ok=True)
        _FILE = open(  # noqa: SIM115 (kept open for the worker's life)
            os.path.join(_DIRECTORY, f"worker-{os.getpid()}.tsv"), "a", buffering=1
        )
    status = getattr(resp, "status_code", None) or str(getattr(resp, "status", "")).split()[0]
    _FILE.write(
        f"{time.time():.3f}\t{kind_of(req.method, req.path)}\t{status}\t{cpu:.3f}\t{wall:.3f}\n"
    )
