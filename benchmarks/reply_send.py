"""How long does the server take to save a reply? Run:

    .venv/bin/python benchmarks/reply_send.py                      # SQLite
    .venv/bin/python benchmarks/reply_send.py --postgres --redis   # PostgreSQL + Redis

Issue 17 caps what exactly-once sending and the one text-cleaning path may add to a reply's
server time at 5 %. This measures the whole send as the server does it, in this process: the
POST of the thread page's reply form (middleware, the form and its cleaning, the send key,
screening, the insert and its commit hooks, the redirect), for members who opened the page
first and send the form it gave them, as a browser does. Only the POST is timed; opening the
page is not.

To compare two versions of the code, run this file in each checkout in turn, several times
(`git worktree add /tmp/before <commit>` and copy this file there); the machine is shared, so
only runs taken side by side, alternating, say anything. Reports the median and 90th
percentile wall time and the median CPU time per send.

See `benchmarks/forum_setup.py` for the throwaway database and keyspace.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from pathlib import Path

import forum_setup as setup

TOKEN = re.compile(r'name="send_token" value="([^"]+)"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    setup.add_arguments(parser)
    parser.add_argument("--sends", type=int, default=200, help="replies to time")
    parser.add_argument("--chars", type=int, default=600, help="characters in each reply")
    args = parser.parse_args()
    run = setup.prepare(args, name="reply-send")
    try:
        measure(args)
    finally:
        setup.cleanup(run, keep=args.keep)


def measure(args: argparse.Namespace) -> None:
    from django.test import Client

    from forums.models import Post

    thread = setup.seed_thread(posts=20, authors=3)
    # The composer allows 10 sends a minute per member: enough members that none reaches it.
    senders = setup.trusted_members("Sender", max(1, args.sends // 5 + 1))
    rng = random.Random(11)
    address = thread.get_absolute_url()
    wall: list[float] = []
    cpu: list[float] = []
    before = Post.objects.count()
    for n in range(args.sends + 10):  # the first 10 warm caches and are not counted
        client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST=setup.HOST)
        client.force_login(senders[n % len(senders)])
        page = client.get(address, secure=True)
        token = TOKEN.search(page.content.decode())
        form = {
            "body": f"{setup.post_body(rng, args.chars)} ({n})",
            "content_note": "",
            "send_token": token.group(1) if token else "",
        }
        started_wall, started_cpu = time.perf_counter(), time.process_time()
        answer = client.post(address, form, secure=True)
        spent_wall = time.perf_counter() - started_wall
        spent_cpu = time.process_time() - started_cpu
        if answer.status_code != 302:
            raise SystemExit(f"Send {n} answered {answer.status_code}, not a redirect.")
        if n >= 10:
            wall.append(spent_wall * 1000)
            cpu.append(spent_cpu * 1000)
    saved = Post.objects.count() - before
    if saved != args.sends + 10:
        raise SystemExit(f"{saved} replies saved for {args.sends + 10} sends.")
    wall.sort()
    print(
        f"reply send ({Path.cwd().name}): {len(wall)} sends, "
        f"median {statistics.median(wall):.2f} ms, p90 {setup.percentile(wall, 90):.2f} ms, "
        f"cpu median {statistics.median(cpu):.2f} ms"
    )


if __name__ == "__main__":
    main()
