"""Dates of birth.

A day-and-month, month-and-year or full date within the same sentence as "born", "DOB", "date of
birth", "birthday" (after it, or just before it: "03/03/2011 is his date of birth"); a full
numeric date with a year from 1990 to 2025 within 50 characters of a birth or age word ("born",
"aged", "turned"). Only the date is replaced.
"""

from __future__ import annotations

import re

from .scan import Pattern, Scan
from .types import Finding, identifying

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


def _dates_of_birth(text: str, scan: Scan) -> list[Finding]:
    out = []
    for m in scan.find("birth_cue"):
        after = text[m.end() : m.end() + 45]
        brk = _SENTENCE_BREAK.search(after)
        if brk:
            after = after[: brk.start()]
        d = _DATE.search(after)
        if d:
            out.append(identifying("date_of_birth", m.end() + d.start(), m.end() + d.end()))
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
                identifying("date_of_birth", before_start + last.start(), before_start + last.end())
            )
    for m in scan.find("numeric_date"):
        year = int(m.group(1)) if len(m.group(1)) == 4 else 2000 + int(m.group(1))
        if len(m.group(1)) == 4 and not 1990 <= year <= 2025:
            continue
        window = text[max(0, m.start() - 50) : m.end() + 50]
        if _AGE_CUE.search(window):
            out.append(identifying("date_of_birth", m.start(), m.end()))
    return out


def patterns() -> dict[str, Pattern]:
    """The RE2 sources this module scans with."""
    return {
        "birth_cue": (
            r"(?i)\b(?:born|d\.?[ \t]?o\.?[ \t]?b\.?|date[ \t]+of[ \t]+birth|birth[ \t]?date|"
            r"birthday|bday|b'day|b-day)\b"
        ),
        "numeric_date": r"\b\d{1,2}[/.\-]\d{1,2}[/.\-](\d{4}|\d\d)\b",
    }


DETECTORS = (_dates_of_birth,)
