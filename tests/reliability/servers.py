"""Real processes for the reliability tests: Daphne workers on the test database, a private
redis-server, and plain HTTP to them with a member's session.

Workers are `python -m daphne` subprocesses (not forks) with the test profile and the parent's
environment, pointed at the test database and the test run's Redis keyspace, so what the test
commits they see, and what they publish the test's other workers hear.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection
from django.test import Client

from community.live.consumers import DAPHNE_OPTIONS

from .wsclient import Closed, WebSocket

HOST = "127.0.0.1"
PROJECT = Path(__file__).resolve().parents[2]
REDIS_SERVER = "/usr/bin/redis-server"
START_TIMEOUT = 40


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, *, process: subprocess.Popen | None = None, timeout=START_TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before listening")
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listened on port {port} within {timeout} s")


def current_database_url() -> str:
    """The URL of the database this test run uses (pytest-django's test database)."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    return f"postgres://{auth}{db.get('HOST') or HOST}:{db.get('PORT') or 5432}/{db['NAME']}"


def unreachable_database_url(tmp_path: Path) -> str:
    """A database URL of the test run's kind where no database answers."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path}/no-such-folder/gone.sqlite3"
    return f"postgres://postgres@{HOST}:{free_port()}/gone"


def worker_env(**overrides: str) -> dict[str, str]:
    """The parent's environment, on the test database and this run's Redis keyspace."""
    env = dict(os.environ)
    env.update(
        DJANGO_ENV="test",
        DJANGO_SETTINGS_MODULE="tests.reliability.worker_settings",
        DATABASE_URL=current_database_url(),
        PYTHONUNBUFFERED="1",
    )
    if settings.REDIS_URL:
        env["REDIS_URL"] = settings.REDIS_URL
        env["RELIABILITY_PREFIX"] = settings.CACHES["default"]["KEY_PREFIX"]
    env.update(overrides)
    return env


@dataclass
class Worker:
    """One Daphne process serving the whole ASGI application on `port`."""

    port: int
    process: subprocess.Popen
    log: Path
    env: dict[str, str] = field(repr=False)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def kill(self) -> None:
        """As a crash would: SIGKILL, no clean-up."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


def start_worker(log_dir: Path, **env_overrides: str) -> Worker:
    """A Daphne process on a free port, returned once it accepts connections; started with the
    options every documented Daphne command line has (the websocket size limits)."""
    port = free_port()
    env = worker_env(**env_overrides)
    log = log_dir / f"daphne-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", HOST, "-p", str(port),
             "--access-log", os.devnull, *DAPHNE_OPTIONS, "community.config.asgi:application"],
            cwd=PROJECT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    worker = Worker(port=port, process=process, log=log, env=env)
    try:
        wait_for_port(port, process=process)
    except RuntimeError as error:
        worker.stop()
        raise RuntimeError(f"{error}\n{worker.output()}") from error
    return worker


@dataclass
class RedisServer:
    """A private redis-server for fault tests: stopping it touches nobody else's Redis."""

    port: int
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", HOST, "--save", "",
             "--appendonly", "no", "--protected-mode", "yes"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(self.port, process=self.process)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        self.process = None


def redis_server_missing() -> str | None:
    if not Path(REDIS_SERVER).is_file() or shutil.which(REDIS_SERVER) is None:
        return f"needs {REDIS_SERVER} to run a private Redis (apt-get install redis-server)"
    return None


# --- HTTP as a member ------------------------------------------------------------------------


def session_cookie_value(user) -> str:
    """A real signed-in session for `user`, committed where the workers can read it."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@dataclass
class Browserless:
    """HTTP to a worker as one member: their session cookie and a CSRF token of their own."""

    session: str
    csrf: str = field(default_factory=lambda: secrets.token_hex(16))
    location: str = ""  # where the last redirect pointed

    @property
    def cookie(self) -> str:
        session, csrf = settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME
        return f"{session}={self.session}; {csrf}={self.csrf}"

    def request(
        self, base: str, path: str, data: dict[str, str] | None = None, timeout: float = 20
    ) -> tuple[int, str]:
        """GET, or POST `data` as a form; the status and body, without following redirects."""
        body = None
        headers = {"Cookie": self.cookie, "Origin": base}
        if data is not None:
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf}).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(base + path, data=body, headers=headers)
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=timeout) as response:
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            self.location = error.headers.get("Location", "")
            return error.code, error.read().decode(errors="replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# --- Members replying steadily through a fault, and tabs left open --------------------------

NOTES = ["one", "two", "three", "four", "five", "six", "seven"]
# Seconds between one member's replies: with the re-sends, under the ten a minute a member may
# send (forms.ComposerForm.SENDS_PER_MINUTE).
PACE = 1.0
RESEND_AFTER = 0.5
GIVE_UP = 60.0  # a member still sending one reply after this long: the test fails


@dataclass
class Send:
    """One reply a member means to send, and every answer they got for it."""

    body: str
    token: str
    thread_url: str
    answers: list[str] = field(default_factory=list)
    saved: bool = False


class Member(threading.Thread):
    """A member replying steadily (`threads`: dicts with the thread's "url"), each reply to the
    next worker in turn; a reply that comes back with an error page is sent again (the same
    form) until it is saved. Every answer is kept, for the test to judge."""

    def __init__(self, name: str, session: str, workers, threads, start_in: float) -> None:
        super().__init__(daemon=True)
        self.browser = Browserless(session)
        self.workers = workers
        self.start_in = start_in
        self.sends = [
            Send(
                body=f"Parent {name} kept going tonight, note {note}.",
                token=secrets.token_urlsafe(16),
                thread_url=threads[n % len(threads)]["url"],
            )
            for n, note in enumerate(NOTES)
        ]
        self.turn = 0

    def run(self) -> None:
        time.sleep(self.start_in)
        for send in self.sends:
            began = time.monotonic()
            while not send.saved and time.monotonic() - began < GIVE_UP:
                self._try(send)
                if not send.saved:
                    time.sleep(RESEND_AFTER)
            time.sleep(PACE)

    def _try(self, send: Send) -> None:
        worker = self.workers[self.turn % len(self.workers)]
        self.turn += 1
        try:
            status, page = self.browser.request(
                worker.url, send.thread_url, {"body": send.body, "send_token": send.token}
            )
        except (OSError, http.client.HTTPException, urllib.error.URLError) as error:
            send.answers.append(f"no answer: {type(error).__name__}")
            return
        if status in (301, 302, 303) and self.browser.location.startswith(send.thread_url):
            send.answers.append("saved")
            send.saved = True
        elif status == 503 and "your words are here" in page and send.body in page:
            send.answers.append("error page with the words")
        else:
            send.answers.append(f"unclear {status}: {page[:600]}")


class Tab(threading.Thread):
    """An open thread page's live updates, as thread.js keeps them (`thread`: a dict with the
    thread's "id" and the "last_event" the page showed): subscribe with the last event id
    applied; when the socket closes, open another after a growing pause."""

    def __init__(self, worker, session: str, thread: dict) -> None:
        super().__init__(daemon=True)
        self.worker = worker
        self.cookie = f"{settings.SESSION_COOKIE_NAME}={session}"
        self.thread = thread
        self.last = thread["last_event"]
        self.seen: list[int] = []  # event ids, in the order they arrived
        self.subscriptions = 0
        self.subscribed = threading.Event()
        self.stopping = threading.Event()

    def run(self) -> None:
        delay = 0.5
        while not self.stopping.is_set():
            socket = None
            try:
                socket = WebSocket(HOST, self.worker.port, cookie=self.cookie)
                topic = f"thread:{self.thread['id']}"
                socket.send_json({"action": "subscribe", "topic": topic, "since": self.last})
                while not self.stopping.is_set():
                    try:
                        frame = socket.receive(0.3)
                    except TimeoutError:
                        continue
                    if frame["type"] == "subscribed":
                        self.subscriptions += 1
                        self.subscribed.set()
                        delay = 0.5
                    elif frame["type"] == "event":
                        self.seen.append(frame["id"])
                        self.last = max(self.last, frame["id"])
            except (Closed, OSError, TimeoutError, ValueError):
                pass
            finally:
                if socket is not None:
                    socket.close()
            self.stopping.wait(delay)
            delay = min(delay * 2, 4.0)


def wait_until_caught_up(tabs: list[Tab], expected: dict[int, set[int]], within: float) -> None:
    """Leave the tabs open until each has seen every event `expected` lists for its thread
    (or `within` seconds pass), then close them."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline and not all(
        expected[tab.thread["id"]] <= set(tab.seen) for tab in tabs
    ):
        time.sleep(0.25)
    for tab in tabs:
        tab.stopping.set()
    for tab in tabs:
        tab.join(10)


def caught_up(tab: Tab, expected: dict[int, set[int]]) -> bool:
    """Every event of its thread, each once."""
    return set(tab.seen) == expected[tab.thread["id"]] and len(tab.seen) == len(set(tab.seen))


def unclear(sends: list[Send]) -> list[str]:
    """Answers that were neither "saved" nor an error page giving the member's words back."""
    return [
        answer
        for send in sends
        for answer in send.answers
        if not answer.startswith(("saved", "error page"))
    ]
