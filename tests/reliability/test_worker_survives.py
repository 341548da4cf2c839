"""Background work survives: the task worker (`manage.py task_worker`) is killed mid-task, loses
the database or Redis, and is run by `manage.py serve` (`make run`); a member's export still
completes and can be downloaded.

Every worker here is a real process on the test database, killed with SIGKILL as a crash
would. Timeouts are shortened with the command's own options, except in the test that proves
the defaults: an export interrupted at any point completes within a minute of a worker being
there to run it.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import connection, connections
from django.test import Client
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from community.management.commands.task_worker import reclaim_stale_tasks
from community.models import DataExport, TaskWorker
from tests.factories import UserFactory

from .servers import (
    HOST,
    PROJECT,
    free_port,
    unreachable_database_url,
    wait_for_port,
    worker_env,
)

pytestmark = pytest.mark.django_db(transaction=True)

QUEUED = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
# Short timeouts for the tests that are not about the defaults.
QUICK = ["--claim-timeout", "2", "--heartbeat", "0.4"]


# --- Helpers -------------------------------------------------------------------------------------


class TaskWorkerProcess:
    def __init__(self, log: Path, *args: str, **env: str) -> None:
        # Rows the test wrote are committed (transactional tests); close ours so none is
        # shared with the child.
        connections.close_all()
        self.log = log
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "task_worker", "--no-reload", "--no-startup-delay",
                 "--interval", "0.2", *args],
                cwd=PROJECT, env=worker_env(RELIABILITY_TASKS="database", **env),
                stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        if self.alive():
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def private_root(tmp_path, monkeypatch) -> Path:
    """Exports kept in a folder of this test's own, by the workers and by this process."""
    root = tmp_path / "private"
    field = DataExport._meta.get_field("file")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=root, base_url=None))
    return root


@pytest.fixture
def task_workers(tmp_path, settings, private_root):
    """Starts task workers on the test database; all are stopped after the test. The test
    itself queues tasks in the database, as production does."""
    settings.TASKS = QUEUED
    started: list[TaskWorkerProcess] = []

    def start(*args: str, **env: str) -> TaskWorkerProcess:
        env.setdefault("RELIABILITY_PRIVATE_ROOT", str(private_root))
        worker = TaskWorkerProcess(tmp_path / f"task-worker-{len(started)}.log", *args, **env)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def wait_for(predicate, *, timeout: float, what: str, worker=None, every: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    detail = f"\n{worker.output()[-4000:]}" if worker is not None else ""
    raise AssertionError(f"{what} did not happen within {timeout} s{detail}")


def signed_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def ask_for_export(client: Client, member) -> DataExport:
    assert client.post("/account/data/export/").status_code == 302
    return DataExport.objects.get(member=member)


def state_of(export: DataExport) -> str:
    export.refresh_from_db()
    return export.state


def assert_downloadable(client: Client, export: DataExport) -> None:
    """The member's page offers the export, and the download is a whole zip of their data."""
    assert export.state == DataExport.State.READY
    page = client.get("/account/data/").content.decode()
    assert f"/account/data/export/{export.pk}/" in page
    response = client.get(f"/account/data/export/{export.pk}/")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert {"data.json", "index.html"} <= set(archive.namelist())
    member = export.member
    assert member.display_name in archive.read("data.json").decode()


# --- Claims of dead workers: found and run again ------------------------------------------------


def _running_task(worker_ids: list[str], started_seconds_ago: float) -> DBTaskResult:
    from tests.reliability.pausing import tell_the_layer  # noqa: F401 - any task path will do

    return DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {"note": "x"}},
        task_path="tests.reliability.pausing.tell_the_layer",
        backend_name="default",
        run_after=timezone.now(),
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - timedelta(seconds=started_seconds_ago),
        worker_ids=worker_ids,
    )


def test_a_claim_is_given_back_only_once_its_worker_and_the_claim_are_older_than_the_timeout():
    now = timezone.now()
    TaskWorker.objects.create(worker_id="alive", seen_at=now)
    TaskWorker.objects.create(worker_id="dead", seen_at=now - timedelta(seconds=120))
    of_the_dead = _running_task(["dead"], 60)
    of_an_unknown = _running_task(["never-seen"], 60)
    of_the_living = _running_task(["alive"], 60)
    fresh_claim = _running_task(["dead"], 5)
    tired = _running_task(["a", "b", "c"], 60)

    requeued, failed = reclaim_stale_tasks(backend_name="default", claim_timeout=30, max_attempts=3)

    assert (requeued, failed) == (2, 1)
    states = {
        row.pk: row.status
        for row in DBTaskResult.objects.filter(
            pk__in=[r.pk for r in (of_the_dead, of_an_unknown, of_the_living, fresh_claim, tired)]
        )
    }
    assert states[of_the_dead.pk] == TaskResultStatus.READY
    assert states[of_an_unknown.pk] == TaskResultStatus.READY
    assert states[of_the_living.pk] == TaskResultStatus.RUNNING
    assert states[fresh_claim.pk] == TaskResultStatus.RUNNING
    tired.refresh_from_db()
    assert tired.status == TaskResultStatus.FAILED
    assert tired.exception_class_path.endswith("WorkerLost")


def test_records_of_finished_tasks_are_forgotten_after_a_week_and_others_kept():
    from community.infra import schedule
    from community.tasks import task_records_forget

    old = timezone.now() - timedelta(days=8)
    done, failed, recent, running = (_running_task(["w"], 60) for _ in range(4))
    DBTaskResult.objects.filter(pk=done.pk).update(
        status=TaskResultStatus.SUCCESSFUL, finished_at=old
    )
    DBTaskResult.objects.filter(pk=failed.pk).update(
        status=TaskResultStatus.FAILED, finished_at=old
    )
    DBTaskResult.objects.filter(pk=recent.pk).update(
        status=TaskResultStatus.SUCCESSFUL, finished_at=timezone.now() - timedelta(days=1)
    )

    assert task_records_forget() == 2
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {recent.pk, running.pk}
    assert "forget-finished-tasks" in {job.name for job in schedule.periodic_jobs()}


@pytest.mark.parametrize("point", ["claimed", "collecting", "stored", "ready"])
def test_an_export_whose_worker_is_killed_at_any_point_completes_on_the_next_worker(
    task_workers, tmp_path, private_root, point, fault_tally
):
    member = UserFactory(display_name="Steady Kestrel")
    client = signed_in(member)
    pause = tmp_path / "pause"
    pause.touch()
    hooks = {"RELIABILITY_PAUSE_FILE": str(pause), "RELIABILITY_PAUSE_AT": point}

    first = task_workers(*QUICK, **hooks)
    export = ask_for_export(client, member)
    wait_for(Path(f"{pause}.reached").exists, timeout=60, what=f"reaching {point!r}", worker=first)
    progress = DataExport.objects.get(pk=export.pk).progress
    first.kill()
    fault_tally.exports_interrupted = 1
    pause.unlink()
    if point != "ready":
        # As the member saw it: still on its way, never finished by the dead worker.
        assert state_of(export) in (DataExport.State.QUEUED, DataExport.State.RUNNING)

    second = task_workers(*QUICK, **hooks)
    wait_for(
        lambda: state_of(export) == DataExport.State.READY,
        timeout=30,
        what="the export completing",
        worker=second,
    )
    assert_downloadable(client, export)
    fault_tally.exports_completed = 1
    # The task is recorded as done, once; the killed run left no copy of the data behind.
    wait_for(
        lambda: DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).exists(),
        timeout=10,
        what="the task being recorded as done",
        worker=second,
    )
    assert DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count() == 0
    export.refresh_from_db()
    assert sorted(path.name for path in (private_root / "exports").iterdir()) == [
        Path(export.file.name).name
    ]
    assert second.alive()
    assert progress < 100 or point == "ready"


def test_with_the_default_timeouts_a_killed_export_completes_within_a_minute(
    task_workers, tmp_path, fault_tally
):
    member = UserFactory()
    client = signed_in(member)
    pause = tmp_path / "pause"
    pause.touch()
    hooks = {"RELIABILITY_PAUSE_FILE": str(pause), "RELIABILITY_PAUSE_AT": "collecting"}

    first = task_workers(**hooks)
    export = ask_for_export(client, member)
    wait_for(Path(f"{pause}.reached").exists, timeout=60, what="the export starting", worker=first)
    assert state_of(export) == DataExport.State.RUNNING
    first.kill()
    fault_tally.exports_interrupted = 1
    pause.unlink()

    # A new worker: from the moment it is running (it has said it is alive), a minute at most.
    started = time.monotonic()
    second = task_workers(**hooks)
    wait_for(
        lambda: TaskWorker.objects.count() == 2,  # the killed one's row, and the new one's
        timeout=60,
        what="the new worker starting",
        worker=second,
    )
    available = time.monotonic()
    wait_for(
        lambda: state_of(export) == DataExport.State.READY,
        timeout=60,
        what="the export completing within a minute",
        worker=second,
        every=0.5,
    )
    took = time.monotonic() - available
    assert took < 60
    assert_downloadable(client, export)
    fault_tally.exports_completed = 1
    print(
        f"killed export completed {took:.1f} s after the next worker was running "
        f"({available - started:.1f} s to start it)"
    )


def test_a_campaign_update_told_again_after_a_crash_reaches_each_supporter_once(
    django_capture_on_commit_callbacks,
):
    from campaigns import services as campaigns
    from campaigns.tasks import tell_supporters
    from community.models import Notification
    from tests.factories import campaign, trusted_member

    the_campaign = campaign(title="Heard at last")
    supporters = [trusted_member(), trusted_member(), trusted_member()]
    for supporter in supporters:
        campaigns.support_add(campaign=the_campaign, member=supporter)
    with django_capture_on_commit_callbacks(execute=True):
        update = campaigns.update_post(
            campaign=the_campaign,
            author=the_campaign.organisers.get(),
            title="Letters sent",
            body="Our letters went out today.",
        )
    told = Notification.objects.filter(kind="campaign.update")
    assert told.count() == 3

    # The worker died after telling everyone, before recording the task as done: run again.
    assert tell_supporters.call(update_id=update.pk) == 0
    # Or it died part-way: only those not told yet are told.
    told.filter(recipient=supporters[0]).delete()
    assert tell_supporters.call(update_id=update.pk) == 1
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(m.pk for m in supporters)


# --- Outages: the worker waits and carries on ---------------------------------------------------


def _cut_the_database(tmp_path: Path, request):
    """Returns (worker DATABASE_URL, cut(), mend()): what the worker uses to reach the test
    database, and how to make it unreachable and reachable again."""
    if connection.vendor == "sqlite":
        # The worker reaches the SQLite file through a link to its folder; removing the link
        # makes every new connection fail, as a lost mount would.
        real = Path(connection.settings_dict["NAME"]).resolve()
        link = tmp_path / "db-link"
        link.symlink_to(real.parent, target_is_directory=True)
        url = f"sqlite:///{link / real.name}"

        def cut() -> None:
            link.unlink()

        def mend() -> None:
            link.symlink_to(real.parent, target_is_directory=True)

        return url, cut, mend

    from .servers import current_database_url

    # PostgreSQL: the worker reaches it through a TCP relay of the test's own, which can be cut
    # (every connection dropped, new ones refused) while this test keeps its own connection.
    db = connection.settings_dict
    relay = Relay(db.get("HOST") or HOST, int(db.get("PORT") or 5432))
    request.addfinalizer(relay.close)
    url = current_database_url().replace(
        f"@{db.get('HOST') or HOST}:{db.get('PORT') or 5432}/", f"@{HOST}:{relay.port}/"
    )
    return url, relay.cut, relay.mend


class Relay:
    """A TCP relay to host:port that can be cut and mended, as a network would."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.listener = socket.create_server((HOST, 0))
        self.port = self.listener.getsockname()[1]
        self.open = True
        self.links: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.open:
                client.close()
                continue
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            with self.lock:
                self.links += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        self.open = False
        with self.lock:
            links, self.links = self.links, []
        for link in links:
            with contextlib.suppress(OSError):
                link.shutdown(socket.SHUT_RDWR)
            link.close()

    def mend(self) -> None:
        self.open = True

    def close(self) -> None:
        self.cut()
        self.listener.close()


def test_the_worker_waits_out_a_database_outage_and_then_runs_what_was_queued(
    task_workers, tmp_path, request
):
    url, cut, mend = _cut_the_database(tmp_path, request)
    # Test settings keep no connection open between queries (CONN_MAX_AGE 0): the worker
    # connects afresh each time round its loop, as production's does once its connection fails.
    worker = task_workers(*QUICK, DATABASE_URL=url)
    wait_for(
        lambda: TaskWorker.objects.exists(), timeout=60, what="the worker starting", worker=worker
    )
    member = UserFactory()
    client = signed_in(member)

    cut()
    try:
        wait_for(
            lambda: "cannot reach the database" in worker.output(),
            timeout=30,
            what="the worker noticing the outage",
            worker=worker,
        )
        export = ask_for_export(client, member)  # queued while the worker cannot see it
        time.sleep(6)  # several failed attempts, each pause longer than the last
        assert worker.alive(), worker.output()[-4000:]
        assert state_of(export) == DataExport.State.QUEUED
    finally:
        mend()

    wait_for(
        lambda: state_of(export) == DataExport.State.READY,
        timeout=30,
        what="the export completing once the database is back",
        worker=worker,
    )
    assert worker.alive()
    assert_downloadable(client, export)


def test_the_worker_waits_out_a_redis_outage_and_retries_a_task_that_needed_it(
    task_workers, on_private_redis
):
    private_redis = on_private_redis
    from tests.reliability.pausing import tell_the_layer

    worker = task_workers(*QUICK)
    wait_for(
        lambda: TaskWorker.objects.exists(), timeout=60, what="the worker starting", worker=worker
    )
    member = UserFactory()
    client = signed_in(member)

    private_redis.stop()
    # Work that does not need Redis goes on meanwhile (the cache fails soft).
    export = ask_for_export(client, member)
    news = tell_the_layer.enqueue(note="while Redis is away")
    wait_for(
        lambda: state_of(export) == DataExport.State.READY,
        timeout=30,
        what="the export completing while Redis is away",
        worker=worker,
    )
    # The task that needs Redis failed on it, and waits to be tried again.
    wait_for(
        lambda: "could not reach a service" in worker.output(),
        timeout=30,
        what="the task failing on Redis",
        worker=worker,
    )
    row = DBTaskResult.objects.get(pk=news.id)
    assert row.status == TaskResultStatus.READY
    assert row.run_after > timezone.now() - timedelta(seconds=1)

    private_redis.start()
    wait_for(
        lambda: DBTaskResult.objects.get(pk=news.id).status == TaskResultStatus.SUCCESSFUL,
        timeout=40,
        what="the task succeeding once Redis is back",
        worker=worker,
        every=0.5,
    )
    assert worker.alive()
    assert_downloadable(client, export)


def test_the_periodic_scheduler_waits_out_a_database_that_is_not_there(tmp_path):
    log = tmp_path / "periodic.log"
    with log.open("wb") as out:
        scheduler = subprocess.Popen(
            [sys.executable, "manage.py", "run_periodic", "--loop", "--interval", "5"],
            cwd=PROJECT, env=worker_env(DATABASE_URL=unreachable_database_url(tmp_path)),
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        wait_for(
            lambda: log.read_text().count("cannot reach the database") >= 2,
            timeout=60,
            what="the scheduler trying twice",
        )
        assert scheduler.poll() is None, log.read_text()
    finally:
        scheduler.kill()
        scheduler.wait(10)


# --- `make run`: the worker beside Daphne, started again, stopped with it -----------------------


def _pids(output: str, name: str) -> list[int]:
    return [int(pid) for pid in re.findall(rf"{name} started \(pid (\d+)\)", output)]


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # A zombie (exited, not yet reaped by its parent) counts as gone.
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "\nState:\tZ" in status.read_text()


@pytest.mark.parametrize("how", ["stopped", "killed"])
def test_serve_restarts_a_killed_worker_and_takes_everything_down_with_it(settings, tmp_path, how):
    settings.TASKS = QUEUED
    port = free_port()
    log = tmp_path / "serve.log"
    connections.close_all()
    with log.open("wb") as out:
        serve = subprocess.Popen(
            [sys.executable, "manage.py", "serve", "--port", str(port)],
            cwd=PROJECT, env=worker_env(), stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip

    def output() -> str:
        return log.read_text(errors="replace")

    try:
        wait_for_port(port, process=serve)
        wait_for(lambda: _pids(output(), "The task worker"), timeout=30, what="a worker")
        worker_pid = _pids(output(), "The task worker")[0]
        os.kill(worker_pid, signal.SIGKILL)
        restarted = wait_for(
            lambda: len(_pids(output(), "The task worker")) == 2,
            timeout=30,
            what="the worker being started again",
        )
        assert restarted
        member = UserFactory()
        client = signed_in(member)
        export = ask_for_export(client, member)
        deadline = time.monotonic() + 60
        while state_of(export) != DataExport.State.READY:
            assert time.monotonic() < deadline, output()[-4000:]
            time.sleep(0.3)
        assert_downloadable(client, export)
        # The page is served by the same command's Daphne.
        import urllib.request

        with urllib.request.urlopen(f"http://{HOST}:{port}/healthz/", timeout=10) as answer:
            assert answer.status == 200

        children = [
            *_pids(output(), "Daphne"),
            _pids(output(), "The task worker")[-1],
            *_pids(output(), "The periodic scheduler"),
        ]
        if how == "stopped":
            serve.send_signal(signal.SIGTERM)
            serve.wait(30)
        else:
            serve.send_signal(signal.SIGKILL)
            serve.wait(10)
        wait_for(lambda: all(_gone(pid) for pid in children), timeout=20, what="all stopping")
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait(10)
