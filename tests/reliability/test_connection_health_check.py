"""A kept PostgreSQL connection the server has closed (a restart, an idle timeout, a terminated
backend) is replaced before a page uses it: Django's own health check (CONN_HEALTH_CHECKS, as
production sets it), so a worker's next page works instead of failing."""

from __future__ import annotations

import time

import pytest
from django.db import connections

from tests.conftest import needs_postgres

pytestmark = [needs_postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reused_connection():
    """A connection of its own, as a gunicorn worker keeps one between requests, configured as
    production configures it."""
    wrapper = connections.create_connection("default")
    wrapper.settings_dict["CONN_HEALTH_CHECKS"] = True
    wrapper.settings_dict["CONN_MAX_AGE"] = 60
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def _a_new_request(wrapper) -> None:
    """What Django does for a worker's kept connection when a request starts."""
    wrapper.close_if_unusable_or_obsolete()


def test_a_connection_the_server_closed_is_dropped_before_the_page_uses_it(reused_connection):
    old_pid = reused_connection.connection.info.backend_pid
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [old_pid])
    time.sleep(0.2)  # the server's goodbye reaches the socket

    _a_new_request(reused_connection)
    with reused_connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        new_pid = cursor.fetchone()[0]

    assert new_pid != old_pid


def test_a_healthy_kept_connection_is_reused_by_the_next_page(reused_connection):
    old_pid = reused_connection.connection.info.backend_pid

    _a_new_request(reused_connection)
    with reused_connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        same_pid = cursor.fetchone()[0]

    assert same_pid == old_pid
