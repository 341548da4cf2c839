"""The screening pass: normalise, run every detector family, merge, decide."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

from . import (
    combinations,
    contact,
    dates,
    estates,
    gazetteer,
    groups,
    locations,
    names,
    normalise,
    numbers,
    official,
    places,
    pointers,
    quasi,
    risk,
    schools,
)
from .scan import Compiled, Scan, compile_patterns
from .types import PRECEDENCE, PRIORITY, Action, Finding, ScreeningConfig, ScreeningResult
from .watched import compiled_for, local_terms, watched_terms

Detector = Callable[[str, Scan], list[Finding]]
# A detector, its name, and the names of its family's patterns: none of which can match a post
# means the family has nothing to find in it (every family but the gazetteer finds only where
# its patterns match), so its detectors are not called. None: always called.
Gated = tuple[str, Detector, frozenset[str] | None]
FAMILIES = (
    numbers,
    official,
    locations,
    contact,
    pointers,
    places,
    estates,
    gazetteer,
    schools,
    groups,
    dates,
    names,
    risk,
    quasi,
)
# Details that narrow a family down are read in the text as written: a disguise is for what
# identifies on its own, and the undisguised view would only find the same details again.
PLAIN_VIEW_ONLY = frozenset(detect.__name__.lstrip("_") for detect in quasi.DETECTORS)


@functools.cache
def _detectors() -> tuple[Compiled, tuple[Gated, ...]]:
    """Every family's patterns compiled into one scan, and its detectors by name with the
    patterns that gate them, once per process."""
    patterns = {}
    detectors: list[Gated] = []
    for family in FAMILIES:
        own = family.patterns()
        for name, source in own.items():
            if name in patterns:
                raise ValueError(f"two screening patterns are named {name!r}")
            patterns[name] = source
        gate = frozenset(own) or None
        detectors.extend((detect.__name__.lstrip("_"), detect, gate) for detect in family.DETECTORS)
    return compile_patterns(patterns), tuple(detectors)


_DEFAULT_CONFIG = ScreeningConfig()


def _drop_contained(findings: list[Finding]) -> list[Finding]:
    """Drop identifying findings that sit wholly inside another identifying finding."""
    ordered = sorted(findings, key=lambda f: (f.start, -f.end, PRIORITY.get(f.kind, 99)))
    kept: list[Finding] = []
    max_end = -1
    for f in ordered:
        if f.end <= max_end:
            continue
        kept.append(f)
        max_end = f.end
    return kept


def screen(text: str, config: ScreeningConfig = _DEFAULT_CONFIG) -> ScreeningResult:
    """Every finding in `text`, the strongest action they ask for, and whether it is urgent."""
    if not text:
        return ScreeningResult((), "pass", False)
    patterns, detectors = _detectors()
    compiled = compiled_for(config)
    identifying: list[Finding] = []
    quasi: list[Finding] = []
    other: list[Finding] = []
    seen: set[tuple[str, int, int, str, int | None]] = set()
    views = normalise.cached_views(text)
    for number, view in enumerate(views):
        scan = Scan(view.text, patterns)
        found: list[tuple[str, list[Finding]]] = [
            (name, detect(view.text, scan))
            for name, detect, gate in detectors
            if (number == 0 or name not in PLAIN_VIEW_ONLY)
            and (gate is None or scan.can_match_any(gate))
        ]
        found.append(("local_terms", local_terms(view.text, compiled)))
        found.append(("watched_terms", watched_terms(view.text, compiled)))
        for detector, findings in found:
            for f in findings:
                f = view.locate(f, detector)
                key = (f.kind, f.start, f.end, f.category, f.term_id)
                if key in seen:
                    continue  # the same finding in another view
                seen.add(key)
                if f.category == "identifying":
                    identifying.append(f)
                elif f.category == "quasi":
                    quasi.append(f)
                else:
                    other.append(f)
    identifying = names.drop_allowed(views[0].text, identifying, compiled.allowed)
    identifying = combinations.combine(text, identifying, quasi)
    findings = sorted(
        _drop_contained(identifying) + other,
        key=lambda f: (f.start, f.end, f.category, f.kind),
    )
    action: Action = "pass"
    for f in findings:
        if PRECEDENCE[f.action] > PRECEDENCE[action]:
            action = f.action
    urgent = any(f.category == "risk" for f in findings)
    return ScreeningResult(tuple(findings), action, urgent)


def redact(text: str, findings: Iterable[Finding]) -> str:
    """`text` with each finding's span replaced by its replacement; overlapping spans merge."""
    spans = sorted(
        ((f.start, f.end, f.replacement) for f in findings if f.replacement),
        key=lambda s: (s[0], -s[1]),
    )
    out: list[str] = []
    pos = 0
    current: list[Any] | None = None  # [start, end, replacement], grown in place
    for start, end, replacement in spans:
        if current is not None and start < current[1]:
            current[1] = max(current[1], end)
            continue
        if current is not None:
            out.append(text[pos : current[0]])
            out.append(current[2])
            pos = current[1]
        current = [max(start, pos), end, replacement]
    if current is not None:
        out.append(text[pos : current[0]])
        out.append(current[2])
        pos = current[1]
    out.append(text[pos:])
    return "".join(out)
