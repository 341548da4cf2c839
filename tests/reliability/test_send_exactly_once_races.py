"""Exactly-once sending under a real race (issue 17, point 1), on PostgreSQL: two sends of one
form at the same moment, and a send that loses the race to its double, each save one item and
answer truthfully. The kinds of send and their faults are in `test_send_exactly_once`."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from tests.conftest import needs_postgres
from tests.factories import trusted_member

from .test_concurrency import run_at_once
from .test_send_exactly_once import KINDS, kind, member_client, runs, shown, wagtail_tree

__all__ = ["kind", "wagtail_tree"]  # fixtures, used by name

pytestmark = [needs_postgres, pytest.mark.django_db(transaction=True)]


def test_two_sends_of_one_form_at_the_same_moment_save_one_item(kind, wagtail_tree):
    member = trusted_member()
    send = KINDS[kind](member)
    clients = [member_client(member), member_client(member)]
    answers: list[int] = []

    def job(client):
        return lambda: answers.append(client.post(send.url, send.data).status_code)

    assert run_at_once([job(client) for client in clients]) == []

    assert answers == [302, 302]
    assert len(send.items()) == 1


def test_a_send_that_loses_the_race_to_its_double_finds_the_winners_item(kind, wagtail_tree):
    """Deterministic race: as this send is about to make its first write, the same form sent
    again (another connection, another thread) runs to its commit. The loser's insert breaks the
    unique key inside its savepoint; it rolls back and answers with the winner's item."""
    member = trusted_member()
    send = KINDS[kind](member)
    if kind == "reply":
        # The member already follows the thread, so the two sends share no row but the post's.
        member_client(member).post(send.url, {**send.data, "send_token": "an-earlier-page-key"})
    winner: list = []
    blocked: list = []

    def the_double() -> None:
        try:
            winner.append(member_client(member).post(send.url, send.data))
        finally:
            connections.close_all()

    def wrapper(execute, sql, params, many, context):
        if not winner and not blocked and runs(sql, send.starts_with):
            racer = threading.Thread(target=the_double)
            racer.start()
            racer.join(30)
            if racer.is_alive():  # it waits on a lock this send holds: not the race we meant
                blocked.append(sql)
        return execute(sql, params, many, context)

    client = member_client(member)
    with connection.execute_wrapper(wrapper):
        loser = client.post(send.url, send.data)

    assert not blocked, "the double waited on the first send's locks"
    assert winner and winner[0].status_code == 302
    assert loser.status_code == 302
    [item] = send.items()
    assert send.leads_to(loser["Location"], item)
    assert send.already in shown(client, loser["Location"])
