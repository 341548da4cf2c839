"""Log formatting that keeps members' words and addresses out of every log line.

An exception's message often carries data: PostgreSQL's unique-violation message quotes the
e-mail address that clashed, and a validation error may quote what a member wrote. Logs are
read by people who must never see either (issue 7: "Logs carry no e-mail addresses, post text
or IPs"), so every handler formats tracebacks with `PrivateFormatter`: the exception's type and
each frame's file, line, function and code stay, so a developer can still find the fault, but
no exception's message, note or argument is written.
"""

from __future__ import annotations

import logging
import traceback
from types import TracebackType

WITHHELD = "[message withheld]"


def exception_name(exception: BaseException) -> str:
    """The exception's type as a traceback names it (`module.Name`, builtins bare)."""
    kind = type(exception)
    if kind.__module__ in ("builtins", "__main__"):
        return kind.__qualname__
    return f"{kind.__module__}.{kind.__qualname__}"


def private_traceback(exception: BaseException, tb: TracebackType | None = None) -> str:
    """The traceback Python would print for `exception`, chained causes included, with every
    exception's message (and notes) replaced by `WITHHELD`."""
    lines: list[str] = []
    _append_chain(lines, exception, tb, seen=set())
    return "".join(lines).rstrip("\n")


def _append_chain(
    lines: list[str], exception: BaseException, tb: TracebackType | None, seen: set[int]
) -> None:
    # As traceback.TracebackException does: causes first, each once (chains can loop).
    seen.add(id(exception))
    cause, context = exception.__cause__, exception.__context__
    if cause is not None and id(cause) not in seen:
        _append_chain(lines, cause, cause.__traceback__, seen)
        lines.append("\nThe above exception was the direct cause of the following exception:\n\n")
    elif context is not None and not exception.__suppress_context__ and id(context) not in seen:
        _append_chain(lines, context, context.__traceback__, seen)
        lines.append("\nDuring handling of the above exception, another exception occurred:\n\n")
    tb = tb if tb is not None else exception.__traceback__
    if tb is not None:
        lines.append("Traceback (most recent call last):\n")
        # Frames only: file, line, function and the source line, which is our code, not data.
        lines.extend(traceback.StackSummary.extract(traceback.walk_tb(tb)).format())
    lines.append(f"{exception_name(exception)}: {WITHHELD}\n")
    # An exception group's members are exceptions too; their messages are just as private.
    for number, member in enumerate(getattr(exception, "exceptions", None) or (), start=1):
        if isinstance(member, BaseException) and id(member) not in seen:
            lines.append(f"+---------------- {number} ----------------\n")
            _append_chain(lines, member, member.__traceback__, seen)


def _scrub(value: object) -> object:
    # `logger.error("failed: %s", exc)` would put the message in the line itself.
    return f"{exception_name(value)}: {WITHHELD}" if isinstance(value, BaseException) else value


class PrivateFormatter(logging.Formatter):
    """A formatter whose tracebacks and arguments name exceptions but never quote them."""

    def format(self, record: logging.LogRecord) -> str:
        """Format a copy of `record` (other handlers keep the original) with exceptions
        reduced to their type and traceback locations."""
        record = logging.makeLogRecord(record.__dict__)
        record.msg = _scrub(record.msg)
        if isinstance(record.args, dict):
            record.args = {key: _scrub(value) for key, value in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(_scrub(value) for value in record.args)
        # Never reuse a traceback another formatter cached on the record: it has the message.
        record.exc_text = None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = self.formatException(record.exc_info)
        elif record.exc_info:
            record.exc_info = None
        return super().format(record)

    def formatException(self, ei) -> str:
        """The traceback with every exception's message withheld."""
        _, exception, tb = ei
        if exception is None:
            return ""
        return private_traceback(exception, tb)
