"""The PostgreSQL health check asks the socket first: no ping for a connection the server has
not closed, and a connection it has closed is replaced before a page uses it."""

from __future__ import annotations

import time

import pytest
from django.db import connections

from tests.conftest import needs_postgres

pytestmark = [needs_postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reused_connection():
    """A connection of its own, as a gunicorn worker keeps one between requests, with the
    health check about to run (as at the start of a request)."""
    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    wrapper.health_check_enabled = True  # as CONN_HEALTH_CHECKS sets it in production
    yield wrapper
    wrapper.close()


def _last_statement_of(wrapper) -> str:
    """What the server last ran for this connection, asked on another connection."""
    pid = wrapper.connection.info.backend_pid
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone()[0]


def test_a_connection_the_server_has_not_closed_is_used_without_a_ping(reused_connection):
    with reused_connection.cursor() as cursor:
        cursor.execute("SELECT 'the page before'")
    reused_connection.health_check_done = False  # a new request

    reused_connection.close_if_health_check_failed()

    assert reused_connection.connection is not None
    assert reused_connection.health_check_done is True
    assert _last_statement_of(reused_connection) == "SELECT 'the page before'"


def test_a_connection_the_server_closed_is_dropped_before_the_page_uses_it(reused_connection):
    old_pid = reused_connection.connection.info.backend_pid
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [old_pid])
    time.sleep(0.2)  # the server's goodbye reaches the socket
    reused_connection.health_check_done = False  # a new request

    reused_connection.close_if_health_check_failed()
    with reused_connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        new_pid = cursor.fetchone()[0]

    assert new_pid != old_pid
