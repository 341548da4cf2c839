"""Screening: find what could identify a family, spot someone in danger, apply watched terms.

Pure functions: no database, no network, no Django. `screen(text, config)` returns every finding
with its span in the original text; `redact(text, findings)` swaps identifying spans for neutral
words ("[a school]"). Everything is compiled once per process (and once per `ScreeningConfig`,
which is hashable, through an LRU cache).

Speed comes from RE2 (`google-re2`, imported as `re2`), which runs in linear time whatever the
text. One RE2 set holding every detector's regex tells, in a single pass over a post, which of
them can match at all; only those then scan the post, and Python looks only at the few places
they match. RE2 has no look-around, so context rules ("after *in*", "not at a sentence's
start") are checked in Python around each match. Phone numbers are confirmed by the
`phonenumbers` library, but only on runs of ten or more digits that RE2 found first.
`benchmarks/screening.py` measures it: about 2 MB/s of realistic posts on one core.

Text is normalised before scanning with a one-for-one character table (curly quotes to straight,
no-break and zero-width spaces to spaces, dashes to hyphens), so every span found in the
normalised text is the same span in the original.

Decisions where the brief was silent (also listed in the report that came with this module):

- Postcodes. A full postcode ("SW1A 1AA", "m1 1ae", "B338TH") counts anywhere, in any case, but
  only with a real UK postcode area (M, LS, SW...), and an inward part that reads like an
  ordinal ("2nd", "8th") only counts in capitals ("B33 8TH", not "ps4 2nd"). An outward code on
  its own ("M14", "LS6", "SW1A") counts only right after "in", "near", "round", "around",
  "from", "off", "live(s) in", "postcode", "area", or right before "area"/"postcode"/
  "district". After the plain place words it must be in capitals; "S1".."S6" after a plain
  "in" are Scottish school years, not Sheffield. "the M1", "on the M6", "near the M60" are
  motorways: "the" in between stops the match, and so does a following "motorway",
  "junction", "northbound"...
- Phones. `phonenumbers` (region GB, leniency POSSIBLE, because Ofcom's drama numbers are not
  "valid" in its data) only on runs of at least ten digits, and only if the number is written
  as dialled (starting 0, +, 00 or "(0"), so a ten-digit reference number passes. Helpline-style
  numbers (0800, 0808, 03, 08, 09, 116 xxx) belong to organisations, not families, and pass.
  Runs longer than 40 characters, and every run after the 40th in one text, go to a plain regex
  of the same shapes instead, so a flood of digits cannot make screening slow.
- Web addresses. Every link counts, except the bare name of a national service
  (gov.uk, police.uk, nhs.uk, nspcc.org.uk, childline.org.uk, samaritans.org...) written without
  a path: "I found help on nspcc.org.uk" passes, "facebook.com/jay.b" does not.
- Handles. "@name" counts unless it is a time or an everyday word ("@home", "@10pm"). After a
  platform word (snap, insta, tiktok...) the next word counts if it looks like a handle (digits,
  "_", "." or mixed case), or if a naming word comes first ("name", "username", "as", ":",
  "called") and the word is not an everyday one, or if it starts with a listed forename ("his
  insta is tylerjames"). "his snap is private" and "facebook is rubbish" pass.
- Number plates. The current format ("AB12 CDE") counts in capitals anywhere, prefix ("A123 BCD")
  and suffix ("ABC 123D") in capitals too, unless the text around is all capitals (shouting).
  After "reg", "registration", "number plate" any format counts in any case, dateless
  ("ABC 123", "1234 AB") included.
- Addresses. A house number and a capitalised street name ending in Road, Street, Lane... counts;
  so do "flat 3", "apartment 12", "at number 12" and a named street right after "on", "off",
  "down", "near", "at"... ("they hang about on Cedar Road"). Court names ("Crown Court",
  "Youth Court") and nationally known streets ("Downing Street", "High Street") without a number
  pass.
- Schools. Capitalised names only ("Oakbridge Academy", "St Mary's Primary", "Parkside High");
  generic phrases ("Primary School", "Sixth Form College", "the Football Academy") pass. A school
  written all in lower case is found only through the moderators' local terms.
- Places and groups. Besides local terms, "the Marsh estate" (a capitalised name before
  "estate") is a place, and "the M1 crew", "the Bando line" (a capitalised or alphanumeric name
  before crew, gang, mandem, squad, firm or line) are a group; tube lines ("the Jubilee line")
  and generic phrases ("the council estate") pass. A local term starting with "the" also matches
  without it.
- Dates of birth. A day-and-month, month-and-year or full date within the same sentence as
  "born", "DOB", "date of birth", "birthday" (after it, or just before it: "03/03/2011 is his
  date of birth"); a full numeric date with a year from 1990 to 2025 within 50 characters of
  a birth or age word ("born", "aged", "turned"). Only the date is replaced.
- Names. Three levels of forename, from `data/ambiguous_names.txt`: ordinary names ("Tyler",
  "Aoife") count in any case, anywhere, also as a sentence's first word (parents begin
  sentences with their child's name); names that are also words count when capitalised
  ("Holly", "Jack"), some only when not first in a sentence ("Drew", "Rob"); names that are
  ordinary words or months ("Will", "May", "Hope", "Grace") need strong context: a cue ("my son",
  "called", "Mr", "PC"), a following surname from the list, or an initial. A capitalised word
  that is not an everyday word also counts after a cue ("my son Tyrese", "PC Hargreaves", "a lad
  called Smurf"), and so does a surname from the list in "the Smith family" / "the Khans". A
  surname alone does not count. The name's span grows over a following surname or initial
  ("Tyler Blenkinsop", "Tyler B.") and over a hyphenated second part ("Tyler-James").
  `allowed_names` drops a name finding when every word of it is allowed (so "Will" allowed
  still flags "Will Thompson").
- Risk. Only present danger or self-harm: threats with intent ("they're going to kill him",
  "threatened to hurt"), weapons held now, someone taken, held or missing now, fear of them
  coming tonight; and wanting to die, self-harm, overdose, suicide (any mention, even general
  talk: a safeguarding lead would rather look), "can't go on", "no point living". Everyday
  figures of speech pass: "the waiting list is killing me", "I could kill him", "I nearly
  died", "taken into care", "being held on remand".
- Watched terms. Word and wildcard terms match whole words, case-insensitively; wildcard `*` is
  any run of letters or digits (possibly none), `?` exactly one. Regex terms are RE2 syntax,
  case-insensitive unless they say `(?-i)`. Every matching term gives a finding, so overlapping
  terms are all reported. A term that is invalid (never validated) is skipped, not fatal.
- Overlaps. An identifying finding wholly inside another (a name inside a school or an e-mail)
  is dropped; partial overlaps are kept and merged by `redact`, which uses the replacement of the
  earliest (longest) span of a merged run. Risk and watched findings are never dropped and
  never redacted.
- Not handled: letters swapped for look-alikes or split by symbols ("T y l e r"), numbers written
  in words, and lower-case school names. Moderators still read held posts.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import phonenumbers
import re2

__all__ = [
    "KINDS",
    "Action",
    "Finding",
    "LocalTerm",
    "ScreeningConfig",
    "ScreeningResult",
    "WatchedTerm",
    "redact",
    "screen",
    "validate_watched_pattern",
]

Action = Literal["pass", "flag", "hold", "block"]
Category = Literal["identifying", "risk", "watched"]

_PRECEDENCE: dict[str, int] = {"pass": 0, "flag": 1, "hold": 2, "block": 3}

KINDS: dict[str, str] = {
    "postcode": "a postcode",
    "phone": "a phone number",
    "email": "an e-mail address",
    "url": "a web address",
    "handle": "a social media name",
    "vehicle": "a number plate",
    "address": "an address",
    "school": "a school",
    "place": "a place",
    "gang": "a group",
    "date_of_birth": "a date of birth",
    "name": "a name",
    "risk_danger": "someone in danger now",
    "risk_self_harm": "self-harm or suicide",
    "watched": "a watched term",
}

_REPLACEMENTS: dict[str, str] = {
    "postcode": "[a postcode]",
    "phone": "[a phone number]",
    "email": "[an e-mail address]",
    "url": "[a web address]",
    "handle": "[a social media name]",
    "vehicle": "[a number plate]",
    "address": "[an address]",
    "school": "[a school]",
    "place": "[a place]",
    "gang": "[a group]",
    "date_of_birth": "[a date]",
    "name": "[a name]",
}

# When two identifying findings cover exactly the same span, the first kind here wins.
_PRIORITY = {
    kind: i
    for i, kind in enumerate(
        (
            "email",
            "url",
            "handle",
            "phone",
            "postcode",
            "vehicle",
            "address",
            "date_of_birth",
            "school",
            "place",
            "gang",
            "name",
        )
    )
}

MAX_PATTERN_LENGTH = 200
MAX_PROGRAM_SIZE = 50_000  # RE2 instructions: a list of 50 words is ~500, "????????" ~11,000


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    replacement: str
    category: Category
    action: Action
    term_id: int | None = None


@dataclass(frozen=True)
class WatchedTerm:
    pattern: str
    match: Literal["word", "wildcard", "regex"]
    action: Literal["block", "hold", "flag"]
    id: int | None = None


@dataclass(frozen=True)
class LocalTerm:
    text: str
    kind: Literal["school", "place", "gang"]


@dataclass(frozen=True)
class ScreeningConfig:
    watched: tuple[WatchedTerm, ...] = ()
    local_terms: tuple[LocalTerm, ...] = ()
    allowed_names: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ScreeningResult:
    findings: tuple[Finding, ...]
    action: Action
    urgent: bool

    @property
    def identifying(self) -> bool:
        return any(f.category == "identifying" for f in self.findings)

    @property
    def risk(self) -> bool:
        return any(f.category == "risk" for f in self.findings)

    @property
    def blocked_terms(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.category == "watched" and f.action == "block")


# --------------------------------------------------------------------------------------------
# Text helpers

_NORMALISE = str.maketrans(
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


def _key(word: str) -> str:
    """Lowercase, without accents or a possessive: the form the word lists are compared in."""
    word = word.casefold()
    if not word.isascii():
        word = unicodedata.normalize("NFD", word.translate(_FOLD_EXTRA))
        word = "".join(c for c in word if not unicodedata.combining(c))
    if word.endswith("'s"):
        word = word[:-2]
    return word


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _bounded(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is not glued to letters or digits on either side."""
    if start > 0 and _is_word_char(text[start - 1]) and _is_word_char(text[start]):
        return False
    return not (end < len(text) and _is_word_char(text[end]) and _is_word_char(text[end - 1]))


_SENTENCE_ENDS = frozenset(".!?\n:;\u2026")
_SENTENCE_SKIP = frozenset(" \t\r\"'([*-\u2022>")


def _sentence_start(text: str, i: int) -> bool:
    j = i - 1
    while j >= 0 and text[j] in _SENTENCE_SKIP:
        j -= 1
    return j < 0 or text[j] in _SENTENCE_ENDS


def _is_titlecase(tok: str) -> bool:
    return tok[:1].isupper() and (len(tok) == 1 or not tok.isupper())


def _re2(pattern: str, max_mem: int = 8 << 20) -> re2._Regexp:
    options = re2.Options()
    options.log_errors = False
    options.max_mem = max_mem
    return re2.compile(pattern, options)


def _alt(words: Iterable[str]) -> str:
    """An RE2 alternation of literal words, longest first, spaces matching any whitespace."""
    parts = []
    for w in sorted(set(words), key=lambda w: (-len(w), w)):
        parts.append(r"\s+".join(re2.escape(p) for p in w.split()))
    return "|".join(parts)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _phrases(text: str) -> tuple[str, ...]:
    """Phrases separated by "|", each with its spaces collapsed."""
    return tuple(" ".join(p.split()) for p in text.split("|"))


# --------------------------------------------------------------------------------------------
# Word lists

_DATA = Path(__file__).resolve().parent / "data"


def _read_list(name: str) -> list[str]:
    lines = (_DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@dataclass(frozen=True)
class _Lexicon:
    forenames: dict[str, str]  # key -> level: plain | capitalised | midsentence | strong
    forename_forms: frozenset[str]  # spellings as written in the list (accents kept)
    plain_forenames: frozenset[str]
    surnames: frozenset[str]
    stop: frozenset[str]  # everyday words + never-names: not a name, handle or school name


@functools.cache
def _lexicon() -> _Lexicon:
    levels: dict[str, str] = {}
    for line in _read_list("ambiguous_names.txt"):
        name, _, level = line.partition("\t")
        levels[_key(name)] = level.strip()
    forms = _read_list("forenames.txt")
    forenames = {_key(f): levels.get(_key(f), "plain") for f in forms}
    surnames = frozenset(_key(s) for s in _read_list("surnames.txt"))
    stop = frozenset(_key(w) for w in _read_list("common_words.txt") + _read_list("not_names.txt"))
    plain = frozenset(k for k, level in forenames.items() if level == "plain" and k.isalpha())
    return _Lexicon(forenames, frozenset(forms), plain, surnames, stop)


# --------------------------------------------------------------------------------------------
# Detectors. Each takes the normalised text and returns findings; `_Base` holds their regexes.


def _finding(kind: str, start: int, end: int) -> Finding:
    return Finding(kind, start, end, _REPLACEMENTS[kind], "identifying", "hold")


_POSTCODE_AREAS = _words(
    """AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY
    E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE
    LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL
    SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE"""
)
_OUTWARD = (
    r"(?:(?:" + "|".join(sorted(_POSTCODE_AREAS, key=len, reverse=True)) + r")\d\d?"
    r"|(?:EC|NW|SE|SW|WC|E|N|W)\d[A-HJKMNP-Y])"
)
_INWARD = r"\d[ABD-HJLNP-UW-Z]{2}"
_ORDINALS = frozenset({"1st", "2nd", "3rd"} | {f"{d}th" for d in "0456789"})
_MOTORWAY_AFTER = re.compile(
    r"\s+(?:motorway|junction|jct|j\d|northbound|southbound|eastbound|westbound|toll|slip|"
    r"services|roadworks)\b",
    re.I,
)
_STRONG_POSTCODE_CUES = ("postcode", "post code", "area", "district")


def _postcodes(text: str, scan: _Scan) -> list[Finding]:
    out = []
    for m in scan.find("postcode"):
        inward = m.group(2)
        if inward.lower() in _ORDINALS and not inward.isupper():
            continue
        out.append(_finding("postcode", m.start(), m.end()))
    for m in scan.find("outward"):
        if m.group(2) is not None:  # "in M14"
            cue, code, start, end = m.group(1).lower(), m.group(2), m.start(2), m.end(2)
            if _MOTORWAY_AFTER.match(text, end):
                continue
            strong = cue.split()[0] in _STRONG_POSTCODE_CUES or cue.startswith("post")
            if not strong:
                if not code.isupper():
                    continue
                if cue == "in" and re.fullmatch(r"S[1-6]", code):
                    continue
        else:  # "the M14 area"
            start, end = m.start(3), m.end(3)
        if _bounded(text, start, end):
            out.append(_finding("postcode", start, end))
    return out


_HELPLINE_PREFIXES = ("3", "80", "84", "87", "9", "116", "500")


_PHONE_FALLBACK = re.compile(
    r"(?<![\d+])(?:\+44[ \-.]?(?:\(0\)[ \-.]?)?|\+(?!44)[1-9]\d?\d?[ \-.]?"
    r"|00[1-9]\d?\d?[ \-.]?|\(?0)[1-9](?:[ \-.()]{0,2}\d){8,10}(?!\d)"
)
_MATCHER_RUN_CHARS = 40  # longer runs are lists of numbers or noise: use the plain regex
_MATCHER_CALLS = 40  # per text; after that the plain regex, so a flood of digits stays cheap


def _personal_number(digits: str) -> bool:
    """Digits of a GB number as written (0..., 44..., 0044...): not a helpline-style one."""
    if digits.startswith("0044"):
        digits = digits[4:]
    elif digits.startswith("44"):
        digits = digits[2:]
    elif digits.startswith("00"):
        return True  # abroad: a person's number
    nsn = digits[1:] if digits.startswith("0") else digits
    if nsn.startswith("0"):  # +44 (0)20 ...
        nsn = nsn[1:]
    return not nsn.startswith(_HELPLINE_PREFIXES)


def _phones(text: str, scan: _Scan) -> list[Finding]:
    out = []
    calls = 0
    for m in scan.find("phone_run"):
        chunk_start, chunk_end = m.start(), m.end()
        chunk = text[chunk_start:chunk_end]
        if len(chunk) > _MATCHER_RUN_CHARS or calls >= _MATCHER_CALLS:
            for p in _PHONE_FALLBACK.finditer(chunk):
                digits = "".join(c for c in p.group() if c.isdigit())
                if p.group().startswith("+") and not p.group().startswith("+44"):
                    ok = True
                else:
                    ok = _personal_number(digits)
                if ok:
                    out.append(_finding("phone", chunk_start + p.start(), chunk_start + p.end()))
            continue
        calls += 1
        for pm in phonenumbers.PhoneNumberMatcher(
            chunk, "GB", leniency=phonenumbers.Leniency.POSSIBLE
        ):
            number = pm.number
            nsn = str(number.national_number)
            if number.country_code == 44 and nsn.startswith(_HELPLINE_PREFIXES):
                continue
            raw = pm.raw_string.lstrip("(")
            if not raw.startswith(("0", "+")) or sum(c.isdigit() for c in raw) < 10:
                continue
            out.append(_finding("phone", chunk_start + pm.start, chunk_start + pm.end))
    return out


_SAFE_DOMAINS = frozenset(
    _words(
        """gov.uk police.uk nhs.uk ceop.police.uk nspcc.org.uk childline.org.uk samaritans.org
        crimestoppers-uk.org fearless.org mind.org.uk youngminds.org.uk barnardos.org.uk
        childrenssociety.org.uk papyrus-uk.org themix.org.uk victimsupport.org.uk
        citizensadvice.org.uk missingpeople.org.uk paceuk.info stopitnow.org.uk thinkuknow.co.uk
        parliament.uk petition.parliament.uk 111.nhs.uk"""
    )
)
_URL_TRAILING = ".,;:!?)]}'\"*"


def _urls(text: str, scan: _Scan) -> list[Finding]:
    out = []
    for name, bare in (("url_scheme", False), ("url_bare", True)):
        for m in scan.find(name):
            start, end = m.start(), m.end()
            while end > start and text[end - 1] in _URL_TRAILING:
                end -= 1
            if not _bounded(text, start, end) or (start > 0 and text[start - 1] in "@."):
                continue
            if bare:
                host = text[start:end].lower()
                if host.startswith("www."):
                    host = host[4:]
                if host in _SAFE_DOMAINS:
                    continue
            out.append(_finding("url", start, end))
    return out


def _emails(text: str, scan: _Scan) -> list[Finding]:
    out = [_finding("email", m.start(), m.end()) for m in scan.find("email")]
    out += [_finding("email", m.start(), m.end()) for m in scan.find("email_spoken")]
    return out


_HANDLE_TAIL = re.compile(
    r"(?:'s)?(?P<sep>[ \t]*,?[ \t]*(?:[:=\-][ \t]*)?"
    r"(?P<named>(?:user[ \t]?)?name|handle|account[ \t]name|account|acc|id|tag|as|called)?"
    r"[ \t]*(?P<verb>is|was|=|:|-|called|it's|its)?[ \t]*(?::[ \t]*)?)"
    r"(?P<at>@)?(?P<tok>[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)(?![A-Za-z0-9_@])",
    re.I,
)
_HANDLE_OBJECT = re.compile(r"(?:[ \t]+(?:me|him|her|us|them)\b)?", re.I)
_NOT_A_HANDLE = re.compile(r"\d+(?:[ap]m|st|nd|rd|th|s|k|p)?|[a-z]{1,2}", re.I)
_ADJECTIVE_ENDINGS = ("ed", "ing", "ly", "ful", "less", "ous", "ive", "able")


def _handle_like(tok: str) -> bool:
    core = tok.strip("._")
    return any(c.isdigit() or c in "_." for c in core) or (
        any(c.isupper() for c in core[1:]) and any(c.islower() for c in core)
    )


def _starts_with_forename(word: str) -> bool:
    plain = _lexicon().plain_forenames
    return any(word[:n] in plain for n in range(3, len(word) - 1))


def _handles(text: str, scan: _Scan) -> list[Finding]:
    lex = _lexicon()
    out = []
    for m in scan.find("at_handle"):
        start, end = m.start(1), m.end(1)
        tok = text[start + 1 : end].rstrip(".")
        end = start + 1 + len(tok)
        if _NOT_A_HANDLE.fullmatch(tok) or tok.lower() in lex.stop:
            continue
        out.append(_finding("handle", start, end))
    for m in scan.find("platform"):
        t = _HANDLE_TAIL.match(text, _HANDLE_OBJECT.match(text, m.end()).end())
        if not t:
            continue
        tok = t.group("tok")
        low = tok.lower()
        if _NOT_A_HANDLE.fullmatch(tok) or low in lex.stop:
            continue
        if not (t.group("at") or _handle_like(tok)):
            # A plain word: only after "name", "handle", ":" (not a bare "is"), or when it
            # starts with a forename ("tylerjames").
            named = t.group("named") or t.group("verb") in ("=", ":", "-", "called")
            if len(tok) < 3 or low.endswith(_ADJECTIVE_ENDINGS):
                continue
            if not (named or _starts_with_forename(low)):
                continue
        start = t.start("at") if t.group("at") else t.start("tok")
        out.append(_finding("handle", start, t.end("tok")))
    return out


_PLATE_FORMATS = (
    r"[A-Z]{2}(?:0[2-9]|1\d|2[0-5]|5[1-9]|6\d|7[0-5])[ ]?[A-Z]{3}",  # current, AB12 CDE
    r"[A-Z]\d{1,3}[ ]?[A-Z]{3}",  # prefix, A123 BCD
    r"[A-Z]{3}[ ]?\d{1,3}[A-Z]",  # suffix, ABC 123D
)
_PLATE_ANY = re.compile(
    r"(?:\b(?:" + "|".join(_PLATE_FORMATS) + r"|[A-Z]{1,3}[ ]?\d{1,4}|\d{1,4}[ ]?[A-Z]{1,3})\b)",
    re.I,
)
_PLATE_FILLER = re.compile(
    r"(?:[ \t]*(?:was|is|were|:|-|=|number|no\.?|of|started|starts|starting|began|ending|ends|"
    r"ended|with|like|something|it's|its|read|reads|said|says|i think|maybe|plate|plates))*[ \t]*",
    re.I,
)
_PLATE_NOT = re.compile(r"\d+[ ]?(?:am|pm|st|nd|rd|th|s|k|p|mph|hrs?|mins?|yrs?|ft|m|km)", re.I)


def _shouting(text: str, start: int, end: int) -> bool:
    window = text[max(0, start - 40) : end + 40]
    return sum(c.islower() for c in window) < 3


def _vehicles(text: str, scan: _Scan) -> list[Finding]:
    out = []
    stop = _lexicon().stop
    for m in scan.find("plate"):
        letters = re.findall(r"[A-Z]{3}", m.group())
        if _shouting(text, m.start(), m.end()) or any(w.lower() in stop for w in letters):
            continue
        out.append(_finding("vehicle", m.start(), m.end()))
    for m in scan.find("plate_cue"):
        pos = _PLATE_FILLER.match(text, m.end()).end()
        p = _PLATE_ANY.match(text, pos)
        if not p:
            continue
        plate = p.group()
        if _PLATE_NOT.fullmatch(plate) or not any(c.isdigit() for c in plate):
            continue
        if not any(c.isalpha() for c in plate):
            continue
        out.append(_finding("vehicle", p.start(), p.end()))
    return out


_STREET_SUFFIXES = _words(
    """Road Rd Street St Lane Ln Avenue Ave Close Drive Way Crescent Cres Court Ct Place Pl Gardens
    Gdns Terrace Grove Rise Walk Hill Row Square Sq Mews Parade Vale Yard Wharf Meadows Croft
    Fold Brow Wynd Boulevard Approach Circus Embankment Quay Lea Dene Nook Villas Cottages"""
)
_NAMED_STREET_SUFFIXES = _words(
    """Road Rd Street St Lane Avenue Ave Close Drive Way Crescent Court Place Gardens Terrace Grove
    Rise Walk Row Square Mews Parade Boulevard Wynd"""
)
_NOT_STREETS = frozenset(
    _phrases(
        """high street|main street|high road|main road|downing street|coronation street|
        sesame street|memory lane|wall street|fleet street|easy street|civvy street|
        oxford street|baker street|abbey road|penny lane|the way|no way|one way|each way|
        either way|any way|some way|every way|same way|wrong way|right way|long way|only way|
        other way|half way|first place|safe place|dark place|right place|wrong place|
        good place|bad place|happy place|same place|last place"""
    )
)
_FAMOUS_STREETS = frozenset(
    _phrases(
        """downing street|coronation street|sesame street|memory lane|wall street|easy street|
        civvy street|abbey road|penny lane"""
    )
)
_COURT_WORDS = frozenset(
    _words(
        """crown magistrates magistrates' magistrate's youth family county high supreme coroner's
        coroners juvenile appeal royal sheriff combined criminal civil"""
    )
)
_STREET_NAME_STOP = frozenset(
    _words(
        """the a an this that these those his her their our my your its no every each any some one
        first last next same safe right wrong good bad other only long whole"""
    )
)
_STREET_WORD = re.compile(
    r"^[ \t,]+(?:[A-Z][^\W\d_'\-]*(?:['\-][^\W\d_]+)*[ \t]+){1,3}(?:"
    + "|".join(_STREET_SUFFIXES)
    + r")\b"
)
_FLAT_NOT = re.compile(
    r"[ \t]*(?:%|per\b|minutes?\b|mins?\b|hours?\b|hrs?\b|days?\b|weeks?\b|months?\b|"
    r"years?\b|pounds?\b|quid\b|grand\b|k\b|times?\b|miles?\b|metres?\b|feet\b|ft\b)",
    re.I,
)
_NUMBER_HOUSE = re.compile(r"(?i)(?:\bat|\blives?|\bliving|\bhouse|\bdoor|\baddress)[ \t]*$")


def _street_name_ok(text: str, name_start: int, name_end: int, numbered: bool) -> bool:
    words = text[name_start:name_end].split()
    if not words or words[0].lower() in _STREET_NAME_STOP:
        return False
    if (
        words[-1].lower() in ("court", "ct")
        and len(words) > 1
        and words[-2].lower() in _COURT_WORDS
    ):
        return False  # "Crown Court", "at 10 Youth Court"
    last_two = " ".join(w.lower() for w in words[-2:])
    if last_two in _FAMOUS_STREETS:
        return False
    return numbered or (
        " ".join(w.lower() for w in words) not in _NOT_STREETS and last_two not in _NOT_STREETS
    )


def _addresses(text: str, scan: _Scan) -> list[Finding]:
    lex = _lexicon()
    out = []
    for m in scan.find("numbered_street"):
        if _street_name_ok(text, m.start(1), m.end(), numbered=True):
            out.append(_finding("address", m.start(), m.end()))
    for m in scan.find("numbered_street_lc"):
        words = text[m.start(2) : m.end(2)].split()
        if not any(w.lower() in lex.stop for w in words) and _street_name_ok(
            text, m.start(2), m.end(), numbered=True
        ):
            out.append(_finding("address", m.start(1), m.end()))
    for m in scan.find("named_street"):
        if _street_name_ok(text, m.start(1), m.end(1), numbered=False):
            out.append(_finding("address", m.start(1), m.end(1)))
    for m in scan.find("flat"):
        if not _FLAT_NOT.match(text, m.end()):
            out.append(_finding("address", m.start(), m.end()))
    for m in scan.find("house_number"):
        before = text[max(0, m.start() - 20) : m.start()]
        after = text[m.end() : m.end() + 40]
        if _NUMBER_HOUSE.search(before) or _STREET_WORD.search(after):
            out.append(_finding("address", m.start(), m.end()))
    return out


_SCHOOL_GENERIC = frozenset(
    _words(
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


def _strip_generic(text: str, start: int, end: int, stop: frozenset[str]) -> int | None:
    """Where a school/estate/group name really starts, skipping leading generic words."""
    for tm in re.finditer(r"\S+", text[start:end]):
        word = tm.group().lower()
        if word in stop or word in _SCHOOL_GENERIC or _key(word.strip(".,;:")) in stop:
            continue
        return start + tm.start()
    return None


def _schools(text: str, scan: _Scan) -> list[Finding]:
    lex = _lexicon()
    out = []
    for m in scan.find("saint_school"):
        out.append(_finding("school", m.start(), m.end()))
    for m in scan.find("named_school"):
        start = _strip_generic(text, m.start(1), m.end(1), lex.stop)
        if start is None:
            continue
        out.append(_finding("school", start, m.end()))
    return out


_ESTATE_GENERIC = frozenset(
    _words(
        """council housing industrial trading retail business real country private new old royal
        landed family holiday caravan social big huge local whole same"""
    )
)
_LINE_GENERIC = frozenset(
    _words(
        """bakerloo central circle district elizabeth hammersmith jubilee metropolitan northern
        piccadilly victoria waterloo overground suffragette mildmay lioness weaver windrush
        liberty thameslink tram metrolink dlr county phone help front bottom finish party picket
        main branch fault poverty bread dotted same red green blue yellow orange purple brown
        pink grey gray black white silver gold hot crisis advice police"""
    )
)
_GANG_GENERIC = frozenset(
    _words(
        """ambulance film camera tv air cabin fire road the a my our their his her your this that
        year albanian police prison youth street"""
    )
)


def _places_and_groups(text: str, scan: _Scan) -> list[Finding]:
    lex = _lexicon()
    out = []
    for m in scan.find("estate"):
        start = _strip_generic(text, m.start(1), m.end(1), lex.stop | _ESTATE_GENERIC)
        if start is not None:
            out.append(_finding("place", start, m.end()))
    for m in scan.find("gang"):
        start = _strip_generic(text, m.start(1), m.end(1), lex.stop | _GANG_GENERIC)
        if start is None or text[start : m.end(1)].strip().isdigit():
            continue
        out.append(_finding("gang", start, m.end()))
    for m in scan.find("county_line"):
        word = m.group(1).lower()
        if word in _LINE_GENERIC or word in lex.stop:
            continue
        out.append(_finding("gang", m.start(1), m.end()))
    return out


_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_DATE = re.compile(
    rf"\b(?:(?:the[ \t]+)?{_DAY}[ \t]+(?:of[ \t]+)?{_MONTH}(?:,?[ \t]+{_YEAR})?"
    rf"|{_MONTH}[ \t]+(?:the[ \t]+)?{_DAY}(?:,?[ \t]+{_YEAR})?"
    rf"|{_MONTH}[ \t]+{_YEAR}"
    r"|\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d\d))(?![\w/])",
    re.I,
)
_SENTENCE_BREAK = re.compile(r"[!?\n]|\.(?:\s|$)")
_DOB_BEFORE_FILLER = re.compile(
    r"[ \t,\-(:]*(?:(?:is|was|being|=)[ \t]+)?(?:(?:his|her|my|their|our|the|your)[ \t]+)?"
    r"(?:(?:son|daughter|child|boy|girl)'s[ \t]+)?",
    re.I,
)
_AGE_CUE = re.compile(r"(?i)\b(?:born|birth|d\.?o\.?b|birthday|b-?day|aged?|turned|turns)\b")


def _dates_of_birth(text: str, scan: _Scan) -> list[Finding]:
    out = []
    for m in scan.find("birth_cue"):
        after = text[m.end() : m.end() + 45]
        brk = _SENTENCE_BREAK.search(after)
        if brk:
            after = after[: brk.start()]
        d = _DATE.search(after)
        if d:
            out.append(_finding("date_of_birth", m.end() + d.start(), m.end() + d.end()))
            continue
        before_start = max(0, m.start() - 30)
        before = text[before_start : m.start()]
        cut = 0
        for brk in _SENTENCE_BREAK.finditer(before):
            cut = brk.end()
        last = None
        for d in _DATE.finditer(before, cut):
            last = d
        if last is not None and _DOB_BEFORE_FILLER.fullmatch(before, last.end()):
            out.append(
                _finding("date_of_birth", before_start + last.start(), before_start + last.end())
            )
    for m in scan.find("numeric_date"):
        year = int(m.group(1)) if len(m.group(1)) == 4 else 2000 + int(m.group(1))
        if len(m.group(1)) == 4 and not 1990 <= year <= 2025:
            continue
        window = text[max(0, m.start() - 50) : m.end() + 50]
        if _AGE_CUE.search(window):
            out.append(_finding("date_of_birth", m.start(), m.end()))
    return out


# Names -------------------------------------------------------------------------------------

_RELATIONS = _words(
    """son daughter boy girl lad child kid baby brother sister bro sis nephew niece grandson
    granddaughter grandchild cousin mate friend pal bestie boyfriend girlfriend bf gf ex partner
    husband wife fiance fiancee dad mum stepdad stepmum stepson stepdaughter uncle aunt auntie
    neighbour teacher"""
)
_TITLES = _words(
    """Mr Mrs Ms Miss Mx Dr Prof PC PCSO DC DS DI DCI DSI DSU Sgt Insp Supt Sergeant Inspector
    Superintendent Constable Detective Officer Judge Cllr Councillor Rev Reverend Pastor Father
    Imam Sheikh Nurse Coach"""
)
_TITLE_SET = frozenset(_TITLES)
_CONTRACTION = re.compile(r"'(?:t|ll|ve|re|d|m)\b", re.I)
_TOKEN = re.compile(r"[^\W\d_](?:[^\W\d_]|['\-](?=[^\W\d_]))*")
_AFTER_CUE = re.compile(r"[ \t]*,?[ \t]*(?:-[ \t]*)?(?:\"|')?")
_NEXT_NAME_TOKEN = re.compile(
    r"[ \t]+(?:(?P<initial>[A-Z])(?P<dot>\.)?(?![^\W_])|(?P<tok>[A-Z][^\W\d_]*(?:['\-][^\W\d_]+)*))"
)
_HYPHEN_TAIL = re.compile(r"(?:-[^\W\d_]+)+")
_SUFFIX_WORDS = frozenset(w.lower() for w in _STREET_SUFFIXES) | frozenset(
    _words(
        """academy school college primary high grammar juniors infants estate crew gang line family
        twins brothers sisters"""
    )
)
_PLURAL_SURNAME_WORDS = frozenset(
    _words(
        """brown white green black young wood hill king baker cook bell hunt knight fisher fox ford
        brooks west cole ball rose grant wells hart page marsh stone bird dean lane bishop cross
        long sharp hardy potter may read miles mann frost banks french nash bond holt heath
        norman moss mills gray grey power cox price webb mason marshall walker turner porter
        cooper shepherd wheeler hunter gardner carter parsons barber booth field hall ward james
        thomas lewis jordan simpson"""
    )
)


def _surname_end(text: str, end: int, strict: bool) -> int:
    """Where a name that ends at `end` really ends, taking in a surname or initial after it."""
    lex = _lexicon()
    for _ in range(2):
        m = _NEXT_NAME_TOKEN.match(text, end)
        if not m:
            break
        if m.group("initial"):
            if m.group("initial") in "IA" and not m.group("dot"):
                break
            end = m.end()
            continue
        tok = m.group("tok")
        tok_end = m.end()
        if tok.endswith("'s"):
            tok, tok_end = tok[:-2], tok_end - 2
        key = _key(tok)
        if key in lex.stop or key in _SUFFIX_WORDS or (len(tok) > 1 and tok.isupper()):
            break
        if strict and key not in lex.surnames:
            break
        if _CONTRACTION.match(text, tok_end):
            break
        end = tok_end
    return end


def _names(text: str, scan: _Scan) -> list[Finding]:
    lex = _lexicon()
    cues: dict[int, str] = {}
    for rx, kind in (
        ("cue_relation", "relation"),
        ("cue_called", "called"),
        ("cue_title", "title"),
        ("cue_title_lc", "title_lc"),
    ):
        for m in scan.find(rx):
            pos = _AFTER_CUE.match(text, m.end()).end()
            t = _TOKEN.match(text, pos)
            if t:
                cues.setdefault(t.start(), kind)
    candidates: dict[int, tuple[int, str]] = {}  # start -> (end, the listed forename's key)
    for m in scan.find("forename"):
        start, end = m.start(), m.end()
        if _bounded(text, start, end):
            tail = _HYPHEN_TAIL.match(text, end)  # "Tyler-James": the whole of it
            candidates[start] = (tail.end() if tail else end, _key(text[start:end]))
    out = []
    for start in sorted(cues.keys() | candidates.keys()):
        end, listed = candidates.get(start, (None, ""))
        if end is None:
            end = _TOKEN.match(text, start).end()
        tok = text[start:end]
        if tok.endswith("'s"):
            tok, end = tok[:-2], end - 2
        if not tok or _CONTRACTION.match(text, end) or (start and text[start - 1] in "@#/."):
            continue
        key = _key(tok)
        cue = cues.get(start)
        level = lex.forenames.get(key) or lex.forenames.get(listed)
        titlecase = _is_titlecase(tok)
        if level is None:
            # Not a listed forename: only a capitalised unknown word right after a cue.
            if cue is None or not tok[:1].isupper():
                continue
            if len(tok) > 1 and tok.isupper() and cue != "title":
                continue  # "my son ADHD..."
            if tok in _TITLE_SET:
                continue  # "his teacher Miss Rowley": the title cue takes it from here
            if len(tok) == 1:  # "Mr J Smith", "Mr J. Smith": an initial needs a surname
                if cue != "title" and text[end : end + 1] != ".":
                    continue  # "my son A Level..."
                end += text[end : end + 1] == "."
                nxt = _NEXT_NAME_TOKEN.match(text, end)
                if not nxt or not nxt.group("tok"):
                    continue
            elif key in lex.stop:
                # "they call him Little D": an everyday word, then a name or an initial.
                name_end = _surname_end(text, end, strict=False) if cue == "called" else end
                if name_end > end:
                    out.append(_finding("name", start, name_end))
                continue
            if cue == "title_lc" and key not in lex.surnames:
                continue
            name_end = _surname_end(text, end, strict=False)
            out.append(_finding("name", start, name_end))
            continue
        surname_end = _surname_end(text, end, strict=level == "strong")
        strong = cue is not None or surname_end > end
        if level == "plain":
            ok = True
        elif level == "capitalised":
            ok = titlecase or (cue is not None and cue != "title_lc")
        elif level == "midsentence":
            ok = (titlecase and not _sentence_start(text, start)) or strong
        else:
            ok = titlecase and strong
        if not ok:
            continue
        out.append(_finding("name", start, surname_end))
    for m in scan.find("family"):
        group = 1 if m.group(1) is not None else 3
        key = _key(m.group(group))
        if key in lex.stop:
            continue
        # "the Smiths": only listed surnames that are not everyday words
        if group == 3 and (key[:-1] not in lex.surnames or key[:-1] in _PLURAL_SURNAME_WORDS):
            continue
        out.append(_finding("name", m.start(group), m.end(group)))
    return out


def _drop_allowed(text: str, findings: list[Finding], allowed: frozenset[str]) -> list[Finding]:
    if not allowed:
        return findings
    kept = []
    for f in findings:
        if f.kind == "name":
            span = text[f.start : f.end]
            words = [_key(w) for w in re.findall(r"[^\W\d_]+(?:['\-][^\W\d_]+)*", span)]
            if _key(" ".join(span.split())) in allowed or (
                words and all(w in allowed for w in words)
            ):
                continue
        kept.append(f)
    return kept


# Risk --------------------------------------------------------------------------------------


def _spaced(pattern: str) -> str:
    """Regex source written with plain spaces: " " is one or more blanks, "~" any or none.

    Patterns below are written this way and go through here once, when compiled."""
    return pattern.replace(" ", r"[ \t]+").replace("~", r"[ \t]*")


_SELF = r"(?:my|him|her|them|your|our)sel(?:f|ves)"
_INTENT = (
    "(?:(?:is|are|am|'s|'re|'m|was|were) )?(?:going to|gonna|gunna|will|'ll|would|'d|wants? to|"
    "wanna|about to|coming to|(?:have|has|'ve) said they'?(?:ll|d|will|would)|"
    "said (?:they|he|she)'?(?:ll|d|will|would)|say (?:they|he|she)'?(?:ll|will)|"
    "threaten(?:ed|ing|s)? to|promised to|swore to|planning to)"
)
_THEY = (
    "(?:they|he|she|someone|somebody|them|the (?:gang|olders?|dealers?|men|lads|boys|group)|"
    "these (?:men|lads)|a (?:man|gang))"
)
_VICTIM = (
    "(?:him|her|me|us|them|my (?:son|daughter|boy|girl|child|kids?|family|husband|wife|partner|"
    "baby)|our (?:son|daughter|boy|girl|child|kids?|family))"
)
_HARM_VERB = (
    "(?:kill|murder|stab|shoot|hurt|harm|rape|kidnap|burn|slice|shank|merk|wet|batter|beat up|"
    "cut|torture|take|snatch|petrol bomb|acid)"
)
_TAKERS = "(?:they|he|she|someone|somebody|men|a man|the (?:gang|olders?|dealers?))"
_LIMB = "(?:his|her|my|their) (?:arms?|wrists?|legs?|thighs?)"
_RISK_DANGER = [
    rf"\b{_THEY}~{_INTENT} {_HARM_VERB} {_VICTIM}\b",
    rf"\bthreaten(?:ed|ing|s)? (?:to )?{_HARM_VERB}\b",
    rf"\bthreaten(?:ed|ing|s)? {_VICTIM} with\b",
    r"\b(?:death|kill) threats?\b",
    r"\b(?:he|she|they|someone|somebody|my \w+|a (?:man|lad|boy|guy))~"
    r"(?:'s|is|are|'re|has|have|'ve)?~(?:got|has|carrying|carries|holding|waving|pulled|"
    r"pulling|brandishing|armed with) "
    r"(?:(?:a|an|his|her|their|the|some) )?(?:knife|knives|blade|machete|zombie knife|gun|firearm|"
    r"pistol|shotgun|weapon|shank|acid)\b",
    rf"\b{_TAKERS}~(?:'ve|have|has|'s)?~(?:taken|snatched|grabbed|abducted|kidnapped|bundled) "
    rf"{_VICTIM}(?: (?:away|off|into|in))?\b",
    rf"\b{_TAKERS} (?:just )?took {_VICTIM} (?:tonight|today|just now|an hour ago|"
    r"this (?:morning|afternoon|evening))\b",
    r"\b(?:been|being|was|got|has been) (?:taken|kidnapped|abducted|snatched|trafficked|"
    r"bundled into)\b",
    r"\bbeing held\b",
    r"\bheld (?:hostage|captive|against (?:his|her|their|my) will|at (?:knife|gun)~point)\b",
    r"\b(?:locked|locking|locks) (?:him|her|them) (?:in|up)\b",
    r"\bwon'?t let (?:him|her|them) (?:go|leave|come home)\b",
    r"\b(?:is|'s|has gone|'s gone|went|gone|been|go|going) missing (?:again )?(?:tonight|now|"
    r"right now|today|since|this (?:morning|afternoon|evening)|for (?:\d+|two|three|four|five|"
    r"six|several|a few|over) |at the moment|still)",
    r"\bstill missing\b",
    r"\bmissing (?:tonight|right now|again tonight)\b",
    r"\b(?:hasn'?t|has not|haven'?t|have not|didn'?t|did not|not) (?:come|came|been|got) "
    r"(?:back )?home (?:yet|tonight|last night|since|for|again|all night)",
    r"\b(?:scared|afraid|frightened|terrified|worried|petrified) (?:that )?(?:they|he|she)"
    r"(?:'ll| will| are going to|'re going to| might| could|'re gonna) (?:come|turn up|kill|"
    r"hurt|find|stab|take|get (?:him|her|us|me)|do (?:him|her|us|me))\b",
    r"\b(?:they|he|she|they're|he's|she's)~(?:'re|are|'s|is)?~(?:outside|at) (?:the|our|my) "
    r"(?:house|door|flat|window) (?:now|right now|tonight)\b",
    r"\bbanging on (?:the|our|my) (?:door|window)\b",
    r"\bknow where we live\b",
    r"\b(?:coming|come) (?:to|round to|round|back to|back for|for) (?:the|our|my|him|her|us|me)"
    r"(?: (?:house|home|door|flat))? (?:tonight|now|later)\b",
    r"\b(?:is|'s|are|'re|am|'m|be|being) in (?:(?:real|immediate|serious|grave) )?danger\b",
    r"\bfear for (?:his|her|my|their|our) (?:life|lives|safety)\b",
    r"\b(?:life|lives) (?:is|are) (?:at risk|in danger)\b",
    r"\bgoing to (?:be|get) (?:killed|stabbed|shot|hurt|beaten up)\b",
    r"\bbeing (?:beaten|attacked|stabbed|raped|hurt|threatened|followed|chased|hunted|abused|"
    r"sold|trafficked)\b",
    r"\b(?:just|tonight|today) (?:been )?(?:stabbed|shot|attacked|jumped|beaten up|kidnapped)\b",
    r"\b(?:been|was|got) (?:stabbed|shot) (?:tonight|today|just now|"
    r"this (?:morning|evening|afternoon))\b",
    r"\bcuckooed\b",
]
_RISK_SELF_HARM = [
    r"\b(?:want(?:s|ed)?|wanna|wish(?:es|ed)?|going|gonna|ready|planning|plans?|trying|tried|"
    r"tries|thinking (?:about|of)|thought (?:about|of)|talk(?:s|ed|ing)? about|"
    r"threaten(?:s|ed|ing)?) (?:to )?(?:die|dying|end (?:it(?: all)?|(?:my|his|her|their) "
    rf"(?:own )?life)|(?:kill|hurt|hang|harm|cut)(?:ing)? {_SELF}|"
    r"take (?:my|his|her|their) (?:own )?life|suicide)",
    rf"\b(?:kill|hang|harm|hurt|cut|starve|strangle)(?:s|ed|ing|ting)? {_SELF}\b",
    r"\bend(?:ed|ing|s)? it all\b",
    r"\bend(?:ed|ing|s)? (?:my|his|her|their) (?:own )?life\b",
    r"\b(?:take|takes|taking|taken|took) (?:my|his|her|their) own life\b",
    r"\bsuicid(?:e|al|es)\b",
    r"\bself(?:-|~)harm(?:s|ed|ing)?\b",
    rf"\bcutting (?:again|{_LIMB})\b",
    rf"\bcuts (?:on|all over) {_LIMB}\b",
    r"\boverdos(?:e|ed|es|ing)\b",
    r"\b(?:can'?t|cannot|can not|couldn'?t) go on\b",
    r"\bno (?:point|reason) (?:in )?(?:living|going on|being (?:here|alive)|to live|"
    r"carrying on|in life)\b",
    r"\bbetter off (?:dead|without (?:me|him|her|us))\b",
    r"\b(?:don'?t|doesn'?t|do not|does not|didn'?t) want to (?:live|be (?:here|alive)|wake up|"
    r"exist)\b",
    r"\bwish(?:es|ed)? (?:i|he|she|they) (?:was|were|'d|had) (?:dead|never been born|not here)\b",
    r"\bnot want(?:ing)? to live\b",
    r"\b(?:took|taken|swallowed|swallow) (?:a (?:load|lot|handful|bunch|box) of |"
    r"all (?:my|his|her|the) )(?:pills|tablets|paracetamol)\b",
    r"\b(?:jump|jumped|jumping) (?:off|in front of) (?:a|the) (?:bridge|train|building|roof|car|"
    r"bus|cliff)\b",
    r"\bnoose\b",
]
_RISK_EXCEPT = re.compile(
    _spaced(
        " (?:into care|in to care|to hospital|to court|to the station|in for questioning|"
        "on remand|in custody|in a cell|at the station|by (?:the )?police|in police|"
        "into account|seriously|away by social)"
    ),
    re.I,
)


_NOT_SELF_CUTTING = frozenset(
    _words(
        """class classes school lessons corners back down ties out off up hair grass wood costs it
        the his her their my them him me us people in across through edge a an some that this
        those these into bread food veg vegetables paper cards ribbons loose short it's"""
    )
)


def _risks(text: str, scan: _Scan) -> list[Finding]:
    out = []
    for m in scan.find("risk_cutting"):
        nxt = re.match(r"[ \t]*([^\W\d_][\w']*)", text[m.end() : m.end() + 30])
        if nxt and nxt.group(1).lower() in _NOT_SELF_CUTTING:
            continue
        out.append(Finding("risk_self_harm", m.start(), m.end(), "", "risk", "hold"))
    for name, kind in (("risk_danger", "risk_danger"), ("risk_self_harm", "risk_self_harm")):
        for m in scan.find(name):
            if kind == "risk_danger" and _RISK_EXCEPT.match(text, m.end()):
                continue
            out.append(Finding(kind, m.start(), m.end(), "", "risk", "hold"))
    return out


# The compiled detectors ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Base:
    postcode: re2._Regexp
    outward: re2._Regexp
    phone_run: re2._Regexp
    email: re2._Regexp
    email_spoken: re2._Regexp
    url_scheme: re2._Regexp
    url_bare: re2._Regexp
    at_handle: re2._Regexp
    platform: re2._Regexp
    plate: re2._Regexp
    plate_cue: re2._Regexp
    numbered_street: re2._Regexp
    numbered_street_lc: re2._Regexp
    named_street: re2._Regexp
    flat: re2._Regexp
    house_number: re2._Regexp
    saint_school: re2._Regexp
    named_school: re2._Regexp
    estate: re2._Regexp
    gang: re2._Regexp
    county_line: re2._Regexp
    birth_cue: re2._Regexp
    numeric_date: re2._Regexp
    forename: re2._Regexp
    cue_relation: re2._Regexp
    cue_called: re2._Regexp
    cue_title: re2._Regexp
    cue_title_lc: re2._Regexp
    family: re2._Regexp
    risk_danger: re2._Regexp
    risk_self_harm: re2._Regexp
    risk_cutting: re2._Regexp
    # One RE2 set of every regex above (and a pattern that always matches, last), so that a
    # single pass over a post tells which detectors can find anything in it.
    scan_set: re2.Set | None = None
    scan_names: tuple[str, ...] = ()


_UNANCHORED = getattr(getattr(re2, "_Anchor", None), "UNANCHORED", None)
_NULL_SPAN = (-1, -1)


class _Match:
    """The little of `re.Match` the detectors use, over spans already in str offsets."""

    __slots__ = ("_spans", "_text")

    def __init__(self, text: str, spans: list[tuple[int, int]]) -> None:
        self._text = text
        self._spans = spans

    def start(self, group: int = 0) -> int:
        return self._spans[group][0]

    def end(self, group: int = 0) -> int:
        return self._spans[group][1]

    def group(self, group: int = 0) -> str | None:
        start, end = self._spans[group]
        return None if start < 0 else self._text[start:end]


class _Scan:
    """One post being screened: its UTF-8 bytes, and which detector regexes can match it.

    `find(name)` is `finditer` without the wrapper's per-call work: the text is encoded once
    for all regexes, and offsets need no translating when the post is ASCII, as most are.
    """

    __slots__ = ("_ascii", "_base", "_encoded", "_hits", "text")

    def __init__(self, text: str, base: _Base) -> None:
        self.text = text
        self._base = base
        self._encoded = text.encode("utf-8")
        self._ascii = len(self._encoded) == len(text)
        hits = base.scan_set.Match(self._encoded) if base.scan_set is not None else None
        if hits and len(base.scan_names) in hits:
            self._hits: frozenset[str] | None = frozenset(
                base.scan_names[i] for i in hits if i < len(base.scan_names)
            )
        else:
            self._hits = None  # the set gave up (out of memory): try every regex

    def find(self, name: str) -> Iterator[_Match]:
        if self._hits is not None and name not in self._hits:
            return
        regex = getattr(self._base, name)
        regexp = getattr(regex, "_regexp", None)
        if regexp is None or _UNANCHORED is None:  # another google-re2: its public API
            for m in regex.finditer(self.text):
                yield _Match(self.text, [m.span(g) for g in range(regex.groups + 1)])
            return
        text, encoded, end = self.text, self._encoded, len(self._encoded)
        pos = 0
        cursor_byte = cursor_char = 0  # a str offset known for a byte offset, moving forward
        while pos <= end:
            spans = regexp.Match(_UNANCHORED, encoded, pos, end)
            if not spans or spans[0] == _NULL_SPAN:
                return
            start_byte, end_byte = spans[0]
            if not self._ascii:
                converted = []
                for a, b in spans:
                    if a < 0:
                        converted.append(_NULL_SPAN)
                        continue
                    ca = cursor_char + len(encoded[cursor_byte:a].decode("utf-8"))
                    cb = ca + len(encoded[a:b].decode("utf-8"))
                    converted.append((ca, cb))
                cursor_char = converted[0][1]
                cursor_byte = end_byte
                spans = converted
            yield _Match(text, spans)
            if end_byte > start_byte:
                pos = end_byte
            else:  # an empty match: step over one character
                pos = end_byte + 1
                while pos < end and encoded[pos] & 0xC0 == 0x80:
                    pos += 1


_DETECTORS: tuple[Callable[[str, _Scan], list[Finding]], ...] = (
    _postcodes,
    _phones,
    _emails,
    _urls,
    _handles,
    _vehicles,
    _addresses,
    _schools,
    _places_and_groups,
    _dates_of_birth,
    _names,
    _risks,
)


def _forename_pattern(forms: Iterable[str], levels: dict[str, str]) -> str:
    any_case, title_case = set(), set()
    for form in forms:
        level = levels[_key(form)]
        if level == "plain":
            any_case.update((form, _key(form)))
        else:
            title_case.update((form, _key(form).title()))

    def alternative(word: str) -> str:
        body = re2.escape(word)
        head = r"\b" if word[0].isascii() and word[0].isalnum() else ""
        tail = r"\b" if word[-1].isascii() and word[-1].isalnum() else ""
        return head + body + tail

    def alts(words: set[str]) -> str:
        return "|".join(alternative(w) for w in sorted(words, key=lambda w: (-len(w), w)))

    return f"(?i:{alts(any_case)})|(?:{alts(title_case)})"


@functools.cache
def _base() -> _Base:
    lex = _lexicon()
    word = r"[A-Z][\pL'\-]*"
    street_suffix = "|".join(_STREET_SUFFIXES)
    named_suffix = "|".join(_NAMED_STREET_SUFFIXES)
    relation = "|".join(_RELATIONS)
    title = "|".join(sorted(_TITLES, key=len, reverse=True))
    tlds = (
        r"co\.uk|org\.uk|me\.uk|ltd\.uk|net\.uk|gov\.uk|ac\.uk|nhs\.uk|police\.uk|sch\.uk|com|net|"
        r"org|uk|io|info|biz|tv|app|gg|xyz|online|site|shop|link|ie"
    )
    label = r"[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?"
    school_mid = (
        r"Primary|Secondary|High|Junior|Juniors|Infant|Infants|Grammar|Middle|Community|Free|"
        r"Special|Catholic|Church\s+of\s+England|C\s+of\s+E|CE|RC|R\.C\.|Girls'?|Boys'?|Technology|"
        r"Sports|Studio|Prep|Preparatory|Academy|Comprehensive|Roman\s+Catholic|Methodist|Anglican|"
        r"VA|VC|Junior\s+and\s+Infant|Learning|Sixth\s+Form"
    )
    school_end = r"Academy|School|College|Grammar|Primary|High|Juniors|Infants|Sixth\s+Form|UTC|PRU"
    regexes = dict(
        postcode=_re2(rf"(?i)\b({_OUTWARD})[ ]{{0,2}}({_INWARD})\b"),
        outward=_re2(
            r"(?i)\b(in|near|nr|round|around|from|off|live[ \t]+in|lives[ \t]+in|living[ \t]+in|"
            r"based[ \t]+in|moved[ \t]+to|postcode(?:[ \t]+is)?|post[ \t]+code(?:[ \t]+is)?|"
            rf"area)[ \t]+({_OUTWARD})\b|\b({_OUTWARD})[ \t]+(?i:area|postcode|district)\b"
        ),
        phone_run=_re2(r"\+?\(?\d(?:[ \-.()]{0,3}\d){9,}"),
        email=_re2(r"(?i)\b[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}\b"),
        email_spoken=_re2(
            _spaced(
                r"(?i)\b[a-z0-9._%+\-]+(?:~(?:\.|\(dot\)|\[dot\]| dot )~[a-z0-9_%+\-]+)*"
                r"~(?:\(at\)|\[at\]|\{at\}| at )~(?:gmail|googlemail|hotmail|outlook|yahoo|icloud|"
                r"live|aol|btinternet|sky|protonmail|proton|ymail|msn|virginmedia|talktalk|mail)"
                r"~(?:\.|\(dot\)|\[dot\]| dot )~(?:com|co~(?:\.| dot )~uk|net|org|me|uk)\b"
            )
        ),
        url_scheme=_re2(r"(?i)\b(?:https?://|www\.)[^\s<>\"']+"),
        url_bare=_re2(rf"(?i)\b{label}(?:\.{label})*\.(?:{tlds})\b(?:/[^\s<>\"']*)?"),
        at_handle=_re2(
            r"(?:^|[^A-Za-z0-9_.@/])(@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,29}[A-Za-z0-9_])?)"
        ),
        platform=_re2(
            r"(?i)\b(?:snap(?:chat)?|insta(?:gram)?|ig|tik[ \t]?tok|twitter|facebook|fb|telegram|"
            r"discord|kik|threads|youtube|twitch|wickr|yubo|roblox|xbox|psn|gamertag|gamer[ \t]tag|"
            r"whatsapp|sc)\b"
        ),
        plate=_re2(r"\b(?:" + "|".join(_PLATE_FORMATS) + r")\b"),
        plate_cue=_re2(
            r"(?i)\b(?:reg(?:istration)?(?:[ \t]+(?:no|number|plate|plates))?|number[ \t]*plates?|"
            r"numberplates?|vrm|plates?)\b"
        ),
        numbered_street=_re2(
            rf"\b\d{{1,4}}[A-Za-z]?,?[ \t]+((?:{word}[ \t]+){{1,3}}(?:{street_suffix}))\b"
        ),
        numbered_street_lc=_re2(
            rf"(?i)\b(?:at|lives?[ \t]+at|living[ \t]+at|address[ \t]+is|address:)[ \t]+"
            rf"(\d{{1,4}}[a-z]?,?[ \t]+((?:[a-z][\pL'\-]*[ \t]+){{1,3}})(?:{street_suffix}))\b"
        ),
        named_street=_re2(
            rf"\b(?:on|off|in|along|down|up|near|round|around|at|from|onto|to|by|past|behind|"
            rf"opposite|outside)[ \t]+((?:{word}[ \t]+){{1,3}}(?:{named_suffix}))\b"
        ),
        flat=_re2(
            r"(?i)\b(?:flat|apartment|apt)\.?[ \t]*(?:no\.?[ \t]*|number[ \t]*)?\d{1,4}[a-z]?\b"
        ),
        house_number=_re2(r"(?i)\b(?:number|no\.)[ \t]*\d{1,4}[a-z]?\b"),
        saint_school=_re2(
            rf"(?i)\b(?:St\.?|Saint)[ \t]+[a-z]+(?:'s|s')?"
            rf"(?:[ \t]+(?:and|&)[ \t]+(?:St\.?|Saint)[ \t]+[a-z]+(?:'s|s')?)?"
            rf"(?:[ \t]+(?:{school_mid}))*[ \t]+(?:{school_end}|Catholic|C\s+of\s+E|CE|RC)\b"
        ),
        named_school=_re2(
            rf"\b((?:{word}|[A-Z]{{2,}})"
            rf"(?:[ \t]+(?:{word}|of|the|and|&|upon|on|in|le|de|under|by)){{0,4}})"
            rf"[ \t]+(?:(?:{school_mid})[ \t]+)*(?:{school_end})\b"
        ),
        estate=_re2(rf"\b((?:{word}[ \t]+){{1,2}})(?:[Ee]states?)\b"),
        gang=_re2(
            r"\b((?:[A-Z0-9][\pL\pN'\-]*[ \t]+){1,2})"
            r"(?:crew|gang|mandem|squad|firm|cartel|Crew|Gang|Mandem|Squad|Firm|Cartel)\b"
        ),
        county_line=_re2(r"\b[Tt]he[ \t]+([A-Z][\pL\pN]*)[ \t]+[Ll]ine\b"),
        birth_cue=_re2(
            r"(?i)\b(?:born|d\.?[ \t]?o\.?[ \t]?b\.?|date[ \t]+of[ \t]+birth|birth[ \t]?date|"
            r"birthday|bday|b'day|b-day)\b"
        ),
        numeric_date=_re2(r"\b\d{1,2}[/.\-]\d{1,2}[/.\-](\d{4}|\d\d)\b"),
        forename=_re2(_forename_pattern(lex.forename_forms, lex.forenames), max_mem=64 << 20),
        cue_relation=_re2(
            r"(?i)\b(?:my|our|his|her|their|your)[ \t]+(?:(?:eldest|youngest|oldest|older|younger|"
            r"little|big|middle|baby|twin|foster|adopted|step|best|oldest|new|other)[ \t\-]?)?"
            rf"(?:{relation})s?\b"
        ),
        cue_called=_re2(
            r"(?i)\b(?:called|named|name[ \t]+is|name[ \t]+was|name's|names[ \t]+are|known[ \t]+as|"
            r"goes[ \t]+by|went[ \t]+by|go[ \t]+by|aka|a\.k\.a\.?|nicknamed|"
            r"call(?:s|ed)?[ \t]+(?:him|her|them)(?:sel(?:f|ves))?|"
            r"by[ \t]+the[ \t]+name[ \t]+(?:of)?)"
        ),
        cue_title=_re2(rf"\b(?:(?:{title})\.?[ \t]+)+"),
        cue_title_lc=_re2(r"(?i)\b(?:mr|mrs|ms|dr)\.?[ \t]+"),
        family=_re2(
            r"\b[Tt]he[ \t]+(?:([A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?:'s)?[ \t]+(family|families|twins|"
            r"brothers|sisters|household|lot|boys|girls|kids)|([A-Z][a-z]+s))\b"
        ),
        risk_danger=_re2("(?i)" + "|".join(f"(?:{_spaced(p)})" for p in _RISK_DANGER)),
        risk_self_harm=_re2("(?i)" + "|".join(f"(?:{_spaced(p)})" for p in _RISK_SELF_HARM)),
        risk_cutting=_re2(
            r"(?i)\b(?:is|'s|was|been|started|start|starts|keeps?|kept|still|"
            r"caught[ \t]+(?:him|her))[ \t]+cutting\b"
        ),
    )
    options = re2.Options()
    options.log_errors = False
    options.max_mem = 128 << 20
    scan_set = re2.Set.SearchSet(options)
    names = tuple(name for name, rx in regexes.items() if isinstance(rx, re2._Regexp))
    for name in names:
        scan_set.Add(regexes[name].pattern)
    scan_set.Add(r"\A")
    scan_set.Compile()
    return _Base(**regexes, scan_set=scan_set, scan_names=names)


# Watched terms and local terms ---------------------------------------------------------------


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
    pattern = pattern.translate(_NORMALISE)  # posts are matched normalised: curly quotes etc.
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
            _re2(pattern)
        except re2.error as exc:
            raise ValueError(f"This is not a pattern RE2 can use: {_explain(exc)}.") from None
    try:
        rx = _re2(_term_regex(pattern, match))
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
    words = text.translate(_NORMALISE).lower().split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@functools.lru_cache(maxsize=64)
def _compile_config(config: ScreeningConfig) -> _Compiled:
    watches = []
    for term in config.watched:
        try:
            validate_watched_pattern(term.pattern, term.match)
            rx = _re2(_term_regex(term.pattern, term.match))
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
            source += rf"\bthe\s+(?:{_alt(with_the)})|"
        source += f"(?:{_alt(without_the)})"
        local = _re2(source, max_mem=32 << 20)
    allowed = frozenset(_key(" ".join(n.split())) for n in config.allowed_names if n.strip())
    return _Compiled(tuple(watches), watch_set, local, local_kinds, allowed)


_RECENT: dict[int, tuple[ScreeningConfig, _Compiled]] = {}


def _compiled_for(config: ScreeningConfig) -> _Compiled:
    """`_compile_config`, but a config object seen just before skips even the hashing."""
    recent = _RECENT.get(id(config))
    if recent is not None and recent[0] is config:
        return recent[1]
    compiled = _compile_config(config)
    if len(_RECENT) >= 8:
        _RECENT.clear()
    _RECENT[id(config)] = (config, compiled)
    return compiled


def _watched(text: str, compiled: _Compiled) -> list[Finding]:
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
            if start == end or (w.bounded and not _bounded(text, start, end)):
                continue
            out.append(Finding("watched", start, end, "", "watched", w.term.action, w.term.id))
    return out


def _local_terms(text: str, compiled: _Compiled) -> list[Finding]:
    if compiled.local is None:
        return []
    out = []
    for m in compiled.local.finditer(text):
        start, end = m.start(), m.end()
        if not _bounded(text, start, end):
            continue
        kind = compiled.local_kinds.get(_local_key(text[start:end]))
        if kind:
            out.append(_finding(kind, start, end))
    return out


# The public functions ------------------------------------------------------------------------

_DEFAULT_CONFIG = ScreeningConfig()


def _drop_contained(findings: list[Finding]) -> list[Finding]:
    """Drop identifying findings that sit wholly inside another identifying finding."""
    ordered = sorted(findings, key=lambda f: (f.start, -f.end, _PRIORITY.get(f.kind, 99)))
    kept: list[Finding] = []
    max_end = -1
    for f in ordered:
        if f.end <= max_end:
            continue
        kept.append(f)
        max_end = f.end
    return kept


def screen(text: str, config: ScreeningConfig = _DEFAULT_CONFIG) -> ScreeningResult:
    """Every finding in `text`, the strongest action they ask for, and whether it is urgent."""
    if not text:
        return ScreeningResult((), "pass", False)
    norm = text if text.isascii() else text.translate(_NORMALISE)
    scan = _Scan(norm, _base())
    compiled = _compiled_for(config)
    identifying: list[Finding] = []
    other: list[Finding] = []
    for detect in _DETECTORS:
        for f in detect(norm, scan):
            (identifying if f.category == "identifying" else other).append(f)
    identifying += _local_terms(norm, compiled)
    identifying = _drop_allowed(norm, identifying, compiled.allowed)
    other += _watched(norm, compiled)
    findings = sorted(
        _drop_contained(identifying) + other,
        key=lambda f: (f.start, f.end, f.category, f.kind),
    )
    action: Action = "pass"
    for f in findings:
        if _PRECEDENCE[f.action] > _PRECEDENCE[action]:
            action = f.action
    urgent = any(f.category == "risk" for f in findings)
    return ScreeningResult(tuple(findings), action, urgent)


def redact(text: str, findings: Iterable[Finding]) -> str:
    """`text` with each finding's span replaced by its replacement; overlapping spans merge."""
    spans = sorted(
        ((f.start, f.end, f.replacement) for f in findings if f.replacement),
        key=lambda s: (s[0], -s[1]),
    )
    out: list[str] = []
    pos = 0
    current: list | None = None
    for start, end, replacement in spans:
        if current is not None and start < current[1]:
            current[1] = max(current[1], end)
            continue
        if current is not None:
            out.append(text[pos : current[0]])
            out.append(current[2])
            pos = current[1]
        current = [max(start, pos), end, replacement]
    if current is not None:
        out.append(text[pos : current[0]])
        out.append(current[2])
        pos = current[1]
    out.append(text[pos:])
    return "".join(out)
