"""The database restarted while members post: nothing lost, nothing twice, every tab caught up.

PostgreSQL here is a cluster of the test's own (private_postgres.py), so stopping it disturbs no
other test. Two Daphne workers serve it; several members reply steadily in two threads, each
reply with words of its own and the composer's send token; readers keep a tab open on each
thread. Part-way through, PostgreSQL is stopped (a fast shutdown: open transactions rolled back,
every connection dropped) and started again a few seconds later.

Every send either saves (a redirect) or comes back as the kind 503 page holding the member's
words; the member then sends the same form again (same token), as a browser's "send again"
does. At the end the database holds each reply exactly once, and each tab, reconnecting as
thread.js does (the last event id it applied), has seen every new post once.
"""

from __future__ import annotations

import time

from tests.conftest import needs_postgres, needs_redis

from .servers import (
    GIVE_UP,
    NOTES,
    PACE,
    Member,
    Tab,
    caught_up,
    unclear,
    wait_until_caught_up,
    worker_env,
)

pytestmark = [needs_postgres, needs_redis]

POSTERS = ["amber", "birch", "cedar", "damson", "elder"]
DOWN_FOR = 3.0


def test_a_database_restart_while_members_reply_loses_nothing_and_every_tab_catches_up(
    private_postgres, workers, fault_tally
):
    env = {"DATABASE_URL": private_postgres.url}
    seeded = private_postgres.seed(worker_env(**env), posters=len(POSTERS), readers=2, threads=2)
    serving = [workers(**env), workers(**env)]
    tabs = [
        Tab(serving[n % 2], reader, thread)
        for n, reader in enumerate(seeded["readers"])
        for thread in seeded["threads"]
    ]
    for tab in tabs:
        tab.start()
    for tab in tabs:
        assert tab.subscribed.wait(15), "a tab could not subscribe before the restart"
    members = [
        Member(name, session, serving, seeded["threads"], start_in=n * PACE / len(POSTERS))
        for n, (name, session) in enumerate(zip(POSTERS, seeded["posters"], strict=True))
    ]
    for member in members:
        member.start()

    time.sleep(2.5)  # replies are being saved
    private_postgres.stop("fast")
    time.sleep(DOWN_FOR)  # replies come back with their words; members send them again
    private_postgres.start()
    for member in members:
        member.join(GIVE_UP * 2)

    sends = [send for member in members for send in member.sends]
    bodies = [send.body for send in sends]
    stored = private_postgres.query("SELECT body FROM forums_post WHERE body = ANY(%s)", (bodies,))
    fault_tally.count(sent=bodies, stored=[body for (body,) in stored])
    fault_tally.errors_shown = sum(
        answer.startswith("error page") for send in sends for answer in send.answers
    )
    # Every tab ends with every event of its thread since the page was opened, once each.
    expected = {
        thread["id"]: {
            event_id
            for (event_id,) in private_postgres.query(
                "SELECT id FROM forums_threadevent WHERE thread_id = %s AND id > %s",
                (thread["id"], thread["last_event"]),
            )
        }
        for thread in seeded["threads"]
    }
    wait_until_caught_up(tabs, expected, within=20)
    fault_tally.tabs = len(tabs)
    fault_tally.tabs_caught_up = sum(caught_up(tab, expected) for tab in tabs)

    assert unclear(sends) == [], "\n\n".join(unclear(sends)[:5]) + serving[0].output()[-3000:]
    assert all(send.saved for send in sends), [s.answers for s in sends if not s.saved]
    assert fault_tally.errors_shown > 0, "the restart was not felt: nothing was sent during it"
    assert (fault_tally.lost, fault_tally.duplicated) == (0, 0), fault_tally.line()
    assert fault_tally.saved == len(sends) == len(POSTERS) * len(NOTES)
    for tab in tabs:
        assert caught_up(tab, expected), (
            f"the tab on thread {tab.thread['id']} saw events {tab.seen}, "
            f"not each of {sorted(expected[tab.thread['id']])} once"
        )
