"""Many members at once in one thread: every post saved exactly once, counts true, no deadlock.

The concurrent tests run real requests (Django's test client, one per thread, each with its own
database connection) against PostgreSQL, in a transactional test so every request commits.
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from forums.activity.reactions import reaction_counts
from forums.models import Post, Reaction, Thread, ThreadEvent
from tests.conftest import needs_postgres
from tests.factories import board, published_thread, trusted_member

pytestmark = pytest.mark.django_db(transaction=True)

MEMBERS = 50
TOKEN = "a-one-time-send-token-"


def member_client(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def run_at_once(jobs, *, timeout: float = 120) -> list[BaseException]:
    """Start every job at the same moment, each in its own thread; the errors they raised."""
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job):
        try:
            barrier.wait(timeout=timeout)
            job()
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a request never finished (deadlock?)"
    return errors


def test_the_reply_box_carries_a_one_time_send_token():
    thread = published_thread(on=board())
    page = member_client(trusted_member()).get(thread.get_absolute_url()).content.decode()
    assert 'name="send_token"' in page


def test_a_double_clicked_send_creates_one_post():
    thread = published_thread(on=board())
    client = member_client(trusted_member())
    form = {"body": "Clicked twice by accident.", "send_token": TOKEN + "1"}

    first = client.post(thread.get_absolute_url(), form)
    second = client.post(thread.get_absolute_url(), form)

    assert first.status_code == second.status_code == 302
    post = Post.objects.get(thread=thread, body="Clicked twice by accident.")
    # The second send is told the truth and taken to the post the first one saved.
    assert second["Location"].endswith(f"#post-{post.pk}")
    assert first["Location"].endswith(f"#post-{post.pk}")


def test_a_send_that_failed_can_be_sent_again_from_the_same_form():
    thread = published_thread(on=board())
    client = member_client(trusted_member())
    form = {"body": "Refused first, sent later.", "send_token": TOKEN + "2"}
    Thread.objects.filter(pk=thread.pk).update(locked=True)

    refused = client.post(thread.get_absolute_url(), form)
    assert refused.status_code == 400
    assert "Refused first, sent later." in refused.content.decode()  # still in the box

    Thread.objects.filter(pk=thread.pk).update(locked=False)
    sent = client.post(thread.get_absolute_url(), form)
    assert sent.status_code == 302
    assert Post.objects.filter(thread=thread, body="Refused first, sent later.").count() == 1


@needs_postgres
def test_two_sends_of_the_same_form_at_the_same_moment_make_one_post():
    thread = published_thread(on=board())
    clients = [member_client(trusted_member()) for _ in range(10)]
    url = thread.get_absolute_url()
    statuses: list[int] = []

    def send(client, n):
        def job():
            response = client.post(url, {"body": f"Double {n}.", "send_token": f"{TOKEN}{n:04}"})
            statuses.append(response.status_code)

        return job

    jobs = [send(client, n) for n, client in enumerate(clients) for _ in range(2)]
    assert run_at_once(jobs) == []
    assert statuses == [302] * 20
    bodies = Counter(
        Post.objects.filter(thread=thread, is_opening=False).values_list("body", flat=True)
    )
    assert bodies == Counter({f"Double {n}.": 1 for n in range(10)})


@needs_postgres
def test_fifty_members_posting_and_reacting_at_once_lose_nothing_and_count_true():
    thread = published_thread(on=board())
    opening = Post.objects.get(thread=thread, is_opening=True)
    members = [trusted_member() for _ in range(MEMBERS)]
    clients = [member_client(member) for member in members]
    url = thread.get_absolute_url()
    react = reverse("forums:react", args=[opening.pk])
    answers: list[tuple[int, int]] = []

    def take_part(client, n):
        def job():
            sent = client.post(url, {"body": f"Message {n} from the evening crowd."})
            reacted = client.post(react, {"kind": Reaction.Kind.NOT_ALONE})
            answers.append((sent.status_code, reacted.status_code))

        return job

    errors = run_at_once([take_part(client, n) for n, client in enumerate(clients)])
    assert errors == []
    assert answers == [(302, 302)] * MEMBERS

    replies = Post.objects.filter(thread=thread, is_opening=False)
    assert Counter(replies.values_list("body", flat=True)) == Counter(
        {f"Message {n} from the evening crowd.": 1 for n in range(MEMBERS)}
    )
    assert set(replies.values_list("author_id", flat=True)) == {m.pk for m in members}
    # Each published post has exactly one "published" event, numbered without gaps in order.
    published = ThreadEvent.objects.filter(thread=thread, kind="published")
    assert Counter(published.values_list("post_id", flat=True)) == Counter(
        {post.pk: 1 for post in Post.objects.filter(thread=thread)}
    )
    # What the page shows is what the rows say.
    rows = Reaction.objects.filter(post=opening, kind=Reaction.Kind.NOT_ALONE).count()
    assert rows == MEMBERS
    shown = {c.kind: c.count for c in reaction_counts([opening])[opening.pk]}
    assert shown[Reaction.Kind.NOT_ALONE] == rows
    thread.refresh_from_db()
    assert thread.last_post_at == max(replies.values_list("created_at", flat=True))
