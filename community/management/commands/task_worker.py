"""Run background tasks: django-tasks-db's `db_worker`, made to outlive outages and dead workers.

Why a command of ours, and not `db_worker` itself (django-tasks 0.12.0, django-tasks-db 0.13.0):

- `db_worker` exits on any database error other than "database is locked" (django-tasks-db
  issue #49): a PostgreSQL restart stopped every e-mail and export until someone restarted it.
  Here the worker waits and tries again, the pause doubling from 1 s up to 10 s, and carries on
  when the database answers.
- A task claimed by a worker that died (killed, out of memory, its machine restarted) stays
  "running" for ever: the backend has no claim timeout (django-tasks issue #46). Here each
  worker says it is alive (a `community.TaskWorker` row, every `TASK_HEARTBEAT_SECONDS`) from
  a thread of its own, and any worker puts back in the queue a running task whose worker has
  not been seen, and which was claimed, more than `TASK_CLAIM_TIMEOUT` seconds ago. A task the
  worker itself could not record the end of (the database went away as it finished) goes back
  too, once the database answers.
- A task that failed because the database, Redis or the mail server could not be reached is
  marked failed for good by `db_worker`. Here it is queued again after a pause that doubles
  from 5 s up to `TASK_RETRY_MAX_DELAY`.

Tasks therefore run at least once, and may run again after a crash: every task of ours is
safe to run twice (an export is rebuilt and its earlier file deleted; an e-mail may be sent a
second time only if the worker died between sending it and recording that it had). A task
claimed `TASK_MAX_ATTEMPTS` times is marked failed instead of being run again, so one that
kills its worker every time cannot do so for ever.

Everything else is `db_worker`'s own loop and options (this subclasses it); upgrading
django-tasks-db means reading both again (tests/reliability/test_worker_survives.py).
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import smtplib
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.core.management.base import CommandError
from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from community.models import TaskWorker

logger = logging.getLogger("community.task_worker")

# Failures that mean a service was away, not that the task is wrong.
UNREACHABLE: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    ConnectionError,
    TimeoutError,
    smtplib.SMTPConnectError,
    smtplib.SMTPServerDisconnected,
)
try:
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError
except ImportError:  # pragma: no cover - the redis extra is not installed
    pass
else:
    UNREACHABLE = (*UNREACHABLE, RedisConnectionError, RedisTimeoutError)

# A task stopped by a second Ctrl+C or SIGTERM (db_worker records it as failed): not its fault.
INTERRUPTED: tuple[type[BaseException], ...] = (SystemExit, KeyboardInterrupt)

# While the database is away: the first pause, and the longest.
OUTAGE_FIRST_PAUSE = 1.0
OUTAGE_LONGEST_PAUSE = 10.0
# A task that failed on an unreachable service waits this long before its second attempt,
# then twice as long each time (up to TASK_RETRY_MAX_DELAY).
RETRY_FIRST_DELAY = 5.0
# Rows of workers not seen for this long are deleted.
FORGET_WORKERS_AFTER = timedelta(days=1)


class WorkerLost(Exception):
    """Recorded as a task's error when its workers kept stopping while running it."""


def _failed_on(exception_class_path: str, kinds: tuple[type[BaseException], ...]) -> bool:
    try:
        kind = import_string(exception_class_path)
    except ImportError:
        return False
    return isinstance(kind, type) and issubclass(kind, kinds)


def reclaim_stale_tasks(
    *, backend_name: str, claim_timeout: float, max_attempts: int, except_worker: str = ""
) -> tuple[int, int]:
    """Put back in the queue every running task whose claim has expired: claimed more than
    `claim_timeout` seconds ago by a worker not seen alive for as long. A task claimed
    `max_attempts` times already is marked failed instead. Returns (queued again, failed)."""
    now = timezone.now()
    cutoff = now - timedelta(seconds=claim_timeout)
    alive = set(TaskWorker.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True))
    requeued = failed = 0
    candidates = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, backend_name=backend_name, started_at__lt=cutoff
    ).only("id", "worker_ids", "started_at", "task_path")
    for row in candidates:
        last = row.worker_ids[-1] if row.worker_ids else ""
        if last in alive or last == except_worker:
            continue
        claimed = DBTaskResult.objects.filter(
            pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at
        )
        if len(row.worker_ids) >= max_attempts:
            done = claimed.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                traceback=(
                    f"WorkerLost: the worker running this task stopped {len(row.worker_ids)} "
                    "times; it will not be run again.\n"
                ),
            )
            if done:
                failed += 1
                logger.error(
                    "Task %s (%s) was left by a stopped worker %s times; marked failed.",
                    row.pk,
                    row.task_path,
                    len(row.worker_ids),
                )
        elif claimed.update(status=TaskResultStatus.READY):
            requeued += 1
            # Ids and the task's name only: its arguments may say whose it is.
            logger.warning(
                "Task %s (%s) was left by a stopped worker; it will run again.",
                row.pk,
                row.task_path,
            )
    TaskWorker.objects.filter(seen_at__lt=now - FORGET_WORKERS_AFTER).delete()
    return requeued, failed


def _drop_connections() -> None:
    """Close this thread's database connections, so the next query connects afresh."""
    for connection in connections.all(initialized_only=True):
        # Broken already: a new one comes with the next query.
        with contextlib.suppress(Exception):
            connection.close()


class Worker(db_worker.Worker):
    """`db_worker`'s worker, which waits out a database outage, says it is alive and puts back
    tasks left by workers that stopped (see the module's docstring)."""

    def __init__(
        self,
        *,
        claim_timeout: float,
        heartbeat: float,
        max_attempts: int,
        retry_max_delay: float,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.claim_timeout = claim_timeout
        self.heartbeat = heartbeat
        self.max_attempts = max_attempts
        self.retry_max_delay = retry_max_delay
        # Tasks this worker must give back to the queue once the database answers: their
        # id, and when they may run again (None: at once).
        self.to_release: dict[str, object] = {}
        self.stopping = threading.Event()

    # --- The loop ---------------------------------------------------------------------------

    def run(self) -> None:
        beat = threading.Thread(target=self._keep_alive, name="task-worker-alive", daemon=True)
        beat.start()
        pause, failed_at = 0.0, float("-inf")
        try:
            while True:
                try:
                    self._release_pending()
                    super().run()
                    return
                except (OperationalError, InterfaceError) as error:
                    if not self.running:
                        return
                    now = time.monotonic()
                    if now - failed_at > 2 * OUTAGE_LONGEST_PAUSE + 5:
                        pause = 0.0  # a new outage starts again from the shortest pause
                    failed_at = now
                    pause = min(OUTAGE_LONGEST_PAUSE, max(OUTAGE_FIRST_PAUSE, pause * 2))
                    # The kind only: a database error's message can quote a row.
                    logger.warning(
                        "The task worker cannot reach the database (%s); trying again in %.0f s.",
                        type(error).__name__,
                        pause,
                    )
                    _drop_connections()
                    time.sleep(pause * random.uniform(0.8, 1.2))  # noqa: S311 (not a secret)
        finally:
            self.stopping.set()
            # Stopping by force in the middle of recording a task: give it back now if the
            # database lets us (else other workers find it once this worker's row is gone).
            with contextlib.suppress(Exception):
                self._release_pending()
            self._forget_self()

    def run_task(self, db_task_result: DBTaskResult) -> None:
        try:
            super().run_task(db_task_result)
        except BaseException:
            # Its end could not be recorded (the database went away meanwhile): give it back
            # once the database answers, rather than leave it "running" under this worker.
            self.to_release[str(db_task_result.pk)] = None
            raise
        if db_task_result.status != TaskResultStatus.FAILED:
            return
        if _failed_on(db_task_result.exception_class_path, INTERRUPTED):
            # Stopped by force with the worker: it runs again when a worker next looks.
            self.to_release[str(db_task_result.pk)] = None
            self._release_pending()
        elif _failed_on(db_task_result.exception_class_path, UNREACHABLE):
            attempts = len(db_task_result.worker_ids)
            if attempts < self.max_attempts:
                delay = min(self.retry_max_delay, RETRY_FIRST_DELAY * 2 ** (attempts - 1))
                self.to_release[str(db_task_result.pk)] = timezone.now() + timedelta(seconds=delay)
                self._release_pending()
                # Said once it is true: the task is waiting to run again.
                logger.warning(
                    "Task %s (%s) could not reach a service; it will run again in %.0f s.",
                    db_task_result.pk,
                    db_task_result.task_path,
                    delay,
                )

    def _release_pending(self) -> None:
        while self.to_release:
            pk, run_after = next(iter(self.to_release.items()))
            changes: dict[str, object] = {"status": TaskResultStatus.READY, "finished_at": None}
            if run_after is not None:
                changes["run_after"] = run_after
            DBTaskResult.objects.filter(
                pk=pk, status__in=[TaskResultStatus.RUNNING, TaskResultStatus.FAILED]
            ).update(**changes)
            del self.to_release[pk]

    # --- Saying it is alive, and finding tasks of workers that are not -----------------------

    def _keep_alive(self) -> None:
        """In a thread of its own (and with its own database connection): every `heartbeat`
        seconds, note that this worker is alive; every third of the claim timeout, put back
        the tasks of workers that are not."""
        reclaim_every = max(self.heartbeat, self.claim_timeout / 3)
        next_reclaim = 0.0
        warned = False
        try:
            while True:
                try:
                    TaskWorker.objects.update_or_create(
                        worker_id=self.worker_id, defaults={"seen_at": timezone.now()}
                    )
                    if time.monotonic() >= next_reclaim:
                        reclaim_stale_tasks(
                            backend_name=self.backend_name,
                            claim_timeout=self.claim_timeout,
                            max_attempts=self.max_attempts,
                            except_worker=self.worker_id,
                        )
                        next_reclaim = time.monotonic() + reclaim_every
                    warned = False
                except (OperationalError, InterfaceError):
                    if not warned:
                        logger.info("The task worker could not say it is alive; trying again.")
                        warned = True
                    _drop_connections()
                except Exception:
                    logger.exception("The task worker's keep-alive failed; trying again.")
                    _drop_connections()
                else:
                    close_old_connections()
                if self.stopping.wait(self.heartbeat):
                    return
        finally:
            _drop_connections()

    def _forget_self(self) -> None:
        with contextlib.suppress(Exception):  # its row expires by itself
            TaskWorker.objects.filter(worker_id=self.worker_id).delete()


def _positive(value: str) -> float:
    number = float(value)
    if not number > 0 or number == float("inf"):
        raise ValueError(value)
    return number


class Command(db_worker.Command):
    help = (
        "Run background tasks (django-tasks-db's db_worker), waiting out database outages and "
        "running again tasks left by workers that stopped."
    )

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--claim-timeout",
            type=_positive,
            default=settings.TASK_CLAIM_TIMEOUT,
            help="Seconds after which a running task whose worker is not seen runs again "
            "(default: TASK_CLAIM_TIMEOUT, %(default)s).",
        )
        parser.add_argument(
            "--heartbeat",
            type=_positive,
            default=settings.TASK_HEARTBEAT_SECONDS,
            help="Seconds between this worker's signs of life (default: %(default)s).",
        )
        parser.add_argument(
            "--max-attempts",
            type=int,
            default=settings.TASK_MAX_ATTEMPTS,
            help="Claims after which a task is marked failed (default: %(default)s).",
        )

    # Django passes every option by keyword; this command adds three to db_worker's.
    def handle(  # type: ignore[override]
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        claim_timeout: float,
        heartbeat: float,
        max_attempts: int,
        **options,
    ) -> None:
        self.configure_logging(verbosity)
        logger.setLevel(logging.INFO if verbosity >= 1 else logging.WARNING)
        if reload and batch:
            reload = False
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        if heartbeat >= claim_timeout:
            raise CommandError("--heartbeat must be shorter than --claim-timeout")
        worker = Worker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
            claim_timeout=claim_timeout,
            heartbeat=heartbeat,
            max_attempts=max(1, max_attempts),
            retry_max_delay=settings.TASK_RETRY_MAX_DELAY,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
