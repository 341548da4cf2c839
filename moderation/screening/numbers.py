"""Numbers that reach a family: phone numbers and number plates.

Phones. `phonenumbers` (region GB, leniency POSSIBLE, because Ofcom's drama numbers are not
"valid" in its data) only on runs of at least ten digits, and only if the number is written as
dialled (starting 0, +, 00 or "(0"), so a ten-digit reference number passes. Helpline-style
numbers (0800, 0808, 03, 08, 09, 116 xxx) belong to organisations, not families, and pass. Runs
longer than 40 characters, and every run after the 40th in one text, go to a plain regex of the
same shapes instead, so a flood of digits cannot make screening slow.

Number plates. The current format ("AB12 CDE") counts in capitals anywhere, prefix ("A123 BCD")
and suffix ("ABC 123D") in capitals too, unless the text around is all capitals (shouting).
After "reg", "registration", "number plate" any format counts in any case, dateless ("ABC 123",
"1234 AB") included.
"""

from __future__ import annotations

import re

import phonenumbers

from .scan import Pattern, Scan
from .text import lexicon
from .types import Finding, identifying

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


def _phones(text: str, scan: Scan) -> list[Finding]:
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
                    out.append(identifying("phone", chunk_start + p.start(), chunk_start + p.end()))
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
            out.append(identifying("phone", chunk_start + pm.start, chunk_start + pm.end))
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


def _vehicles(text: str, scan: Scan) -> list[Finding]:
    out = []
    stop = lexicon().stop
    for m in scan.find("plate"):
        letters = re.findall(r"[A-Z]{3}", m.group())
        if _shouting(text, m.start(), m.end()) or any(w.lower() in stop for w in letters):
            continue
        out.append(identifying("vehicle", m.start(), m.end()))
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
        out.append(identifying("vehicle", p.start(), p.end()))
    return out


def patterns() -> dict[str, Pattern]:
    """The RE2 sources this module scans with."""
    return {
        "phone_run": r"\+?\(?\d(?:[ \-.()]{0,3}\d){9,}",
        "plate": r"\b(?:" + "|".join(_PLATE_FORMATS) + r")\b",
        "plate_cue": (
            r"(?i)\b(?:reg(?:istration)?(?:[ \t]+(?:no|number|plate|plates))?|number[ \t]*plates?|"
            r"numberplates?|vrm|plates?)\b"
        ),
    }


DETECTORS = (_phones, _vehicles)
