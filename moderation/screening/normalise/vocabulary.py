"""Stage 2 of the undisguised view, words: where each step may have work. RE2 finds the places and
Python looks only there; one RE2 set (`triggered`) says which steps to run at all. Also the
words the steps read (number words, e-mail endings, letters for digits).
"""

from __future__ import annotations

import functools
import re
from typing import Any

import re2

from ..text import compile_re2, words

NUMBER_WORDS = {
    "zero": "0",
    "oh": "0",
    "o": "0",
    "nought": "0",
    "nil": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
UNIT_WORDS = frozenset(("one", "two", "three", "four", "five", "six", "seven", "eight", "nine"))
# Teens and tens ("B twenty three", "seven seven hundred"): read as their digits, a tens word
# before a unit word as one number ("twenty three" is 23).
TENS = {
    "twenty": "2",
    "thirty": "3",
    "forty": "4",
    "fifty": "5",
    "sixty": "6",
    "seventy": "7",
    "eighty": "8",
    "ninety": "9",
}
NUMBER_WORDS.update({word: digit + "0" for word, digit in TENS.items()})
NUMBER_WORDS.update(
    zip(
        words("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen"),
        (str(n) for n in range(10, 20)),
        strict=True,
    )
)
NUMBER_WORDS["hundred"] = "00"
REPEATS = {"double": 2, "treble": 3, "triple": 3}
_NUMBER_WORD = "|".join(sorted(NUMBER_WORDS.keys() | REPEATS.keys(), key=len, reverse=True))
_SPELLED_SEP = r"[ \t,.\-/]{1,3}"
_TLDS = (
    r"co(?:SEP)uk|org(?:SEP)uk|ac(?:SEP)uk|me(?:SEP)uk|com|net|org|uk|io|ie|me|info|biz|tv|app|"
    r"gg|xyz|online|co"
)


def _bracketed(word: str) -> str:
    """ "(dot)", "[dot]", "{dot}", "<dot>" and the like, spaces allowed inside."""
    inside = rf"[ \t]*(?:{word})[ \t]*"
    return rf"(?:\({inside}\)|\[{inside}\]|\{{{inside}\}}|<{inside}>)"


_DOT_WORDS, _AT_WORDS = r"dot|\.", "at|@"
_DOT = rf"(?:[ \t]*{_bracketed(_DOT_WORDS)}[ \t]*|[ \t]+dot[ \t]+|[ \t]*\.[ \t]*)"
_JOIN = r"(?:[ \t]+(?:underscore|dash|hyphen)[ \t]+|_|-)"
_AT = (
    rf"(?:[ \t]*{_bracketed(_AT_WORDS)}[ \t]*|[ \t]+at(?:[ \t]+(?:sign|symbol))?[ \t]+"
    r"|[ \t]+@[ \t]*|@[ \t]+)"
)
_LABEL = r"[a-z0-9](?:[a-z0-9]|-[a-z0-9])*"
_EMAIL = (
    rf"(?i)\b{_LABEL}(?:(?:{_DOT}|{_JOIN}){_LABEL}){{0,6}}{_AT}"
    rf"{_LABEL}(?:{_DOT}{_LABEL}){{0,3}}?{_DOT}(?:{_TLDS.replace('SEP', _DOT)})\b"
)
SPOKEN_PART = re.compile(
    rf"[ \t]*{_bracketed(_AT_WORDS + '|' + _DOT_WORDS)}[ \t]*|"
    r"[ \t]+(?:at(?:[ \t]+(?:sign|symbol))?|dot|underscore|dash|hyphen)[ \t]+|"
    r"[ \t]*[.@][ \t]*|[_\-]",
    re.I,
)
LEET_READINGS = {"0": "o", "1": "il", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b"}
LEET_READINGS.update({"@": "a", "$": "s", "!": "il", "|": "li"})
LEET_CHARS = re.escape("".join(LEET_READINGS))
UNIT_SUFFIXES = frozenset(
    words(
        """am pm st nd rd th s k m p x ish yrs yr yo mins min hrs hr h d g kg km ml mg ft lb lbs
        mph gb mb ep er ers ies"""
    )
)

_GROUP_SEP = r"[ \t]*(?:_|[^\w\s.\-()]){1,3}[ \t]*"
_GROUPS = rf"(?:\+|\b0)\d{{1,5}}(?:{_GROUP_SEP}\d{{1,6}}){{1,5}}\b"
# Where each step may have work, each place confirmed in Python.
_PATTERNS = {
    "linebreak": r"(\pL+)(-?)[ \t]*\r?\n[ \t]*(\pL+)|(\+?\d+)[ \t]*\r?\n[ \t]*(\d+)",
    # (an apostrophe is not a separator: "I'm a" is not three single letters)
    "singles": r"(?:\A|[^\pL\pN'])((?:[\pL\pN][^\pL\pN']{1,5}){2,}[\pL\pN])(?:[^\pL\pN']|\z)",
    "oh_digits": r"\b[0-9OoIl]*(?:[0-9][OoIl]|[OoIl][0-9])[0-9OoIl]*\b",
    "spelled": (  # a run of numbers (and single letters) with a number word in it
        rf"(?i)\b(?:plus[ \t]+)?(?:(?:\d+|[a-z])\b{_SPELLED_SEP})*(?:{_NUMBER_WORD})\b"
        rf"(?:{_SPELLED_SEP}(?:{_NUMBER_WORD}|\d+|[a-z])\b)*"
    ),
    "email": _EMAIL,
    # A phone number's groups split by symbols or emoji ("07700_900_615", "07700🔥900🔥615")
    "groups": _GROUPS,
    "leet": (  # a word with a digit or symbol inside, or before or after three letters
        rf"[A-Za-z0-9{LEET_CHARS}]*(?:[A-Za-z][{LEET_CHARS}]+[A-Za-z]|[{LEET_CHARS}][a-z]{{3}}"
        rf"|[A-Za-z]{{3}}[{LEET_CHARS}])[A-Za-z0-9{LEET_CHARS}]*"
    ),
}
# What tells a stage it may have work: one RE2 set, one pass over the text, finds which stages
# to run (cheaper forms of the same patterns: a number word next to a number, not every "one").
_TRIGGERS = {
    "linebreak": (r"\pL-[ \t]*\r?\n[ \t]*\p{Ll}|\p{Lu}\p{Ll}*\r?\n\p{Ll}|\d[ \t]*\r?\n[ \t]*\d"),
    "singles": _PATTERNS["singles"],
    "oh_digits": _PATTERNS["oh_digits"],
    "spelled": (  # three numbers in a row, one of them a word
        rf"(?i)\b(?:{_NUMBER_WORD})\b{_SPELLED_SEP}(?:{_NUMBER_WORD}|\d+)\b{_SPELLED_SEP}"
        rf"(?:{_NUMBER_WORD}|\d)|\b\d+{_SPELLED_SEP}(?:{_NUMBER_WORD})\b{_SPELLED_SEP}"
        rf"(?:{_NUMBER_WORD}|\d)|\b\d+{_SPELLED_SEP}\d+{_SPELLED_SEP}(?:{_NUMBER_WORD})\b"
        rf"|\b[a-z]{_SPELLED_SEP}(?:{_NUMBER_WORD})\b{_SPELLED_SEP}(?:{_NUMBER_WORD}|\d|[a-z]\b)"
    ),
    "groups": _GROUPS,
    "email": (
        r"(?i)[\[({<][ \t]*(?:at|@|dot|\.)[ \t]*[\])}>]|[a-z0-9][ \t]+(?:at|@)[ \t]+[a-z0-9\-]+"
        r"(?:[ \t]*\.[ \t]*|[ \t]+dot[ \t]+)(?:com|co|net|org|uk|io|ie|me|info)\b"
        r"|[a-z0-9][ \t]+dot[ \t]+[a-z0-9]"
    ),
    "leet": (
        rf"[A-Za-z][{LEET_CHARS}]+[A-Za-z]|(?:\A|[^\w@$!|.])[{LEET_CHARS}][a-z]{{3}}"
        rf"|[A-Za-z]{{3}}[{LEET_CHARS}]+\b"
    ),
}


@functools.cache
def compiled() -> dict[str, Any]:
    # More memory than the default for the widest, so RE2 keeps to its fast (DFA) engine.
    # Any: google-re2 ships no types (its regexes and the trigger set)
    regexes: dict[str, Any] = {
        name: compile_re2(source, max_mem=16 << 20 if name == "singles" else 8 << 20)
        for name, source in _PATTERNS.items()
    }
    options = re2.Options()
    options.log_errors = False
    options.max_mem = 32 << 20
    triggers = re2.Set.SearchSet(options)
    for source in _TRIGGERS.values():
        triggers.Add(source)
    triggers.Add(r"\A")  # always matches: its absence says the set gave up
    triggers.Compile()
    regexes["triggers"] = triggers
    return regexes


def triggered(text: str) -> set[str]:
    """The stages that may have work in `text` (all of them if the set gives up)."""
    names = tuple(_TRIGGERS)
    hits = compiled()["triggers"].Match(text.encode("utf-8"))
    if not hits or len(names) not in hits:
        return set(names)
    return {names[i] for i in hits if i < len(names)}
