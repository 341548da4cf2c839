"""Display-name rules: what a pseudonym may contain, and when two names look alike.

Pure functions, no database: callers pass the names to compare against. The look-alike test
uses the Unicode confusables data (TR39) shipped by `confusable_homoglyphs`, folded into
classes so that "AdmIn", "Аdmin" (Cyrillic A) and "adm1n" all share one skeleton.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

import phonenumbers
from confusable_homoglyphs import confusables

MIN_LENGTH = 3
MAX_LENGTH = 30
# Separators a pseudonym may use between words; anything else must be a letter or a digit.
SEPARATORS = frozenset(" -_.'")

_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
_URL = re.compile(
    r"(https?:|www\.|://|\b[a-z0-9-]+\.(?:com|co|uk|org|net|io|me|app|tv|ly|gg|info|biz)\b)",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d")
# Letters by Unicode's count that show as nothing (the Hangul fillers): "Heron\u3164Blue" would
# read as another member's "Heron Blue".
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")


class DisplayNameError(ValueError):
    """A display name broke a rule; the message is written for the member choosing it."""


@dataclass(frozen=True)
class CheckedName:
    """A display name that passed the rules: its normalised form and its confusable skeleton."""

    name: str
    key: str


@cache
def _classes() -> dict[str, str]:
    """Map each character to the representative of its confusable class (ASCII where it has one)."""
    parent: dict[str, str] = {}

    def find(ch: str) -> str:
        while parent.get(ch, ch) != ch:
            ch = parent[ch]
        return ch

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            # The smaller code point wins, so ASCII letters and digits represent their class.
            parent[max(ra, rb)] = min(ra, rb)

    for char, glyphs in confusables.confusables_data.items():
        if len(char) != 1:
            continue
        for glyph in glyphs:
            other = glyph["c"].replace("\u200e", "").replace("\u200f", "")
            if len(other) == 1:
                union(char, other)
    # Case never tells two names apart. Only ASCII letters are joined with their other case:
    # joining every character's cases chains unrelated classes together ("e" with "7").
    for letter in "abcdefghijklmnopqrstuvwxyz":
        union(letter, letter.upper())
    return {char: find(char) for char in parent}


def skeleton(name: str) -> str:
    """The form two names share when a reader could mistake one for the other.

    Letters fold to one representative of their confusable class, case is ignored, and
    separators between words do not count ("Ad.Min" looks like "admin").
    """
    classes = _classes()
    text = unicodedata.normalize("NFKC", name)
    folded = (classes.get(ch, ch) for ch in text.casefold())
    return "".join(ch for ch in folded if ch not in SEPARATORS and not ch.isspace())


def normalise(name: str) -> str:
    """NFKC, trimmed, with runs of spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", name).split())


def _contains_phone_number(text: str) -> bool:
    if len(_DIGITS.findall(text)) < 6:
        return False
    return any(True for _ in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=0))


def check_display_name(
    raw: str,
    *,
    is_taken: Callable[[str], bool] = lambda key: False,
    reserved: Iterable[str] = (),
) -> CheckedName:
    """Check a wanted display name; return it normalised with its skeleton, or raise.

    `is_taken(key)` says whether a skeleton is already in use; `reserved` are words nobody may
    take or imitate (staff roles, the organisation's name). A reserved word also may not stand
    as one word of a longer name ("Admin Team"), since members would read it as an official
    voice.
    """
    name = normalise(raw)
    if len(name) < MIN_LENGTH or len(name) > MAX_LENGTH:
        raise DisplayNameError(
            f"Please choose a name between {MIN_LENGTH} and {MAX_LENGTH} characters long."
        )
    if _EMAIL.search(name):
        raise DisplayNameError(
            "Please don't use an e-mail address as your name: other members would see it."
        )
    if "@" in name:
        raise DisplayNameError(
            "Please don't use a social media @handle: it could lead someone to you."
        )
    if _URL.search(name):
        raise DisplayNameError("Please don't put a web address in your name.")
    if _contains_phone_number(name):
        raise DisplayNameError("Please don't put a phone number in your name.")
    for ch in name:
        if ch in SEPARATORS or (ch.isalnum() and ch not in _BLANK_LETTERS):
            continue
        raise DisplayNameError("Please use only letters, numbers, spaces and - _ . ' in your name.")
    if not any(ch.isalpha() for ch in name):
        raise DisplayNameError("Please include at least one letter in your name.")

    key = skeleton(name)
    words = {skeleton(word) for word in re.split(r"[ \-_.']+", name) if word}
    for word in reserved:
        reserved_key = skeleton(word)
        if reserved_key and (key == reserved_key or reserved_key in words):
            raise DisplayNameError(
                "That name is kept for the team, or looks too much like it. Please choose another."
            )
    if is_taken(key):
        raise DisplayNameError(
            "That name is taken, or looks too much like a member's name. Please choose another."
        )
    return CheckedName(name=name, key=key)
