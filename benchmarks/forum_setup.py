"""Shared set-up for the forum benchmarks (`forum_thread.py`, `forum_fanout.py`, `load.py`).

Each run gets its own throwaway database and keyspace, and leaves nothing behind:

- SQLite: a file in a new temporary directory (never `db.sqlite3`, never a test database);
- PostgreSQL (`--postgres [URL]`): a new database `sv_bench_<random>` on that server, dropped
  at the end;
- Redis (`--redis [URL]`): the channel layer and cache under a prefix of its own
  (`svbench-<random>`), whose keys are deleted at the end. Without `--redis` the channel layer
  is in memory, as in the embedded default.

Settings are production's (`benchmarks.production_settings`, which only moves STATIC_ROOT to the
temporary directory) with a throwaway secret key and DJANGO_ALLOWED_HOSTS=127.0.0.1. Production
cookies are `Secure` and named `__Host-...`; the benchmark clients play the part of the
TLS-terminating proxy: they send `X-Forwarded-Proto: https` (production's
SECURE_PROXY_SSL_HEADER) and the session cookie in a `Cookie` header, as a browser does over
HTTPS. So no setting is relaxed for the benchmark, and the SSL redirect stays on.
"""

from __future__ import annotations

import argparse
import http.client
import math
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}

# Bland sentences that screening publishes at once: no names, places, numbers or risk words.
SENTENCES = (
    "We had another long week but the evenings were a little calmer than before.",
    "The appointment went better than I expected and everyone listened this time.",
    "I keep reminding myself that small steps still count as progress.",
    "Some days are quiet and some days are hard, and I am learning to take them as they come.",
    "Thank you for sharing this, it helps to know that other parents understand.",
    "We cooked dinner together at the weekend and it felt almost normal.",
    "I wrote down what I wanted to say before the meeting, which really helped.",
    "The support worker was kind and explained each step slowly.",
    "Sleep is still difficult, but we have a routine now and it seems to help a bit.",
    "I am trying to look after myself too, even if it is only a short walk.",
    "Seeing everyone's replies here has made the waiting easier to bear.",
    "We talked calmly for the first time in weeks, and I did not push too hard.",
    "It is hard not to blame myself, but I know that is not fair or true.",
    "Tomorrow is another day, and I will try again with fresh patience.",
    "I found the advice about keeping a diary useful, so I started one.",
    "Please keep going, you are doing far more than you realise.",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--postgres",
        nargs="?",
        const="postgres://postgres@127.0.0.1:5432/postgres",
        default=None,
        metavar="URL",
        help="run on PostgreSQL: a server URL (a new database is made there and dropped)",
    )
    parser.add_argument(
        "--redis",
        nargs="?",
        const="redis://127.0.0.1:6379/12",
        default=None,
        metavar="URL",
        help="channel layer and cache in Redis (keys under a prefix of their own, deleted)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")


@dataclass
class Run:
    """Where this run keeps its data, and the environment its servers get."""

    directory: Path
    env: dict[str, str]
    database_label: str
    layer_label: str
    postgres_admin_url: str | None = None
    postgres_database: str | None = None
    redis_url: str | None = None
    prefix: str = ""

    @property
    def label(self) -> str:
        return f"{self.database_label} + {self.layer_label}"


def prepare(args: argparse.Namespace, *, name: str, database_prefix: str = "sv_bench_") -> Run:
    """Make the database and keyspace, set the environment, set Django up, migrate, and
    collect static files. Call once, before anything imports Django models. The PostgreSQL
    database is named `<database_prefix><random>`."""
    directory = Path(tempfile.mkdtemp(prefix=f"{name}-"))
    suffix = secrets.token_hex(4)
    env = {
        "DJANGO_SETTINGS_MODULE": "benchmarks.production_settings",
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": "bench-only-" + secrets.token_urlsafe(48),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "BENCH_STATIC_ROOT": str(directory / "static"),
        "DJANGO_MEDIA_ROOT": str(directory / "media"),
        "DJANGO_CACHE_PREFIX": f"svbench-{suffix}",
        "PYTHONPATH": str(ROOT),
    }
    run = Run(
        directory=directory,
        env=env,
        database_label="SQLite",
        layer_label="in-memory layer",
        prefix=env["DJANGO_CACHE_PREFIX"],
    )
    if args.postgres:
        run.postgres_admin_url = args.postgres
        run.postgres_database = f"{database_prefix}{suffix}"
        _postgres_execute(args.postgres, f'CREATE DATABASE "{run.postgres_database}"')
        parts = urlsplit(args.postgres)
        env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{run.postgres_database}"))
        run.database_label = "PostgreSQL"
    else:
        env["DATABASE_URL"] = f"sqlite:///{directory / 'bench.sqlite3'}"
    if args.redis:
        env["REDIS_URL"] = args.redis
        run.redis_url = args.redis
        run.layer_label = "Redis"
    else:
        os.environ.pop("REDIS_URL", None)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))

    import django
    from django.core.management import call_command

    django.setup()
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    print(
        f"{run.label}: migrated and collected static files in "
        f"{time.perf_counter() - started:.0f} s ({directory})"
    )
    return run


def cleanup(run: Run, *, keep: bool = False) -> None:
    """Drop the PostgreSQL database, delete this run's Redis keys, remove the directory."""
    from django.db import connections

    connections.close_all()
    if run.postgres_database and run.postgres_admin_url:
        _postgres_execute(
            run.postgres_admin_url,
            f'DROP DATABASE IF EXISTS "{run.postgres_database}" WITH (FORCE)',
        )
    if run.redis_url:
        import redis

        client = redis.Redis.from_url(run.redis_url)
        for key in client.scan_iter(match=f"{run.prefix}*", count=1000):
            client.delete(key)
    if keep:
        print(f"Kept {run.directory}")
    else:
        shutil.rmtree(run.directory, ignore_errors=True)


def _postgres_execute(admin_url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(statement)


def post_body(rng: random.Random, chars: int = 600) -> str:
    """About `chars` characters of ordinary member text in two paragraphs."""
    sentences: list[str] = []
    while sum(len(s) + 1 for s in sentences) < chars:
        sentences.append(rng.choice(SENTENCES))
    half = len(sentences) // 2
    return " ".join(sentences[:half]) + "\n\n" + " ".join(sentences[half:])


def trusted_member(name: str):
    """A member past the new-member hold, as three approved posts would leave them."""
    from community.models import User
    from moderation.models import Standing

    user = User(email=f"{name.lower().replace(' ', '.')}@example.org", display_name=name)
    user.set_unusable_password()
    user.save()
    Standing.objects.create(member=user, approved_count=3)
    return user


def seed_thread(*, posts: int, authors: int, seed: int = 7):
    """A board and a thread of `posts` published posts of about 600 characters, written through
    `forums.services` (sanitised, screened, recorded) by `authors` members in turn."""
    return seed_threads(threads=1, posts=posts, authors=authors, seed=seed)[0]


def seed_threads(*, threads: int, posts: int, authors: int, seed: int = 7) -> list:
    """A board and `threads` threads of `posts` published posts each (see `seed_thread`)."""
    from forums import services
    from forums.models import Board, Post

    rng = random.Random(seed)
    board = Board.objects.create(title="Everyday life", slug="everyday-life")
    writers = [trusted_member(f"Writer {n}") for n in range(1, authors + 1)]
    made = []
    for number in range(threads):
        title = "How was your week?" if number == 0 else f"How was your week? ({number + 1})"
        posted = services.thread_create(
            board=board, author=writers[0], title=title, body=post_body(rng)
        )
        thread = posted.post.thread
        for n in range(1, posts):
            services.post_create(thread=thread, author=writers[n % authors], body=post_body(rng))
        published = Post.objects.filter(thread=thread, moderation_state="published").count()
        if published != posts:
            raise SystemExit(f"Only {published} of {posts} seeded posts were published.")
        made.append(thread)
    return made


def trusted_members(prefix: str, count: int) -> list:
    """`count` members like `trusted_member`'s, made in bulk (a few queries, not thousands)."""
    from django.contrib.auth.hashers import make_password

    from community.members.names import skeleton
    from community.models import User
    from moderation.models import Standing

    unusable = make_password(None)
    users = []
    for n in range(1, count + 1):
        name = f"{prefix} {n}"
        users.append(
            User(
                email=f"{name.lower().replace(' ', '.')}@example.org",
                display_name=name,
                display_name_key=skeleton(name),
                password=unusable,
            )
        )
    users = User.objects.bulk_create(users, batch_size=500)
    Standing.objects.bulk_create(
        [Standing(member=user, approved_count=3) for user in users], batch_size=500
    )
    return users


def session_cookies(users) -> list[str]:
    """`session_cookie` for many members, the session rows written in bulk. Each session has
    been seen just now, so the idle sign-out does not write it on the first page view."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.timezone import now as timezone_now

    engine = import_module(settings.SESSION_ENGINE)
    Session = engine.SessionStore.get_model_class()
    rows, cookies = [], []
    expires = timezone_now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    for user in users:
        store = engine.SessionStore()
        key = store._get_new_session_key()
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "community.members.auth.MemberAuthenticationBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
            "seen_at": int(time.time()),
        }
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expires))
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={key}")
    Session.objects.bulk_create(rows, batch_size=500)
    return cookies


def session_cookie(user) -> str:
    """A `Cookie` header value for a signed-in session of `user`, as allauth's sign-in makes."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "community.members.auth.MemberAuthenticationBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_server(command: list[str], run: Run, *, port: int, ready_path: str) -> subprocess.Popen:
    """Start a server process with the run's environment and wait until it answers."""
    log = open(run.directory / f"server-{port}.log", "wb")  # noqa: SIM115 (closed with it)
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **run.env},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"The server stopped; see {log.name}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", ready_path, headers=PROXY_HEADERS)
            connection.getresponse().read()
            connection.close()
            return process
        except OSError:
            time.sleep(0.3)
    stop_server(process)
    raise SystemExit(f"The server did not answer within 60 s; see {log.name}")


def gunicorn_command(port: int, *, workers: int = 2) -> list[str]:
    """Pages as production serves them (docs/deploy.md), on this port."""
    return [
        str(VENV_BIN / "gunicorn"),
        "community.config.wsgi",
        "-w",
        str(workers),
        "-b",
        f"{HOST}:{port}",
    ]


def daphne_command(port: int, *, app: str = "community.config.asgi:application") -> list[str]:
    """Sockets as production serves them (docs/deploy.md), on this port."""
    from community.live.consumers import DAPHNE_OPTIONS

    return [
        str(VENV_BIN / "daphne"),
        "-b",
        HOST,
        "-p",
        str(port),
        "--access-log",
        os.devnull,
        *DAPHNE_OPTIONS,
        app,
    ]


def stop_server(process: subprocess.Popen) -> None:
    """Stop the server and its workers (its own process group, started above)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def process_tree(pid: int) -> list[int]:
    """The process and its children (gunicorn's workers)."""
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                children.append(int(entry.name))
    return [pid, *children]


def cpu_seconds(pids: list[int]) -> float:
    """User plus system CPU time of these processes so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def rss_megabytes(pid: int) -> float:
    """Resident memory of one process (VmRSS), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def raise_open_files_limit(wanted: int) -> int:
    """Raise this process's soft limit on open files towards `wanted` (up to the hard limit);
    servers started afterwards inherit it. Returns the limit now in force."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if target > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        soft = target
    return soft


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(p / 100 * len(ordered))))
    return ordered[rank - 1]


def which(name: str) -> str | None:
    return shutil.which(name)
