"""A reply's request does only what the reply needs (issue 18): followers are told by one
queued task, the post is written once, and moderation's configuration is not read again."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from community.models import Notification
from forums import services
from forums.activity import following
from forums.models import Post, ThreadWatch
from moderation import services as moderation
from moderation.models import QueueItem
from tests.factories import UserFactory, board, moderator, published_thread, trusted_member

pytestmark = pytest.mark.django_db

QUEUED = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
TELL = "forums.tasks.tell_followers"


def reply(thread, author=None, body: str = "Thinking of you all tonight.") -> Post:
    return services.post_create(thread=thread, author=author or trusted_member(), body=body).post


def queued_tellings() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=TELL))


def run(result: DBTaskResult) -> int:
    """Run a queued task here, as the task worker would."""
    return result.task.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])


def thread_with_followers(count: int):
    thread = published_thread(on=board())
    followers = [trusted_member() for _ in range(count)]
    for member in followers:
        following.thread_follow(member=member, thread=thread)
    return thread, followers


def test_a_reply_queues_one_task_and_its_followers_are_told_when_it_runs(settings):
    settings.TASKS = QUEUED
    thread, followers = thread_with_followers(3)

    post = reply(thread)

    (queued,) = queued_tellings()
    assert not Notification.objects.filter(kind=following.REPLY_KIND).exists()
    assert run(queued) == 4  # the three followers and the thread's starter
    told = set(
        Notification.objects.filter(
            kind=following.REPLY_KIND, url=f"/forums/post/{post.pk}/"
        ).values_list("recipient_id", flat=True)
    )
    assert told == {thread.author_id, *(member.pk for member in followers)}


def test_a_task_run_again_by_the_worker_tells_nobody_twice(settings):
    settings.TASKS = QUEUED
    thread, followers = thread_with_followers(2)
    reply(thread)
    (queued,) = queued_tellings()

    run(queued)
    assert run(queued) == 0

    for member in followers:
        assert Notification.objects.filter(recipient=member).count() == 1


def test_a_reply_rolled_back_leaves_no_task_behind(settings):
    settings.TASKS = QUEUED
    thread, _ = thread_with_followers(2)

    with pytest.raises(RuntimeError), transaction.atomic():
        reply(thread)
        raise RuntimeError("the request failed after the reply")

    assert queued_tellings() == []


def test_a_held_reply_queues_nothing_until_a_moderator_approves_it(settings):
    settings.TASKS = QUEUED
    thread, followers = thread_with_followers(1)

    held = reply(thread, author=UserFactory(), body="Is anyone around tonight?")

    assert held.moderation_state == "held"
    assert queued_tellings() == []
    item = QueueItem.objects.get(object_id=str(held.pk), state="waiting")
    moderation.approve(item=item, moderator=moderator())
    (queued,) = queued_tellings()
    assert run(queued) == 2
    assert Notification.objects.filter(recipient=followers[0], kind=following.REPLY_KIND).exists()


def test_a_reply_hidden_before_its_task_runs_tells_nobody(settings):
    settings.TASKS = QUEUED
    thread, followers = thread_with_followers(1)
    post = reply(thread)
    moderation.hide(obj=post, moderator=moderator(), reason="Names a school.")

    assert run(queued_tellings()[0]) == 0
    assert not Notification.objects.filter(recipient=followers[0]).exists()


def test_telling_followers_takes_the_same_queries_for_3_and_30_followers(settings):
    settings.TASKS = QUEUED
    counts = []
    for followers in (3, 30):
        thread, _ = thread_with_followers(followers)
        reply(thread)
        queued = DBTaskResult.objects.filter(task_path=TELL).order_by("-enqueued_at").first()
        with CaptureQueriesContext(connection) as queries:
            assert run(queued) == followers + 1
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_reply_is_written_once_published_not_inserted_held_then_updated():
    thread, _ = thread_with_followers(2)
    author = trusted_member()
    reply(thread, author=author)  # the author's first reply also makes their watch row

    with CaptureQueriesContext(connection) as queries:
        post = reply(thread, author=author, body="Still here, still thinking of you.")

    statements = [q["sql"] for q in queries.captured_queries]
    assert post.moderation_state == "published"
    assert len([sql for sql in statements if sql.startswith('INSERT INTO "forums_post"')]) == 1
    assert not [sql for sql in statements if sql.startswith('UPDATE "forums_post"')]
    # Its history is read (jigsaw identification); a new post has no tags to check or clear.
    assert len([sql for sql in statements if "moderation_detailtag" in sql]) == 1
    assert ThreadWatch.objects.filter(thread=thread, member=author).count() == 1


def test_blocked_words_save_no_post_at_all():
    from moderation.models import WatchedWord

    WatchedWord.objects.create(pattern="fictionalslur", action="block")
    thread = published_thread(on=board())

    with pytest.raises(moderation.ContentBlocked):
        reply(thread, body="That fictionalslur again.")

    assert Post.objects.filter(thread=thread).count() == 1  # the opening post only


def test_in_a_circle_its_members_host_and_moderators_are_told_but_not_those_who_left():
    from forums.models import CircleMembership
    from tests.factories import join_circle

    host = trusted_member()
    circle = board(circle=True, host=host)
    member, leaver, watcher = trusted_member(), trusted_member(), moderator()
    for person in (member, leaver):
        join_circle(circle, person)
    thread = published_thread(on=circle, author=member)
    for person in (host, leaver, watcher):
        ThreadWatch.objects.create(member=person, thread=thread, level="following")
    CircleMembership.objects.filter(circle=circle, member=leaver).delete()

    post = reply(thread, author=host)

    told = set(
        Notification.objects.filter(
            kind=following.REPLY_KIND, url=f"/forums/post/{post.pk}/"
        ).values_list("recipient_id", flat=True)
    )
    assert told == {member.pk, watcher.pk}
