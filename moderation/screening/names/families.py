"""Family names ("the Smiths", "the Kowalski family"), initials ("T.B.", "J. Okafor", "my son
TJ"), the words inside brands, charities, laws and days that are no names, and the moderators'
allowed names (`drop_allowed`).
"""

from __future__ import annotations

import re

from ..scan import Scan
from ..text import (
    fold_key,
    is_titlecase,
    lexicon,
    words,
)
from ..types import Finding, identifying
from .spans import Spans, age_end, surname_end
from .words import (
    ABBREVIATIONS,
    CONTRACTION,
    PLACE_AFTER,
    SUFFIX_WORDS,
    SURNAMES_FIRST,
    TITLES,
    is_word,
)


def finish_name(text: str, start: int, end: int, rule: str) -> Finding:
    return identifying("name", start, age_end(text, end), rule=rule)


def _singular(word: str) -> list[str]:
    key = word.lower()
    out = [key[:-1]]
    if key.endswith("ies"):
        out.append(key[:-3] + "y")
    if key.endswith("es"):
        out.append(key[:-2])
    return out


def find_families(text: str, scan: Scan) -> list[Finding]:
    lex = lexicon()
    out = []
    for m in scan.find("family"):
        tok = m.group(1)
        key = fold_key(tok)
        if key in lex.stop or key in SUFFIX_WORDS:
            continue
        if is_titlecase(tok) and not (
            is_word(key) and key not in lex.surnames and key not in lex.forenames
        ):
            out.append(identifying("name", m.start(), m.end(), rule="family"))
    for m in scan.find("family_plural"):
        tok = m.group(1).rstrip("'")
        key = fold_key(tok)
        if key in lex.stop or key.endswith(("ss", "us", "ous")):
            continue  # "the Serious Case Review", "the Bus"
        singles = _singular(key)
        if any(s in lex.stop or s in SUFFIX_WORDS for s in singles):
            continue
        listed = [s for s in singles if s in lex.surnames]
        if tok.islower():
            # "the patels": only a listed surname that is not an everyday word
            if not any(not is_word(s) and len(s) > 3 and s not in lex.forenames for s in listed):
                continue
        elif not is_titlecase(tok):
            continue
        elif any(is_word(s) and s not in SURNAMES_FIRST for s in singles) or (
            is_word(key) and not any(s in SURNAMES_FIRST for s in singles)
        ):
            continue  # "the Greens", "the Saints", "the Avengers"
        out.append(identifying("name", m.start(), m.start(1) + len(tok), rule="family"))
    return out


def find_initials(text: str, scan: Scan, found: list[Finding]) -> list[Finding]:
    """Initials: "T.B.", "R.J.", and one before a surname ("J. Okafor", "S Ahmed")."""
    lex = lexicon()
    out: list[Finding] = []
    initials = list(scan.find("initials"))
    with_surname = list(scan.find("initial_surname"))
    if not initials and not with_surname:
        return out
    done = Spans((f.start, f.end) for f in found)
    for m in initials:
        s = m.group(1).replace(" ", "")
        if s.upper() in ABBREVIATIONS or not s.isupper():
            continue
        if done.holds(m.start()):
            continue
        if m.start() and text[m.start() - 1] in "./":
            continue
        out.append(identifying("name", m.start(1), m.end(1), rule="initials"))
    for m in with_surname:
        letter, tok = m.group(1), m.group(3)
        if letter in "IA" and not m.group(2):
            continue
        if done.holds(m.start()):
            continue
        key = fold_key(tok)
        if key in lex.stop or key in SUFFIX_WORDS or CONTRACTION.match(text, m.end(3)):
            continue
        if not (key in lex.surnames or key in lex.forenames or not is_word(key)):
            continue
        if is_word(key) and key not in SURNAMES_FIRST and key not in lex.forenames:
            continue  # "C Wing", "T Shirt"
        end = surname_end(text, m.end(3), "loose")
        out.append(identifying("name", m.start(), age_end(text, end), rule="initials"))
    return out


def drop_not_names(text: str, scan: Scan, found: list[Finding]) -> list[Finding]:
    if not found:
        return found
    phrases = Spans((m.start(), m.end()) for m in scan.find("not_name_phrase"))
    kept = []
    for f in found:
        if phrases.overlaps(f.start, f.end):
            continue
        if f.rule != "family" and PLACE_AFTER.match(text, f.end):
            continue  # "Victoria Road", "Martin House", "Sarah's Law": a place or a thing
        kept.append(f)
    return kept


_NOT_THE_NAME = frozenset(w.lower() for w in TITLES) | frozenset(
    words("the family twins brothers sisters aged age year years yr yrs old yo")
)


def drop_allowed(text: str, findings: list[Finding], allowed: frozenset[str]) -> list[Finding]:
    """Drop name findings whose every word (titles, "the", an age aside) is allowed."""
    if not allowed:
        return findings
    kept = []
    for f in findings:
        if f.kind == "name":
            span = text[f.start : f.end]
            words = [
                fold_key(w)
                for w in re.findall(r"[^\W\d_]+(?:['\-][^\W\d_]+)*", span)
                if w.lower().rstrip(".") not in _NOT_THE_NAME
            ]
            if fold_key(" ".join(span.split())) in allowed or (
                words and all(w in allowed for w in words)
            ):
                continue
        kept.append(f)
    return kept
