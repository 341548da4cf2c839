"""Views of a text for the detectors to read, each with a map back to the original offsets.

The plain view changes characters one for one (curly quotes to straight, no-break and zero-width
spaces to spaces, dashes to hyphens, a lone surrogate to U+FFFD), so its spans are the
original's. Every finding made in any view is reported on the original span.

The undisguised view undoes what a member (or someone posing as one) does to slip a detail past
a filter, and exists only when the text has something to undo: an ASCII post costs one pass of
an RE2 set, any other post one look at each distinct character it uses. It is built in two
stages, each keeping, for every character of the view, the original span it came from:

1. Characters (only for texts with characters to undo; one pass, linear):
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
   - a word broken by a line break is joined: "Ty-\\nler" always, "Tyl\\ner" when the joined
     word is a listed forename and its first part is neither a forename nor an everyday word;
   - runs of at least three single characters with the same separator between them ("0 7 7 0
     0", "T-y-l-e-r", "O.L.9 7.Q.X", "T 🙂 y 🙂 l 🙂 e 🙂 r", one letter a line, "j a y b _ 0 9")
     are joined, but not a character repeated ("x x x"), fewer than six digits ("5 4 3 2 1")
     or capitals alone unless they spell a listed name ("C.A.M.H.S.", "N O T H I N G");
     capitals spelling a listed forename read as the name ("J-A-C-K" is "Jack"), the dot after
     the last of "D.E.A.N." belongs to it, and runs joined either side of a wide gap keep one
     space ("M 1 4   5 T Q" is "M14 5TQ");
   - a UK phone number (10 to 13 digits from 0 or +44) whose groups are split by symbols,
     underscores or emoji ("07700_900_615", "07700🔥900🔥615") reads with spaces;
   - O, I and l written for 0 and 1 in a number ("O77OO 9OO123", "O7.7OO.9OO.5I2") become
     digits;
   - spelled-out digits ("oh seven seven double oh nine", "treble", "nought", "twenty three",
     "seven seven hundred", mixed with digits) become digits when a run holds a number word and
     gives at least five digits, so "oh no" and "one of the two" stay words;
   - spoken e-mail addresses ("jay dot smith at gmail dot com", "[at]", "(dot)", "{at}",
     "underscore") become an address, only when a known ending (com, co.uk...) closes them;
   - digits and symbols for letters inside a word ("Ty13r", "J4ck", "K@yden", "$ophie") become
     letters: "1", "!" and "|" are read as "l" or "i", whichever makes a listed name; at a
     word's start or end only when they make a listed forename ("3mma", not "4ever" or "PS4"),
     and in three characters only when they do ("K4i", not "L8r"); a name in capitals reads as
     the name ("J4CK" is "Jack").

The undisguised view holds what was undone with some context either side (the rest is the plain
view's, already screened), so screening a long post with one disguise costs little more. Each
of its characters carries which of these made it, so a finding is explained by what was undone
inside its own span (`Finding.via`, shown by `manage.py screen --explain`).
"""

# ruff: noqa: RUF002 (look-alike letters in the docstrings are the point of this module)

from __future__ import annotations

import functools
import re
import unicodedata
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field

import re2

from .text import NORMALISE, compile_re2, fold_key, lexicon, words
from .types import Finding

# --------------------------------------------------------------------------------------------
# Views


# What was undone, one bit each in `View.labels` (the order is the order `via` lists them in).
LABELS = (
    "invisible characters",
    "a right-to-left override",
    "compatibility forms",
    "other-script digits",
    "accents",
    "look-alike letters",
    "other-script letters",
    "a line break in a word",
    "spaced characters",
    "letters for digits",
    "spelled-out digits",
    "a spoken e-mail address",
    "digits for letters",
    "symbols between digits",
)
_BIT = {label: 1 << i for i, label in enumerate(LABELS)}
INVISIBLE, RTL, COMPAT, DIGITS, ACCENTS, LOOKALIKE, SCRIPT = (_BIT[label] for label in LABELS[:7])
LINEBREAK, SPACED, OH_DIGITS, SPELLED, EMAIL, LEET, GROUPS = (_BIT[label] for label in LABELS[7:])


def describe(bits: int) -> str:
    """The labels of `bits`, as `via` shows them ("look-alike letters, spaced characters")."""
    return ", ".join(label for label in LABELS if bits & _BIT[label])


@dataclass(frozen=True)
class View:
    """A text as the detectors read it.

    `offsets[i]` is the original offset of the view's character `i` and `ends[i]` the end of
    the original characters it stands for (None: the same offsets; `ends` None: one each);
    `labels[i]` says what was undone to make character `i` (bits of `LABELS`); `via` names
    everything undone in the view ("" for the plain view).
    """

    text: str
    offsets: array | tuple[int, ...] | None = None
    via: str = ""
    ends: array | None = field(default=None, repr=False)
    labels: array | None = field(default=None, repr=False)
    ordered: bool = True  # False when a right-to-left override was put back: spans need min/max

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the view's span [start, end)."""
        if self.offsets is None:
            return start, end
        offsets = self.offsets
        ends = self.ends if self.ends is not None else None
        if not offsets:
            return 0, 0
        start = min(max(start, 0), len(offsets) - 1)
        if end <= start:
            return offsets[start], offsets[start]
        end = min(end, len(offsets))
        if not self.ordered:
            first = min(offsets[start:end])
            last = max(ends[start:end]) if ends is not None else max(offsets[start:end]) + 1
            return first, last
        return offsets[start], (ends[end - 1] if ends is not None else offsets[end - 1] + 1)

    def undone(self, start: int, end: int) -> str:
        """What was undone inside the view's span [start, end)."""
        if self.labels is None or end <= start:
            return self.via
        bits = 0
        for b in set(self.labels[start:end]):
            bits |= b
        return describe(bits) if bits else self.via

    def locate(self, finding: Finding, detector: str = "") -> Finding:
        """`finding`, made in this view, on the original text's span and explained."""
        f = finding
        if self.offsets is None:
            start, end, via = f.start, f.end, self.via
        else:
            start, end = self.span(f.start, f.end)
            via = self.undone(f.start, f.end)
        # Built directly, not with dataclasses.replace: this runs for every finding.
        return Finding(
            f.kind,
            start,
            end,
            f.replacement,
            f.category,
            f.action,
            f.term_id,
            detector,
            f.rule,
            via,
        )


def _plain(text: str) -> str:
    if text.isascii():
        return text
    plain = text.translate(NORMALISE)
    try:
        plain.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: RE2 reads UTF-8, so stand one in for it
        plain = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in plain)
    return plain


def views(text: str) -> list[View]:
    """The views of `text` to screen: the plain view first, then the undisguised one if any."""
    plain = _plain(text)
    out = [View(plain)]
    try:
        undisguised = _undisguised(text, plain)
    except Exception:  # screening never raises: the plain view is still screened
        undisguised = None
    if undisguised is not None and undisguised.text != plain:
        out.append(undisguised)
    return out


# --------------------------------------------------------------------------------------------
# Stage 1: characters

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


def _needs_stage_one(text: str) -> bool:
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


def _identity(start: int, stop: int) -> array:
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


def _zeros(n: int) -> array:
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


def _stage_one(text: str) -> tuple[str, array, array, array, int, bool]:
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
                out.starts.extend(_identity(i + 1, i + 1 + n))
                out.ends.extend(_identity(i + 2, i + 2 + n))
                labels.extend(_zeros(n))
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
            for lst in (chars, starts, ends):
                lst[a:b] = lst[a:b][::-1]
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


# --------------------------------------------------------------------------------------------
# Stage 2: words

_NUMBER_WORDS = {
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
_UNIT_WORDS = frozenset(("one", "two", "three", "four", "five", "six", "seven", "eight", "nine"))
# Teens and tens ("B twenty three", "seven seven hundred"): read as their digits, a tens word
# before a unit word as one number ("twenty three" is 23).
_TENS = {
    "twenty": "2",
    "thirty": "3",
    "forty": "4",
    "fifty": "5",
    "sixty": "6",
    "seventy": "7",
    "eighty": "8",
    "ninety": "9",
}
_NUMBER_WORDS.update({word: digit + "0" for word, digit in _TENS.items()})
_NUMBER_WORDS.update(
    zip(
        words("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen"),
        (str(n) for n in range(10, 20)),
        strict=True,
    )
)
_NUMBER_WORDS["hundred"] = "00"
_REPEATS = {"double": 2, "treble": 3, "triple": 3}
_NUMBER_WORD = "|".join(sorted(_NUMBER_WORDS.keys() | _REPEATS.keys(), key=len, reverse=True))
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
_SPOKEN_PART = re.compile(
    rf"[ \t]*{_bracketed(_AT_WORDS + '|' + _DOT_WORDS)}[ \t]*|"
    r"[ \t]+(?:at(?:[ \t]+(?:sign|symbol))?|dot|underscore|dash|hyphen)[ \t]+|"
    r"[ \t]*[.@][ \t]*|[_\-]",
    re.I,
)
_LEET = {"0": "o", "1": "il", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b"}
_LEET.update({"@": "a", "$": "s", "!": "il", "|": "li"})
_LEET_CHARS = re.escape("".join(_LEET))
_UNIT_SUFFIXES = frozenset(
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
        rf"[A-Za-z0-9{_LEET_CHARS}]*(?:[A-Za-z][{_LEET_CHARS}]+[A-Za-z]|[{_LEET_CHARS}][a-z]{{3}}"
        rf"|[A-Za-z]{{3}}[{_LEET_CHARS}])[A-Za-z0-9{_LEET_CHARS}]*"
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
        rf"[A-Za-z][{_LEET_CHARS}]+[A-Za-z]|(?:\A|[^\w@$!|.])[{_LEET_CHARS}][a-z]{{3}}"
        rf"|[A-Za-z]{{3}}[{_LEET_CHARS}]+\b"
    ),
}


@functools.cache
def _compiled() -> dict[str, object]:
    # More memory than the default for the widest, so RE2 keeps to its fast (DFA) engine.
    regexes: dict[str, object] = {
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


def _triggered(text: str) -> set[str]:
    """The stages that may have work in `text` (all of them if the set gives up)."""
    names = tuple(_TRIGGERS)
    hits = _compiled()["triggers"].Match(text.encode("utf-8"))
    if not hits or len(names) not in hits:
        return set(names)
    return {names[i] for i in hits if i < len(names)}


Edit = tuple[int, int, str, list[tuple[int, int]] | None]  # [a, b) -> text, spans of its chars


class _Text:
    """The text of stage 2 and its maps back to the original, edited a stage at a time."""

    def __init__(self, text, starts, ends, labels, ordered: bool) -> None:
        self.text = text
        self.starts = starts  # array or None: one for one
        self.ends = ends
        self.labels = labels
        self.ordered = ordered
        self.undone = 0

    def _maps(self) -> None:
        if self.starts is None:
            n = len(self.text)
            self.starts, self.ends, self.labels = _identity(0, n), _identity(1, n + 1), _zeros(n)

    def apply(self, edits: Iterable[Edit], bit: int) -> None:
        """Replace each [a, b) by its text. Its characters map to the spans given (in this
        text's offsets), or all to the whole of [a, b)'s original span; a removal marks the
        characters either side of it as joined by `bit`."""
        edits = list(edits)
        if not edits:
            return
        self._maps()
        text, starts, ends, labels = self.text, self.starts, self.ends, self.labels
        parts: list[str] = []
        new_starts, new_ends, new_labels = array("l"), array("l"), array("l")
        pos = 0
        carry = 0  # a bit for the next character kept (the right side of a removal)
        for a, b, new, spans in edits:
            parts.append(text[pos:a])
            new_starts.extend(starts[pos:a])
            new_ends.extend(ends[pos:a])
            new_labels.extend(labels[pos:a])
            if carry and a > pos:
                new_labels[len(new_labels) - (a - pos)] |= carry
                carry = 0
            bits = bit
            for value in set(labels[a:b]):
                bits |= value
            if not new:  # a removal: what joined is marked on both sides
                if new_labels:
                    new_labels[-1] |= bits
                carry |= bits
                pos = b
                continue
            if spans is None:
                whole = self._original(a, b)
                spans = [whole] * len(new)
            else:
                spans = [self._original(s, e) for s, e in spans]
            parts.append(new)
            for s, e in spans:
                new_starts.append(s)
                new_ends.append(e)
                new_labels.append(bits | carry)
            carry = 0
            pos = b
        parts.append(text[pos:])
        new_starts.extend(starts[pos:])
        new_ends.extend(ends[pos:])
        new_labels.extend(labels[pos:])
        if carry and pos < len(text):
            new_labels[len(new_labels) - (len(text) - pos)] |= carry
        self.text = "".join(parts)
        self.starts, self.ends, self.labels = new_starts, new_ends, new_labels
        self.undone |= bit

    def _original(self, s: int, e: int) -> tuple[int, int]:
        if self.ordered:
            return self.starts[s], self.ends[e - 1]
        return min(self.starts[s:e]), max(self.ends[s:e])


def _join_line_breaks(text: str) -> list[Edit]:
    lex = lexicon()
    edits = []
    for m in _compiled()["linebreak"].finditer(text):
        if m.group(1) is not None:
            first, hyphen, second = m.group(1), m.group(2), m.group(3)
            if hyphen:
                if not second[0].islower():
                    continue
            else:  # "Tyl\ner": only a capitalised start that joins into a listed forename
                joined = fold_key(first + second)
                if not first[0].isupper() or not second[0].islower():
                    continue
                if joined not in lex.forenames or fold_key(first) in lex.forenames:
                    continue
                if fold_key(first) in lex.stop:
                    continue
            a, b = m.end(1), m.start(3)
        else:
            digits = m.group(4) + m.group(5)
            if not (10 <= len(digits.lstrip("+")) <= 13 and digits[0] in "0+"):
                continue
            a, b = m.end(4), m.start(5)
        edits.append((a, b, "", None))
    return edits


def _shape(separator: str) -> str:
    """The separator as compared between single characters: spaces as written, a run of
    symbols or emoji as one symbol ("T 🙂 y 😀 l" is one run), punctuation as written."""
    out = []
    for ch in separator:
        cls = ch if ch.isspace() or unicodedata.category(ch)[0] not in "SC" else "*"
        if cls != "*" or not out or out[-1] != "*":
            out.append(cls)
    return "".join(out)


_KEPT_IN_RUN = frozenset("_.-@")


def _inner(separator: str) -> tuple[str, str] | None:
    """(spaces, character) for a separator like " _ ": a character of the run itself when the
    run is spaced with the same spaces ("j a y b _ 0 9" is "jayb_09")."""
    core = separator.strip()
    if len(core) != 1 or core not in _KEPT_IN_RUN:
        return None
    left, _, right = separator.partition(core)
    return (left, core) if left == right and left else None


def _join_singles(text: str) -> list[Edit]:
    lex = lexicon()
    edits: list[Edit] = []
    for m in _compiled()["singles"].finditer(text):
        start, end = m.start(1), m.end(1)
        singles = [start]  # where each single character is
        separators: list[str] = []
        i = start + 1
        while i < end:
            j = i
            while j < end and not text[j].isalnum():
                j += 1
            separators.append(text[i:j])
            singles.append(j)
            i = j + 1
        shapes = [_shape(sep) for sep in separators]
        inner = [_inner(sep) for sep in separators]
        digits = sum(text[i].isdigit() for i in singles)
        near = text[max(0, start - 8) : start] + text[end : end + 8]
        beside_digits = any(c.isdigit() for c in near)  # "KX19 P L M"
        joined: dict[int, int] = {}  # the next run's first single -> the separator before it
        k = 0
        while k < len(separators):
            shape = shapes[k]
            n = k
            while n < len(separators) and (
                shapes[n] == shape or (inner[n] is not None and inner[n][0] == shape)
            ):
                n += 1
            # separators k..n-1 join singles k..n: at least three singles, run ends with one
            if n - k < 2:
                k += 1
                continue
            chars = "".join(text[i] for i in singles[k : n + 1])
            if (digits or beside_digits) and chars.endswith("I") and n - k >= 3:
                # "KX19 P L M I think": no plate or postcode has an I there; the pronoun
                n -= 1
                chars = chars[:-1]
            if _worth_joining(chars, digits, beside_digits):
                # capitals spelling a name read as the name ("J-A-C-K" is "Jack")
                name = chars.isalpha() and chars.isupper() and fold_key(chars) in lex.forenames
                gap = joined.get(k)  # spaces between this run and one joined before it
                if gap is not None and len(separators[gap]) > 1 and separators[gap].isspace():
                    edits.append((singles[gap] + 1, singles[gap + 1], " ", None))  # "M14   5TQ"
                last = singles[n]
                # "D.E.A.N.": the dot after the last letter is the run's, not the sentence's
                dot = shape == "." and text[last + 1 : last + 2] == "." and chars.isalpha()
                dot = dot and (last + 2 >= len(text) or text[last + 2].isspace())
                for s in range(k, n):
                    kept = inner[s][1] if shapes[s] != shape and inner[s] else ""
                    edits.append((singles[s] + 1, singles[s + 1], kept, None))
                    at = singles[s + 1]
                    if at == last and dot:
                        letter = text[at].lower() if name else text[at]
                        edits.append((at, at + 2, letter, [(at, at + 2)]))
                    elif name:
                        edits.append((at, at + 1, text[at].lower(), None))
                joined[n + 1] = n
            k = n
    return edits


def _worth_joining(chars: str, digits: int, beside_digits: bool = False) -> bool:
    """Whether single characters spaced out could be a detail rather than ordinary writing.

    Not "x x x" or "1 1 1" (one character repeated); digits only when the run holds at least
    six of them ("5 4 3 2 1" is a countdown, "0 7 7 0 0  9 0 0..." a phone); capitals only
    with or beside digits ("Y-T-6-8 W-Z-R", "KX19 P L M") or when they spell a listed name
    ("T Y L E R", not "C.A.M.H.S." or "N O T H I N G": initialisms and emphasis).
    """
    if len(set(chars.lower())) == 1:
        return False
    if chars.isdigit():
        return digits >= 6
    if chars.isalpha() and chars.isupper() and not (digits or beside_digits):
        key = fold_key(chars)
        return key in lexicon().forenames or key in lexicon().surnames
    return True


# A number written in groups ("O7.7OO.9OO.5I2"): each group of digits and O, I or l with a
# digit in it, one space, dot or hyphen between them.
_OH_GROUP = r"[0-9OoIl]*[0-9][0-9OoIl]*"
_OH_CHAIN = re.compile(rf"{_OH_GROUP}(?:[ .\-]{_OH_GROUP})+")


def _in_number(text: str, start: int, end: int) -> bool:
    """Whether the group [start, end) is one of a number's groups that together hold at least
    nine characters, five of them digits ("O7.7OO.9OO.5I2", not "9OO" alone)."""
    a = start
    while a > 0 and start - a < 24 and (text[a - 1] in "0123456789OoIl .-"):
        a -= 1
    for m in _OH_CHAIN.finditer(text, a, min(len(text), end + 24)):
        if m.start() <= start and m.end() >= end:
            chain = m.group()
            if m.start() and text[m.start() - 1].isalnum():
                return False
            if m.end() < len(text) and text[m.end()].isalnum():
                return False
            return sum(c.isdigit() for c in chain) >= 5 and sum(c.isalnum() for c in chain) >= 9
    return False


def _oh_digits(text: str) -> list[Edit]:
    edits = []
    for m in _compiled()["oh_digits"].finditer(text):
        token = m.group()
        digits = sum(c.isdigit() for c in token)
        if len(token) < 4 or digits < 2:
            # a short one ("9OO") only as a group of a number: digits just before or after
            near = text[max(0, m.start() - 3) : m.start()] + text[m.end() : m.end() + 3]
            beside = len(token) >= 3 and re.search(r"\d[ .\-]|[ .\-]\d", near)
            if not beside and (len(token) > 8 or not _in_number(text, m.start(), m.end())):
                continue
        for k, ch in enumerate(token):
            if ch in "OoIl":
                edits.append((m.start() + k, m.start() + k + 1, "0" if ch in "Oo" else "1", None))
    return edits


_SPELLED_TOKEN = re.compile(r"[A-Za-z]+|\d+")


# Postcode and number plate shapes, for a spelled-out run that mixes letters and number words.
_CODE_SHAPE = re.compile(
    r"[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}|[A-Z]{2}\d\d[A-Z]{3}|[A-Z]\d{1,3}[A-Z]{3}|[A-Z]{3}\d{1,3}[A-Z]",
    re.I,
)


def _read_spelled(
    tokens: list[tuple[str, int, int]], o_as_letter: bool
) -> list[tuple[str, tuple[int, int]]]:
    """The characters a run of number words, digits and single letters stands for, each with
    the span (in the text) of the words it was read from."""
    out: list[tuple[str, tuple[int, int]]] = []
    repeat, repeat_at = 1, 0
    skip = False
    for k, (raw, a, b) in enumerate(tokens):
        if skip:
            skip = False
            continue
        low = raw.lower()
        if low in _TENS and k + 1 < len(tokens) and tokens[k + 1][0].lower() in _UNIT_WORDS:
            unit, _, b = tokens[k + 1]  # "twenty three": one number, read from both words
            raw, low, skip = _TENS[low] + _NUMBER_WORDS[unit.lower()], "", True
        if low in _REPEATS:
            repeat, repeat_at = _REPEATS[low], a
            continue
        if low == "plus":
            if not out:
                out.append(("+", (a, b)))
            continue
        if low in _NUMBER_WORDS and not (o_as_letter and low == "o"):
            value = _NUMBER_WORDS[low]
        else:
            value = raw.upper() if raw.isalpha() else raw
        first = repeat_at if repeat > 1 else a
        out.extend([(value[0], (first, b))] * repeat)
        out.extend((ch, (a, b)) for ch in value[1:])
        repeat = 1
    return out


def _spelled_code(tokens: list[tuple[str, int, int]]) -> list[tuple[str, tuple[int, int]]]:
    """The reading of `tokens`, or of them less up to two at either end, that has the shape of
    a postcode or plate (longest first), or []."""
    n = len(tokens)
    for trimmed in range(5):
        for head in range(trimmed + 1):
            tail = trimmed - head
            if head > 2 or tail > 2 or n - trimmed < 3:
                continue
            run = tokens[head : n - tail]
            if sum(raw.lower() in _NUMBER_WORDS and raw.lower() != "o" for raw, _, _ in run) < 2:
                continue
            for o_as_letter in (False, True):
                read = _read_spelled(run, o_as_letter)
                if _CODE_SHAPE.fullmatch("".join(ch for ch, _ in read)):
                    return read
    return []


def _spelled(text: str) -> list[Edit]:
    edits = []
    for m in _compiled()["spelled"].finditer(text):
        base = m.start()
        tokens = [
            (t.group(), base + t.start(), base + t.end())
            for t in _SPELLED_TOKEN.finditer(m.group())
        ]
        if len(tokens) > 60:
            continue  # a list of numbers, not one
        # number words other than "o" (which is also a letter): a code needs two of them
        spoken = sum(raw.lower() in _NUMBER_WORDS and raw.lower() != "o" for raw, _, _ in tokens)
        letters = [raw for raw, _, _ in tokens if len(raw) == 1 and raw.isalpha()]
        runs: list[list[tuple[str, int, int]]] = [tokens]
        if letters or any(raw.lower() == "o" for raw, _, _ in tokens):
            # a postcode or plate spelled out ("O L nine, seven Q X"), perhaps with a word of
            # the sentence either side ("...W Z R I wrote")? Else the numbers between the
            # letters, each on its own.
            read = _spelled_code(tokens) if spoken >= 2 else []
            if read:
                chars, spans = "".join(ch for ch, _ in read), [span for _, span in read]
                edits.append((spans[0][0], spans[-1][1], chars, spans))
                continue
            runs, run = [], []
            for token in tokens:
                low = token[0].lower()
                if len(low) == 1 and low.isalpha() and low not in _NUMBER_WORDS:
                    runs.append(run)
                    run = []
                else:
                    run.append(token)
            runs.append(run)
        for run in runs:
            read = _read_spelled(run, False)
            number = "".join(ch for ch, _ in read)
            if not any(raw.lower() in _NUMBER_WORDS for raw, _, _ in run):
                continue
            if len(number) < 5 or len(number) > 40 or not number.lstrip("+").isdigit():
                continue
            spans = [span for _, span in read]
            edits.append((spans[0][0], spans[-1][1], number, spans))
    return edits


_SPOKEN_AS = {"at": "@", "@": "@", "dot": ".", ".": ".", "underscore": "_", "_": "_"}


def _spoken_emails(text: str) -> list[Edit]:
    edits = []
    for m in _compiled()["email"].finditer(text):
        found = m.group()
        if "@" in found and not re.search(r"\s|\(|\[|\{|<", found):
            continue  # an address as written: the plain view has it
        base = m.start()
        parts: list[str] = []
        spans: list[tuple[int, int]] = []
        pos = 0
        for sep in _SPOKEN_PART.finditer(found):
            word = sep.group().strip(" \t()[]{}<>").lower()
            for k in range(pos, sep.start()):
                parts.append(found[k])
                spans.append((base + k, base + k + 1))
            char = _SPOKEN_AS.get(word.split()[0] if word else word, "-")
            parts.append(char)
            spans.append((base + sep.start(), base + sep.end()))
            pos = sep.end()
        for k in range(pos, len(found)):
            parts.append(found[k])
            spans.append((base + k, base + k + 1))
        address = "".join(parts)
        if address.count("@") != 1:
            continue
        edits.append((m.start(), m.end(), address, spans))
    return edits


def _leet_variants(token: str) -> Iterable[str]:
    """Readings of `token` with its digits and symbols as letters, the plainest first."""
    upper = all(c.isupper() for c in token if c.isalpha())
    choices: list[str] = []
    for k, ch in enumerate(token):
        letters = _LEET.get(ch, ch)
        if ch in _LEET:
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


def _leet(text: str) -> list[Edit]:
    lex = lexicon()
    edits = []
    for m in _compiled()["leet"].finditer(text):
        token, a, b = m.group(), m.start(), m.end()
        before = text[a - 1] if a else " "
        after = text[b] if b < len(text) else " "
        after2 = text[b + 1] if b + 1 < len(text) else " "
        if len(token) > 30 or before in "@._/:#\\" or before.isalnum():
            continue
        if after == "@" or after.isalnum() or (after in "./:" and after2.isalnum()):
            continue
        letters = sum(c.isalpha() for c in token)
        if letters < 2 or any(c.isdigit() and c not in _LEET for c in token):
            continue
        lead = len(token) - len(token.lstrip("0123456789"))
        if lead and token[lead:].isalpha() and token[lead:].lower() in _UNIT_SUFFIXES:
            continue  # "5am", "1st", "10k"
        short = len(token) == 3 and token[0].isupper() and token[2].islower()
        if len(token) < 4 and not short:
            continue  # "B4", "3rb" (a postcode's inward code), "Y9": codes, not names
        # Inside a word ("Ty13r", "K@yden") any reading; at either end only one that makes a
        # listed forename ("$ophie", "3mma", "Chl03"), so "4ever" and "PS4" stay as written.
        interior = re.search(rf"[A-Za-z][{_LEET_CHARS}]+[A-Za-z]", token)
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
            if not interior or lead or lower < 2 or token[0] in _LEET or token[-1] in _LEET:
                continue
            reading = next(iter(_leet_variants(token)))
        edits.extend(
            (a + k, a + k + 1, new, None)
            for k, (old, new) in enumerate(zip(token, reading, strict=True))
            if old != new
        )
    return edits


_GROUP_SPLIT = re.compile(r"\d+")


def _groups(text: str) -> list[Edit]:
    """A UK phone number (10 to 13 digits from 0 or +44) whose groups are split by symbols,
    underscores or emoji: each separator becomes one space."""
    edits: list[Edit] = []
    for m in _compiled()["groups"].finditer(text):
        found = m.group()
        digits = sum(c.isdigit() for c in found)
        if not 10 <= digits <= 13 or not found.startswith(("0", "+44")):
            continue
        base, pos = m.start(), None
        for g in _GROUP_SPLIT.finditer(found):
            if pos is not None and found[pos : g.start()].strip(" \t"):
                edits.append((base + pos, base + g.start(), " ", None))
            pos = g.end()
    return edits


_STAGES = (
    ("linebreak", _join_line_breaks, LINEBREAK),
    ("singles", _join_singles, SPACED),
    ("groups", _groups, GROUPS),
    ("oh_digits", _oh_digits, OH_DIGITS),
    ("spelled", _spelled, SPELLED),
    ("email", _spoken_emails, EMAIL),
    ("leet", _leet, LEET),
)


def _undisguised(text: str, plain: str) -> View | None:
    """The undisguised view of `text`, or None when it has nothing to undo."""
    if _needs_stage_one(text):
        chars, starts, ends, labels, undone, ordered = _stage_one(text)
        work = _Text(chars, starts, ends, labels, ordered)
        work.undone = undone
    else:
        work = _Text(plain, None, None, None, True)
    triggered = _triggered(work.text)
    if not triggered and work.undone == 0:
        return None
    for name, stage, bit in _STAGES:
        if name in triggered:
            before = work.undone
            work.apply(stage(work.text), bit)
            if work.undone != before:  # joined or rewritten: what may the later stages find now
                triggered = _triggered(work.text)
    if work.undone == 0 or work.starts is None:
        return None
    return _windowed(work)


# The undisguised view holds only what was undone with this much context either side (enough for
# the cues detectors read: "my son", "lives at", "his snap is", a surname after a name): the
# rest of the text is the plain view's, already screened. Windows are joined by a line holding
# a NUL, which no detector's pattern crosses (neither spaces nor a word).
_CONTEXT = 80
_GAP = "\n\x00\n"
_CHANGED = re.compile(rb"[^\x00]+")


def _windowed(work: _Text) -> View:
    text, starts, ends, labels = work.text, work.starts, work.ends, work.labels
    n = len(text)
    windows: list[list[int]] = []
    for m in _CHANGED.finditer(bytes(map(bool, labels))):
        a, b = max(0, m.start() - _CONTEXT), min(n, m.end() + _CONTEXT)
        a = _word_edge(text, a, -1)
        b = _word_edge(text, b, 1)
        if windows and a <= windows[-1][1] + len(_GAP):
            windows[-1][1] = max(windows[-1][1], b)
        else:
            windows.append([a, b])
    via = describe(work.undone)
    if sum(b - a for a, b in windows) >= n * 3 // 4:
        return View(text, starts, via, ends, labels, work.ordered)
    parts: list[str] = []
    new_starts, new_ends, new_labels = array("l"), array("l"), array("l")
    for a, b in windows:
        if parts:
            edge = new_ends[-1]
            parts.append(_GAP)
            new_starts.extend([edge] * len(_GAP))
            new_ends.extend([edge] * len(_GAP))
            new_labels.extend(_zeros(len(_GAP)))
        parts.append(text[a:b])
        new_starts.extend(starts[a:b])
        new_ends.extend(ends[a:b])
        new_labels.extend(labels[a:b])
    return View("".join(parts), new_starts, via, new_ends, new_labels, work.ordered)


def _word_edge(text: str, i: int, step: int) -> int:
    """`i` moved outward (step -1 or 1) to a space, at most 40 characters."""
    for _ in range(40):
        if i <= 0 or i >= len(text) or text[i - 1 if step < 0 else i].isspace():
            break
        i += step
    return max(0, min(i, len(text)))
