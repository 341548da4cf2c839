"""How many story pages and story index pages a second do visitors get under the production
layout? Run:

    .venv/bin/python benchmarks/story_pages.py                      # SQLite, local-memory cache
    .venv/bin/python benchmarks/story_pages.py --postgres --redis   # PostgreSQL + Redis cache

Seeds the demo stories (`seed_stories`) and eight more, one of them about 1,500 words long,
all sent, approved and published through `stories.services`; serves the site with gunicorn,
2 sync workers, under the production settings (`benchmarks/production_settings.py`); then `wrk`
(or `--client python`) fetches the long story's page, then the index, as a visitor (no
cookies) over 8 connections with `X-Forwarded-Proto: https`. Each is compared, in the same run,
with a bare Django view returning the same bytes (`benchmarks/bare_page.py`). Visitors are
served from the story cache (`stories/cache.py`) after the first request to each worker.

Reports requests/s, latency percentiles, errors and gunicorn's CPU time per request, as
`forum_thread.py` does (whose load and report functions this reuses), plus the queries a
cached and an uncached request make in this process.
"""

from __future__ import annotations

import argparse
import http.client
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import forum_setup
from benchmarks.forum_setup import HOST, PROXY_HEADERS
from benchmarks.forum_thread import measure

EXTRA_STORIES = 8
LONG_STORY_CHARS = 9_000  # about 1,500 words


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    forum_setup.add_arguments(parser)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--duration", type=int, default=20, help="seconds per timed run")
    parser.add_argument("--warmup", type=int, default=5, help="seconds of warm-up")
    parser.add_argument("--runs", type=int, default=2, help="timed runs")
    parser.add_argument("--client", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare Django views")
    args = parser.parse_args()
    client = args.client
    if client == "auto":
        client = "wrk" if forum_setup.which("wrk") else "python"

    run = forum_setup.prepare(args, name="story-pages")
    try:
        story_path, index_path = seed()
        for label, path in (("story page", story_path), ("story index", index_path)):
            cold, warm, size = queries_in_process(path)
            print(f"{label} {path}: {size:,} bytes; {cold} queries uncached, {warm} cached")

        command = [
            str(forum_setup.VENV_BIN / "gunicorn"),
            "community.config.wsgi",
            "-w",
            str(args.workers),
            "-b",
            "",
        ]
        bodies = {}
        port = forum_setup.free_port()
        command[-1] = f"{HOST}:{port}"
        server = forum_setup.start_server(command, run, port=port, ready_path=index_path)
        try:
            for label, path in (("story page", story_path), ("story index", index_path)):
                bodies[path] = check_page(port, path)
                measure(server, run, args, client, port, path, "", label=f"{label}, {run.label}")
        finally:
            forum_setup.stop_server(server)
        if not args.no_bare:
            for label, path in (("story page", story_path), ("story index", index_path)):
                page_file = run.directory / f"bare-{label.replace(' ', '-')}.html"
                page_file.write_bytes(bodies[path])
                run.env["BENCH_BARE_BODY"] = str(page_file)
                port = forum_setup.free_port()
                bare = [*command[:1], "benchmarks.bare_page:application", *command[2:-1]]
                bare.append(f"{HOST}:{port}")
                server = forum_setup.start_server(bare, run, port=port, ready_path=path)
                try:
                    measure(server, run, args, client, port, path, "", label=f"bare, {label}")
                finally:
                    forum_setup.stop_server(server)
    finally:
        forum_setup.cleanup(run, keep=args.keep)
    return 0


def seed() -> tuple[str, str]:
    """The demo stories plus EXTRA_STORIES more; returns the long story's and the index's
    paths."""
    from django.core.management import call_command

    from stories import services
    from stories.models import StoryIndexPage, ThemeSnippet

    call_command("seed_stories", verbosity=0)
    author = forum_setup.trusted_member("Story Writer")
    themes = list(ThemeSnippet.objects.all())
    rng = random.Random(11)
    long_page = None
    for number in range(EXTRA_STORIES):
        chars = LONG_STORY_CHARS if number == 0 else 1_500
        body = "\n\n".join(forum_setup.post_body(rng, 600) for _ in range(chars // 600))
        sent = services.story_submit(
            author=author,
            title=f"A story of ordinary days, part {number + 1}",
            body=body,
            themes=rng.sample(themes, 3),
            content_notes=["drugs"] if number % 2 else [],
            teller="parent",
            region="london",
            naming="byline",
            channels=["website"],
        )
        page = services.approve_without_queue(submission=sent.submission)
        page.summary = "A parent on the weeks that felt the same, and the one that did not."
        page.save_revision().publish()
        if long_page is None:
            long_page = page
    index = StoryIndexPage.objects.get()
    return long_page.url, index.url


def queries_in_process(path: str) -> tuple[int, int, int]:
    """Queries of an uncached and a cached visitor request, and the page's size."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="https")
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        response = client.get(path)
    with CaptureQueriesContext(connection) as warm:
        cached = client.get(path)
    if response.status_code != 200 or cached.get("X-Story-Cache") != "hit":
        raise SystemExit(f"{path}: status {response.status_code}, not served from the cache")
    return len(cold), len(warm), len(response.content)


def check_page(port: int, path: str) -> bytes:
    """The server gives a visitor the page (twice: the second from the cache)."""
    for _ in range(3):
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        connection.request("GET", path, headers={**PROXY_HEADERS})
        response = connection.getresponse()
        raw = response.read()
        connection.close()
        if response.status != 200 or b"<h1>" not in raw:
            raise SystemExit(f"{path}: unexpected answer {response.status}")
    return raw


if __name__ == "__main__":
    raise SystemExit(main())
