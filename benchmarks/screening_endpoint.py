"""How fast does the composer's check answer? Run:

    .venv/bin/python benchmarks/screening_endpoint.py
    .venv/bin/python benchmarks/screening_endpoint.py --postgres --redis

Serves the site with gunicorn (2 sync workers) under the production settings, on a throwaway
database (`benchmarks/forum_setup.py`), signs in 40 members, and POSTs 5,000-character drafts
to the composer's pre-send check (`/api/screen/`, the endpoint the reply box, the
"Start a thread" form and the others call), one request at a time, as a member pausing while
typing would. Drafts are realistic posts from the screening corpus with identifying details,
disguised ones and combinations mixed in (no two the same). Each request carries the CSRF
cookie and header and the Origin a browser sends. Requests rotate over the members so the
endpoint's rate limit (30 a minute per member) is never reached.

Reports p50, p95 and p99 latency over the timed requests (after a warm-up), and errors. The
issue's target: p95 under 50 ms.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import statistics
import string
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import forum_setup
from benchmarks.forum_setup import HOST, PROXY_HEADERS
from benchmarks.screening import build_posts

MEMBERS = 40
TEXT_CHARS = 5_000


def drafts(count: int, seed: int = 3) -> list[str]:
    """`count` different 5,000-character drafts cut from realistic posts."""
    rng = random.Random(seed)
    posts = build_posts(seed)
    out = []
    for _ in range(count):
        text = ""
        while len(text) < TEXT_CHARS:
            text += rng.choice(posts) + " "
        out.append(text[:TEXT_CHARS])
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    forum_setup.add_arguments(parser)
    parser.add_argument("--requests", type=int, default=400, help="timed requests")
    parser.add_argument("--warmup", type=int, default=40, help="untimed requests first")
    args = parser.parse_args()

    run = forum_setup.prepare(args, name="screening-endpoint")
    server = None
    try:
        from django.conf import settings
        from django.urls import reverse

        members = forum_setup.trusted_members("Bench Checker", MEMBERS)
        cookies = forum_setup.session_cookies(members)
        path = reverse("screen_text")
        port = forum_setup.free_port()
        server = forum_setup.start_server(
            forum_setup.gunicorn_command(port), run, port=port, ready_path="/healthz/"
        )
        rng = random.Random(5)
        alphabet = string.ascii_letters + string.digits
        tokens = ["".join(rng.choice(alphabet) for _ in range(32)) for _ in cookies]
        texts = drafts(args.warmup + args.requests)
        origin = f"https://{HOST}:{port}"
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        latencies, errors, findings = [], 0, 0
        for n, text in enumerate(texts):
            who = n % len(cookies)
            body = json.dumps({"text": text}).encode()
            headers = {
                **PROXY_HEADERS,
                "Content-Type": "application/json",
                "Cookie": f"{cookies[who]}; {settings.CSRF_COOKIE_NAME}={tokens[who]}",
                "X-CSRFToken": tokens[who],
                "Origin": origin,
                "Referer": origin + "/",
            }
            started = time.perf_counter()
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            payload = response.read()
            elapsed = time.perf_counter() - started
            if response.status != 200:
                errors += 1
                if errors <= 3:
                    print("error", response.status, payload[:200])
                continue
            if n >= args.warmup:
                latencies.append(elapsed * 1000)
                findings += bool(json.loads(payload)["findings"])
        connection.close()
        if not latencies:
            print("No successful requests.")
            return 1
        ordered = sorted(latencies)

        def pct(p: float) -> float:
            return ordered[min(len(ordered) - 1, int(p * len(ordered)))]

        print(
            f"{run.label}: {len(latencies)} checks of {TEXT_CHARS:,} characters "
            f"({findings} with findings), {errors} errors"
        )
        print(
            f"latency ms: p50 {pct(0.50):.1f}, p95 {pct(0.95):.1f}, p99 {pct(0.99):.1f}, "
            f"mean {statistics.fmean(latencies):.1f}, max {ordered[-1]:.1f}"
        )
        ok = pct(0.95) < 50 and errors == 0
        print("PASS" if ok else "FAIL", "(target: p95 under 50 ms, no errors)")
        return 0 if ok else 1
    finally:
        if server is not None:
            forum_setup.stop_server(server)
        forum_setup.cleanup(run, keep=args.keep)


if __name__ == "__main__":
    raise SystemExit(main())
