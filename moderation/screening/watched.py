"""Watched terms (the moderators' own words and patterns) and local terms (their area's
schools, places and groups).

Word and wildcard terms match whole words, case-insensitively; wildcard `*` is any run of
letters or digits (possibly none), `?` exactly one. Regex terms are RE2 syntax,
case-insensitive unless they say `(?-i)`. Every matching term gives a finding, so overlapping
terms are all reported. A term that is invalid (never validated) is skipped, not fatal. A local
term starting with "the" also matches without it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import re2

from .text import NORMALISE, alternation, bounded, compile_re2, fold_key
from .types import (
    MAX_PATTERN_LENGTH,
    MAX_PROGRAM_SIZE,
    Finding,
    ScreeningConfig,
    WatchedTerm,
    identifying,
)

_RE2_ERRORS = (
    ("missing )", "a bracket ( is never closed"),
    ("unexpected )", "a closing bracket ) has no opening one"),
    ("missing ]", "a square bracket [ is never closed"),
    ("invalid repetition size", "a repeat count such as {n} is too big (at most 1000)"),
    ("bad repetition operator", "*, + or ? follows nothing that can repeat"),
    ("missing argument to repetition operator", "*, + or ? follows nothing that can repeat"),
    ("invalid escape sequence", "it has a backslash sequence RE2 does not know"),
    ("trailing \\", "it ends with a lone backslash"),
    ("invalid character class range", "a range such as [z-a] runs backwards"),
    ("invalid character class", "a [...] class is malformed"),
    ("invalid named capture group", "a named group (?P<name>...) is malformed"),
    (
        "invalid or unsupported Perl syntax",
        "look-ahead, look-behind and back-references are not supported",
    ),
    ("invalid perl operator", "look-ahead, look-behind and back-references are not supported"),
    ("pattern too large", "it is too big; split it into simpler patterns"),
)


def _term_regex(pattern: str, match: str) -> str:
    """The RE2 source for a watched term, case-insensitive."""
    pattern = pattern.translate(NORMALISE)  # posts are matched normalised: curly quotes etc.
    if match == "regex":
        return "(?i)" + pattern
    parts = []
    for word in pattern.split():
        if match == "wildcard":
            chunk = []
            for ch in word:
                if ch == "*":
                    chunk.append(r"[\pL\pN]*")
                elif ch == "?":
                    chunk.append(r"[\pL\pN]")
                else:
                    chunk.append(re2.escape(ch))
            parts.append("".join(chunk))
        else:
            parts.append(re2.escape(word))
    return "(?i)" + r"\s+".join(parts)


def validate_watched_pattern(pattern: str, match: str) -> None:
    """Raise ValueError, with a message for moderators, if this watched term cannot be used."""
    if match not in ("word", "wildcard", "regex"):
        raise ValueError('Choose how the term matches: "word", "wildcard" or "regex".')
    if not pattern or not pattern.strip():
        raise ValueError("Enter a word or a pattern.")
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise ValueError(
            f"A pattern can be at most {MAX_PATTERN_LENGTH} characters long; "
            f"this one has {len(pattern)}."
        )
    if match == "wildcard" and not any(ch.isalnum() for ch in pattern):
        raise ValueError("A wildcard pattern needs at least one letter or digit besides * and ?.")
    if match == "regex":
        try:
            compile_re2(pattern)
        except re2.error as exc:
            raise ValueError(f"This is not a pattern RE2 can use: {_explain(exc)}.") from None
    try:
        rx = compile_re2(_term_regex(pattern, match))
    except re2.error as exc:
        raise ValueError(f"This is not a pattern RE2 can use: {_explain(exc)}.") from None
    if rx.programsize > MAX_PROGRAM_SIZE:
        raise ValueError(
            "This pattern is too complex to check quickly; split it into simpler patterns."
        )
    if rx.fullmatch("") is not None or any(
        m.start() == m.end() for m in rx.finditer("A sample, with 3 words.")
    ):
        raise ValueError("This pattern can match empty text, so it would match every post.")


def _explain(exc: Exception) -> str:
    raw = exc.args[0] if exc.args else ""
    message = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    if re.search(r"invalid escape sequence: \\[1-9]", message):
        return "back-references such as \\1 are not supported"
    for needle, friendly in _RE2_ERRORS:
        if needle in message:
            return friendly
    return message or "it could not be read"


@dataclass(frozen=True)
class _Watch:
    term: WatchedTerm
    regex: re2._Regexp
    bounded: bool  # whole words: check the letters either side in Python


@dataclass(frozen=True)
class _Compiled:
    watches: tuple[_Watch, ...]
    watch_set: re2.Set | None
    local: re2._Regexp | None
    local_kinds: dict[str, str]
    allowed: frozenset[str]


def _local_key(text: str) -> str:
    """A local term or a matched span, compared without case, "the" or curly quotes."""
    words = text.translate(NORMALISE).lower().split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@functools.lru_cache(maxsize=64)
def _compile_config(config: ScreeningConfig) -> _Compiled:
    watches = []
    for term in config.watched:
        try:
            validate_watched_pattern(term.pattern, term.match)
            rx = compile_re2(_term_regex(term.pattern, term.match))
        except ValueError:
            continue  # never validated: skip rather than fail every post
        watches.append(_Watch(term, rx, term.match != "regex"))
    watch_set = None
    if len(watches) > 1:
        options = re2.Options()
        options.log_errors = False
        options.max_mem = 64 << 20
        watch_set = re2.Set.SearchSet(options)
        for w in watches:
            watch_set.Add(_term_regex(w.term.pattern, w.term.match))
        watch_set.Compile()
    local_kinds: dict[str, str] = {}
    with_the, without_the = set(), set()
    for lt in config.local_terms:
        key = _local_key(lt.text)
        if not key or lt.kind not in ("school", "place", "gang"):
            continue
        local_kinds.setdefault(key, lt.kind)
        without_the.add(key)
        if lt.text.lower().split()[0] == "the":
            with_the.add(key)
    local = None
    if without_the:
        source = "(?i)"
        if with_the:
            source += rf"\bthe\s+(?:{alternation(with_the)})|"
        source += f"(?:{alternation(without_the)})"
        local = compile_re2(source, max_mem=32 << 20)
    allowed = frozenset(fold_key(" ".join(n.split())) for n in config.allowed_names if n.strip())
    return _Compiled(tuple(watches), watch_set, local, local_kinds, allowed)


_RECENT: dict[int, tuple[ScreeningConfig, _Compiled]] = {}


def compiled_for(config: ScreeningConfig) -> _Compiled:
    """`_compile_config`, but a config object seen just before skips even the hashing."""
    recent = _RECENT.get(id(config))
    if recent is not None and recent[0] is config:
        return recent[1]
    compiled = _compile_config(config)
    if len(_RECENT) >= 8:
        _RECENT.clear()
    _RECENT[id(config)] = (config, compiled)
    return compiled


def watched_terms(text: str, compiled: _Compiled) -> list[Finding]:
    if not compiled.watches:
        return []
    if compiled.watch_set is not None:
        hits = compiled.watch_set.Match(text) or []
        watches = [compiled.watches[i] for i in sorted(hits)]
    else:
        watches = list(compiled.watches)
    out = []
    for w in watches:
        for m in w.regex.finditer(text):
            start, end = m.start(), m.end()
            if start == end or (w.bounded and not bounded(text, start, end)):
                continue
            out.append(Finding("watched", start, end, "", "watched", w.term.action, w.term.id))
    return out


def local_terms(text: str, compiled: _Compiled) -> list[Finding]:
    if compiled.local is None:
        return []
    out = []
    for m in compiled.local.finditer(text):
        start, end = m.start(), m.end()
        if not bounded(text, start, end):
            continue
        kind = compiled.local_kinds.get(_local_key(text[start:end]))
        if kind:
            out.append(identifying(kind, start, end))
    return out
