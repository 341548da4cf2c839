"""Strict JSON for every body and socket frame members send: one decoder for all of them.

`json.loads` accepts more than we want: bytes that are not UTF-8 are guessed at, a "\\ud83d"
escape becomes a lone surrogate (half an emoji, which then breaks every page that shows it),
NaN and Infinity pass, and nesting can go deep enough to exhaust the stack. Here each of those
is a JSONBodyError with a message for the member, which the caller answers with a 400 (or, on
the socket, an error frame).
"""

from __future__ import annotations

import json
from typing import Any

from community.input.sanitise import SURROGATE_MESSAGE

# No body we read nests deeper than 3 ({"fields": {"body": "..."}}); room to spare.
MAX_DEPTH = 8

UNREADABLE = "That could not be read. Please reload the page and try again."


class JSONBodyError(ValueError):
    """A body that is not strict JSON of the right shape; the message is for the member."""


def _no_constant(name: str) -> Any:
    raise JSONBodyError(UNREADABLE)


def json_object(body: bytes | str, *, max_depth: int = MAX_DEPTH) -> dict[str, Any]:
    """The JSON object in `body`, decoded as strict UTF-8 (a leading byte-order mark allowed).

    Raises JSONBodyError for bytes that are not UTF-8, text that is not JSON, NaN or Infinity,
    anything but an object at the top, nesting deeper than `max_depth`, and a lone surrogate in
    any key or string (SURROGATE_MESSAGE, so the member knows to look at their text).
    """
    if isinstance(body, bytes):
        try:
            body = body.decode("utf-8")
        except UnicodeDecodeError as error:
            raise JSONBodyError(UNREADABLE) from error
    body = body.removeprefix("\ufeff")
    try:
        value = json.loads(body, parse_constant=_no_constant)
    except (ValueError, RecursionError) as error:
        # RecursionError: "[[[[...]]]]" nests deeper than the parser allows, in a few KB.
        raise JSONBodyError(UNREADABLE) from error
    if not isinstance(value, dict):
        raise JSONBodyError(UNREADABLE)
    _check(value, max_depth)
    return value


def _check(value: dict[str, Any], max_depth: int) -> None:
    """Depth and lone surrogates, walked without recursion."""
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            children = [*item.keys(), *item.values()]
        elif isinstance(item, list):
            children = item
        else:
            if isinstance(item, str) and _has_surrogate(item):
                raise JSONBodyError(SURROGATE_MESSAGE)
            continue
        if depth > max_depth:
            raise JSONBodyError(UNREADABLE)
        pending.extend((child, depth + 1) for child in children)


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
