"""How far a name reaches once found: middle names and surnames (a strong name only a listed
surname that is no everyday word), a surname's particles ("Van der Berg", "da Silva"), an
initial, an attached age ("Tyler, 14", "Callum aged 12"), a possessive without its apostrophe
("kaydens mum"); and whether a word starts a sentence's subject.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

from ..text import (
    fold_key,
    is_titlecase,
    lexicon,
    words,
)
from .words import (
    AGE_AFTER,
    CAPITALISED_FOLLOWERS,
    CONTRACTION,
    FOLLOWER_RX,
    FOLLOWERS,
    NEXT_TOKEN,
    SUFFIX_WORDS,
    SURNAMES_FIRST,
    VERB_FORMS,
    is_word,
    surname_ok,
)


def surname_end(text: str, end: int, mode: str, lower: bool = False) -> int:
    """Where a name that ends at `end` really ends: over middle names, surnames, an initial."""
    lex = lexicon()
    for _ in range(3):
        m = NEXT_TOKEN.match(text, end)
        if not m:
            break
        if m.group("initial"):
            letter = m.group("initial")
            if not letter.isupper() or (letter in "IA" and not m.group("dot")):
                break
            end = m.end()
            continue
        tok, tok_end = m.group("tok"), m.end()
        if tok.endswith("'s"):
            tok, tok_end = tok[:-2], tok_end - 2
        key = fold_key(tok)
        if key in PARTICLES:  # "Mrs Van der Berg", "Dr da Silva": the surname after it
            after = particle_surname(text, m.end())
            if after is None:
                break
            end = after
            continue
        if key in lex.stop or key in SUFFIX_WORDS or CONTRACTION.match(text, tok_end):
            break
        if tok[0].isupper() and is_titlecase(tok):
            if not surname_ok(key, mode):
                break
        elif tok.islower() and (lower or mode == "loose"):
            # "tyler smith", "Tyler johnson": a listed surname that is not an everyday word (with
            # a few that are)
            if key not in lex.surnames or (is_word(key) and key not in SURNAMES_FIRST):
                break
            if len(key) < 3:
                break
            end = tok_end
            break
        else:
            break
        end = tok_end
    return end


PARTICLES = frozenset(
    words("van von der den de da di du del della dos le la al el bin ibn ter ten")
)


def particle_surname(text: str, end: int) -> int | None:
    """The end of the capitalised surname after a particle ("van [der] Berg"), or None."""
    for _ in range(2):
        m = NEXT_TOKEN.match(text, end)
        if not m or not m.group("tok"):
            return None
        tok = m.group("tok")
        key = fold_key(tok)
        if key in PARTICLES:
            end = m.end()
            continue
        if not is_titlecase(tok) or key in lexicon().stop or key in SUFFIX_WORDS:
            return None
        if is_word(key) and key not in lexicon().surnames:
            return None
        return m.end() - (2 if tok.endswith("'s") else 0)
    return None


def age_end(text: str, end: int) -> int:
    m = AGE_AFTER.match(text, end)
    if not m:
        return end
    if text[end : m.start("age")].lstrip(" \t").startswith("(") and not m.group("close"):
        return end
    return m.end()


_CONJUNCTIONS = frozenset(("and", "n", "or", "&"))
NICK_PREFIXES = frozenset(words("lil lil' little big young yung baby lickle"))


def sentence_subject(text: str, end: int, verb_only: bool = False) -> bool:
    """Whether the word after a sentence's first word reads as a name's verb ("Poppy was");
    "and" counts too unless `verb_only` ("Poppy and Chloe", not "Basil and tomato soup")."""
    m = FOLLOWER_RX.match(text, end)
    if not m:
        return text[end : end + 1] in ("", ".", "!", "?", "\n", ")")
    word = m.group("word")
    if word is None:
        return not verb_only or m.group().strip() not in ("&", ",")
    word = word.lower()
    if word in VERB_FORMS or (not verb_only and word in CAPITALISED_FOLLOWERS):
        return True
    return word in FOLLOWERS and not (verb_only and word in _CONJUNCTIONS)


def possessive(tok: str, end: int) -> tuple[str, int]:
    if tok.endswith("'s"):
        return tok[:-2], end - 2
    if tok.endswith("'") and len(tok) > 1:
        return tok[:-1], end - 1
    return tok, end


class Spans:
    """Spans, for asking in log time whether a position or span meets one of them."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self._starts = [a for a, _ in merged]
        self._ends = [b for _, b in merged]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self._starts, end) - 1  # the last span starting before `end`
        return i >= 0 and self._ends[i] > start

    def holds(self, pos: int) -> bool:
        return self.overlaps(pos, pos + 1)
