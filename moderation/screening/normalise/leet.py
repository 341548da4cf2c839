"""Stage 2 step for digits and symbols written for letters:

- digits and symbols for letters inside a word ("Ty13r", "J4ck", "K@yden", "$ophie") become
  letters: "1", "!" and "|" are read as "l" or "i", whichever makes a listed name; at a
  word's start or end only when they make a listed forename ("3mma", not "4ever" or "PS4"),
  and in three characters only when they do ("K4i", not "L8r"); a name in capitals reads as
  the name ("J4CK" is "Jack").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..text import fold_key, lexicon
from .edits import Edit
from .vocabulary import LEET_CHARS, LEET_READINGS, UNIT_SUFFIXES, compiled


def _leet_variants(token: str) -> Iterable[str]:
    """Readings of `token` with its digits and symbols as letters, the plainest first."""
    upper = all(c.isupper() for c in token if c.isalpha())
    choices: list[str] = []
    for k, ch in enumerate(token):
        letters = LEET_READINGS.get(ch, ch)
        if ch in LEET_READINGS:
            letters = letters.upper() if upper or k == 0 else letters
        choices.append(letters)
    ambiguous = [k for k, c in enumerate(choices) if len(c) > 1]
    if len(ambiguous) > 3:
        ambiguous = []
    for mask in range(1 << len(ambiguous)):
        chars = [c[0] for c in choices]
        for bit, k in enumerate(ambiguous):
            chars[k] = choices[k][(mask >> bit) & 1]
        yield "".join(chars)


def leet_letters(text: str) -> list[Edit]:
    lex = lexicon()
    edits: list[Edit] = []
    for m in compiled()["leet"].finditer(text):
        token, a, b = m.group(), m.start(), m.end()
        before = text[a - 1] if a else " "
        after = text[b] if b < len(text) else " "
        after2 = text[b + 1] if b + 1 < len(text) else " "
        if len(token) > 30 or before in "@._/:#\\" or before.isalnum():
            continue
        if after == "@" or after.isalnum() or (after in "./:" and after2.isalnum()):
            continue
        letters = sum(c.isalpha() for c in token)
        if letters < 2 or any(c.isdigit() and c not in LEET_READINGS for c in token):
            continue
        lead = len(token) - len(token.lstrip("0123456789"))
        if lead and token[lead:].isalpha() and token[lead:].lower() in UNIT_SUFFIXES:
            continue  # "5am", "1st", "10k"
        short = len(token) == 3 and token[0].isupper() and token[2].islower()
        if len(token) < 4 and not short:
            continue  # "B4", "3rb" (a postcode's inward code), "Y9": codes, not names
        # Inside a word ("Ty13r", "K@yden") any reading; at either end only one that makes a
        # listed forename ("$ophie", "3mma", "Chl03"), so "4ever" and "PS4" stay as written.
        interior = re.search(rf"[A-Za-z][{LEET_CHARS}]+[A-Za-z]", token)
        names = (lex.forenames, lex.surnames) if interior and not short else (lex.forenames,)
        reading = None
        for variant in _leet_variants(token):
            key = fold_key(variant)
            if any(key in listed for listed in names):
                reading = variant
                break
        if reading is None and short:
            continue  # "K4i" only when it reads as a listed forename ("Kai")
        if reading is not None and reading.isupper() and fold_key(reading) in lex.forenames:
            reading = reading[0] + reading[1:].lower()  # "J4CK" is "Jack", as "J-A-C-K" is
        if reading is None:
            lower = sum(c.islower() for c in token)
            if (
                not interior
                or lead
                or lower < 2
                or token[0] in LEET_READINGS
                or token[-1] in LEET_READINGS
            ):
                continue
            reading = next(iter(_leet_variants(token)))
        edits.extend(
            (a + k, a + k + 1, new, None)
            for k, (old, new) in enumerate(zip(token, reading, strict=True))
            if old != new
        )
    return edits
