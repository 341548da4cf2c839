"""Real processes for the reliability tests: Daphne workers on the test database, a private
redis-server, and plain HTTP to them with a member's session.

Workers are `python -m daphne` subprocesses (not forks) with the test profile and the parent's
environment, pointed at the test database and the test run's Redis keyspace, so what the test
commits they see, and what they publish the test's other workers hear.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
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

from community.consumers import DAPHNE_OPTIONS

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
