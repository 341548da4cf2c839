"""Numbers that reach a family: phone numbers and number plates.

Phones. `phonenumbers` (region GB, leniency POSSIBLE, because Ofcom's drama numbers are not
"valid" in its data) only on runs of at least ten digits, and only if the number is written as
dialled (starting 0, +, 00 or "(0"), so a ten-digit reference number passes. Helpline-style
numbers (0800, 0808, 03, 08, 09, 116 xxx) belong to organisations, not families, and pass. Runs
longer than 40 characters, and every run after the 40th in one text, go to a plain regex of the
same shapes instead, so a flood of digits cannot make screening slow. Digits written one by one
("0 7 7 0 0 9 0 0 1 2 3") are left to the undisguised view, which joins them and says so.

Number plates. The current format ("AB12 CDE") counts in capitals anywhere, prefix ("A123 BCD")
and suffix ("ABC 123D") in capitals too, unless the text around is all capitals (shouting).
After "reg", "registration", "number plate" any format counts in any case, dateless ("ABC 123",
"1234 AB") included.
"""

from __future__ import annotations

import re

import phonenumbers

from .scan import Pattern, Scan
from .text import lexicon, words
from .types import Finding, identifying

_HELPLINE_PREFIXES = ("3", "80", "84", "87", "9", "116", "500")


_PHONE_FALLBACK = re.compile(
    r"(?<![\d+])(?:\+44[ \-.]?(?:\(0\)[ \-.]?)?|\+(?!44)[1-9]\d?\d?[ \-.]?"
    r"|00[1-9]\d?\d?[ \-.]?|\(?0)[1-9](?:[ \-.()]{0,2}\d){8,10}(?!\d)"
)
# Six digits in a row each on its own ("0 7 7 0 0 9"): a disguise, read in the undisguised view.
_SPACED_OUT = re.compile(r"(?<!\d)\d(?:[ .\-_/]+\d(?!\d)){5}")
_DIALLED = re.compile(r"(?:^|[^\d])(?:\+|\(?0)")
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


def _phones(text: str, scan: Scan) -> list[Finding]:
    out = []
    calls = 0
    for m in scan.find("phone_run"):
        chunk_start, chunk_end = m.start(), m.end()
        chunk = text[chunk_start:chunk_end]
        if _SPACED_OUT.search(chunk):
            continue  # "0 7 7 0 0 ...": the undisguised view joins it, and says so
        if len(chunk) > _MATCHER_RUN_CHARS or calls >= _MATCHER_CALLS:
            for p in _PHONE_FALLBACK.finditer(chunk):
                digits = "".join(c for c in p.group() if c.isdigit())
                if p.group().startswith("+") and not p.group().startswith("+44"):
                    ok = True
                else:
                    ok = _personal_number(digits)
                if ok:
                    start, end = chunk_start + p.start(), chunk_start + p.end()
                    out.append(identifying("phone", start, end, rule="phone-shape"))
            continue
        if not _DIALLED.search(chunk):
            continue  # no digit group starts with 0, + or (0: not written as dialled
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
            start, end = chunk_start + pm.start, chunk_start + pm.end
            out.append(identifying("phone", start, end, rule="phone-number"))
    return out


_PLATE_FORMATS = (
    r"[A-Z]{2}(?:0[2-9]|1\d|2[0-5]|5[1-9]|6\d|7[0-5])[ ]?[A-Z]{3}",  # current, AB12 CDE
    r"[A-Z]\d{1,3}[ ]?[A-Z]{3}",  # prefix, A123 BCD
    r"[A-Z]{3}[ ]?\d{1,3}[A-Z]",  # suffix, ABC 123D
)
# After a cue, whole or partial, in any case, spaced or not: longest forms first.
_PLATE_ANY = re.compile(
    r"(?:[A-Z]{2}[ ]?\d{2}[ ]?[A-Z]{3}"  # current
    r"|[A-Z][ ]?\d{1,3}[ ]?[A-Z]{3}"  # prefix
    r"|[A-Z]{3}[ ]?\d{1,3}[ ]?[A-Z]"  # suffix
    r"|[A-Z]{2}[ ]?\d{1,2}[ ]?[A-Z]{1,2}"  # the start of a current plate and a letter or two
    r"|[A-Z]{1,3}[ ]?\d{1,4}"  # dateless, or the start of a plate ("KX6")
    r"|\d{1,4}[ ]?[A-Z]{1,3}"  # dateless, or the end of a plate ("4 ND")
    r")\b",
    re.I,
)
_PLATE_LETTERS = re.compile(r"(?![AI]\b)[A-Z]{1,3}\b")  # "the end of the plate, FTZ", "S"
_PLATE_FILLER = re.compile(
    r"(?:[ \t]*(?:was|is|were|:|-|=|,|\(|number|no\.?|of|in|started|starts|starting|start|"
    r"began|begins|beginning|begun|ending|ends|ended|end|finished|finishes|finishing|with|like|"
    r"something|summat|it's|its|read|reads|said|says|i[ \t]think|maybe|plate|plates|had|has|"
    r"first|last|part|bit|half|letters|numbers|the|a|either|possibly|probably|definitely|"
    r"def|defo|prob|poss|or|and)\b)*[ \t,:]*",
    re.I,
)
_PARTIAL_CUE = re.compile(
    r"(?i)\b(?:start|started|starts|starting|began|begins|beginning|end|ends|ended|ending|"
    r"finish\w*|first|last|part|bit|half)\b"
)
# Times, ordinals and measures in lowercase ("3 am", "4th", "10k") are not plates; "4 ND" is.
_PLATE_CUE_BEFORE = re.compile(
    r"(?i)\b(?:reg|registration|plates?|number[ \t]?plates?|vrm)\b[^.!?\n]*$"
)
_PLATE_NOT = re.compile(
    r"\d+[ ]?(?:am|pm|AM|PM|st|nd|rd|th|s|k|p|mph|hrs?|mins?|yrs?|ft|m|km|Am|Pm|St|Nd|Rd|Th)"
)
# "a YR20 something", "HN1...": the start of a current plate (age identifier optional) then a
# word that says the rest is missing.
_NOT_PLATE_STARTS = frozenset(words("PS1 PS2 PS3 PS4 PS5 MP3 MP4 CO2 NO2 UK1 GT1 GT2 GT3 GT6"))
_EXTRA_SMALL_WORDS = frozenset(words("pm am min mins hr hrs yr yrs six ten ish th st nd rd"))


def _shouting(text: str, start: int, end: int) -> bool:
    window = text[max(0, start - 40) : end + 40]
    return sum(c.islower() for c in window) < 3


def _plain_word_in(plate: str, stop: frozenset[str]) -> bool:
    """True when a letter group of a lowercase "plate" is an everyday word ("in 7", "3 at")."""
    if plate.isupper():
        return False
    groups = re.findall(r"[A-Za-z]+", plate)
    return any(g.lower() in stop or g.lower() in _EXTRA_SMALL_WORDS for g in groups)


def _vehicles(text: str, scan: Scan) -> list[Finding]:
    out = []
    stop = lexicon().stop
    for m in scan.find("plate"):
        letters = re.findall(r"[A-Z]{3}", m.group())
        if _shouting(text, m.start(), m.end()) or any(w.lower() in stop for w in letters):
            continue
        out.append(identifying("vehicle", m.start(), m.end(), rule="plate-format"))
    for m in scan.find("plate_cue"):
        filler = _PLATE_FILLER.match(text, m.end(), m.end() + 60)
        pos = filler.end()
        p = _PLATE_ANY.match(text, pos, pos + 12)
        if p:
            plate = p.group()
            if _PLATE_NOT.fullmatch(plate) or not any(c.isdigit() for c in plate):
                continue
            if not any(c.isalpha() for c in plate) or _plain_word_in(plate, stop):
                continue
            out.append(identifying("vehicle", p.start(), p.end(), rule="plate-after-cue"))
            continue
        # Letters only ("the end of the plate, FTZ"): in capitals, when the rest is missing.
        p = _PLATE_LETTERS.match(text, pos, pos + 4)
        if not p or p.group().lower() in stop or _shouting(text, p.start(), p.end()):
            continue
        context = text[max(0, m.start() - 25) : pos]
        if _PARTIAL_CUE.search(context):
            out.append(identifying("vehicle", p.start(), p.end(), rule="partial-plate-letters"))
    for m in scan.find("plate_part_cue"):
        # "number plate started WK and ended in ZT": the second part, after its own verb.
        if not _PLATE_CUE_BEFORE.search(text[max(0, m.start() - 60) : m.start()]):
            continue
        pos = _PLATE_FILLER.match(text, m.end(), m.end() + 30).end()
        p = _PLATE_ANY.match(text, pos, pos + 12) or _PLATE_LETTERS.match(text, pos, pos + 4)
        if not p or _plain_word_in(p.group(), stop) or p.group().lower() in stop:
            continue
        if _PLATE_NOT.fullmatch(p.group()) or (p.group().isalpha() and not p.group().isupper()):
            continue
        out.append(identifying("vehicle", p.start(), p.end(), rule="partial-plate-after-cue"))
    for m in scan.find("plate_start"):
        token = m.group(1)
        if token.upper() in _NOT_PLATE_STARTS or _shouting(text, m.start(), m.end()):
            continue
        out.append(identifying("vehicle", m.start(1), m.end(1), rule="partial-plate"))
    return out


def patterns() -> dict[str, Pattern]:
    """The RE2 sources this module scans with."""
    return {
        "phone_run": r"\+?\(?\d(?:[ \-.()]{0,3}\d){9,}",
        "plate": r"\b(?:" + "|".join(_PLATE_FORMATS) + r")\b",
        "plate_cue": (
            r"(?i)\b(?:reg(?:istration)?(?:[ \t]+(?:no|number|plate|plates))?|number[ \t]*plates?|"
            r"numberplates?|vrm|plates?|reg[ \t]+no)\b"
        ),
        "plate_part_cue": (
            r"(?i)\b(?:and|but|then)[ \t]+(?:it[ \t]+)?(?:end(?:ed|s|ing)?|start(?:ed|s|ing)?|"
            r"began|begins|finish(?:ed|es|ing)?)(?:[ \t]+(?:in|with|on))?\b"
        ),
        "plate_start": (
            r"\b([A-Z]{2}\d{1,2}(?:[ ]?[A-Z]{1,2})?)(?:[ \t]*(?:\.\.+|\x{2026}|\?\?+)|"
            r"[ \t]+(?:or[ \t]+)?(?i:something|summat|sumthin|somethin|smthng|smth|etc)\b)"
        ),
    }


DETECTORS = (_phones, _vehicles)
