"""A day, a named day, or when something happened.

- `date`: a day ("on 14 March", "March 14th", "the 3rd of May", "from the 2nd to the 9th of
  May", "6/11/2023", "last Tuesday the 3rd", "on the 21st": this month's, in a recent post), a
  day something happened on ("on Hogmanay", "after the Twelfth", "on Bonfire Night 2023"), with
  its time or occasion ("at 6am on the 2nd", "after training on the 4th"); vague: "Christmas
  Eve" without "on", "last Tuesday", "in March", "March 2023", "the summer holidays", "every
  Saturday". "On the 14th floor", "the 3rd time" are no dates.

Every finding is a quasi-identifier (`rules.quasi`), weighed by its rule in `rules.RULES`.
"""

from __future__ import annotations

import re

from ..scan import Pattern, Scan
from ..text import words
from ..types import Finding
from .common import DAY, FULL_MONTH, MONTH, ORD, WEEKDAY, YEAR
from .rules import quasi

_AMBIGUOUS_MONTHS = frozenset({"may", "march", "mar"})


def detect(text: str, scan: Scan) -> list[Finding]:
    out = []
    for m in scan.find("q_date_day_month"):
        rule = "date-day-year" if m.group(1) else "date-day"
        out.append(quasi("date", m.start(), m.end(), rule))
    for m in scan.find("q_date_month_day"):
        month = m.group(1)
        # "you may 2 ...", "we march 3 ...": only with an ordinal or "on" before it
        ambiguous = month.lower() in _AMBIGUOUS_MONTHS and month.islower()
        if ambiguous and not (m.group(2) or text[m.start() : m.start() + 3].lower() == "on "):
            continue
        rule = "date-day-year" if m.group(3) else "date-day"
        out.append(quasi("date", m.start(), m.end(), rule))
    for m in scan.find("q_date_numeric"):
        day, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(5))
        if m.group(1) is None and (int(day), int(month)) == (24, 7):
            continue  # "on 24/7 watch"
        rule = "date-numeric" if m.group(1) else "date-numeric-short"
        out.append(quasi("date", m.start(), m.end(), rule))
    for m in scan.find("q_date_weekday_day"):
        out.append(quasi("date", m.start(), m.end(), "date-weekday-day"))
    for m in scan.find("q_date_named"):
        lead = (m.group(1) or "").lower()
        if m.group(2):
            rule = "date-named-year"
        elif lead.startswith("last"):
            rule = "date-named-specific"
        elif lead.startswith("on"):
            rule = "date-named-on"  # "on Hogmanay": the day something happened
        else:
            rule = "date-named"
        out.append(quasi("date", m.start(), m.end(), rule))
    for m in scan.find("q_date_last_weekday"):
        out.append(quasi("date", m.start(), m.end(), "date-last-weekday"))
    for m in scan.find("q_date_month_year"):
        out.append(quasi("date", m.start(), m.end(), "date-month-year"))
    for m in scan.find("q_date_holidays"):
        rule = "date-holidays-year" if m.group(1) else "date-holidays"
        out.append(quasi("date", m.start(), m.end(), rule))
    for m in scan.find("q_date_routine"):
        out.append(quasi("date", m.start(), m.end(), "date-routine"))
    for m in scan.find("q_date_day_only"):
        if not _NOT_DAY_AFTER.match(text, m.end()):  # "on the 14th floor", "the 3rd time"
            out.append(quasi("date", m.start(), m.end(), "date-day-only"))
    for m in scan.find("q_date_month"):
        month = m.group(1)
        if month.lower() in ("may", "march") and not month[0].isupper():
            continue  # "in may", "on march": the verbs, more often than not
        out.append(quasi("date", m.start(), m.end(), "date-month"))
    return [_date_context(text, f) for f in out]


# A date's time of day and occasion belong to it: "at 6am on the 2nd", "on the 4th at 9pm",
# "after training on the 4th". Read on a short window before the date, or anchored after it.
_TIME = r"(?:\d{1,2}(?:[:.]\d\d)?[ \t]*(?:am|pm)|\d{1,2}[:.]\d\d|midnight|noon|dawn)"
_DATE_BEFORE = re.compile(
    rf"(?:(?:at|about|around|gone)[ \t]+{_TIME}|(?:after|before|during|at)[ \t]+(?:training|"
    r"school|practice|college|church|prayers|mosque|work|football|rugby|boxing|swimming|dance|"
    r"the[ \t]+(?:match|game|party|disco)|(?:his|her|their)[ \t]+(?:shift|match|game)))"
    r"[ \t]+$",
    re.I,
)
_DATE_AFTER = re.compile(rf"[ \t]+(?:at|about|around|gone)[ \t]+{_TIME}\b", re.I)
_NOT_DAY_AFTER = re.compile(
    r"[ \t]+(?:floor|storey|time|times|attempt|go|try|day|week|month|year|row|place|lap|round|"
    r"page|question|minute|hole|gear|grade|call|birthday|anniversary|century|street|avenue|"
    r"road|house|one|ones|of[ \t]+(?:them|us|those|these))\b",
    re.I,
)


_DATE_BEFORE_LAST = frozenset(
    words("""am pm midnight noon dawn training school practice college church prayers mosque work
    football rugby boxing swimming dance match game party disco shift""")
)


def _date_context(text: str, f: Finding) -> Finding:
    start, end = f.start, f.end
    # Cheap tests first (most dates have neither): the word before, the word after.
    j = start
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    if j < start:
        last = text[text.rfind(" ", max(0, j - 20), j) + 1 : j].lower()
        if last[-2:] in ("am", "pm") or last[-1:].isdigit() or last in _DATE_BEFORE_LAST:
            before = _DATE_BEFORE.search(text[max(0, start - 40) : start])
            if before:
                start -= len(before.group())
    if text[end : end + 1] == " " and text[end + 1 : end + 3].lower() in ("at", "ab", "ar", "go"):
        after = _DATE_AFTER.match(text, end)
        if after:
            end = after.end()
    if (start, end) == (f.start, f.end):
        return f
    return quasi(f.kind, start, end, f.rule)


def patterns() -> dict[str, Pattern]:
    """The RE2 sources this part scans with."""
    return {
        "q_date_day_month": (
            r"(?i)\b(?:(?:on|since|from|until|till|by|between)[ \t]+)?"
            rf"(?:(?:the[ \t]+)?{DAY}{ORD}?[ \t]*(?:to|till|until|-|and)[ \t]*)?"
            rf"(?:the[ \t]+)?{DAY}{ORD}?"
            rf"(?:[ \t]+of)?[ \t]+{MONTH}\.?(,?[ \t]+{YEAR})?\b"
        ),
        "q_date_month_day": (
            rf"\b(?i:(?:on|since|from|until|till|by)[ \t]+)?({MONTH.replace('(?:', '(?i:', 1)})"
            rf"\.?[ \t]+(?i:the[ \t]+)?{DAY}((?i:{ORD}))?\b(,?[ \t]+{YEAR})?"
        ),
        "q_date_numeric": (
            r"\b(?:[Oo]n[ \t]+)?(3[01]|[12][0-9]|0?[1-9])[/.](1[0-2]|0?[1-9])"
            r"(?:[/.]((?:19|20)\d\d|\d\d))\b"
            r"|\b[Oo]n[ \t]+(3[01]|[12][0-9]|0?[1-9])/(1[0-2]|0?[1-9])\b"
        ),
        "q_date_weekday_day": (
            r"(?i)\b(?:(?:on|last|this|next)[ \t]+)?(?:(?:past|just[ \t]+gone)[ \t]+)?"
            r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?,?[ \t]+"
            rf"(?:the[ \t]+)?{DAY}{ORD}\b"
        ),
        "q_date_named": (
            r"(?i)\b((?:on|last|this|after|before|since|over|during)[ \t]+)?"
            r"(?:(?-i:the[ \t]+Twelfth)|(?:eleventh|mischief)[ \t]+night|mothering[ \t]+sunday|"
            r"(?:chinese|lunar)[ \t]+new[ \t]+year|bonfire[ \t]+night|guy[ \t]+fawkes[ \t]+night|"
            r"fireworks?[ \t]+night|christmas[ \t]+(?:eve|day)|boxing[ \t]+day|new[ \t]+year'?s"
            r"[ \t]+(?:eve|day)|hallowe'?en|valentine'?s[ \t]+day|mother'?s[ \t]+day|"
            r"father'?s[ \t]+day|easter[ \t]+(?:sunday|monday|saturday)|good[ \t]+friday|"
            r"pancake[ \t]+day|shrove[ \t]+tuesday|eid(?:[ \t]+(?:al|ul)[ \t-]?(?:fitr|adha))?|"
            r"diwali|vaisakhi|st\.?[ \t]+(?:patrick|george|andrew|david)'?s[ \t]+day|"
            r"burns[ \t]+night|hogmanay|remembrance[ \t]+(?:day|sunday)|may[ \t]+day)"
            r"(?:[ \t]+(?:morning|night|evening|afternoon|eve|day|weekend))?"
            rf"(?:[ \t]+({YEAR}))?\b"
        ),
        "q_date_last_weekday": (
            rf"(?i)\b(?:last|this[ \t]+past)[ \t]+{WEEKDAY}(?:[ \t]+(?:night|morning|afternoon|"
            r"evening))?\b"
        ),
        "q_date_month_year": (
            rf"(?i)\b(?:(?:in|since|from|last)[ \t]+)?{FULL_MONTH}[ \t]+{YEAR}\b"
        ),
        "q_date_holidays": (
            r"(?i)\b(?:(?:in|during|over|since|before|after)[ \t]+)?(?:the[ \t]+)?(?:summer|"
            r"easter|christmas|xmas|october|february|may|whitsun|autumn|spring|winter)[ \t]+"
            rf"(?:holidays|hols|half[ \t-]?term|break)(?:[ \t]+(?:of[ \t]+)?({YEAR}))?\b"
        ),
        "q_date_routine": (
            rf"(?i)\bevery[ \t]+(?:{WEEKDAY}|weekend)(?:[ \t]+(?:night|morning|afternoon|"
            r"evening))?\b"
        ),
        "q_date_day_only": (rf"(?i)\b(?:on|since|from|until|till|by)[ \t]+the[ \t]+{DAY}{ORD}\b"),
        "q_date_month": (
            r"\b(?i:(?:in|on|since|last|this|from|until|till|during|by|early|late|mid|"
            r"end[ \t]+of|beginning[ \t]+of|start[ \t]+of)[ \t]+)"
            rf"((?i:{FULL_MONTH}))\b"
        ),
    }
