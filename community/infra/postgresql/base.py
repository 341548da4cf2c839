"""Django's PostgreSQL backend, whose health check asks the socket before it asks the server.

With CONN_HEALTH_CHECKS, Django sends `SELECT 1` before the first query of every request that
reuses a connection: a round trip on every page, to catch the rare connection the server has
closed (a restart, an idle timeout, a terminated backend). When PostgreSQL closes a connection
it says so on the socket (a FATAL message, then end of file), so a connection with nothing to
read is one the server has not closed, and needs no ping. Only when the socket has something
to read (a closed connection, or a notice) does Django's own check run. A server that vanished
without a word (a network partition) is caught, as before, when the first query fails: the
request answers the kind 503 page and the connection is closed after it.
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base


def _socket_is_quiet(connection) -> bool:
    """Whether the server has sent nothing since the last answer was read (no round trip)."""
    try:
        readable, _, failed = select.select([connection.fileno()], [], [connection.fileno()], 0)
    except (OSError, ValueError):  # a closed or broken connection has no usable socket
        return False
    return not readable and not failed


class DatabaseWrapper(base.DatabaseWrapper):
    """`django.db.backends.postgresql`, with the quiet-socket health check."""

    def close_if_health_check_failed(self) -> None:
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and not self.pool
            and not self.connection.closed
            and _socket_is_quiet(self.connection)
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()
