"""A child's age.

- `age`: "14-year-old", "my 13 yo", "aged 14", "just turned 15", "at the age of 12", "he's 14",
  "she is only 13", "my son is 14", "who's 15", "my lad (13)", "our son, 12,", "his 15th
  birthday", "my little bro is 14", "our lass is 14", "my son 16 was", beside a child or a school
  year ("in Year 13, 17,", "16 in May"). Ages 1 to 19; a number followed by a unit ("he's 14
  stone", "is 20 minutes late") or in a list of numbers ("6, 9, 14") is no age.

Every finding is a quasi-identifier (`rules.quasi`), weighed by its rule in `rules.RULES`.
"""

from __future__ import annotations

import re

from ..scan import Pattern, Scan
from ..text import words
from ..types import Finding
from .common import FULL_MONTH, NOT_AGE_AFTER, NUM, NUMBER_WORDS, number_value
from .rules import quasi


def _age_ok(text: str, end: int, number: str) -> bool:
    value = number_value(number)
    return value is not None and 0 < value < 20 and not NOT_AGE_AFTER.match(text, end)


_CHILD_BEFORE = re.compile(
    r"(?i)\b(?:son|daughter|grandson|granddaughter|boy|girl|lad|lass|kid|child|eldest|youngest|"
    r"nephew|niece|stepson|stepdaughter|he|she)\b"
)


# ", 9," after a bare number is a list ("6, 9, 14"), not an age; after "Year 13" it is one.
_LISTED = re.compile(r"([a-z]*)[ \t]*\d+$", re.I)
_YEAR_WORDS = frozenset(words("year yr y s p blwyddyn"))


def detect(text: str, scan: Scan) -> list[Finding]:
    out = []
    for m in scan.find("q_age_years_old"):
        out.append(quasi("age", m.start(), m.end(), "age-years-old"))
    for m in scan.find("q_age_aged"):
        if _age_ok(text, m.end(), m.group(1) or m.group(2)):
            out.append(quasi("age", m.start(), m.end(), "age-aged"))
    for m in scan.find("q_age_is"):
        if _age_ok(text, m.end(), m.group(1) or m.group(2)):
            out.append(quasi("age", m.start(), m.end(), "age-is"))
    for m in scan.find("q_age_birthday"):
        out.append(quasi("age", m.start(), m.end(), "age-birthday"))
    for m in scan.find("q_age_is_end"):
        if _CHILD_BEFORE.search(text, max(0, m.start() - 50), m.start()):
            end = m.end()
            while end > m.start() and text[end - 1] in ".!?; \t":
                end -= 1
            out.append(quasi("age", m.start(), end, "age-is"))
    for m in scan.find("q_age_aside"):
        if m.group(3):  # "my son 16 was ..."
            out.append(quasi("age", m.start(), m.end(3), "age-aside"))
        elif m.group(4):  # ", 15," or "(14)" alone: only beside a child, not in a list of numbers
            before = text[max(0, m.start() - 60) : m.start()]
            listed = _LISTED.search(before)
            if listed and listed.group(1).lower() not in _YEAR_WORDS:
                continue  # "6, 9, 14": a list of numbers
            if not listed and not _CHILD_BEFORE.search(before):  # "in yr 11, 15," is a child
                continue
            a, b = m.start(), m.end()
            if text[a] == ",":
                a = m.start(4)
            while b > a and text[b - 1] in ", \t":
                b -= 1
            out.append(quasi("age", a, b, "age-bare"))
        elif number_value(m.group(1) or m.group(2)) is not None:
            out.append(quasi("age", m.start(), m.end(), "age-aside"))
    return out


def patterns() -> dict[str, Pattern]:
    """The RE2 sources this part scans with."""
    return {
        "q_age_years_old": (
            r"(?i)\b(?:(?:my|our|his|her|their|a|an|the)[ \t]+)?(?:(?:little|eldest|youngest)"
            rf"[ \t]+)?{NUM}[ \t-]*(?:years?|yrs?)[ \t-]*olds?\b"
            rf"|(?i)\b(?:(?:my|our|his|her|their|a|an|the)[ \t]+)?{NUM}[ \t-]?(?:yo|y/o|y\.o)\b"
        ),
        "q_age_aged": (
            r"(?i)\b(?:(?:just|only|recently|has[ \t]+just|had[ \t]+just)[ \t]+)?"
            rf"(?:aged?|turned|turning|turns|turn)[ \t]+(?:only[ \t]+|just[ \t]+)?({NUM})\b"
            r"(?:[ \t]+(?:next|this|last)[ \t]+(?:week|month|year|weekend|monday|tuesday|"
            r"wednesday|thursday|friday|saturday|sunday)|[ \t]+tomorrow|[ \t]+today)?"
            rf"|(?i)\bat[ \t]+(?:the[ \t]+)?age[ \t]+(?:of[ \t]+)?({NUM})\b"
        ),
        "q_age_is": (
            r"(?i)\b(?:(?:my|our|his|her|their|the)[ \t]+(?:(?:little|eldest|youngest|"
            r"oldest)[ \t]+)?)?"
            r"(?:he|she|they|who|son|daughter|lad|boy|girl|kid|child|eldest|youngest|oldest|"
            r"baby|teenager|stepson|stepdaughter|nephew|niece|grandson|granddaughter|bro|yout|"
            r"lass|lassie|bairn|wean|wee[ \t]+(?:one|man|lassie)|little[ \t]+(?:one|man)|"
            r"(?:big|middle|eldest|youngest|oldest)[ \t]+one|mine|mines)"
            r"(?:'s|s|[ \t]+is|[ \t]+was|[ \t]+are|[ \t]+were|'re|[ \t]+has[ \t]+just[ \t]+turned|"
            r"[ \t]+is[ \t]+now|[ \t]+being)[ \t]+(?:only[ \t]+|just[ \t]+|nearly[ \t]+|"
            rf"almost[ \t]+|now[ \t]+)?({NUM})\b"
            r"|\b(?-i:[A-Z][a-z]+)(?:'s|[ \t]+is|[ \t]+was)[ \t]+(?:only[ \t]+|just[ \t]+|"
            rf"nearly[ \t]+|now[ \t]+)?((?i:{NUM}))\b"
        ),
        "q_age_birthday": (
            r"(?i)\b(?:on[ \t]+)?(?:his|her|their|my|our)[ \t]+(?:1[0-9]|[1-9])(?:st|nd|rd|th)"
            r"[ \t]+(?:birthday|bday|b-day)\b"
            r"|(?i)\b(?:on[ \t]+)?(?:his|her|their|my|our)[ \t]+(?:first|second|third|fourth|"
            r"fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|"
            r"fifteenth|sixteenth|seventeenth|eighteenth|nineteenth)[ \t]+birthday\b"
        ),
        "q_age_is_end": (
            r"(?i)\b(?:is|was|'s)[ \t]+(?:only[ \t]+|just[ \t]+|now[ \t]+)?"
            rf"(?:1[0-9]|[1-9]|{'|'.join(NUMBER_WORDS)})[ \t]*(?:[.!?;]|$)"
        ),
        "q_age_aside": (
            r"(?i)\b(?:(?:my|our|his|her|their)[ \t]+)?(?:(?:little|eldest|youngest|oldest)"
            r"[ \t]+)?(?:son|daughter|lad|boy|girl|kid|child|eldest|youngest|oldest|stepson|"
            r"stepdaughter|nephew|niece|grandson|granddaughter|teenager|teen)[ \t]*"
            r"(?:\([ \t]*(?:(?:now|aged?|just|only|both|all)[ \t]+)?"
            rf"({NUM})[ \t]*(?:(?:years?|yrs?)(?:[ \t-]*old)?|yo)?[ \t]*\)|,[ \t]*({NUM})[ \t]*,)"
            r"|(?i)\b(?:my|our|his|her)[ \t]+(?:son|daughter|lad|boy|girl|kid|child|eldest|"
            r"youngest)"
            rf"[ \t]+({NUM})[ \t]+(?:was|is|has|had|got|goes|went|and|who|does)\b"
            r"|(?:,|\()[ \t]*(?:(?:now|aged?|just|only|nearly)[ \t]+)?"
            r"(1[0-9]|[5-9]|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
            r"sixteen|seventeen|eighteen|nineteen)[ \t]*(?:yo|(?:years?|yrs?)(?:[ \t-]*old)?)?"
            rf"(?:[ \t]+(?:in|next|this)[ \t]+(?:{FULL_MONTH}|week|month))?[ \t]*(?:,|\))"
        ),
    }
