"""Stage 1 of the undisguised view: characters (only for texts with characters to undo; one pass,
linear). Each character of the result keeps the original span it came from.

- invisible and format characters (zero-width, soft hyphen, word joiner, BOM, tag
  characters, variation selectors, Hangul fillers) and direction controls are removed, and
  text inside a right-to-left override (RLO ... PDF, or to the line's end) is put back in
  the order it is shown (the controls belong to the span, so redacting takes them too);
- Unicode compatibility forms (NFKC): fullwidth and mathematical letters and digits, circled
  and enclosed letters and digits, ligatures; digits of every script (Arabic-Indic,
  Devanagari...) become ASCII digits;
- accents and combining marks on Latin letters go ("Tÿlër", "T̸y̸l̸e̸r̸");
- look-alike letters become the Latin letter they imitate, from the TR39 confusables data
  that display names use (`confusable_homoglyphs`), keeping case (one with an accent, "ѐ",
  as its base letter's look-alike). A word that mixes Latin
  with look-alikes, or is written wholly in look-alikes ("ВХ19"), reads as Latin. A word in
  Cyrillic, Greek or Armenian that is not all look-alikes is transliterated (anyascii:
  "Тайлер" reads "Tayler") when it stands among Latin words, not when the post is written
  in that script. Measured on the ordinary corpus: transliterating a Greek post turned
  "μια" (one) into the name "Mia"; Arabic and Devanagari come out without vowels ("mhmd"),
  Chinese and Korean as capitalised syllables ("NiHao"), so other scripts are left as they
  are: they could raise false names and find no real ones.
2. Words (RE2 finds the places, Python looks only there; one RE2 set says which steps to run):
"""

# ruff: noqa: RUF002 (look-alike letters in the docstrings are the point of this module)

from __future__ import annotations

import functools
import re
import unicodedata
from array import array

from ..text import NORMALISE
from .labels import ACCENTS, COMPAT, DIGITS, INVISIBLE, LOOKALIKE, RTL, SCRIPT

_KEEP, _DROP, _MAP, _MARK, _LETTER = range(5)
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
_RLO, _PDF = "\u202e", "\u202c"
_BIDI_PUSH = frozenset("\u202a\u202b\u202d\u202e")
_INVISIBLE = frozenset(
    "\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u180f\u2800\u3164\uffa0"
    "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff"
)
# Scripts whose words are transliterated when they are not all look-alikes (see the top).
_TRANSLITERATED = ("CYRILLIC", "GREEK", "ARMENIAN")
_LETTER_NAME = re.compile(r"(?:LATIN (CAPITAL|SMALL) LETTER|SYMBOL LETTER) ([A-Z])$")
_NORMALISE_MAP = {chr(k): v for k, v in NORMALISE.items()}


@functools.cache
def _confusables() -> dict[str, str]:
    """Each non-ASCII letter that TR39 says looks like an ASCII letter, with that letter.

    Built once from the data display names use; case kept where the data allows ("О" to "O",
    "о" to "o"); a capital that looks like "l" reads "I".
    """
    from confusable_homoglyphs import confusables  # loaded only when a text needs it

    table: dict[str, str] = {}
    for char, glyphs in confusables.confusables_data.items():
        if len(char) != 1 or char.isascii() or not unicodedata.category(char).startswith("L"):
            continue
        letters = []
        for glyph in glyphs:
            other = glyph["c"].replace("\u200e", "").replace("\u200f", "")
            if len(other) == 1 and other.isascii() and other.isalpha():
                letters.append(other)
        if not letters:
            continue
        if char.isupper():
            same = [c for c in letters if c.isupper()] or [
                "I" if c == "l" else c.upper() for c in letters
            ]
        elif char.islower():
            same = [c for c in letters if c.islower()] or [
                "l" if c == "I" else c.lower() for c in letters
            ]
        else:
            same = letters
        table[char] = same[0]
    return table


@functools.lru_cache(maxsize=4096)
def _anyascii(char: str) -> str:
    from anyascii import anyascii

    return anyascii(char)


@functools.lru_cache(maxsize=4096)
def _rule(char: str) -> tuple[int, str, int, str]:
    """What stage 1 does with one character: (action, replacement, label bit, fallback).

    Actions: keep (the replacement is the plain view's form), drop, map, mark (a combining mark:
    dropped after a Latin letter), letter (a letter of another script: the replacement is its
    look-alike or "", the fallback its transliteration or itself, decided per word).
    """
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return _KEEP, "\ufffd", 0, ""
    category = unicodedata.category(char)
    if char in _BIDI_CONTROLS:
        return _DROP, "", RTL if char == _RLO else INVISIBLE, ""
    if (
        category == "Cf"
        or char in _INVISIBLE
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0000 <= code <= 0xE01EF
    ):
        return _DROP, "", INVISIBLE, ""
    if char in _NORMALISE_MAP:
        return _KEEP, _NORMALISE_MAP[char], 0, ""
    if category in ("Mn", "Me"):
        return _MARK, "", ACCENTS, ""
    folded = unicodedata.normalize("NFKC", char)
    if folded != char and folded.isascii():
        if not folded.strip():
            return _KEEP, " ", 0, ""
        return _MAP, folded, COMPAT, ""
    if category[0] == "N":
        digit = unicodedata.digit(char, None)
        if digit is not None:  # "٣", "३", "❸"
            return _MAP, str(digit), DIGITS if category == "Nd" else COMPAT, ""
    name = unicodedata.name(char, "")
    enclosed = _LETTER_NAME.search(name)
    if enclosed and category[0] in "SL" and not name.startswith("LATIN"):
        letter = enclosed.group(2)
        return _MAP, letter.lower() if enclosed.group(1) == "SMALL" else letter, COMPAT, ""
    if category[0] != "L":
        return _KEEP, char, 0, ""
    look = _confusables().get(char) or _confusables().get(folded, "")
    if not look and not name.startswith("LATIN"):
        # a look-alike with an accent ("ѐ", "ё", "ї"): the look-alike of its base letter
        base = unicodedata.normalize("NFD", char)[0]
        look = _confusables().get(base, "") if base != char else ""
    if name.startswith("LATIN"):
        if look:
            return _MAP, look, LOOKALIKE, ""
        base = _anyascii(folded)
        if base and base.isascii() and base.isalpha() and len(base) <= 3:
            return _MAP, base, ACCENTS, ""
        return _KEEP, char, 0, ""
    if look:
        return _LETTER, look, LOOKALIKE, _anyascii(char) if _transliterated(name) else char
    if _transliterated(name):
        return _LETTER, "", SCRIPT, _anyascii(char)
    return _KEEP, char, 0, ""


def _transliterated(name: str) -> bool:
    return name.startswith(_TRANSLITERATED)


def needs_stage_one(text: str) -> bool:
    """True when some character of `text` is one stage 1 changes (beyond the plain view)."""
    if text.isascii():
        return False
    for char in set(text):
        if char > "\x7f":
            action, replacement, _, _ = _rule(char)
            if action != _KEEP or replacement not in (char, _NORMALISE_MAP.get(char)):
                return True
    return False


def _override_ends(text: str) -> dict[int, int]:
    """Where each right-to-left override starts and where the text it reverses ends."""
    out: dict[int, int] = {}
    pos = text.find(_RLO)
    while pos >= 0:
        depth, i = 0, pos
        while i < len(text):
            ch = text[i]
            if ch in _BIDI_PUSH:
                depth += 1
            elif ch == _PDF:
                depth -= 1
                if depth == 0:
                    break
            elif ch in "\n\r\u2029":
                break
            i += 1
        out[pos] = i
        pos = text.find(_RLO, i)
    return out


# Runs of ASCII but line ends, and each other character alone: an override starts and ends
# only at a piece's start (its controls are not ASCII, a line end is a piece of its own).
_PIECES = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x7f]+|[\s\S]")


_NOT_ASCII_LETTERS = re.compile(r"[^A-Za-z]+")
_IDENTITY = [array("l", range(4096))]


def identity(start: int, stop: int) -> array[int]:
    """array("l", range(start, stop)), sliced from a cached one (a copy in C, no int objects)
    for post-sized texts; the cache stops at 64k characters."""
    if stop > len(_IDENTITY[0]):
        if stop > 1 << 16:
            return array("l", range(start, stop))
        size = len(_IDENTITY[0])
        while size < stop:
            size *= 2
        _IDENTITY[0] = array("l", range(size))
    return _IDENTITY[0][start:stop]


def zeros(n: int) -> array[int]:
    return array("l", bytes(n * _ITEMSIZE))


_ITEMSIZE = array("l").itemsize


class _Builder:
    """The view being built: characters, their original spans, what made them."""

    __slots__ = ("chars", "ends", "labels", "starts")

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.starts = array("l")
        self.ends = array("l")
        self.labels = array("l")

    def add(self, text: str, start: int, end: int, bits: int) -> None:
        for ch in text:
            self.chars.append(ch)
            self.starts.append(start)
            self.ends.append(end)
            self.labels.append(bits)


def stage_one(text: str) -> tuple[str, array[int], array[int], array[int], int, bool]:
    """Characters undone: (text, starts, ends, labels, what was undone, still in order)."""
    out = _Builder()
    chars, labels = out.chars, out.labels
    overrides = _override_ends(text) if _RLO in text else {}
    reversals: list[tuple[int, int, int, int]] = []  # view [a, b) and the RLO, PDF positions
    dropped = False  # an invisible character was dropped since the last one kept
    undone = 0
    word: list[tuple[int, str, int, str]] = []  # (index, look-alike, bit, fallback) of a word
    words: list[tuple[list[tuple[int, str, int, str]], bool]] = []  # and whether it has Latin
    word_latin = False
    override_end, override_from, override_at = -1, 0, 0

    def close_word() -> None:
        nonlocal word, word_latin
        if word:
            words.append((word, word_latin))
            word = []
        word_latin = False

    def keep(new: str, i: int, bits: int) -> None:
        nonlocal dropped, undone
        if dropped and chars and new:
            before, after = chars[-1], new[0]
            if (before.isalnum() and not after.isspace()) or (
                after.isalnum() and not before.isspace()
            ):
                bits |= INVISIBLE  # "Ty\u200bler", "3\u200b@": it split something visible
                undone |= INVISIBLE
        dropped = False
        out.add(new, i, i + 1, bits)

    for piece in _PIECES.finditer(text):
        i = piece.start()
        if i == override_end:
            reversals.append((override_from, len(chars), override_at, override_end))
            override_end = -1
        if i in overrides and override_end < 0 and overrides[i] > i + 1:
            override_end, override_from, override_at = overrides[i], len(chars), i
        ch = piece.group()
        if len(ch) > 1 or ch.isascii():  # a run of ASCII (overrides end and start alone)
            if ch[0].isalpha():
                word_latin = True
            if not ch.isalpha():
                close_word()
                word_latin = ch[-1].isalpha()
            keep(ch[0], i, 0)
            if len(ch) > 1:
                n = len(ch) - 1
                chars.extend(ch[1:])
                out.starts.extend(identity(i + 1, i + 1 + n))
                out.ends.extend(identity(i + 2, i + 2 + n))
                labels.extend(zeros(n))
            continue
        action, replacement, bit, fallback = _rule(ch)
        if action == _DROP:
            dropped = True
        elif action == _MARK:  # part of the character before it: dropped, its span kept
            if chars:
                out.ends[-1] = max(out.ends[-1], i + 1)
                if chars[-1].isascii() and chars[-1].isalnum():
                    labels[-1] |= bit
                    undone |= bit
        elif action == _LETTER:
            word.append((len(chars), replacement, bit, fallback))
            keep(ch, i, 0)
        elif action == _MAP:
            undone |= bit
            if replacement.isalpha():
                word_latin = True
            else:
                close_word()
            keep(replacement, i, bit)
        else:
            if not ch.isalpha():
                close_word()
            keep(replacement, i, 0)
    close_word()
    # A word wholly in another script reads as Latin when it is all look-alikes; otherwise it
    # is transliterated only when it stands among Latin words (a name slipped into an English
    # post), not when the post is written in that script.
    foreign = sum(len(w) for w, has_latin in words if not has_latin)
    # letters of the Latin script, to tell a word slipped into an English post from a post
    # written in another language (counted only when there is a foreign word)
    latin = len(_NOT_ASCII_LETTERS.sub("", "".join(chars))) if foreign else 0
    for entries, has_latin in words:
        as_latin = has_latin or all(look for _, look, _, _ in entries)
        transliterate = not as_latin and foreign < latin
        for index, look, bit, fallback in entries:
            if as_latin and look:
                chars[index] = look
                labels[index] |= bit
                undone |= bit
            elif transliterate and fallback != chars[index]:
                chars[index] = fallback
                labels[index] |= SCRIPT
                undone |= SCRIPT
    if override_end >= 0:
        reversals.append((override_from, len(chars), override_at, override_end))
    starts, ends = out.starts, out.ends
    for a, b, rlo, pdf in reversals:
        if b - a > 1:
            # the controls belong to the first and last characters' spans, so redacting the
            # letters takes them too
            starts[a] = rlo
            if pdf < len(text) and text[pdf] == _PDF:
                ends[b - 1] = pdf + 1
            chars[a:b] = chars[a:b][::-1]
            starts[a:b] = starts[a:b][::-1]
            ends[a:b] = ends[a:b][::-1]
            for k in range(a, b):
                labels[k] |= RTL
            undone |= RTL
    return (
        "".join(chars),
        starts,
        ends,
        labels,
        undone,
        not any(b - a > 1 for a, b, _, _ in reversals),
    )
