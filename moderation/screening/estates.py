"""Named estates and blocks of flats, where a family lives.

Estates. "the Marsh estate", "Hollowfield Estate", "the Beacon flats" (a capitalised name before
"estate" or "flats") are a place, and so is a lower-case name that is no everyday word after a
place word ("we're on the ravensholt estate"); generic phrases ("the council estate", "a rough
estate", "the tower flats") pass.
"""

from __future__ import annotations

import functools

from .scan import Pattern, Scan
from .text import everyday, lexicon, strip_generic, words
from .types import Finding, identifying

_ESTATE_GENERIC = frozenset(
    words(
        """council housing industrial trading retail business real country private new old royal
        landed family holiday caravan social big huge local whole same rough posh dodgy nice
        lovely grim bad good worst best notorious infamous next nearby other another different
        neighbouring surrounding main biggest own entire massive little small tiny quiet modern
        newer older residential rented tower high-rise highrise low-rise student retirement
        sheltered luxury shared temporary emergency supported hostel block blocks those these
        that this our their his her my your its one an a the every each no some any empty
        boarded-up derelict abandoned haunted scary dangerous safe whole"""
    )
)


@functools.cache
def _estate_stop() -> frozenset[str]:
    return lexicon().stop | _ESTATE_GENERIC


def _estates(text: str, scan: Scan) -> list[Finding]:
    if not scan.can_match("estate", "flats", "estate_lc"):
        return []
    stop = _estate_stop()
    out = []
    for name in ("estate", "flats"):
        for m in scan.find(name):
            start = strip_generic(text, m.start(1), m.end(1), stop)
            if start is not None:
                out.append(identifying("place", start, m.end(), rule=f"named-{name}"))
    for m in scan.find("estate_lc"):
        word = m.group(1).lower()
        if word in stop or _everyday(word):
            continue
        out.append(identifying("place", m.start(1), m.end(), rule="named-estate-lower-case"))
    return out


def _everyday(word: str) -> bool:
    """An everyday English word (SCOWL, `data/everyday_words.txt`)."""
    return word.lower() in everyday()


def patterns() -> dict[str, Pattern]:
    """The RE2 sources this module scans with."""
    word = r"[A-Z][\pL'\-]*"
    return {
        "estate": rf"\b((?:{word}[ \t]+){{1,2}})(?:[Ee]states?)\b",
        "flats": rf"\b((?:{word}[ \t]+){{1,2}})(?:[Ff]lats)\b",
        "estate_lc": (
            r"(?i:\b(?:on|off|from|to|onto|near|round|around|in|at|outside|behind|across|into|"
            r"by|opposite|past|through)[ \t]+the[ \t]+)([a-z][a-z'\-]+)[ \t]+(?:estate|flats)\b"
        ),
    }


DETECTORS = (_estates,)
