"""Reader slots: HTML rendered once for many readers, with marked spots for what differs.

A page or partial that is the same for every reader except a few values (a name, a count, a
form token) can be rendered once with a *mark* in each of those spots, kept, and then filled
in for each reader. `slot_mark(name, default)` is what a template writes in a spot; `fill` (or
`compile_marks` once and `fill_compiled` per reader) puts the reader's values in, and a spot without
a value gets the default it was rendered with.

The mark carries a secret-derived token between NUL bytes, so no text a member writes (which
is escaped, and never contains NUL after the sanitiser) can be taken for a slot.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from django.utils.crypto import salted_hmac
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

# Between a slot's name and its default.
_SEPARATOR = "\x01"


@cache
def mark() -> str:
    """The mark around a slot (the same in every process that shares the secret key)."""
    return "\x00" + salted_hmac("forums.rendering", "slot-mark").hexdigest()[:24] + "\x00"


def slot_mark(name: str, default: object = "") -> SafeString:
    """A spot named `name` whose value, unless a reader's values give one, is `default`
    (escaped unless it is safe)."""
    # A template's default may be any value: conditional_escape takes str() of what is not safe.
    escaped = conditional_escape(default)  # type: ignore[arg-type]
    spot = f"{mark()}{name}{_SEPARATOR}{escaped}{mark()}"
    return mark_safe(spot)  # noqa: S308 - the mark, our slot name and an escaped default


def rename(html: str, renamer) -> str:
    """The same marked HTML with each slot's name passed through `renamer` (so the slots of
    one post can be told from another's once many are on one page)."""
    token = mark()
    parts = html.split(token)
    for index in range(1, len(parts), 2):
        name, _, default = parts[index].partition(_SEPARATOR)
        parts[index] = f"{renamer(name)}{_SEPARATOR}{default}"
    return token.join(parts)


def fill(html: str, values: Mapping[str, str]) -> str:
    """Put a reader's values into HTML rendered with marks (once; see `compile_marks`)."""
    parts = html.split(mark())
    for index in range(1, len(parts), 2):
        name, _, default = parts[index].partition(_SEPARATOR)
        parts[index] = values.get(name, default)
    return "".join(parts)


@dataclass(frozen=True)
class Compiled:
    """Marked HTML split at its slots, ready to be filled for many readers: the parts with
    each slot's default in place, and where each slot name occurs."""

    parts: list[str]
    places: dict[str, tuple[int, ...]]


def compile_marks(html: str) -> Compiled:
    """`html` split at its marks. Worth keeping when the same HTML is filled for many readers:
    filling then costs in proportion to the values given, not to the slots there are."""
    parts: list[str] = html.split(mark())
    places: dict[str, list[int]] = {}
    for index in range(1, len(parts), 2):
        name, _, default = parts[index].partition(_SEPARATOR)
        parts[index] = default
        places.setdefault(name, []).append(index)
    return Compiled(parts, {name: tuple(at) for name, at in places.items()})


def fill_compiled(compiled: Compiled, values: Mapping[str, str]) -> str:
    """The compiled HTML with the reader's values in (defaults where none is given)."""
    out = compiled.parts.copy()
    places = compiled.places
    for name, value in values.items():
        for index in places.get(name, ()):
            out[index] = value
    return "".join(out)
