"""Brothers and sisters, counted and with their ages.

- `siblings`: a sibling count with ages ("his two little sisters, 6 and 9", "her brothers (4 and
  7)", "my other two kids are 6 and 9", "my boys (11 and 14)", "two of mine are 4 and 6", two
  siblings each with an age); one sibling's age or school year, or a count alone ("his two
  sisters"), is vague.

Every finding is a quasi-identifier (`rules.quasi`), weighed by its rule in `rules.RULES`.
"""

from __future__ import annotations

import re

from ..scan import Pattern, Scan
from ..text import words
from ..types import Finding
from .common import NOT_AGE_AFTER, NUM, number_value
from .rules import quasi

_COUNT_WORDS = frozenset(words("two three four five six 2 3 4 5 6 twin twins triplets"))
_SIBLING_LEAD = frozenset(words("i've ive i have we've we have got"))
_SIBLING_AGES = re.compile(
    r"(?:'s[ \t]+|[ \t]*(?:[,(:\-][ \t]*)?(?:(?:who[ \t]+are|who'?re|who[ \t]+is|who'?s|are|were|"
    r"is|was|aged|ages|age|both|both[ \t]+aged|are[ \t]+both)[ \t]+)?)(?:only[ \t]+|just[ \t]+)?"
    rf"({NUM})(?:[ \t]*(?:,|and|&|\+)[ \t]*({NUM}))?(?:[ \t]*(?:,|and|&|\+)[ \t]*({NUM}))?"
    rf"(?:[ \t]*(?:,|and|&|\+)[ \t]*({NUM}))?(?:[ \t\-]*(?:years?|yrs?)[ \t\-]*olds?|[ \t]*yo)?"
    r"(?:[ \t]*\))?",
    re.I,
)


def detect(text: str, scan: Scan) -> list[Finding]:
    out = []
    for m in scan.find("q_siblings_count"):
        rule = "siblings-year" if m.group(1) else "siblings-count"
        out.append(quasi("siblings", m.start(), m.end(), rule))
    for m in scan.find("q_siblings"):
        said = [w for w in m.group(1).lower().replace("-", " ").split() if w not in _SIBLING_LEAD]
        counted = any(w in _COUNT_WORDS for w in said)
        other = "other" in said
        noun = next((w for w in reversed(said) if w not in _COUNT_WORDS), "twins")
        sibling_word = noun not in (
            "kids",
            "children",
            "boys",
            "girls",
            "ones",
            "youngest",
            "eldest",
            "oldest",
        )
        ages = _SIBLING_AGES.match(text, m.end(1))
        numbers = []
        end = ages.end() if ages else m.end()
        if ages:
            numbers = [g for g in ages.groups() if g]
            baby = _BABY_AGE.match(text, end)  # "his baby sister is 8 months"
            if baby:
                end = baby.end()
            elif NOT_AGE_AFTER.match(text, end) and text[end - 1] != ")":
                numbers = []
            if any((number_value(n) or 99) >= 20 for n in numbers):
                numbers = []
        if not sibling_word and not ((counted or other) and numbers) and len(numbers) < 2:
            continue  # "three kids" is no sibling detail; "my other two kids are 6 and 9" is
        if len(numbers) >= 2 or (numbers and ("twin" in said or "twins" in said)):
            out.append(quasi("siblings", m.start(), end, "siblings-ages"))
        elif numbers:
            out.append(quasi("siblings", m.start(), end, "siblings-age"))
    if sum(1 for f in out if f.rule == "siblings-age") >= 2:  # "her brother (16), her sister (9)"
        out = [
            quasi(f.kind, f.start, f.end, "siblings-ages") if f.rule == "siblings-age" else f
            for f in out
        ]
    return out


_BABY_AGE = re.compile(r"[ \t]*(?:months?|mths?|weeks?|wks?)(?:[ \t]+old)?\b", re.I)


def patterns() -> dict[str, Pattern]:
    """The RE2 sources this part scans with."""
    return {
        "q_siblings": (
            r"(?i)\b((?:(?:i'?ve|i[ \t]+have|we'?ve|we[ \t]+have)[ \t]+(?:got[ \t]+)?)?"
            r"(?:(?:his|her|my|their|our|the|a|an)[ \t]+)?(?:(?:other|two|three|four|five|"
            r"six|2|3|4|5|6|younger|older|little|big|baby|twin|half|step|wee|lil|small)[ \t-]*)"
            r"{0,3}(?:brothers?|sisters?|siblings?|bros|twins|kids|children|boys|girls|ones|"
            r"youngest|eldest|oldest|of[ \t]+mine|of[ \t]+my[ \t]+(?:kids|lot))"
            r"(?:[ \t]+(?:two|three|four|2|3|4))?)\b"
            r"(?:'s[ \t]+|[ \t]*[,(:\-]?[ \t]*(?:(?:who[ \t]+are|who'?re|who[ \t]+is|who'?s|are|"
            r"were|is|was|aged|ages|age|both|both[ \t]+aged|are[ \t]+both)[ \t]+)?)"
            rf"(?:only[ \t]+|just[ \t]+)?{NUM}\b"
        ),
        "q_siblings_count": (
            r"(?i)\b(?:(?:his|her|my|their|our)[ \t]+)?(?:two|three|four|five|six|2|3|4|5|6)"
            r"[ \t]+(?:(?:younger|older|little|big|baby|half|step|wee)[ \t-]*){0,2}"
            r"(?:brothers|sisters|siblings)\b"
            r"|(?i)\b((?:his|her|my|their|our)[ \t]+(?:(?:little|big|younger|older|baby|wee|twin)"
            r"[ \t]+)?(?:sister|brother|sis|bro))(?:'s|[ \t]+is|[ \t]+was)[ \t]+(?:in[ \t]+)?"
            r"(?:(?:year|yr)[ \t]?(?:1[0-3]|[1-9])|y(?:1[0-3]|[1-9])|[sp][1-7]|reception)\b"
        ),
    }
