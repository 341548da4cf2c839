"""What `make run` runs: the site on one Daphne process, with the background work beside it.

Three processes, all stopped together (Ctrl+C or SIGTERM: each is sent SIGTERM once and given
10 s; or this process dying, even by SIGKILL: the kernel stops them):

- Daphne, serving pages and `/ws/` (one process: the in-memory channel layer lives in it), with
  the websocket size limits of `community.live.consumers.DAPHNE_OPTIONS` and no access log (it
  would keep visitors' addresses). If it stops, everything stops.
- the task worker (`manage.py task_worker`: e-mail, exports), started again whenever it stops,
- the periodic scheduler (`manage.py run_periodic --loop`), likewise.

Tasks are queued in the database for the worker (`DJANGO_TASKS=database` in the processes'
environment) instead of running inside the request, so a data export survives Daphne being
stopped and a worker being killed. Production runs the same three kinds of process under
systemd (docs/deploy.md), which restarts them; this is that for one command on a laptop.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from community.live.consumers import DAPHNE_OPTIONS

# A background process that stops is started again after this pause, doubled each time it
# stops again soon after starting, up to the longest.
FIRST_PAUSE = 1.0
LONGEST_PAUSE = 30.0
# A process that ran this long before stopping is started again after the first pause.
SETTLED_AFTER = 60.0
STOP_GRACE = 10.0
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # pragma: no cover - runs in the child, before exec
    """On Linux, have the kernel stop this child when the process that started it dies
    (even by SIGKILL), so no worker outlives `make run`."""
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass
class Child:
    name: str
    argv: list[str]
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    pause: float = 0.0
    next_start: float | None = None

    def start(self, env: dict[str, str], say) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            self.argv,
            cwd=settings.BASE_DIR,
            env=env,
            # A session of its own: Ctrl+C reaches this process only, which then stops each
            # child once (a second signal would make the worker abandon its task).
            start_new_session=True,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
        self.started_at = time.monotonic()
        self.next_start = None
        say(f"{self.name} started (pid {self.process.pid})")

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if self.process is not None and self.running():
            with contextlib.suppress(ProcessLookupError):
                self.process.terminate()

    def wait_or_kill(self, deadline: float) -> None:
        if self.process is None:
            return
        try:
            self.process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                self.process.kill()
            self.process.wait(5)


class Command(BaseCommand):
    help = (
        "Serve the site on one Daphne process with the task worker and the periodic scheduler "
        "beside it, started again if they stop (what `make run` runs)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--bind", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def say(self, text: str) -> None:
        self.stdout.write(f"[serve] {text}")
        self.stdout.flush()

    def handle(self, *args, bind: str, port: int, **options) -> None:
        manage = str(settings.BASE_DIR / "manage.py")
        python = sys.executable
        env = {**os.environ, "DJANGO_TASKS": "database", "PYTHONUNBUFFERED": "1"}
        daphne = Child(
            "Daphne",
            [python, "-m", "daphne", "-b", bind, "-p", str(port), "--access-log", os.devnull,
             *DAPHNE_OPTIONS, "community.config.asgi:application"],
        )  # fmt: skip
        helpers = [
            Child(
                "The task worker",
                [python, manage, "task_worker", "--queue-name", "*", "--no-reload"],
            ),
            Child("The periodic scheduler", [python, manage, "run_periodic", "--loop"]),
        ]
        stopping = {"signal": None}

        def stop(signum, frame) -> None:
            stopping["signal"] = signum

        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        code = 0
        try:
            for child in (daphne, *helpers):
                child.start(env, self.say)
            while stopping["signal"] is None:
                time.sleep(0.2)
                if not daphne.running():
                    assert daphne.process is not None  # started above
                    code = daphne.process.returncode
                    self.say(f"Daphne stopped (exit {code}); stopping everything.")
                    break
                for child in helpers:
                    self._look_after(child, env)
        finally:
            for child in (*helpers, daphne):
                child.stop()
            deadline = time.monotonic() + STOP_GRACE
            for child in (*helpers, daphne):
                child.wait_or_kill(deadline)
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if code:
            raise CommandError(f"Daphne stopped with exit code {code}.", returncode=code)

    def _look_after(self, child: Child, env: dict[str, str]) -> None:
        """Start a background process again once it has stopped, after a pause."""
        if child.running():
            return
        now = time.monotonic()
        if child.next_start is None:
            ran = now - child.started_at
            child.pause = (
                FIRST_PAUSE
                if ran >= SETTLED_AFTER
                else min(LONGEST_PAUSE, max(FIRST_PAUSE, child.pause * 2))
            )
            child.next_start = now + child.pause
            assert child.process is not None  # it ran, and stopped
            self.say(
                f"{child.name} stopped (exit {child.process.returncode}); "
                f"starting it again in {child.pause:.0f} s."
            )
        elif now >= child.next_start:
            child.start(env, self.say)
