"""A PostgreSQL cluster of a test's own, which the test may stop and start again.

The shared server (DATABASE_URL) serves every test process at once, so no test may restart it.
A fault test that needs "the database restarted" gets a cluster of its own instead: `initdb`
into a fresh folder, `pg_ctl` on a free port (trust authentication, on 127.0.0.1 only), the
project's migrations applied by `manage.py migrate` in a subprocess, and its content seeded by
running this module in a subprocess on it (the test process's own database stays pytest-django's).

PostgreSQL refuses to run as root, and CI runs as root: there every PostgreSQL command runs as
the `postgres` user (`runuser`), in a folder that user owns.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"
PROJECT = Path(__file__).resolve().parents[2]
DATABASE = "community"
# Durability is not under test (a restart is a clean stop): no fsync makes the cluster quick.
QUICK = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"


def postgres_bin() -> Path | None:
    """The newest installed PostgreSQL's bin folder (Debian's layout), if any."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0,
    )
    return found[-1].parent if found else None


def private_postgres_missing() -> str | None:
    """Why a private cluster cannot be made here, or None."""
    if postgres_bin() is None:
        return "needs PostgreSQL's server programs (initdb, pg_ctl) in /usr/lib/postgresql/*/bin"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "runs as root but there is no postgres user to run PostgreSQL as"
        if shutil.which("runuser") is None:
            return "runs as root but has no runuser to run PostgreSQL as the postgres user"
    return None


@dataclass
class PrivatePostgres:
    """One cluster in a temporary folder; `start()`, `stop()` as often as a test likes."""

    port: int
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="private-pg-")))
    running: bool = False

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def log(self) -> Path:
        return self.root / "postgres.log"

    @property
    def url(self) -> str:
        return f"postgres://postgres@{HOST}:{self.port}/{DATABASE}"

    def _as_owner(self, *command: str | Path) -> list[str]:
        command = [str(part) for part in command]
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *command]
        return command

    def _run(self, *command: str | Path, timeout: float = 60) -> None:
        done = subprocess.run(
            self._as_owner(*command), capture_output=True, text=True, timeout=timeout
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"{' '.join(map(str, command))} failed ({done.returncode}):\n"
                f"{done.stdout}{done.stderr}\n{self.output()}"
            )

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""

    def create(self) -> None:
        """initdb, start, and an empty database for the project."""
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
        binaries = postgres_bin()
        self._run(
            binaries / "initdb", "-D", self.data, "-A", "trust", "-U", "postgres",
            "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        self.start()
        self._run(binaries / "createdb", "-h", HOST, "-p", str(self.port), "-U", "postgres",
                  DATABASE)  # fmt: skip

    def start(self) -> None:
        # Its socket file in its own folder: nothing touches the system's /var/run/postgresql.
        options = f"-p {self.port} -c listen_addresses={HOST} -k {self.root} {QUICK}"
        self._run(postgres_bin() / "pg_ctl", "-D", self.data, "-l", self.log, "-w", "-t", "30",
                  "-o", options, "start")  # fmt: skip
        self.running = True

    def stop(self, mode: str = "fast") -> None:
        """As a restart does: "fast" rolls back open transactions and drops every connection;
        "immediate" is a crash."""
        self._run(postgres_bin() / "pg_ctl", "-D", self.data, "-m", mode, "-w", "stop")
        self.running = False

    def destroy(self) -> None:
        if self.running:
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    def migrate(self, env: dict[str, str]) -> None:
        """The project's migrations (and the test-only apps' tables), as a deploy runs them."""
        done = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "--run-syncdb", "--skip-checks"],
            cwd=PROJECT, env={**env, "DATABASE_URL": self.url},
            capture_output=True, text=True, timeout=240,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"migrate failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")

    def seed(self, env: dict[str, str], **counts: int) -> dict[str, Any]:
        """Members and threads made on this cluster by this module's `seed` (in a subprocess,
        with the workers' settings): what `_seed` returns."""
        arguments = [f"--{name}={value}" for name, value in counts.items()]
        done = subprocess.run(
            [sys.executable, "-m", "tests.reliability.private_postgres", "seed", *arguments],
            cwd=PROJECT, env={**env, "DATABASE_URL": self.url},
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"seeding failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    def query(self, sql: str, params: tuple | list = ()) -> list[tuple]:
        """Rows read straight from the cluster (the test process has no Django connection to
        it), with a fresh connection each time."""
        import psycopg

        with psycopg.connect(self.url, connect_timeout=10) as connection:
            return connection.execute(sql, params).fetchall()


def _seed(*, posters: int, readers: int, threads: int) -> dict[str, Any]:
    """Run inside a subprocess on the private cluster: trusted members who post, members who
    read, and published threads on one board; signed-in sessions for each member."""
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from tests.factories import UserFactory, board, published_thread, trusted_member

    def session(member) -> str:
        client = Client()
        client.force_login(member)
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    place = board(slug="steady-days")
    made = [
        published_thread(on=place, title=f"Getting through, thread {chr(ord('A') + n)}")
        for n in range(threads)
    ]
    return {
        "posters": [session(trusted_member()) for _ in range(posters)],
        "readers": [session(UserFactory()) for _ in range(readers)],
        "threads": [
            {
                "id": thread.pk,
                "url": thread.get_absolute_url(),
                "last_event": thread.events.order_by("pk").last().pk,
            }
            for thread in made
        ],
    }


if __name__ == "__main__":
    # python -m tests.reliability.private_postgres seed --posters=4 --readers=2 --threads=2
    if sys.argv[1:2] != ["seed"]:
        raise SystemExit("usage: python -m tests.reliability.private_postgres seed --name=count")
    counts = {
        name.lstrip("-"): int(value)
        for name, value in (argument.split("=", 1) for argument in sys.argv[2:])
    }
    print(json.dumps(_seed(**counts)))
