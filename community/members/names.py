"""Display-name rules: what a pseudonym may contain, and when two names look alike.

Pure functions, no database: callers pass the names to compare against and the screens to run.

The look-alike test follows Unicode TR39 (confusables data shipped by `confusable_homoglyphs`),
folded into classes so that "AdmIn", "Аdmin" (Cyrillic A), "ᴀdmin" (a small capital) and "adm1n"
share one skeleton. Each character is mapped to its confusable class *before* case is folded,
and again after, so a capital from another script ("Нopeful", Cyrillic Н) lands with the Latin
capital it imitates rather than with whatever its own small letter looks like. Letter pairs that
read as one letter ("rn" for "m", "vv" for "w", "cl" for "d") fold to that letter.

Apps above `community` may check a display name for things only they know (moderation screens it
for identifying details like any other text): they register a screen from `AppConfig.ready()`
with `register_name_screen`, and `community.services.display_name_check` runs every screen.
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
# `User.display_name_key` holds the skeleton; a few scripts' letters fold to several characters.
KEY_MAX_LENGTH = 120
# Separators a pseudonym may use between words; anything else must be a letter or a digit.
SEPARATORS = frozenset(" -_.'")

# What the site shows where an erased member's words stay ("by a former member"): nobody may
# take it as a name, or a living member could pass for someone who has gone.
ERASED_MEMBER_LABEL = "a former member"

# Names and words nobody may take, imitate or use as a word (or run of words) of a longer name,
# whatever the site adds in settings (RESERVED_DISPLAY_NAMES): members would trust them as staff
# or as the system, or read them as a member who has gone.
RESERVED_WORDS: tuple[str, ...] = (
    "admin",
    "admins",
    "administrator",
    "sysadmin",
    "superuser",
    "root",
    "moderator",
    "moderators",
    "moderation",
    "mod",
    "mods",
    "staff",
    "the team",
    "site team",
    "support team",
    "system",
    "support",
    "helpdesk",
    "official",
    "verified",
    "security",
    "editor",
    "editors",
    "safeguarding",
    "safeguarding lead",
    "helpline",
    "bot",
    # The erased-member label, and other words the site shows instead of a name.
    ERASED_MEMBER_LABEL.removeprefix("a "),
    "deleted member",
    "deleted user",
    "unknown member",
    "anonymous",
)

# Helplines, charities, child-protection bodies and agencies that a frightened parent is told
# to trust, refused as a word or run of words of a name ("Victim Support Mum", "VictimSupport").
RESERVED_ORGANISATIONS: tuple[str, ...] = (
    "Childline",
    "NSPCC",
    "Samaritans",
    "Barnardo's",
    "CEOP",
    "Crimestoppers",
    "Missing People",
    "Victim Support",
    "Police",
    "Social Services",
    "Social Worker",
    "Children's Services",
    "Child Protection",
    "Citizens Advice",
    "Parentline",
    "Family Lives",
    "Young Minds",
    "Kidscape",
    "Childnet",
    "Internet Watch Foundation",
    "Stop It Now",
    "Lucy Faithfull",
    "Action for Children",
    "Children's Society",
    "National Crime Agency",
    "Parents Against Child Exploitation",
    "NHS",
    "CAMHS",
    "Detective",
    "Constable",
    "Sergeant",
)

# Reserved names distinctive enough that no ordinary word hides them: refused anywhere in a
# name, even run into other words ("GoodSamaritanMum", "nspccvolunteer", "policeofficer").
RESERVED_WORDS_ANYWHERE: tuple[str, ...] = ("moderator", "administrator", "safeguarding")
RESERVED_ORGANISATIONS_ANYWHERE: tuple[str, ...] = (
    "Childline",
    "NSPCC",
    "Samaritan",
    "Barnardo",
    "Crimestoppers",
    "Kidscape",
    "Childnet",
    "Parentline",
    "Helpline",
    "Police",
)

_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
_URL = re.compile(
    r"(https?:|www\.|://|\b[a-z0-9-]+\.(?:com|co|uk|org|net|io|me|app|tv|ly|gg|info|biz)\b)",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d")
_WORD_SPLIT = re.compile(r"[ \-_.']+")
_SKELETON_WORDS = re.compile(r"[\s\-_.']+")
# Letters by Unicode's count that show as nothing (the Hangul fillers): "Heron\u3164Blue" would
# read as another member's "Heron Blue".
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")
# Marks drawn on a letter and format characters never tell two names apart on screen.
_DROPPED_CATEGORIES = frozenset({"Mn", "Me", "Cf"})
_DIRECTION_MARKS = str.maketrans("", "", "\u200e\u200f")
_SMALL_CAPITAL = re.compile(
    r"^(?:(LATIN|GREEK|CYRILLIC)|MODIFIER) LETTER SMALL CAPITAL ([A-Z]+(?: [A-Z]+)*)$"
)
# Two letters that read as one. TR39 lists "rn" for "m"; "vv" and "cl" are the other pairs that
# pass for a letter in the fonts members read in.
_LETTER_PAIRS = (("rn", "m"), ("vv", "w"), ("cl", "d"))

NameScreen = Callable[[str], "str | None"]
_name_screens: list[NameScreen] = []


class DisplayNameError(ValueError):
    """A display name broke a rule; the message is written for the member choosing it."""


@dataclass(frozen=True)
class CheckedName:
    """A display name that passed the rules: its normalised form and its confusable skeleton."""

    name: str
    key: str


def register_name_screen(screen: NameScreen) -> None:
    """Add a check that every display name must pass, from an app's `AppConfig.ready()`.

    `screen(name)` gets the normalised name and returns a message for the member (why the name
    cannot be used, kindly) or None. It may read the database; it must not change anything.
    Registering the same function twice has no effect.
    """
    if screen not in _name_screens:
        _name_screens.append(screen)


def name_screens() -> tuple[NameScreen, ...]:
    """The registered screens, in the order they were registered."""
    return tuple(_name_screens)


@dataclass(frozen=True)
class _Folding:
    classes: dict[str, str]
    sequences: dict[str, str]
    pairs: tuple[tuple[str, str], ...]


@cache
def _folding() -> _Folding:
    """Each character's confusable class (its smallest member stands for it), the characters
    TR39 maps to several letters, and the letter pairs in class form."""
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
            parent.setdefault(min(ra, rb), min(ra, rb))

    sequences: dict[str, str] = {}
    for char, glyphs in confusables.confusables_data.items():
        char = char.translate(_DIRECTION_MARKS)
        if len(char) != 1:
            continue
        for glyph in glyphs:
            other = glyph["c"].translate(_DIRECTION_MARKS)
            if len(other) == 1:
                union(char, other)
            elif other and not char.isascii():
                # TR39 maps this one character to several ("ꜳ" to "aa"); ASCII "m" to "rn" is
                # the other way round, and the letter pairs below fold it.
                sequences[char] = other
    # Small capitals ("ᴀᴅᴍɪɴ") read as the capitals they are drawn after; TR39 leaves most
    # of them alone.
    for code in range(0x80, 0x20000):
        char = chr(code)
        small = _SMALL_CAPITAL.match(unicodedata.name(char, ""))
        if small is None:
            continue
        try:
            capital = unicodedata.lookup(f"{small.group(1) or 'LATIN'} CAPITAL LETTER {small[2]}")
        except KeyError:
            continue
        union(char, capital)
    # Case never tells two names apart. Only ASCII letters are joined with their other case:
    # joining every character's cases chains unrelated classes together ("e" with "7"). Other
    # scripts' letters meet their case through the fold in `skeleton`.
    for letter in "abcdefghijklmnopqrstuvwxyz":
        union(letter, letter.upper())
    classes = {char: find(char) for char in parent}

    def fold(text: str) -> str:
        return "".join(classes.get(ch, ch) for ch in text)

    pairs = tuple((fold(pair), fold(single)) for pair, single in _LETTER_PAIRS)
    return _Folding(classes=classes, sequences=sequences, pairs=pairs)


def _fold_char(ch: str, folding: _Folding) -> str:
    """One character to its class: mapped, then case-folded, then mapped again (TR39 first, so
    a capital of another script joins the Latin capital it imitates)."""
    classes = folding.classes
    mapped = folding.sequences.get(ch) or classes.get(ch, ch)
    out = []
    for part in mapped:
        part = classes.get(part, part)
        for lower in part.casefold():
            out.append(classes.get(lower, lower))
    return "".join(out)


def skeleton(name: str) -> str:
    """The form two names share when a reader could mistake one for the other.

    Compatibility forms are unified (NFKC), marks drawn on letters and invisible characters are
    dropped, each character folds to its confusable class before and after case folding, letter
    pairs that read as one letter fold to it, and separators between words do not count
    ("Ad.Min" looks like "admin"). Always one string for one name.
    """
    folding = _folding()
    text = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", name))
    text = unicodedata.normalize(
        "NFC", "".join(ch for ch in text if unicodedata.category(ch) not in _DROPPED_CATEGORIES)
    )
    words = []
    for word in _SKELETON_WORDS.split(text):
        folded = "".join(_fold_char(ch, folding) for ch in word)
        # Within a word only: "Car Ned" does not read as "Camed".
        for pair, single in folding.pairs:
            folded = folded.replace(pair, single)
        words.append(folded)
    return "".join(words)


def normalise(name: str) -> str:
    """NFKC, trimmed, with runs of spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", name).split())


def _contains_phone_number(text: str) -> bool:
    if len(_DIGITS.findall(text)) < 6:
        return False
    return any(True for _ in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=0))


def _pieces(name: str) -> list[str]:
    """The name's words, split also where a run-together name changes case or turns from letters
    to digits ("AdminTeam", "Mod4Life"), so a reserved word cannot hide by losing its space."""
    pieces: list[str] = []
    for word in _WORD_SPLIT.split(name):
        start = 0
        for i in range(1, len(word)):
            before, here = word[i - 1], word[i]
            after = word[i + 1] if i + 1 < len(word) else ""
            if (
                (before.islower() and here.isupper())
                or (before.isupper() and here.isupper() and after.islower())
                or (before.isalpha() != here.isalpha())
            ):
                pieces.append(word[start:i])
                start = i
        if word[start:]:
            pieces.append(word[start:])
    return pieces


def _word_runs(name: str) -> set[str]:
    """Skeletons of every run of consecutive pieces of the name (one piece, two, ... all)."""
    pieces = _pieces(name)
    return {
        skeleton("".join(pieces[i:j]))
        for i in range(len(pieces))
        for j in range(i + 1, len(pieces) + 1)
    }


def _is_run(reserved_key: str, key: str, runs: set[str]) -> bool:
    return bool(reserved_key) and (key == reserved_key or reserved_key in runs)


def _reserved_message() -> DisplayNameError:
    return DisplayNameError(
        "That name is kept for the team, or looks too much like it. Please choose another."
    )


def _organisation_message() -> DisplayNameError:
    return DisplayNameError(
        "That name looks like a helpline, a charity or an agency, and members might trust it "
        "as one. Please choose a name of your own."
    )


def check_display_name(
    raw: str,
    *,
    is_taken: Callable[[str], bool] = lambda key: False,
    reserved: Iterable[str] = (),
    screens: Iterable[NameScreen] = (),
) -> CheckedName:
    """Check a wanted display name; return it normalised with its skeleton, or raise.

    `is_taken(key)` says whether a skeleton is already in use; `reserved` are words nobody may
    take or imitate beyond the built-in `RESERVED_WORDS` and `RESERVED_ORGANISATIONS` (the
    organisation's name, the site's own). A reserved word also may not stand as a word, or a
    run of words, of a longer name ("Admin Team", "A Former Member"), since members would read
    it as an official voice; the `..._ANYWHERE` names may not appear anywhere in it.
    `screens` (usually `name_screens()`) run last but one, before `is_taken`; the first message
    wins.
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
    if len(key) > KEY_MAX_LENGTH:
        raise DisplayNameError("Please choose a shorter name.")
    runs = _word_runs(name)
    if any(skeleton(word) in key for word in RESERVED_ORGANISATIONS_ANYWHERE) or any(
        _is_run(skeleton(word), key, runs) for word in RESERVED_ORGANISATIONS
    ):
        raise _organisation_message()
    if any(skeleton(word) in key for word in RESERVED_WORDS_ANYWHERE) or any(
        _is_run(skeleton(word), key, runs) for word in (*RESERVED_WORDS, *reserved)
    ):
        raise _reserved_message()
    for screen in screens:
        message = screen(name)
        if message:
            raise DisplayNameError(message)
    if is_taken(key):
        raise DisplayNameError(
            "That name is taken, or looks too much like a member's name. Please choose another."
        )
    return CheckedName(name=name, key=key)
