"""Where a reply's time goes (issue 18): the reply POST's CPU cost on its own, by phase. Run:

    .venv/bin/python benchmarks/reply_cost.py --postgres --redis redis://127.0.0.1:6379/9
    .venv/bin/python benchmarks/reply_cost.py            # SQLite + in-memory layer

In this process, with Django's test Client under the production settings (see
`benchmarks/forum_setup.py` for the throwaway database and keyspace): a board of
`--board-threads` threads, one of them with `--posts` published posts (50, as the thread page
target), `--followers` members following it (each reply tells them), and readers signed in with
sessions of their own, as `load.py` makes them. Then `--rounds` rounds, each of:

1. a reply POST to the 50-post thread, as `load.py` sends it (a trusted poster, about 600
   characters, no send key, the redirect not followed);
2. the thread page GET by a reader who has not written there, the first view since the reply
   (the kept page is rendered again: `forums.pages`);
3. the same page by another reader (the kept page, filled in);
4. the board page GET.

Each request is timed on its own (wall and CPU time of this process; PostgreSQL's and Redis's
own work is not in the CPU figure, their round trips are in the wall figure), without the
profiler. Then `--profiled` more rounds run under cProfile, one profile per kind of request, and
the reply's profile is cut into phases by the cumulative time of the functions that do each
phase (form, screening, writes, rendering, fan-out, notifications, ...), plus the time spent
entering each of our modules and each library. A profiler slows Python code more than C code and
round trips, so the phases are given as shares of the profiled request, and in milliseconds
scaled to the unprofiled CPU time. Also counted: SQL statements per request and Redis commands.

The phases name functions by module and name (`benchmarks/reply_probes.py`, the one list to
update when code moves); a phase whose function is not found reads "not found" instead of
failing. Results and their reading: docs/benchmarks.md, "Where a reply's time goes (issue 18)".
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from http.cookies import SimpleCookie
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import forum_setup as setup
from reply_probes import OURS, PHASES, TIMED, Counters, Sampler, Timed, find_function, owner_of

KINDS = ("reply", "thread_first", "thread_kept", "board")
LABELS = {
    "reply": "reply POST",
    "thread_first": "thread GET, first view after a reply (kept page rebuilt)",
    "thread_kept": "thread GET, kept page filled in",
    "board": "board GET",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    setup.add_arguments(parser)
    parser.add_argument("--rounds", type=int, default=100, help="timed rounds, unprofiled")
    parser.add_argument("--sampled", type=int, default=40, help="rounds under the sampler")
    parser.add_argument("--profiled", type=int, default=30, help="rounds under cProfile")
    parser.add_argument("--posts", type=int, default=50, help="posts in the replied thread")
    parser.add_argument("--board-threads", type=int, default=20, help="threads on the board")
    parser.add_argument("--followers", type=int, default=30, help="members following the thread")
    parser.add_argument("--profile-out", default="", help="save the reply's pstats here")
    parser.add_argument("--show-sql", action="store_true", help="print one reply's statements")
    args = parser.parse_args()
    run = setup.prepare(args, name="reply-cost")
    try:
        measure(args, run)
    finally:
        setup.cleanup(run, keep=args.keep)


def seed(args: argparse.Namespace):
    from forums import services
    from forums.models import ThreadWatch

    thread = setup.seed_thread(posts=args.posts, authors=5)
    rng = random.Random(5)
    others = setup.trusted_members("Opener", 3)
    for n in range(args.board_threads - 1):
        posted = services.thread_create(
            board=thread.board,
            author=others[n % 3],
            title=f"Another week ({n + 2})",
            body=setup.post_body(rng),
        )
        for m in range(2):
            services.post_create(
                thread=posted.post.thread, author=others[(n + m + 1) % 3], body=setup.post_body(rng)
            )
    followers = setup.trusted_members("Follower", args.followers)
    ThreadWatch.objects.bulk_create(
        ThreadWatch(member=member, thread=thread, level=ThreadWatch.Level.FOLLOWING)
        for member in followers
    )
    # The composer allows 10 sends a minute per member, as load.py's posters wait their turn.
    posters = setup.session_cookies(
        setup.trusted_members("Poster", (args.rounds + args.sampled + args.profiled + 5) // 6 + 2)
    )
    readers = setup.session_cookies(setup.trusted_members("Reader", 40))
    return thread, posters, readers


def measure(args: argparse.Namespace, run) -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from forums.models import Post

    started = time.perf_counter()
    thread, posters, readers = seed(args)
    print(
        f"Seeded a {args.posts}-post thread on a board of {args.board_threads} threads, "
        f"{args.followers} followers, {len(posters)} posters, {len(readers)} readers in "
        f"{time.perf_counter() - started:.0f} s; load average {setup.load_average()}"
    )
    address = thread.get_absolute_url()
    board_address = thread.board.get_absolute_url()
    cookie_name = settings.SESSION_COOKIE_NAME
    rng = random.Random(11)

    # One client, so one handler: Django loads the middleware once per handler (WhiteNoise scans
    # the static files then), as a gunicorn worker does once. Each request carries one member's
    # session cookie, and no other cookie.
    client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST=setup.HOST)

    def as_member(cookie: str) -> Client:
        client.cookies = SimpleCookie()
        client.cookies[cookie_name] = cookie.split("=", 1)[1]
        return client

    sent = 0

    def request(kind: str, n: int):
        nonlocal sent
        if kind == "reply":
            poster = as_member(posters[sent % len(posters)])
            sent += 1
            form = {"body": f"{setup.post_body(rng)} ({sent})", "content_note": ""}
            return poster.post(address, form, secure=True), 302
        if kind == "board":
            return as_member(readers[(2 * n) % len(readers)]).get(board_address, secure=True), 200
        offset = 0 if kind == "thread_first" else 1
        return as_member(readers[(2 * n + offset) % len(readers)]).get(address, secure=True), 200

    show_sql = args.show_sql

    def one_round(n: int, timings, profiles=None, counters=None, sampler=None) -> None:
        for kind in KINDS:
            timed.kind = kind if counters is not None else None
            counter = Counters()
            with connection.execute_wrapper(counter):
                if profiles is not None:
                    profiles[kind].enable()
                if sampler is not None:
                    sampler.kind = kind
                wall, cpu = time.perf_counter(), time.process_time()
                answer, expected = request(kind, n)
                cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
                if sampler is not None:
                    sampler.kind = None
                if profiles is not None:
                    profiles[kind].disable()
            if answer.status_code != expected:
                raise SystemExit(f"{LABELS[kind]} answered {answer.status_code}, not {expected}.")
            timed.kind = None
            timings[kind].append((wall * 1000, cpu * 1000, counter.sql_seconds * 1000))
            if counters is not None:
                counters[kind].update(counter.statements)
            if show_sql and counters is not None and kind == "reply" and n == 0:
                print(f"The statements of one reply POST ({len(counter.texts)}):")
                for text in counter.texts:
                    print(f"    {text}")
                print()

    timed = Timed()  # before the first request: the handler binds _get_response then
    warm: dict[str, list] = defaultdict(list)
    for n in range(5):
        one_round(n, warm)
    before = Post.objects.count()
    timings: dict[str, list] = defaultdict(list)
    counters: dict[str, Counter] = defaultdict(Counter)
    started = time.perf_counter()
    for n in range(args.rounds):
        one_round(n, timings, counters=counters)
    took = time.perf_counter() - started
    # Sampled rounds: the sampler thread needs the GIL to look, so let it switch often.
    switch = sys.getswitchinterval()
    sys.setswitchinterval(0.0002)
    sampler = Sampler()
    sampled: dict[str, list] = defaultdict(list)
    for n in range(args.sampled):
        one_round(args.rounds + n, sampled, sampler=sampler)
    sampler.stop()
    sys.setswitchinterval(switch)
    profiles = {kind: cProfile.Profile(time.process_time) for kind in KINDS}
    profiled: dict[str, list] = defaultdict(list)
    for n in range(args.profiled):
        one_round(args.rounds + args.sampled + n, profiled, profiles=profiles)
    saved = Post.objects.count() - before
    if saved != args.rounds + args.sampled + args.profiled:
        raise SystemExit(f"{saved} replies saved for more sends.")
    print(
        f"{run.label}: {args.rounds} timed rounds in {took:.1f} s, then {args.sampled} sampled "
        f"and {args.profiled} under cProfile; load average {setup.load_average()}\n"
    )
    report_timings(timings, counters, args.rounds)
    report_timed(timed, timings, args.rounds)
    reply_stats = pstats.Stats(profiles["reply"])
    if args.profile_out:
        reply_stats.dump_stats(args.profile_out)
    report_phases(
        reply_stats, args.profiled, statistics.median(c for _, c, _ in timings["reply"]), sampler
    )
    for kind in KINDS:
        report_modules(sampler, kind, statistics.median(w for w, _, _ in sampled[kind]))
    print("cProfile, the reply POST's own time by library (ms a reply under cProfile):\n")
    report_own(reply_stats, args.profiled)


def report_timings(timings, counters, rounds: int) -> None:
    reply_cpu = statistics.median(c for _, c, _ in timings["reply"])
    print(
        "| request | wall median | wall p90 | CPU median | CPU p90 | SQL wall median | "
        "CPU vs reply | SQL statements (per request) |"
    )
    print("|---|--:|--:|--:|--:|--:|--:|---|")
    for kind in KINDS:
        wall = [w for w, _, _ in timings[kind]]
        cpu = [c for _, c, _ in timings[kind]]
        sql = [s for _, _, s in timings[kind]]
        statements = ", ".join(
            f"{verb} {count / rounds:.1f}" for verb, count in counters[kind].most_common()
        )
        total = sum(counters[kind].values()) / rounds
        print(
            f"| {LABELS[kind]} | {statistics.median(wall):.2f} ms | "
            f"{setup.percentile(wall, 90):.2f} ms | {statistics.median(cpu):.2f} ms | "
            f"{setup.percentile(cpu, 90):.2f} ms | {statistics.median(sql):.2f} ms | "
            f"{statistics.median(cpu) / reply_cpu:.2f} | {total:.1f}: {statements} |"
        )
    print()


def report_timed(timed: Timed, timings, rounds: int) -> None:
    cpu = statistics.fmean(c for _, c, _ in timings["reply"])
    wall = statistics.fmean(w for w, _, _ in timings["reply"])
    print(
        f"Reply POST, timed without a profiler ({rounds} replies; mean CPU {cpu:.1f} ms, mean "
        f"wall {wall:.1f} ms a reply, test client included; inclusive, indented = inside):\n"
    )
    print("| phase | calls/reply | CPU ms | share of CPU | wall ms | share of wall |")
    print("|---|--:|--:|--:|--:|--:|")
    totals = timed.totals["reply"]
    for number, (label, _, _) in enumerate(TIMED):
        shown = label.strip()
        indent = "&nbsp;" * (len(label) - len(label.lstrip()))
        if number in timed.missing:
            print(f"| {indent}{shown} | not found | | | | |")
            continue
        calls, spent_wall, spent_cpu = totals[number]
        print(
            f"| {indent}{shown} | {calls / rounds:.1f} | {spent_cpu / rounds * 1000:.2f} | "
            f"{spent_cpu / rounds * 1000 / cpu:.1%} | {spent_wall / rounds * 1000:.2f} | "
            f"{spent_wall / rounds * 1000 / wall:.1%} |"
        )
    print()


def report_phases(stats: pstats.Stats, rounds: int, cpu_ms: float, sampler: Sampler) -> None:
    whole = find_function(stats, *PHASES[0][1:])
    total = whole[1] if whole else stats.total_tt
    samples = sampler.samples["reply"] or 1
    print(
        f"Reply POST under cProfile: {total / rounds * 1000:.1f} ms a reply in the handler "
        f"({stats.total_tt / rounds * 1000:.1f} ms profiled in all, test client included); "
        f"cProfile's clock is this process's CPU time (the event-loop thread's CPU is in the "
        f"whole, not in its functions); ms = share x the unprofiled CPU median ({cpu_ms:.1f} "
        "ms). The sampled "
        f"share is of wall time ({sampler.samples['reply']} samples), database waits included."
        "\n"
    )
    print(
        "| phase (cumulative; indented = inside the line above) | calls/reply | "
        "share (cProfile) | ms | share (sampled wall) |"
    )
    print("|---|--:|--:|--:|--:|")
    for number, (label, name, fragment) in enumerate(PHASES):
        found = find_function(stats, name, fragment)
        shown = label.strip()
        indent = "&nbsp;" * (len(label) - len(label.lstrip()))
        sampled = sampler.phases["reply"][number] / samples
        if found is None:
            print(f"| {indent}{shown} | not found | | | {sampled:.1%} |")
            continue
        calls, cumulative = found
        share = cumulative / total
        print(
            f"| {indent}{shown} | {calls / rounds:.1f} | {share:.1%} | {share * cpu_ms:.2f} | "
            f"{sampled:.1%} |"
        )
    print()


def report_modules(sampler: Sampler, kind: str, wall_ms: float) -> None:
    """Sampled wall time: each module of ours with the share of samples it was on the stack
    in, and the innermost frame's owner (ours by top package, or the library)."""
    samples = sampler.samples[kind] or 1
    print(
        f"{LABELS[kind]}: sampled wall time ({sampler.samples[kind]} samples; median "
        f"{wall_ms:.1f} ms a request while sampled); our modules on the stack, and where the "
        "innermost Python frame was\n"
    )
    print("| our module on the stack | share | ms | | innermost frame in | share | ms |")
    print("|---|--:|--:|---|---|--:|--:|")
    mine = sampler.inclusive[kind].most_common(18)
    grouped: Counter[str] = Counter()
    for owner, count in sampler.leaf[kind].items():
        top = owner.split(".")[0]
        grouped[f"ours: {top}" if top in OURS else owner] += count
    libraries = grouped.most_common(18)
    for n in range(max(len(mine), len(libraries))):
        left = " | | "
        if n < len(mine):
            share = mine[n][1] / samples
            left = f"{mine[n][0]} | {share:.1%} | {share * wall_ms:.2f}"
        right = " | | "
        if n < len(libraries):
            share = libraries[n][1] / samples
            right = f"{libraries[n][0]} | {share:.1%} | {share * wall_ms:.2f}"
        print(f"| {left} | | {right} |")
    print()


def report_own(stats: pstats.Stats, rounds: int) -> None:
    own: Counter[str] = Counter()
    for (filename, _, _), (_, _, tt, _, _) in stats.stats.items():
        top = owner_of(filename)
        own[f"ours: {top.split('.')[0]}" if top.split(".")[0] in OURS else top] += tt
    total = stats.total_tt
    print("| own time in | ms | share |")
    print("|---|--:|--:|")
    for owner, seconds in own.most_common(14):
        print(f"| {owner} | {seconds / rounds * 1000:.2f} | {seconds / total:.1%} |")
    print()


if __name__ == "__main__":
    main()
