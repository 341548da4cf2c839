"""A child's school year.

- `school_year`: "Year 9", "yr 9", "Y9", "year nine", "Blwyddyn 9", "in S3" / "is P6" / "(S1)"
  (Scotland), "reception class", "lower sixth", "his final year at primary"; vague: "sixth
  form", "first year of college". "last year 3 of them", "a year 2 months" pass.

Every finding is a quasi-identifier (`rules.quasi`), weighed by its rule in `rules.RULES`.
"""

from __future__ import annotations

import re

from ..scan import Pattern, Scan
from ..text import words
from ..types import Finding
from .common import words_before
from .rules import quasi

_NOT_SCHOOL_YEAR_BEFORE = frozenset(
    words(
        "a per each every last this next that one same whole full new financial tax calendar "
        "leap gap light another first second"
    )
)
_NOT_SCHOOL_YEAR_AFTER = re.compile(
    r"[ \t]*(?:%|:|/|times?\b|months?\b|weeks?\b|days?\b|years?\b|of[ \t]+(?:his|her|my|the)"
    r"[ \t]+(?:sentence|degree|course|order|licence|ban)|ago\b|later\b)",
    re.I,
)


def detect(text: str, scan: Scan) -> list[Finding]:
    out = []
    for m in scan.find("q_year"):
        start = m.start(1)
        before = words_before(text, start, 1)
        if before and before[0] in _NOT_SCHOOL_YEAR_BEFORE:
            continue
        if _NOT_SCHOOL_YEAR_AFTER.match(text, m.end()):
            continue
        out.append(quasi("school_year", m.start(), m.end(), "year-number"))
    for m in scan.find("q_year_scottish"):
        year = (m.group(1) or m.group(2)).upper()
        if year == "S7":
            continue
        start = m.start() if m.group(1) else m.start(2)
        out.append(
            quasi("school_year", start, m.end(2) if m.group(2) else m.end(), "year-scottish")
        )
    for m in scan.find("q_year_other"):
        word = m.group().lower()
        if "reception" in word:
            rule = "year-reception"
        elif "lower" in word or "upper" in word:
            rule = "year-sixth-named"
        elif "sixth" in word:
            rule = "year-sixth-form"
        elif any(w in word for w in ("secondary", "high", "big", "primary")):
            rule = "year-of-school"
        else:
            rule = "year-of-college"
        out.append(quasi("school_year", m.start(), m.end(), rule))
    return out


def patterns() -> dict[str, Pattern]:
    """The RE2 sources this part scans with."""
    return {
        "q_year": (
            r"(?i)\b(?:in[ \t]+)?((?:year|yr|blwyddyn)[ \t]?(?:1[0-3]|[1-9]|one|two|three|four|"
            r"five|six|"
            r"seven|eight|nine|ten|eleven|twelve|thirteen)|y(?:1[0-3]|[1-9]))s?\b"
        ),
        "q_year_scottish": (
            r"(?i:\bin[ \t]+([sp][1-7]))\b|(?:\(|,|(?i:\bis|'s))[ \t]*([SP][1-7])[ \t]*(?:\)|,|\b)"
        ),
        "q_year_other": (
            r"(?i)\b(?:(?:in|into)[ \t]+)?(?:(?:the|his|her)[ \t]+)?(?:reception[ \t]+class|"
            r"(?:lower|upper)[ \t]+sixth|sixth[ \t]+form)\b"
            r"|(?i)\b(?:he|she|they)(?:'s|[ \t]+is|[ \t]+are|'re)[ \t]+in[ \t]+reception\b"
            r"|(?i)\b(?:in[ \t]+(?:his|her|their|my|the)[ \t]+)?(?:first|second|third|fourth|"
            r"fifth|final|last)[ \t]+year[ \t]+(?:of|at|in)"
            r"[ \t]+(?:secondary|high[ \t]+school|big[ \t]+school|college|sixth[ \t]+form|"
            r"uni(?:versity)?|primary)\b"
        ),
    }
