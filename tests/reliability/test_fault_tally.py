"""The fault tally, and Redis stopped and restarted while members reply.

Every fault test that sends posts keeps a tally (the `fault_tally` fixture, conftest.py): the
posts members sent, those the database kept once, those lost and those stored twice, the error
pages members saw, and the open tabs that caught up. The run's summary prints each tally and
their sum, a line like "faults: posts sent 41, saved 41, lost 0, duplicated 0", so the CI log
shows the numbers. The faults tallied: the database restarted (test_database_restart.py), a
server worker killed mid-send (test_killed_mid_send.py), and Redis stopped and restarted (here).
The task worker killed mid-export is test_worker_survives.py's: no posts, an export that
completes.
"""

from __future__ import annotations

import time

import pytest

from forums.models import Post, ThreadEvent
from tests.factories import UserFactory, board, published_thread, trusted_member
from tests.fault_tally import FaultTally

from .servers import (
    GIVE_UP,
    NOTES,
    PACE,
    Member,
    Tab,
    caught_up,
    session_cookie_value,
    unclear,
    wait_until_caught_up,
)

POSTERS = ["fennel", "garnet", "hazel", "indigo"]
DOWN_FOR = 3.0


# --- How the tally counts ---------------------------------------------------------------------


def test_words_missing_from_the_database_count_as_lost_and_extra_copies_as_duplicated():
    tally = FaultTally(fault="made up")
    tally.count(
        sent=["kept once", "kept twice", "never kept", "kept once"],  # one sent twice: one post
        stored=["kept once", "kept twice", "kept twice", "not sent by these members"],
    )
    assert (tally.sent, tally.saved, tally.lost, tally.duplicated) == (3, 2, 1, 1)
    assert tally.line().startswith("faults: posts sent 3, saved 2, lost 1, duplicated 1")


# --- Redis stopped and restarted while members reply -----------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_redis_restart_while_members_reply_loses_nothing_and_every_tab_catches_up(
    on_private_redis, workers, fault_tally
):
    place = board()
    threads = [
        {"id": made.pk, "url": made.get_absolute_url(), "last_event": made.events.last().pk}
        for made in (published_thread(on=place, title=f"Evening {n}") for n in ("one", "two"))
    ]
    posters = [session_cookie_value(trusted_member()) for _ in POSTERS]
    readers = [session_cookie_value(UserFactory()) for _ in range(2)]
    # A short socket heartbeat: what Redis lost while it was down arrives within two of them.
    serving = [
        workers(DJANGO_LIVE_HEARTBEAT_SECONDS="1"),
        workers(DJANGO_LIVE_HEARTBEAT_SECONDS="1"),
    ]
    tabs = [
        Tab(serving[n % 2], reader, thread)
        for n, reader in enumerate(readers)
        for thread in threads
    ]
    for tab in tabs:
        tab.start()
    for tab in tabs:
        assert tab.subscribed.wait(15), "a tab could not subscribe before the outage"
    members = [
        Member(name, session, serving, threads, start_in=n * PACE / len(POSTERS))
        for n, (name, session) in enumerate(zip(POSTERS, posters, strict=True))
    ]
    for member in members:
        member.start()

    time.sleep(2.5)
    on_private_redis.stop()
    time.sleep(DOWN_FOR)  # replies are saved all the same; open tabs heal by heartbeat
    on_private_redis.start()
    for member in members:
        member.join(GIVE_UP * 2)

    sends = [send for member in members for send in member.sends]
    bodies = [send.body for send in sends]
    stored = Post.objects.filter(body__in=bodies).values_list("body", flat=True)
    fault_tally.count(sent=bodies, stored=list(stored))
    fault_tally.errors_shown = sum(
        answer.startswith("error page") for send in sends for answer in send.answers
    )
    expected = {
        thread["id"]: set(
            ThreadEvent.objects.filter(
                thread_id=thread["id"], pk__gt=thread["last_event"]
            ).values_list("pk", flat=True)
        )
        for thread in threads
    }
    wait_until_caught_up(tabs, expected, within=25)
    fault_tally.tabs = len(tabs)
    fault_tally.tabs_caught_up = sum(caught_up(tab, expected) for tab in tabs)

    assert unclear(sends) == [], "\n\n".join(unclear(sends)[:5]) + serving[0].output()[-3000:]
    assert all(send.saved for send in sends), [s.answers for s in sends if not s.saved]
    assert (fault_tally.lost, fault_tally.duplicated) == (0, 0), fault_tally.line()
    assert fault_tally.saved == len(POSTERS) * len(NOTES)
    for tab in tabs:
        assert caught_up(tab, expected), (
            f"the tab on thread {tab.thread['id']} saw events {tab.seen}, "
            f"not each of {sorted(expected[tab.thread['id']])} once"
        )
