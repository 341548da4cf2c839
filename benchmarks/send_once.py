"""What does exactly-once sending cost a reply? Run:

    .venv/bin/python benchmarks/send_once.py                      # SQLite
    .venv/bin/python benchmarks/send_once.py --postgres --redis   # PostgreSQL + Redis

Issue 17 caps what exactly-once sending may add to a reply's server time at 5 %. The old path
(a cache claim before the transaction) is gone, so both sides are measured in the same run, in
this process, alternating send by send so that the shared machine's load falls on both alike:

- keyed: the form as the thread page gives it, with its send key; the server looks the key up
  (one indexed SELECT on the author's posts) and stores it with the post under the unique
  constraint (`community.infra.sendonce`);
- blank: the same form with the key left empty, which the server saves without the lookup (as
  items made without a form are).

Only the POST is timed (middleware, the form, screening, the insert, its commit hooks and the
redirect), not opening the page. Reports the median and 90th percentile wall time, the median
CPU time, the SQL statements each send ran, and the keyed path's extra cost in per cent of the
blank path's median.

See `benchmarks/forum_setup.py` for the throwaway database and keyspace.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time

import forum_setup as setup

TOKEN = re.compile(r'name="send_token" value="([^"]+)"')
WARM_UP = 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    setup.add_arguments(parser)
    parser.add_argument("--sends", type=int, default=200, help="replies to time on each side")
    parser.add_argument("--chars", type=int, default=600, help="characters in each reply")
    args = parser.parse_args()
    run = setup.prepare(args, name="send-once")
    try:
        measure(args, run.label)
    finally:
        setup.cleanup(run, keep=args.keep)


def measure(args: argparse.Namespace, label: str) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from forums.models import Post

    thread = setup.seed_thread(posts=20, authors=3)
    # The composer allows 10 sends a minute per member: enough members that none reaches it.
    senders = setup.trusted_members("Sender", max(1, (2 * args.sends + WARM_UP) // 5 + 1))
    rng = random.Random(17)
    address = thread.get_absolute_url()
    sides = {"keyed": Side(), "blank": Side()}
    before = Post.objects.count()
    total = 2 * args.sends + WARM_UP
    for n in range(total):
        side = "keyed" if n % 2 == 0 else "blank"
        client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST=setup.HOST)
        client.force_login(senders[n % len(senders)])
        page = client.get(address, secure=True)
        token = TOKEN.search(page.content.decode())
        if token is None:
            raise SystemExit("The thread page gave no send key.")
        form = {
            "body": f"{setup.post_body(rng, args.chars)} ({n})",
            "content_note": "",
            "send_token": token.group(1) if side == "keyed" else "",
        }
        with CaptureQueriesContext(connection) as queries:
            started_wall, started_cpu = time.perf_counter(), time.process_time()
            answer = client.post(address, form, secure=True)
            spent_cpu = time.process_time() - started_cpu
            spent_wall = time.perf_counter() - started_wall
        if answer.status_code != 302:
            raise SystemExit(f"Send {n} answered {answer.status_code}, not a redirect.")
        if n >= WARM_UP:
            sides[side].add(spent_wall, spent_cpu, len(queries))
    saved = Post.objects.count() - before
    if saved != total:
        raise SystemExit(f"{saved} replies saved for {total} sends.")
    keyed = Post.objects.filter(thread=thread).exclude(send_key="").count()
    print(f"{label}: {total} replies saved, {keyed} of them with their send key")
    for name, side in sides.items():
        print(f"  {name}: {side.summary()}")
    extra = sides["keyed"].median_wall / sides["blank"].median_wall - 1
    extra_cpu = sides["keyed"].median_cpu / sides["blank"].median_cpu - 1
    print(f"  exactly-once costs {extra:+.1%} wall time, {extra_cpu:+.1%} CPU time (median)")


class Side:
    """The timings of one side's sends, in milliseconds."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []
        self.queries: list[int] = []

    def add(self, wall: float, cpu: float, queries: int) -> None:
        self.wall.append(wall * 1000)
        self.cpu.append(cpu * 1000)
        self.queries.append(queries)

    @property
    def median_wall(self) -> float:
        return statistics.median(self.wall)

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu)

    def summary(self) -> str:
        return (
            f"{len(self.wall)} sends, median {self.median_wall:.2f} ms, "
            f"p90 {setup.percentile(sorted(self.wall), 90):.2f} ms, "
            f"cpu median {self.median_cpu:.2f} ms, "
            f"{statistics.median(self.queries):.0f} SQL statements"
        )


if __name__ == "__main__":
    main()
