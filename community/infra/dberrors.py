"""Which database errors mean the database could not be reached.

Django raises `OperationalError` both for a server that is down and for a query the database
refused (an FTS5 query SQLite could not parse, a statement timeout). Only the first is an outage,
answered with the kind 503 page that gives the member their words back; the others are bugs, and
get the plain error page (community/infra/middleware.py for views,
community/site/views.server_error for
the rest).
"""

from __future__ import annotations

from django.db import InterfaceError, OperationalError

# PostgreSQL's SQLSTATEs for "the server cannot be talked to" (its manual, appendix A): class
# 08 (connection exception), too many connections, and the server shutting down or starting.
_UNREACHABLE_SQLSTATES = ("08", "53300", "57P01", "57P02", "57P03")
# SQLite's words for a database file it cannot open or read.
_UNREACHABLE_SQLITE = ("unable to open database file", "disk i/o error")


def is_connection_failure(error: BaseException) -> bool:
    """Whether a database error means the database could not be reached (the kind 503 page),
    rather than that a query was wrong (an error like any other).

    Django raises `OperationalError` for both: a PostgreSQL server that is down, and an FTS5
    query SQLite could not parse or a statement timeout. Only the first is an outage: telling
    a member who typed an odd search that "we can't reach our records" would be untrue, and
    would hide the bug. `InterfaceError` (a connection already closed or lost) is always one.
    """
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    driver = type(cause).__module__
    if driver.startswith("psycopg"):
        # Errors the client raises itself (refused, reset, closed) carry no SQLSTATE.
        sqlstate = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
        return sqlstate is None or sqlstate.startswith(_UNREACHABLE_SQLSTATES)
    if driver.startswith("sqlite3"):
        return str(cause).lower().startswith(_UNREACHABLE_SQLITE)
    return cause is None or isinstance(cause, ConnectionError | TimeoutError)
