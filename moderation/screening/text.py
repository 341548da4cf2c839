"""Text helpers shared by the detectors, and the word lists they read (in `data/`)."""

from __future__ import annotations

import functools
import re
import unicodedata
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import re2

NORMALISE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "\uff07": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00a0": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u202f": " ",
        "\u200b": " ",
        "\u200c": " ",
        "\u200d": " ",
        "\u2060": " ",
        "\u00ad": " ",  # soft hyphen: invisible unless a line breaks there
        "\ufeff": " ",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\uff20": "@",
    }
)

_FOLD_EXTRA = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "\u0131": "i"})


def fold_key(word: str) -> str:
    """Lowercase, without accents or a possessive: the form the word lists are compared in."""
    word = word.casefold()
    if not word.isascii():
        word = unicodedata.normalize("NFD", word.translate(_FOLD_EXTRA))
        word = "".join(c for c in word if not unicodedata.combining(c))
    if word.endswith("'s"):
        word = word[:-2]
    return word


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def bounded(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is not glued to letters or digits on either side."""
    if start > 0 and is_word_char(text[start - 1]) and is_word_char(text[start]):
        return False
    return not (end < len(text) and is_word_char(text[end]) and is_word_char(text[end - 1]))


_SENTENCE_ENDS = frozenset(".!?\n:;\u2026")
_SENTENCE_SKIP = frozenset(" \t\r\"'([*-\u2022>")


def sentence_start(text: str, i: int) -> bool:
    j = i - 1
    while j >= 0 and text[j] in _SENTENCE_SKIP:
        j -= 1
    return j < 0 or text[j] in _SENTENCE_ENDS


def is_titlecase(tok: str) -> bool:
    return tok[:1].isupper() and (len(tok) == 1 or not tok.isupper())


def match_at(rx: re.Pattern[str], text: str, pos: int, endpos: int | None = None) -> re.Match[str]:
    """`rx.match(text, pos, endpos)` where it cannot fail: a filler that matches the empty
    string (`[ \t]*`), or a token the caller already found there. The type says so, and a
    broken assumption fails loudly (detectors run under `_never_raise`) instead of as an
    AttributeError on None somewhere later."""
    m = rx.match(text, pos) if endpos is None else rx.match(text, pos, endpos)
    if m is None:
        raise ValueError(f"{rx.pattern!r} did not match at {pos}")
    return m


def compile_re2(pattern: str, max_mem: int = 8 << 20) -> re2._Regexp:
    options = re2.Options()
    options.log_errors = False
    options.max_mem = max_mem
    return re2.compile(pattern, options)


def alternation(words: Iterable[str]) -> str:
    """An RE2 alternation of literal words, longest first, spaces matching any whitespace."""
    parts = []
    for w in sorted(set(words), key=lambda w: (-len(w), w)):
        parts.append(r"\s+".join(re2.escape(p) for p in w.split()))
    return "|".join(parts)


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def phrases(text: str) -> tuple[str, ...]:
    """Phrases separated by "|", each with its spaces collapsed."""
    return tuple(" ".join(p.split()) for p in text.split("|"))


# --------------------------------------------------------------------------------------------
# Word lists

DATA = Path(__file__).resolve().parent / "data"


def read_list(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@dataclass(frozen=True)
class Lexicon:
    forenames: dict[str, str]  # key -> level: plain | capitalised | midsentence | strong
    forename_forms: frozenset[str]  # spellings as written in the list (accents kept)
    plain_forenames: frozenset[str]
    surnames: frozenset[str]
    stop: frozenset[str]  # everyday words + never-names: not a name, handle or school name


@functools.cache
def lexicon() -> Lexicon:
    levels: dict[str, str] = {}
    for line in read_list("ambiguous_names.txt"):
        name, _, level = line.partition("\t")
        levels[fold_key(name)] = level.strip()
    forms = read_list("forenames.txt")
    forenames = {fold_key(f): levels.get(fold_key(f), "plain") for f in forms}
    surnames = frozenset(fold_key(s) for s in read_list("surnames.txt"))
    stop = frozenset(
        fold_key(w) for w in read_list("common_words.txt") + read_list("not_names.txt")
    )
    plain = frozenset(k for k, level in forenames.items() if level == "plain" and k.isalpha())
    return Lexicon(forenames, frozenset(forms), plain, surnames, stop)


class WordList:
    """A sorted word list in one bytes object: membership by binary search, little memory."""

    __slots__ = ("_blob", "_starts")

    def __init__(self, blob: bytes) -> None:
        self._blob = blob
        starts = array("I", [0])
        starts.extend(m.end() for m in re.finditer(rb"\n", blob))
        self._starts = starts

    def _word(self, i: int) -> bytes:
        return self._blob[self._starts[i] : self._starts[i + 1] - 1]

    def __contains__(self, word: str) -> bool:
        if not word.isascii():
            return False
        key = word.lower().encode("ascii")
        lo, hi = 0, len(self._starts) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if self._word(mid) < key:
                lo = mid + 1
            else:
                hi = mid
        return lo < len(self._starts) - 1 and self._word(lo) == key

    def __len__(self) -> int:
        return len(self._starts) - 1


@functools.cache
def everyday() -> WordList:
    """Everyday English words (SCOWL size 35, lower case): see data/README.md."""
    return WordList((DATA / "everyday_words.txt").read_bytes())


def spaced(pattern: str) -> str:
    """Regex source written with plain spaces: " " is one or more blanks, "~" any or none.

    Patterns written this way go through here once, when compiled."""
    return pattern.replace(" ", r"[ \t]+").replace("~", r"[ \t]*")


GENERIC_NAME_WORDS = frozenset(
    words(
        """primary secondary high junior juniors infant infants grammar middle community free
        special catholic church of england c e ce rc girls boys girls' boys' technology sports
        studio prep preparatory academy comprehensive school college sixth form sunday summer
        forest driving boarding private state public independent faith nursery home local
        village new old further education fe police football rugby cricket dance drama music art
        arts boxing sport royal military naval theatre stage language languages business bible
        secure hospital residential alternative provision utc pru the and & upon on in le de by
        under a an st saint national open international british english welsh scottish irish"""
    )
)


def strip_generic(text: str, start: int, end: int, stop: frozenset[str]) -> int | None:
    """Where a school/estate/group name really starts, skipping leading generic words."""
    for tm in re.finditer(r"\S+", text[start:end]):
        word = tm.group().lower()
        if word in stop or word in GENERIC_NAME_WORDS or fold_key(word.strip(".,;:")) in stop:
            continue
        return start + tm.start()
    return None
