"""Combinations: details that together could identify a family (jigsaw identification).

Every detail that narrows a family down is a *tag*: the quasi-identifiers of `quasi` (an area,
a school year or an age, a date, a club, a ward, a court, an event, "the only ... in ...",
siblings with their ages, a parent's job, a distinctive event), each with a weight, and the
identifying findings that say where or who (a place, postcode or address, a school, a group, a
name, a date of birth), weight 3. Tags whose spans overlap are one detail ("the under-14s at the
boxing club" is one club, "the only Polish dinner lady" one detail, not a job and an identity).

Scoring. Tags fall into families (a school year and an age are both "age"; see `FAMILIES`); a
family counts once, with the weight of its strongest detail, so "he's 14, in Year 9" is one
detail and two dates are one; but an age and a school year together pin a child to half a year
group and count one more (`JOINT`), so "she's 15, in Year 10, on 3 June" is held. An item whose
families add up to `THRESHOLD` (5) or more, with at least two families, is a combination: each
contributing quasi span gets an identifying finding of kind "combination" (held; replaced by
"[a detail]"), and the identifying ones keep their own. Vague details (weight 1: "in March", "at
the school", "I'm a nurse") add one point between them, however many. So two weak details
("Year 9", "the north side of town": 2 + 2) are let through; three weak ones, two with a vague
one, or a weak one with a strong one ("his two little sisters, 6 and 9" 3, "the only Sikh family
in the village" 3, a named club 3, a ward number 3, a distinctive event 3, a place or school 3)
are held.

History. A member's earlier published items are kept as tags, never words: each tag's kind,
weight, and a keyed hash of its normalised value (`digest`). `with_history` scores a new item's
tags together with them: the item is a combination when the two together pass the threshold,
and what the item adds raises the score (a detail already published adds nothing). It returns
the new item's contributing spans, and which earlier items took part, for the moderator.

Pure: no database, no Django; the caller passes the earlier tags and the key.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from . import normalise, quasi
from .quasi.values import comparable_value
from .scan import Compiled, Scan, compile_patterns
from .types import Finding, ScreeningResult, identifying

THRESHOLD = 5
MIN_FAMILIES = 2
IDENTIFYING_WEIGHT = 3
MAX_SOURCES = 10  # earlier items pointed to, at most

# tag kind -> family. Quasi kinds are `quasi`'s; identifying kinds are the findings' own.
FAMILIES: dict[str, str] = {
    "area": "area",
    "school_year": "age",
    "age": "age",
    "date": "date",
    "club": "club",
    "care": "care",
    "court": "court",
    "event": "event",
    "only": "only",
    "siblings": "siblings",
    "school_kind": "school",
    "job": "job",
    "incident": "incident",
    # identifying findings
    "place": "area",
    "postcode": "area",
    "address": "area",
    "location": "area",
    "school": "school",
    "gang": "gang",
    "name": "name",
    "date_of_birth": "date",
}

# Families whose details of these kinds, together, narrow more than the strongest alone (see
# `score`): an age and a school year.
JOINT: dict[str, frozenset[str]] = {"age": frozenset({"age", "school_year"})}

# How the families are named to a moderator (`manage.py screen --explain`, the desk).
FAMILY_LABELS: dict[str, str] = {
    "area": "an area or place",
    "age": "an age or school year",
    "date": "a date",
    "club": "a club or team",
    "care": "a hospital ward",
    "court": "a court",
    "event": "a local event",
    "only": "being the only one somewhere",
    "siblings": "brothers' and sisters' ages",
    "job": "a parent's job",
    "incident": "something that happened",
    "school": "a school",
    "gang": "a group",
    "name": "a name",
}


@dataclass(frozen=True)
class Tag:
    """One detail in a text: its kind and family, weight, span, and normalised value (kept in
    memory only; stored, it is only ever a keyed hash)."""

    kind: str
    family: str
    weight: int
    start: int
    end: int
    value: str
    quasi: bool

    def digest(self, key: bytes) -> str:
        return digest(key, self.kind, self.value)


@dataclass(frozen=True)
class EarlierTag:
    """A tag of something the member already has published: never its words."""

    kind: str
    weight: int
    digest: str
    source: Hashable  # where it came from (the caller's pointer to the item)

    @property
    def family(self) -> str:
        return FAMILIES.get(self.kind, self.kind)


@dataclass(frozen=True)
class HistoryMatch:
    """A new item that completes a combination with what its author already published."""

    findings: tuple[Finding, ...]  # "combination" findings on the new item's own details
    sources: tuple[Hashable, ...]  # the earlier items that took part, as given
    families: tuple[str, ...]  # every family in the combination

    def __bool__(self) -> bool:
        return bool(self.sources)


def digest(key: bytes, kind: str, value: str) -> str:
    """A keyed hash (HMAC-SHA-256) of a tag's kind and normalised value."""
    data = f"{kind}\x1f{value}".encode("utf-8", "replace")
    return hmac.new(key, data, hashlib.sha256).hexdigest()


# --- Tags and scoring ----------------------------------------------------------------------------


def _tags(
    text: str,
    identifying_findings: Iterable[Finding],
    quasi_findings: Iterable[Finding],
    values: bool = False,
) -> list[Tag]:
    """The tags of a text's findings; with their normalised values if `values`."""
    tags = []
    for f in quasi_findings:
        family = FAMILIES.get(f.kind)
        if family is None:
            continue
        tags.append(Tag(f.kind, family, quasi.weight(f), f.start, f.end, "", True))
    for f in identifying_findings:
        family = FAMILIES.get(f.kind)
        if family is None:
            continue
        tags.append(Tag(f.kind, family, IDENTIFYING_WEIGHT, f.start, f.end, "", False))
    if not values:
        return tags
    return [
        Tag(
            t.kind,
            t.family,
            t.weight,
            t.start,
            t.end,
            comparable_value(t.kind, text[t.start : t.end]),
            t.quasi,
        )
        for t in tags
    ]


def _clusters(tags: Sequence[Tag]) -> list[list[Tag]]:
    """Tags grouped where their spans overlap: each group is one detail."""
    groups: list[list[Tag]] = []
    end = -1
    for tag in sorted(tags, key=lambda t: (t.start, -t.end)):
        if groups and tag.start < end:
            groups[-1].append(tag)
            end = max(end, tag.end)
        else:
            groups.append([tag])
            end = tag.end
    return groups


def _leader(group: Sequence[Tag]) -> Tag:
    """The detail a group of overlapping tags counts as: the strongest, identifying first."""
    return max(group, key=lambda t: (t.weight, not t.quasi, t.end - t.start))


def details(tags: Sequence[Tag]) -> list[Tag]:
    """One tag per detail (overlapping tags are one detail)."""
    return [_leader(group) for group in _clusters(tags)]


def score(weights: Iterable[tuple[str, int] | tuple[str, int, str]]) -> tuple[int, int]:
    """(score, number of families) of (family, weight) or (family, weight, kind) items: each
    family counts its strongest, and vague details (weight 1: "in March", "at the school",
    "I'm a nurse") add one point between them, however many there are, so a long post of vague
    details is no combination. An age and a school year together (kinds of one family, `JOINT`)
    pin a child down more than either: their family counts one more (at most 3), so "he's 14,
    in Year 9" is still one detail, but with a specific date it is held."""
    best: dict[str, int] = {}
    kinds: dict[str, set[str]] | None = None
    for item in weights:
        family, w = item[0], item[1]
        if w > best.get(family, 0):
            best[family] = w
        if w >= 2 and family in JOINT and len(item) > 2:
            if kinds is None:
                kinds = {}
            kinds.setdefault(family, set()).add(item[2])
    if kinds:
        for family, seen in kinds.items():
            if JOINT[family] <= seen:
                best[family] = min(IDENTIFYING_WEIGHT, best[family] + 1)
    strong = vague = 0
    for w in best.values():
        if w >= 2:
            strong += w
        else:
            vague = 1
    return strong + vague, len(best)


def passes(total: int, families: int) -> bool:
    return total >= THRESHOLD and families >= MIN_FAMILIES


# What may join two details into one span: a little word of place or time, or brackets.
_CONNECTOR = re.compile(r"[ \t]*(?:(?:at|in|on|by|near|of|for|from|with)\b[ \t]*)?", re.I)


def _pieces(text: str, groups: Sequence[Sequence[Tag]]) -> list[list[Any]]:
    """[start, end, quasi] for every detail, in order: a quasi detail's part that an
    identifying finding covers is that finding's ("Kayleigh" in "Kayleigh is 13")."""
    pieces: list[list[Any]] = []  # [start, end, quasi], merged in place
    for group in groups:
        start = min(t.start for t in group)
        end = max(t.end for t in group)
        covered = sorted((t.start, t.end) for t in group if not t.quasi)
        if not covered:
            pieces.append([start, end, True])
            continue
        if all(not t.quasi for t in group):
            pieces.append([start, end, False])
            continue
        pos = start
        for a, b in covered:
            if a > pos:
                pieces.append([pos, a, True])
            if b > pos:
                pieces.append([max(a, pos), b, False])
            pos = max(pos, b)
        if pos < end:
            pieces.append([pos, end, True])
    kept = []
    for piece in pieces:
        if piece[2]:
            while piece[0] < piece[1] and not text[piece[0]].isalnum() and text[piece[0]] != "(":
                piece[0] += 1
            while (
                piece[1] > piece[0]
                and not text[piece[1] - 1].isalnum()
                and text[piece[1] - 1] != ")"
            ):
                piece[1] -= 1
            if piece[0] >= piece[1] or _CONNECTOR.fullmatch(text[piece[0] : piece[1]]):
                continue  # only a little word left ("on" before a date of birth)
        kept.append(piece)
    return kept


def _findings(text: str, groups: Sequence[Sequence[Tag]], rule: str) -> list[Finding]:
    """A combination finding on every quasi detail. Neighbours joined by a little word ("the
    under-14s at the boxing club") become one span; beside an identifying finding ("the
    under-12s at [a school]"), the little word goes with the quasi detail."""
    pieces = _pieces(text, groups)
    merged: list[list[Any]] = []
    for piece in pieces:
        if merged:
            last = merged[-1]
            gap = text[last[1] : piece[0]]
            if piece[0] >= last[1] and len(gap) <= 8 and _CONNECTOR.fullmatch(gap):
                if last[2] and piece[2]:
                    last[1] = max(last[1], piece[1])
                    continue
                if last[2] and gap.strip():
                    last[1] = last[1] + len(gap.rstrip())
                elif piece[2] and gap.strip():
                    piece[0] = last[1] + (len(gap) - len(gap.lstrip()))
        merged.append(piece)
    spans = [[a, b] for a, b, is_quasi in merged if is_quasi]
    for span in spans:  # "(aged 12)", "(14)": the brackets go with the detail
        a, b = span
        if a > 0 and text[a - 1] == "(" and b < len(text) and text[b] == ")":
            span[0], span[1] = a - 1, b + 1
    return [identifying("combination", a, b, rule=rule) for a, b in spans]


def _rule(families: Iterable[str], prefix: str = "combination") -> str:
    return f"{prefix}:" + "+".join(sorted(set(families)))


def explain_families(rule: str) -> str:
    """A combination finding's rule in words: "an age or school year, where they live, a date"."""
    _, _, names = rule.partition(":")
    return ", ".join(FAMILY_LABELS.get(n, n) for n in names.split("+") if n)


def _may_pass(identifying: list[Finding], quasi_findings: list[Finding]) -> bool:
    """Whether the details could add up at all (overlaps only lower the score): most texts are
    settled here, without building tags."""
    rules = quasi.RULES
    items: list[tuple[str, int, str]] = []
    for f in quasi_findings:
        family = FAMILIES.get(f.kind)
        if family is not None:
            items.append((family, rules.get(f.rule, _VAGUE)[0], f.kind))
    for f in identifying:
        family = FAMILIES.get(f.kind)
        if family is not None:
            items.append((family, IDENTIFYING_WEIGHT, f.kind))
    if len(items) < MIN_FAMILIES:
        return False
    total, families = score(items)
    return passes(total, families)


_VAGUE = (1, "")


def combine(text: str, identifying: list[Finding], quasi: list[Finding]) -> list[Finding]:
    """The identifying findings, with combination findings added where the details together
    (`quasi` ones, which are never reported alone, and identifying ones) could identify."""
    if not quasi or not _may_pass(identifying, quasi):
        return identifying
    try:
        groups = _clusters(_tags(text, identifying, quasi))
        leaders = [_leader(g) for g in groups]
        total, families = score((t.family, t.weight, t.kind) for t in leaders)
        if not passes(total, families):
            return identifying
        rule = _rule(t.family for t in leaders)
        return identifying + _findings(text, groups, rule)
    except Exception:  # never raise: without the combination, the rest still holds
        return identifying


# --- A text's tags, for history ----------------------------------------------------------------


@functools.cache
def _quasi_patterns() -> Compiled:
    return compile_patterns(quasi.patterns())


def quasi_findings(text: str) -> list[Finding]:
    """`quasi`'s findings in `text` on every normalised view, on the original spans."""
    compiled = _quasi_patterns()
    out: list[Finding] = []
    seen: set[tuple[str, int, int, str]] = set()
    for view in normalise.cached_views(text):
        scan = Scan(view.text, compiled)
        for detect in quasi.DETECTORS:
            for f in detect(view.text, scan):
                f = view.locate(f, detect.__name__.lstrip("_"))
                key = (f.kind, f.start, f.end, f.rule)
                if key not in seen:
                    seen.add(key)
                    out.append(f)
    return out


def item_tags(text: str, result: ScreeningResult) -> list[Tag]:
    """Every detail of an item (one tag per detail): to keep when it is published, and to
    score against its author's history. `result` is `screen(text)`'s."""
    if not text:
        return []
    try:
        found = [f for f in result.findings if f.category == "identifying"]
        return details(_tags(text, found, quasi_findings(text), values=True))
    except Exception:
        return []


def with_history(
    text: str,
    result: ScreeningResult,
    earlier: Sequence[EarlierTag],
    *,
    key: bytes,
    tags: Sequence[Tag] | None = None,
) -> HistoryMatch:
    """Whether `text` completes a combination with its author's earlier published tags.

    A match when the earlier tags and what this text adds (its details not already published,
    by digest) together pass the threshold with two families or more, and this text raises
    the score. Its findings are "combination" findings on this text's new quasi details; its
    sources, the earlier items whose details took part (in the order given, once each).
    """
    empty = HistoryMatch((), (), ())
    if not earlier:
        return empty
    try:
        tags = list(tags) if tags is not None else item_tags(text, result)
        known = {(e.kind, e.digest) for e in earlier}
        new = [t for t in tags if (t.kind, t.digest(key)) not in known]
        if not new:
            return empty
        before, _ = score((e.family, e.weight, e.kind) for e in earlier)
        pairs = [(e.family, e.weight, e.kind) for e in earlier]
        pairs += [(t.family, t.weight, t.kind) for t in new]
        total, families = score(pairs)
        if not passes(total, families) or total <= before:
            return empty
        # The new details that raised a family, and the earlier ones in the other families.
        earlier_best: dict[str, int] = {}
        for e in earlier:
            earlier_best[e.family] = max(earlier_best.get(e.family, 0), e.weight)
        earlier_kinds = {(e.family, e.kind) for e in earlier if e.weight >= 2}
        adding = [
            t
            for t in new
            if t.weight > earlier_best.get(t.family, 0)
            or (t.family in JOINT and t.weight >= 2 and (t.family, t.kind) not in earlier_kinds)
        ]
        new_families = {t.family for t in new}
        # The earlier items that gave each family its weight (newest first, as given).
        sources: list[Hashable] = []
        for e in earlier:
            if e.weight == earlier_best[e.family] and e.source not in sources:
                sources.append(e.source)
        sources = sources[:MAX_SOURCES]
        everything = {e.family for e in earlier} | new_families
        rule = _rule(everything, "combination-history")
        findings = _findings(text, [[t] for t in sorted(adding, key=lambda t: t.start)], rule)
        return HistoryMatch(tuple(findings), tuple(sources), tuple(sorted(everything)))
    except Exception:
        return empty
