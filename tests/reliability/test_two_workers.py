"""Two Daphne processes sharing PostgreSQL and Redis behave as one site.

Production runs several Daphne processes for /ws/ (docs/deploy.md). A reply sent through one
process, or a held post a moderator approves through it, must reach a socket held by another:
they meet only in Redis. The workers are real subprocesses on the test database and this run's
Redis keyspace; the test talks to them over TCP like a browser would.
"""

from __future__ import annotations

import pytest
from django.conf import settings

from forums import services
from moderation.models import QueueItem
from tests.conftest import needs_postgres, needs_redis
from tests.factories import UserFactory, board, moderator, published_thread, trusted_member

from .servers import HOST, Browserless, session_cookie_value
from .wsclient import WebSocket

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgres, needs_redis]


def member_socket(worker, member) -> WebSocket:
    cookie = f"{settings.SESSION_COOKIE_NAME}={session_cookie_value(member)}"
    return WebSocket(HOST, worker.port, cookie=cookie)


def subscribe(socket: WebSocket, thread, since: int = 0) -> None:
    socket.send_json({"action": "subscribe", "topic": f"thread:{thread.pk}", "since": since})
    frame = socket.receive_until(lambda f: f["type"] in ("subscribed", "refused"))
    assert frame["type"] == "subscribed"


def published_events(frames):
    return [f for f in frames if f["type"] == "event" and f["event"] == "published"]


def test_a_reply_sent_through_one_worker_reaches_a_socket_on_the_other(workers):
    thread = published_thread(on=board())
    reader, poster = UserFactory(), trusted_member()
    first, second = workers(), workers()
    socket = member_socket(second, reader)
    try:
        subscribe(socket, thread, since=thread.events.last().pk)
        status, _ = Browserless(session_cookie_value(poster)).request(
            first.url,
            thread.get_absolute_url(),
            {"body": "Sent through the first worker, read on the second."},
        )
        assert status == 302, first.output()
        frame = socket.receive_until(lambda f: f["type"] == "event", timeout=10)
        assert frame["event"] == "published"
        assert "Sent through the first worker, read on the second." in frame["data"]["html"]
        assert socket.drain() == []  # once, not twice
    finally:
        socket.close()


def test_a_post_approved_through_one_worker_reaches_a_socket_on_the_other(workers):
    thread = published_thread(on=board())
    reader, newcomer, lead = UserFactory(), UserFactory(), moderator()
    held = services.post_create(thread=thread, author=newcomer, body="My first words here.")
    assert held.submission.held
    item = QueueItem.objects.get(object_id=str(held.post.pk))
    first, second = workers(), workers()
    socket = member_socket(second, reader)
    try:
        subscribe(socket, thread, since=thread.events.last().pk)
        assert published_events(socket.drain()) == []  # held: nobody else sees it
        desk = Browserless(session_cookie_value(lead))
        status, _ = desk.request(first.url, f"/admin/moderation/{item.pk}/", {"action": "approve"})
        assert (status, desk.location) == (302, "/admin/moderation/"), first.output()
        frame = socket.receive_until(lambda f: f["type"] == "event", timeout=10)
        assert frame["event"] == "published"
        assert frame["data"]["post"] == held.post.pk
        assert "My first words here." in frame["data"]["html"]
    finally:
        socket.close()
