"""Quasi-identifiers: details that narrow a family down without naming it.

None of these is held alone: every finding here has category "quasi" and only `combinations`
counts them, with a weight (by rule, in `rules.RULES`: 1 vague, 2 narrowing, 3 nearly naming)
and a family (in `combinations.FAMILIES`). A finding's span is the whole detail as a parent
writes it, with its lead-in where there is one ("on 14 March", "he's 14", "I'm the only Polish
dinner lady", "after the fire at the chip shop"), so that a combination highlights and redacts
all of it. Overlapping findings are returned as one detail (the span of them all, the kind and
rule of the one that holds the others, else the strongest): "the Eid fair" is an event, not a
date too.

One module per kind of detail, each with its patterns, its detector (`detect`) and its rules
explained at its top:

- `areas`: where in a town, without naming it ("the north side of the town", "near the canal");
- `school_years`: "Year 9", "S3", "reception class";
- `ages`: "14-year-old", "he's 14", "my son (13)";
- `dates`: "on 14 March", "on Bonfire Night 2023", "at 6am on the 2nd";
- `clubs`: clubs and teams, hospital wards, courts, local events, a kind of school few go to;
- `only`: "the only ... in ...";
- `siblings`: "his two little sisters, 6 and 9";
- `jobs`: "I'm the lollipop lady at the primary";
- `incidents`: "after the fire at the chip shop".

`rules` holds every rule's weight and `value_key` (how a detail's words are compared across a
member's items); `common` the pieces the parts share.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from types import ModuleType

from ..scan import Pattern, Scan
from ..types import Finding
from . import (
    ages,
    areas,
    clubs,
    dates,
    incidents,
    jobs,
    only,
    school_years,
    siblings,
)
from .common import NUMBER_VALUES
from .rules import RULES, quasi, value_key, weight

__all__ = ["DETECTORS", "NUMBER_VALUES", "RULES", "patterns", "quasi", "value_key", "weight"]

# In the order they run; each is skipped on a text none of its patterns can match.
PARTS: tuple[ModuleType, ...] = (
    areas,
    school_years,
    ages,
    dates,
    clubs,
    only,
    siblings,
    jobs,
    incidents,
)


def patterns() -> dict[str, Pattern]:
    """The RE2 sources every part scans with."""
    out: dict[str, Pattern] = {}
    for part in PARTS:
        out.update(part.patterns())
    return out


def _never_raise(
    detect: Callable[[str, Scan], list[Finding]],
) -> Callable[[str, Scan], list[Finding]]:
    """A detector that returns nothing rather than raise: screening never fails on input."""

    @functools.wraps(detect)
    def safe(text: str, scan: Scan) -> list[Finding]:
        try:
            return detect(text, scan)
        except Exception:
            return []

    return safe


@functools.cache
def _part_patterns() -> tuple[tuple[Callable[[str, Scan], list[Finding]], frozenset[str]], ...]:
    """Each part's detector and the names of the patterns it reads."""
    return tuple((part.detect, frozenset(part.patterns())) for part in PARTS)


def _quasi(text: str, scan: Scan) -> list[Finding]:
    """Every quasi-identifier in the text, one finding per detail: overlapping ones are one
    detail, with the span of them all and the kind and rule of the strongest. One detector for
    the family: fewer calls and fewer findings for the engine."""
    found: list[Finding] = []
    for detect, names in _part_patterns():
        if scan.can_match_any(names):
            found.extend(detect(text, scan))
    if len(found) < 2:
        return found
    found.sort(key=lambda f: (f.start, -f.end))
    kept: list[Finding] = []
    group: list[Finding] = [found[0]]
    end = found[0].end
    for f in found[1:]:
        if f.start < end:
            group.append(f)
            end = max(end, f.end)
            continue
        kept.append(_one(group, end))
        group, end = [f], f.end
    kept.append(_one(group, end))
    return kept


def _one(group: list[Finding], end: int) -> Finding:
    """Overlapping quasi findings as one: the strongest's kind and rule, over them all."""
    if len(group) == 1:
        return group[0]
    # The one that holds the others ("a baby brother who's 2" holds "who's 2"), else the strongest
    best = max(
        group,
        key=lambda f: (f.start == group[0].start and f.end == end, weight(f), f.end - f.start),
    )
    return quasi(best.kind, group[0].start, end, best.rule)


DETECTORS = (_never_raise(_quasi),)
