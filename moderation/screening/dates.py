"""Dates of birth, in every common form; the whole date is the span (only the date is replaced).

Rules (the `rule` of each finding, for `manage.py screen --explain`):

- `after-cue`: a date right after "born", "b.", "DOB", "d.o.b:", "date of birth", "birth date",
  "birthday", "birthdays" (for "birthday's"), "bday", "b-day", with only small words between
  ("born on the 3rd of March 2011", "DOB: 03/03/11", "his birthday is the 3rd of March", "born
  in March 2011", "b. 3.3.2011", "bday tmrw the 3rd"). After
  "born" a year alone is a date of birth when it could be a child's or a young parent's, from
  1995 on ("born 2011", "(born in 2009)"; "I was born in 1979" passes), and so is a day alone
  after "born on" ("born on the 3rd"); after "DOB" or "birthday" a day and month without a year
  ("birthday: 12/2") and six or eight digits ("dob 030311") count too.
- `turned-on`: the date someone turned or turns an age ("turned 14 on 3 March", "he'll be 15 on
  the 9th of December", "turns 16 on 14/02", "turned 15 on Saturday the 14th", "turnin
  fourteen on the 3rd"), or has an ordinal birthday ("his 16th is on the 12th of November").
  A future date written with its year after "will be 18 on" is read as a date to plan for, and
  passes ("he'll be 18 on 2/2/2026 and then adult services take over").
- `near-cue`: after "born" or "birthday", a full date (a day and month, a month and year, or a
  numeric date with its year) a few words further on in the same clause ("born at 4am on 3 March
  2011"); no "and", "but", comma or "court" / "hearing" / "appointment" between.
- `before-cue`: a date just before "is his date of birth", "- that's his birthday", "(his DOB)",
  or before "baby" ("she's a Christmas Eve baby", "a May 2011 baby"; not "a May baby").

Forms: "3rd March 2011", "3 Mar 11"-style abbreviations, "March 3rd, 2011", "the twenty-first of
September 2008", a year spelled out ("two thousand and nine", "twenty eleven"), "March 2011",
"03/03/11", "3.3.2011", "2011-03-03", "12-Feb-2009", "Sept 21st '08", "Christmas Eve 2010", "the
summer of 2012", a weekday before ("Tuesday 3rd March 2011").
Dates that are not births (hearings, appointments, "On 12/03/2023 the police came") pass.
"""

from __future__ import annotations

import re

from .scan import Pattern, Scan
from .text import match_at
from .types import Finding, identifying

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ORDINAL_WORD = (
    r"(?:(?:twenty|thirty)[ \t\-]?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|"
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
    r"thirtieth)"
)
_DAY = rf"(?:(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?|{_ORDINAL_WORD})"
_DAY_SUFFIXED = rf"(?:(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)|{_ORDINAL_WORD})"
_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TEENS = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_TWENTIES = rf"twenty(?:[ \t\-]{_UNITS})?"
# A year spelled out: "two thousand and nine", "twenty eleven", "nineteen ninety-eight".
_YEAR_WORDS = (
    rf"(?:two[ \t]+thousand(?:(?:[ \t]+and)?[ \t]+(?:{_UNITS}|{_TEENS}|{_TWENTIES}))?"
    rf"|twenty[ \t\-]+(?:{_TEENS}|{_TWENTIES}|oh[ \t\-]+{_UNITS})"
    rf"|nineteen[ \t\-]+(?:eighty|ninety)(?:[ \t\-]+{_UNITS})?)"
)
_YEAR = (
    r"(?:(?:19|20)\d\d|'\d\d|\d\d(?![\d:.]|[ \t]*(?:am|pm|weeks?|days?|months?|years?|hours?)\b)"
    rf"|{_YEAR_WORDS}\b)"
)
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thur?s?|fri|sat(?:ur)?|sun)(?:day)?\.?,?[ \t]+)"
_HOLIDAY = (
    r"(?:christmas[ \t]+(?:day|eve)|boxing[ \t]+day|new[ \t]+year'?s[ \t]+(?:day|eve)|"
    r"valentine'?s[ \t]+day|hallowe'?en|bonfire[ \t]+night|guy[ \t]+fawkes[ \t]+night|"
    r"easter[ \t]+(?:sunday|monday|day)|mother'?s[ \t]+day|father'?s[ \t]+day|"
    r"st\.?[ \t]+patrick'?s[ \t]+day)"
)
_NUMERIC = r"\d{1,2}[ \t]?[/.\-][ \t]?\d{1,2}[ \t]?[/.\-][ \t]?(?:\d{4}|\d\d)"
_ISO = r"(?:19|20)\d\d-\d{1,2}-\d{1,2}"
_END = r"(?![\w/]|\.\d)"

# A full date: what counts wherever a birth cue is near.
_FULL = (
    rf"{_WEEKDAY}?(?:the[ \t]+)?{_DAY}(?:[ \t]+of)?[ \t]+{_MONTH}(?:,?[ \t]+(?:in[ \t]+)?{_YEAR})?"
    rf"|{_WEEKDAY}?{_MONTH}[ \t]+(?:the[ \t]+)?{_DAY}(?:,?[ \t]+{_YEAR})?"
    rf"|{_MONTH},?[ \t]+(?:of[ \t]+)?{_YEAR}"
    rf"|{_ISO}|{_NUMERIC}"
    rf"|\d{{1,2}}[ \t]?[/.\-][ \t]?{_MONTH}[ \t]?[/.\-][ \t]?(?:\d{{4}}|\d\d)"
    rf"|{_HOLIDAY}(?:,?[ \t]+{_YEAR})?"
    rf"|(?:the[ \t]+)?(?:spring|summer|autumn|fall|winter)[ \t]+(?:of[ \t]+)?(?:19|20)\d\d"
)
_FULL_RX = re.compile(rf"(?:{_FULL}){_END}", re.I)
# Right after a cue, shorter forms count too.
# A year alone after "born": a child's (or a young parent's); "I was born in 1979" passes.
_BIRTH_YEAR = r"(?:199[5-9]|20[0-3]\d)"
# A day and month without a year ("12/2", not "2/3 weeks early"), or a month and year ("03/2011").
_DAY_MONTH = (
    r"(?:\d{1,2}/\d{1,2}(?![ \t]*(?:weeks?|days?|months?|of|hours?)\b)"
    r"|(?:0?[1-9]|1[0-2])/(?:19|20)\d\d)"
)
_AFTER_BORN_RX = re.compile(
    rf"(?:{_FULL}|{_WEEKDAY}?the[ \t]+{_DAY_SUFFIXED}(?![ \t]+of\b)|{_DAY_MONTH}|{_BIRTH_YEAR})"
    rf"{_END}",
    re.I,
)
_YEAR_RX = re.compile(r"(?:19|20)\d\d|[/.\-]\d\d$|'\d\d")
_AFTER_DOB_RX = re.compile(
    rf"(?:{_FULL}|{_WEEKDAY}?(?:the[ \t]+)?{_DAY_SUFFIXED}|{_DAY_MONTH}|\d{{6}}|\d{{8}})"
    rf"{_END}",
    re.I,
)
_FILLER = re.compile(
    r"[ \t]*(?:[:=\-(,.]+[ \t]*)?(?:(?:is|was|are|were|'s|s|it'?s|its|being|will[ \t]+be|"
    r"'ll[ \t]+be|falls|fell|on|in|at|around|about|exactly|the[ \t]+day[ \t]+of|"
    r"yesterday|today|tomorrow|tmrw|tmoz|tomoz|2moro|2day|"
    r"the[ \t]+year|date|of|his|"
    r"her|their|my|"
    r"our|was[ \t]+on|is[ \t]+on)[ \t,:\-]+)*",
    re.I,
)
_SENTENCE_BREAK = re.compile(r"[!?\n;]|\.(?:\s|$)")
_NEAR_BLOCK = re.compile(
    r",|\b(?:and|but|so|because|when|while|until|since|then|after|before|court|hearing|"
    r"appointment|meeting|trial|exam|review|due|police|arrested|missing|went|came|took)\b",
    re.I,
)
_BEFORE_FILLER = re.compile(
    r"[ \t,\-(:]*(?:(?:that'?s|thats|which[ \t]+is|which[ \t]+was|it'?s|is|was|being|=)[ \t]+)?"
    r"(?:(?:his|her|my|their|our|the|your)[ \t]+)?(?:(?:son|daughter|child|boy|girl)'?s[ \t]+)?"
    r"(?:\d{1,2}(?:st|nd|rd|th)[ \t]+)?",
    re.I,
)
# Something a date could be made of: a digit, a month, a festival, a season, an ordinal word.
_DATEISH = re.compile(
    r"\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|christmas|boxing|new[ \t]+year|"
    r"valentine|hallowe|bonfire|fawkes|easter|mother|father|patrick|spring|summer|autumn|fall|"
    r"winter|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"teenth|twentieth|thirtieth",
    re.I,
)


def _valid_numeric(date: str) -> bool:
    """Day and month in range, for the all-digit forms (either order: 03/21/2011 too)."""
    parts = re.split(r"[ \t]*[/.\-][ \t]*", date.strip())
    if len(parts) == 1 and parts[0].isdigit() and len(parts[0]) in (6, 8):
        d = parts[0]
        parts = [d[:2], d[2:4], d[4:]]
    if len(parts) < 2 or not all(p.isdigit() for p in parts):
        return True
    nums = [int(p) for p in parts]
    if len(parts) == 2 and len(parts[1]) == 4:  # 03/2011
        return 1 <= nums[0] <= 12
    if len(parts[0]) == 4:  # 2011-03-03
        return len(nums) == 3 and 1 <= nums[1] <= 12 and 1 <= nums[2] <= 31
    a, b = nums[0], nums[1]
    return (1 <= a <= 31 and 1 <= b <= 12) or (1 <= a <= 12 and 1 <= b <= 31)


_LEAD = re.compile(r"[ \t.:=\-(]*")


def _window(text: str, start: int, size: int = 70) -> int:
    """The end of the clause after `start` (past "D.O.B. "), at most `size` characters on."""
    end = min(len(text), start + size)
    brk = _SENTENCE_BREAK.search(text, match_at(_LEAD, text, start).end(), end)
    return brk.start() if brk else end


def _date_after(text: str, pos: int, rx: re.Pattern[str], end: int) -> tuple[int, int] | None:
    """A date at `pos`, after small words ("is", "on", "was on", ":")."""
    for at in dict.fromkeys((match_at(_FILLER, text, pos, end).end(), pos)):
        d = rx.match(text, at, end)
        if d and _valid_numeric(d.group()):
            return d.start(), d.end()
    return None


def _dates_of_birth(text: str, scan: Scan) -> list[Finding]:
    out: list[Finding] = []
    seen: set[tuple[int, int]] = set()

    def add(span: tuple[int, int] | None, rule: str) -> bool:
        if span is None or span in seen:
            return span is not None
        seen.add(span)
        out.append(identifying("date_of_birth", span[0], span[1], rule=rule))
        return True

    for m in scan.find("birth_cue"):
        cue = m.group()
        cue_end = m.end() - 1 if cue[-1].isdigit() else m.end()  # "b. 3.3.2011"
        end = _window(text, cue_end)
        born = cue.lower().startswith("born")
        rx = _AFTER_BORN_RX if born else _AFTER_DOB_RX
        if _DATEISH.search(text, cue_end, end):  # most "born" and "birthday" have no date after
            if add(_date_after(text, cue_end, rx, end), "after-cue"):
                continue
            if (born or "day" in cue.lower()) and add(_near(text, cue_end, end), "near-cue"):
                continue
        if _DATEISH.search(text, max(0, m.start() - 45), m.start()):
            add(_before(text, m.start()), "before-cue")
    for m in scan.find("date_baby"):
        add(_before(text, m.end() - len(m.group().split()[-1])), "before-cue")
    for m in scan.find("turned_on"):
        end = _window(text, m.end(), 45)
        span = _date_after(text, m.end(), _AFTER_DOB_RX, end)
        if span and m.group().lower().startswith("be") and _YEAR_RX.search(text, *span):
            continue  # "he'll be 18 on 2/2/2026": a date to plan for, written with its year
        add(span, "turned-on")
    return out


def _near(text: str, pos: int, end: int) -> tuple[int, int] | None:
    """A full date a few words on in the same clause ("born at 4am on 3 March 2011")."""
    d = _FULL_RX.search(text, pos, end)
    if d is None or not _valid_numeric(d.group()):
        return None
    between = text[pos : d.start()]
    if _NEAR_BLOCK.search(between) or len(between.split()) > 6:
        return None
    return d.start(), d.end()


def _before(text: str, cue_start: int) -> tuple[int, int] | None:
    """A date just before the cue: "03/03/2011 is his date of birth", "(his DOB)"."""
    start = max(0, cue_start - 45)
    cut = start
    for brk in _SENTENCE_BREAK.finditer(text, start, cue_start):
        cut = brk.end()
    last = None
    for d in _FULL_RX.finditer(text, cut, cue_start):
        last = d
    if last is None or not _valid_numeric(last.group()):
        return None
    if _BEFORE_FILLER.fullmatch(text, last.end(), cue_start) is None:
        return None
    return last.start(), last.end()


def patterns() -> dict[str, Pattern]:
    """The RE2 sources this module scans with."""
    return {
        "birth_cue": (
            r"(?i)\b(?:born|d\.?[ \t]?o\.?[ \t]?b\.?|date[ \t]+of[ \t]+birth|birth[ \t]?date|"
            r"birth[ \t]?days?|b[' .\-]?days?|brithday|birfday|burfday)\b|\bb\.[ \t]*\d"
        ),
        "turned_on": (
            r"(?i)\b(?:turned|turns|turning|turnin'?|be)[ \t]+(?:[1-9]|1\d|2[0-5]|"
            r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
            r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[ \t\-]?(?:one|two|three|four|"
            r"five))?)(?:[ \t]*(?:years?[ \t]+old|yrs?(?:[ \t]+old)?|yo))?[ \t]+on\b"
            # "his 16th is on the 12th": an age's birthday by its ordinal
            r"|\b(?:his|her|my|their|our|your)[ \t]+(?:1\d|2[01])(?:st|nd|rd|th)[ \t]+"
            r"(?:is|was|will[ \t]+be|'s|s|falls)[ \t]+on\b"
        ),
        # A date said before "baby": "she's a Christmas Eve baby", "a 3rd of March 2011 baby".
        "date_baby": (
            r"(?i)(?:\d|\d(?:st|nd|rd|th)|uary|ruary|march|april|may|june|july|august|ember|"
            r"ober|\bday|\beve)[ \t]+bab(?:y|ies)\b"
        ),
    }


DETECTORS = (_dates_of_birth,)
