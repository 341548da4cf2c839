"""Views of a text for the detectors to read, each with a map back to the original offsets.

The plain view changes characters one for one (curly quotes to straight, no-break and zero-width
spaces to spaces, dashes to hyphens, a lone surrogate to U+FFFD), so its spans are the
original's. Every finding made in any view is reported on the original span.

The undisguised view undoes what a member (or someone posing as one) does to slip a detail past
a filter, and exists only when the text has something to undo: an ASCII post costs one pass of
an RE2 set, any other post one look at each distinct character it uses. It is built in two
stages, each keeping, for every character of the view, the original span it came from; each
module explains its own rules:

1. Characters (`characters`): invisible and direction-control characters, right-to-left
   overrides, compatibility forms, other scripts' digits, accents, look-alike letters, other
   scripts' letters among Latin words.
2. Words (`vocabulary` says where each step may have work; `edits` applies the steps' edits):
   words broken by a line break, spaced-out characters, phone numbers split by symbols and
   letters for digits (`separated`); spelled-out digits and spoken e-mail addresses (`spoken`);
   digits and symbols for letters (`leet`).

The undisguised view holds what was undone with some context either side (the rest is the plain
view's, already screened), so screening a long post with one disguise costs little more. Each
of its characters carries which of these made it (`labels`), so a finding is explained by what
was undone inside its own span (`Finding.via`, shown by `manage.py screen --explain`).
"""

from __future__ import annotations

import functools
import re
from array import array

from ..text import NORMALISE
from .characters import needs_stage_one, stage_one, zeros
from .edits import EditedText
from .labels import EMAIL, GROUPS, LABELS, LEET, LINEBREAK, OH_DIGITS, SPACED, SPELLED, describe
from .leet import leet_letters
from .separated import join_line_breaks, join_phone_groups, join_singles, oh_digits
from .spoken import spelled_digits, spoken_emails
from .view import View
from .vocabulary import triggered

__all__ = ["LABELS", "View", "cached_views", "describe", "views"]


def _plain(text: str) -> str:
    if text.isascii():
        return text
    plain = text.translate(NORMALISE)
    try:
        plain.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: RE2 reads UTF-8, so stand one in for it
        plain = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in plain)
    return plain


# The history path (`combinations.item_tags`) reads the views of the text just screened: the
# last few are kept, for texts up to a long post's size (a hostile megabyte is not kept).
_CACHED_CHARS = 20_000


@functools.lru_cache(maxsize=8)
def _cached(text: str) -> tuple[View, ...]:
    return tuple(views(text))


def cached_views(text: str) -> list[View]:
    """`views(text)`, reused when the same text was read a moment ago (screening, then its
    history check)."""
    if len(text) > _CACHED_CHARS:
        return views(text)
    return list(_cached(text))


def views(text: str) -> list[View]:
    """The views of `text` to screen: the plain view first, then the undisguised one if any."""
    plain = _plain(text)
    out = [View(plain)]
    try:
        undisguised = _undisguised(text, plain)
    except Exception:  # screening never raises: the plain view is still screened
        undisguised = None
    if undisguised is not None and undisguised.text != plain:
        out.append(undisguised)
    return out


_STAGES = (
    ("linebreak", join_line_breaks, LINEBREAK),
    ("singles", join_singles, SPACED),
    ("groups", join_phone_groups, GROUPS),
    ("oh_digits", oh_digits, OH_DIGITS),
    ("spelled", spelled_digits, SPELLED),
    ("email", spoken_emails, EMAIL),
    ("leet", leet_letters, LEET),
)


def _undisguised(text: str, plain: str) -> View | None:
    """The undisguised view of `text`, or None when it has nothing to undo."""
    if needs_stage_one(text):
        chars, starts, ends, labels, undone, ordered = stage_one(text)
        work = EditedText(chars, starts, ends, labels, ordered)
        work.undone = undone
    else:
        work = EditedText(plain, None, None, None, True)
    steps = triggered(work.text)
    if not steps and work.undone == 0:
        return None
    for name, stage, bit in _STAGES:
        if name in steps:
            before = work.undone
            work.apply(stage(work.text), bit)
            if work.undone != before:  # joined or rewritten: what may the later stages find now
                steps = triggered(work.text)
    if work.undone == 0 or work.starts is None:
        return None
    return _windowed(work)


# The undisguised view holds only what was undone with this much context either side (enough for
# the cues detectors read: "my son", "lives at", "his snap is", a surname after a name): the
# rest of the text is the plain view's, already screened. Windows are joined by a line holding
# a NUL, which no detector's pattern crosses (neither spaces nor a word).
_CONTEXT = 80
_GAP = "\n\x00\n"
_CHANGED = re.compile(rb"[^\x00]+")


def _windowed(work: EditedText) -> View:
    text = work.text
    starts, ends, labels = work.maps()
    n = len(text)
    windows: list[list[int]] = []
    for m in _CHANGED.finditer(bytes(map(bool, labels))):
        a, b = max(0, m.start() - _CONTEXT), min(n, m.end() + _CONTEXT)
        a = _word_edge(text, a, -1)
        b = _word_edge(text, b, 1)
        if windows and a <= windows[-1][1] + len(_GAP):
            windows[-1][1] = max(windows[-1][1], b)
        else:
            windows.append([a, b])
    via = describe(work.undone)
    if sum(b - a for a, b in windows) >= n * 3 // 4:
        return View(text, starts, via, ends, labels, work.ordered)
    parts: list[str] = []
    new_starts, new_ends, new_labels = array("l"), array("l"), array("l")
    for a, b in windows:
        if parts:
            edge = new_ends[-1]
            parts.append(_GAP)
            new_starts.extend([edge] * len(_GAP))
            new_ends.extend([edge] * len(_GAP))
            new_labels.extend(zeros(len(_GAP)))
        parts.append(text[a:b])
        new_starts.extend(starts[a:b])
        new_ends.extend(ends[a:b])
        new_labels.extend(labels[a:b])
    return View("".join(parts), new_starts, via, new_ends, new_labels, work.ordered)


def _word_edge(text: str, i: int, step: int) -> int:
    """`i` moved outward (step -1 or 1) to a space, at most 40 characters."""
    for _ in range(40):
        if i <= 0 or i >= len(text) or text[i - 1 if step < 0 else i].isspace():
            break
        i += step
    return max(0, min(i, len(text)))
