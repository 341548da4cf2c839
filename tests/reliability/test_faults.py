"""Faults on real services: Redis stopping, a Daphne worker dying, the task worker down.

Nothing a member wrote may depend on Redis or on one worker staying up: the database is the
only copy, the channel layer carries news, and a tab that missed news catches up from the
database by the last event id it saw ("since"). These tests stop and kill real processes: a
redis-server of their own (never the shared one), Daphne subprocesses, `manage.py task_worker`
(and tests/reliability/test_worker_survives.py kills that worker mid-task).
"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core import mail
from redis import Redis

from community.models import DataExport
from community.privacy.services import export_request
from forums.models import Post, ThreadEvent
from moderation import services as moderation
from moderation.models import QueueItem
from moderation.tasks import alert_on_call
from tests.factories import (
    PASSWORD,
    UserFactory,
    board,
    moderator,
    note,
    published_thread,
    trusted_member,
)

from .servers import HOST, PROJECT, Browserless, free_port, session_cookie_value, worker_env
from .wsclient import Closed, WebSocket

pytestmark = pytest.mark.django_db(transaction=True)

ARRIVES = 10  # seconds: a commit, an on_commit hook and a hop through Redis on a busy machine
# The workers' socket heartbeat (seconds): what the channel layer loses arrives within it.
HEARTBEAT = "1"


def open_thread_socket(worker, member, thread, since: int) -> WebSocket:
    cookie = f"{settings.SESSION_COOKIE_NAME}={session_cookie_value(member)}"
    socket = WebSocket(HOST, worker.port, cookie=cookie)
    socket.send_json({"action": "subscribe", "topic": f"thread:{thread.pk}", "since": since})
    return socket


def reconnect_with_backoff(worker, member, thread, since: int, *, within: float = 30):
    """As thread.js does after a close: try again after 1 s, 2 s, 4 s… until subscribed."""
    delay, deadline = 1.0, time.monotonic() + within
    while True:
        try:
            socket = open_thread_socket(worker, member, thread, since)
            first = socket.receive()
            if first["type"] == "subscribed":
                return socket, first
            socket.close()
        except (Closed, TimeoutError, OSError):
            pass
        if time.monotonic() + delay > deadline:
            raise AssertionError(f"no subscription within {within} s\n{worker.output()[-3000:]}")
        time.sleep(delay)
        delay *= 2


def events_of(frames) -> list[int]:
    return [frame["id"] for frame in frames if frame["type"] == "event"]


def reply(member: Browserless, worker, thread, body: str) -> None:
    status, page = member.request(worker.url, thread.get_absolute_url(), {"body": body})
    assert status == 302, f"the reply was not accepted ({status}):\n{page[:2000]}"


def wait_until_closed(socket: WebSocket, timeout: float) -> int | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.receive(max(deadline - time.monotonic(), 0.05))
        except Closed as closed:
            return closed.code if closed.code is not None else -1
        except TimeoutError:
            break
    return None


# --- (a) Redis stopped while members post -------------------------------------------------------


def test_posts_saved_while_redis_is_down_reach_open_tabs_at_their_next_heartbeat(
    workers, on_private_redis
):
    # The socket stays open through the outage: its heartbeat reads what it is missing from
    # the database, which needs no Redis (until 2026-12 the socket was closed instead, and
    # the tab caught up on reconnecting once Redis was back).
    thread = published_thread(on=board())
    reader, poster = UserFactory(), Browserless(session_cookie_value(trusted_member()))
    start = thread.events.last().pk
    worker = workers(DJANGO_LIVE_HEARTBEAT_SECONDS=HEARTBEAT)

    socket = open_thread_socket(worker, reader, thread, since=start)
    try:
        assert socket.receive()["type"] == "subscribed"
        reply(poster, worker, thread, "Before the outage.")
        seen = events_of([socket.receive_until(lambda f: f["type"] == "event", timeout=ARRIVES)])

        on_private_redis.stop()
        during = ["During the outage, one.", "During the outage, two."]
        for body in during:
            reply(poster, worker, thread, body)  # saved, even though no news can be sent
        assert Post.objects.filter(thread=thread, body__in=during).count() == 2

        frames = socket.drain(quiet=ARRIVES)
        expected = list(
            ThreadEvent.objects.filter(thread=thread, pk__gt=seen[-1])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        assert len(expected) == 2
        assert events_of(frames) == expected  # every one, once, in order, Redis still down
        texts = " ".join(f["data"]["html"] for f in frames if f["type"] == "event")
        assert all(body in texts for body in during)

        on_private_redis.start()
        reply(poster, worker, thread, "After the outage.")
        frame = socket.receive_until(lambda f: f["type"] == "event", timeout=ARRIVES)
        assert "After the outage." in frame["data"]["html"]
        assert socket.drain(quiet=2 * float(HEARTBEAT)) == []
    finally:
        socket.close()
    assert Post.objects.filter(thread=thread).count() == 5  # opening post, four replies
    # channels-redis's failed reads (one a second) are one line a minute, without a traceback.
    output = worker.output()
    assert "cannot reach Redis (ConnectionError)" in output
    assert "Unexpected exception in receive task" not in output, output[-3000:]


def test_a_redis_blip_that_reconnects_by_itself_loses_no_event_for_an_open_tab(
    workers, on_private_redis
):
    # Redis stays up but drops the worker's Pub/Sub connection: redis-py reconnects and
    # subscribes again by itself, and what was published in between is lost to the layer.
    # The open socket's heartbeat brings it from the database.
    thread = published_thread(on=board())
    reader, poster = UserFactory(), Browserless(session_cookie_value(trusted_member()))
    worker = workers(DJANGO_LIVE_HEARTBEAT_SECONDS=HEARTBEAT)
    socket = open_thread_socket(worker, reader, thread, since=thread.events.last().pk)
    try:
        assert socket.receive()["type"] == "subscribed"
        reply(poster, worker, thread, "Before the blip.")
        socket.receive_until(lambda f: f["type"] == "event", timeout=ARRIVES)

        redis = Redis.from_url(on_private_redis.url)
        try:
            assert redis.client_kill_filter(_type="pubsub") >= 1
        finally:
            redis.close()
        reply(poster, worker, thread, "Right after the blip.")
        frame = socket.receive_until(lambda f: f["type"] == "event", timeout=ARRIVES)
        assert (
            frame["data"]["post"]
            == Post.objects.get(thread=thread, body="Right after the blip.").pk
        )

        reply(poster, worker, thread, "Live after the blip.")
        frame = socket.receive_until(lambda f: f["type"] == "event", timeout=ARRIVES)
        assert "Live after the blip." in frame["data"]["html"]
        assert socket.drain(quiet=2 * float(HEARTBEAT)) == []  # nothing twice
    finally:
        socket.close()


def test_a_socket_opening_while_redis_is_down_fails_so_the_tab_keeps_trying(
    workers, on_private_redis
):
    thread = published_thread(on=board())
    reader = UserFactory()
    worker = workers()
    on_private_redis.stop()
    # Refused at the handshake (or closed at once), never a quiet socket that hears nothing.
    with pytest.raises((Closed, OSError, TimeoutError)):
        socket = open_thread_socket(worker, reader, thread, since=thread.events.last().pk)
        socket.receive(ARRIVES)

    on_private_redis.start()
    socket, first = reconnect_with_backoff(worker, reader, thread, since=thread.events.last().pk)
    socket.close()
    assert first == {"type": "subscribed", "topic": f"thread:{thread.pk}"}


def test_members_can_read_and_post_in_a_thread_while_redis_is_down(workers, on_private_redis):
    thread = published_thread(on=board())
    poster = Browserless(session_cookie_value(trusted_member()))
    worker = workers()
    on_private_redis.stop()
    reply(poster, worker, thread, "Written while Redis is down.")
    status, page = poster.request(worker.url, thread.get_absolute_url())
    assert status == 200, worker.output()[-3000:]
    assert "Written while Redis is down." in page
    assert "We got through it." in page


def test_members_can_sign_in_while_redis_is_down(client, settings):
    member = UserFactory()
    gone = f"redis://{HOST}:{free_port()}/0"
    settings.CACHES = {
        "default": {"BACKEND": "community.infra.cache.FailSoftRedisCache", "LOCATION": gone}
    }
    answer = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert answer.status_code == 302


# --- (b) A Daphne worker killed while sockets are open ------------------------------------------


def test_a_tab_whose_worker_dies_gets_every_missed_event_once_from_another_worker(
    workers, on_private_redis
):
    thread = published_thread(on=board())
    reader, poster = UserFactory(), Browserless(session_cookie_value(trusted_member()))
    doomed, survivor = workers(), workers()

    socket = open_thread_socket(doomed, reader, thread, since=thread.events.last().pk)
    assert socket.receive()["type"] == "subscribed"
    reply(poster, survivor, thread, "Heard on the first worker.")
    last_seen = socket.receive_until(lambda f: f["type"] == "event", timeout=ARRIVES)["id"]

    doomed.kill()
    assert wait_until_closed(socket, timeout=ARRIVES) is not None
    missed_bodies = ["Missed while reconnecting, one.", "Missed while reconnecting, two."]
    for body in missed_bodies:
        reply(poster, survivor, thread, body)

    socket = open_thread_socket(survivor, reader, thread, since=last_seen)
    try:
        frames = socket.drain(quiet=2)
        expected = list(
            ThreadEvent.objects.filter(thread=thread, pk__gt=last_seen)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        assert events_of(frames) == expected
        assert len(expected) == len(missed_bodies)
        reply(poster, survivor, thread, "Live again.")
        live = socket.receive_until(lambda f: f["type"] == "event", timeout=ARRIVES)
        assert "Live again." in live["data"]["html"]
        assert socket.drain() == []
    finally:
        socket.close()


# --- (d) The task worker down --------------------------------------------------------------------


def test_emails_and_exports_wait_in_the_queue_until_the_task_worker_runs(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    moderator(safeguarding=True, email="oncall@example.org")
    submitted = note(body="Please look at this soon.")
    moderation.submit(obj=submitted)
    item = QueueItem.objects.get(object_id=str(submitted.pk))
    member = UserFactory()

    alert_on_call.enqueue(item_id=item.pk)
    export = export_request(member=member)

    # No worker running: nothing sent, nothing built, both waiting.
    assert mail.outbox == []
    export.refresh_from_db()
    assert export.state == DataExport.State.QUEUED

    outbox = tmp_path / "mail"
    done = subprocess.run(
        [sys.executable, "manage.py", "task_worker", "--batch", "--no-startup-delay"],
        cwd=PROJECT,
        env=worker_env(
            RELIABILITY_TASKS="database",
            RELIABILITY_EMAIL_DIR=str(outbox),
            RELIABILITY_MEDIA_ROOT=str(tmp_path / "media"),
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr

    sent = [path.read_text() for path in outbox.iterdir()]
    assert len(sent) == 1
    assert "Subject: An item needs attention" in sent[0]
    assert "oncall@example.org" in sent[0]
    export.refresh_from_db()
    assert export.state == DataExport.State.READY
