"""One pass over a post: which detector regexes can match it, and where they match.

Every detector module publishes `patterns()`, the RE2 sources it scans with, by name (names are
unique across the package). They are compiled once per process, and also into one RE2 set, so
that a single pass over a post tells which of them can match at all; only those then scan it.
Speed comes from RE2 (`google-re2`, imported as `re2`), which runs in linear time whatever the
text; Python looks only at the few places the regexes match.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import re2

from .text import compile_re2

Pattern = str | tuple[str, int]  # RE2 source, or the source and the memory it may use (bytes)


@dataclass(frozen=True)
class Compiled:
    """Every detector regex by name, and the RE2 sets that find which can match a post."""

    regexes: Mapping[str, re2._Regexp]
    # RE2 sets of SET_SIZE regexes each (and a pattern that always matches, last): one set of
    # all 110-odd regexes outgrew RE2's DFA cache and cost more per post than several; sets of
    # 16 (seven passes over a post) cost about 15 % more than sets of 40 (three passes), measured
    # on the benchmark's posts (issue 16), for about 13 MB more DFA cache after 2 MB of posts.
    scan_sets: tuple[tuple[re2.Set, tuple[str, ...]], ...]


SET_SIZE = 40


def _scan_set(names: tuple[str, ...], regexes: Mapping[str, re2._Regexp]) -> re2.Set:
    options = re2.Options()
    options.log_errors = False
    options.max_mem = 64 << 20
    scan_set = re2.Set.SearchSet(options)
    for name in names:
        scan_set.Add(regexes[name].pattern)
    scan_set.Add(r"\A")
    scan_set.Compile()
    return scan_set


def compile_patterns(patterns: Mapping[str, Pattern]) -> Compiled:
    """Compile the detectors' patterns and the sets that pre-screen a post for them."""
    regexes = {}
    for name, source in patterns.items():
        if isinstance(source, tuple):
            regexes[name] = compile_re2(source[0], max_mem=source[1])
        else:
            regexes[name] = compile_re2(source)
    names = tuple(regexes)
    groups = [names[i : i + SET_SIZE] for i in range(0, len(names), SET_SIZE)]
    return Compiled(regexes, tuple((_scan_set(g, regexes), g) for g in groups))


_UNANCHORED = getattr(getattr(re2, "_Anchor", None), "UNANCHORED", None)
_NULL_SPAN = (-1, -1)


class Match:
    """The little of `re.Match` the detectors use, over spans already in str offsets."""

    __slots__ = ("_spans", "_text")

    def __init__(self, text: str, spans: list[tuple[int, int]]) -> None:
        self._text = text
        self._spans = spans

    def start(self, group: int = 0) -> int:
        return self._spans[group][0]

    def end(self, group: int = 0) -> int:
        return self._spans[group][1]

    # `str | Any`, as typeshed types `re.Match.group`: None only for a group that took no part,
    # which the detectors' regexes rule out where they read one, so no caller checks for it.
    def group(self, group: int = 0) -> str | Any:
        start, end = self._spans[group]
        return None if start < 0 else self._text[start:end]


class Scan:
    """One post being screened: its UTF-8 bytes, and which detector regexes can match it.

    `find(name)` is `finditer` without the wrapper's per-call work: the text is encoded once
    for all regexes, and offsets need no translating when the post is ASCII, as most are.
    """

    __slots__ = ("_ascii", "_compiled", "_encoded", "_hits", "text")

    def __init__(self, text: str, compiled: Compiled) -> None:
        self.text = text
        self._compiled = compiled
        self._encoded = text.encode("utf-8")
        self._ascii = len(self._encoded) == len(text)
        found: set[str] = set()
        hits: set[str] | None = found
        for scan_set, names in compiled.scan_sets:
            matched = scan_set.Match(self._encoded)
            if not matched or len(names) not in matched:
                hits = None  # a set gave up (out of memory): try every regex
                break
            found.update(names[i] for i in matched if i < len(names))
        self._hits = hits

    def can_match(self, *names: str) -> bool:
        """Whether any of these detector regexes can match the post at all."""
        hits = self._hits
        return hits is None or any(name in hits for name in names)

    def can_match_any(self, names: Iterable[str]) -> bool:
        """Whether any of these detector regexes can match the post: `can_match` for a whole
        family's names at once (a frozenset is fastest), without a generator per call."""
        hits = self._hits
        return hits is None or not hits.isdisjoint(names)

    def find(self, name: str) -> Iterable[Match]:
        """Every non-overlapping match of the detector regex `name`, left to right."""
        if self._hits is not None and name not in self._hits:
            return ()  # most patterns cannot match a post: no generator for those
        return self._matches(name)

    def _matches(self, name: str) -> Iterator[Match]:
        regex = self._compiled.regexes[name]
        regexp = getattr(regex, "_regexp", None)
        if regexp is None or _UNANCHORED is None:  # another google-re2: its public API
            for m in regex.finditer(self.text):
                yield Match(self.text, [m.span(g) for g in range(regex.groups + 1)])
            return
        text, encoded, end = self.text, self._encoded, len(self._encoded)
        pos = 0
        cursor_byte = cursor_char = 0  # a str offset known for a byte offset, moving forward
        while pos <= end:
            spans = regexp.Match(_UNANCHORED, encoded, pos, end)
            if not spans or spans[0] == _NULL_SPAN:
                return
            start_byte, end_byte = spans[0]
            if not self._ascii:
                converted = []
                for a, b in spans:
                    if a < 0:
                        converted.append(_NULL_SPAN)
                        continue
                    ca = cursor_char + len(encoded[cursor_byte:a].decode("utf-8"))
                    cb = ca + len(encoded[a:b].decode("utf-8"))
                    converted.append((ca, cb))
                cursor_char = converted[0][1]
                cursor_byte = end_byte
                spans = converted
            yield Match(text, spans)
            if end_byte > start_byte:
                pos = end_byte
            else:  # an empty match: step over one character
                pos = end_byte + 1
                while pos < end and encoded[pos] & 0xC0 == 0x80:
                    pos += 1
