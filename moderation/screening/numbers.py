"""Numbers that reach a family: phone numbers and number plates.

Phones. `phonenumbers` (region GB, leniency POSSIBLE, because Ofcom's drama numbers are not
"valid" in its data) only on runs of at least ten digits, and only if the number is written as
dialled (starting 0, +, 00 or "(0"), so a ten-digit reference number passes. Helpline-style
numbers (0800, 0808, 03, 08, 09, 116 xxx) belong to organisations, not families, and pass. Runs
longer than 40 characters, and every run after the 40th in one text, go to a plain regex of the
same shapes instead, so a flood of digits cannot make screening slow. Digits written one by one
("0 7 7 0 0 9 0 0 1 2 3") are left to the undisguised view, which joins them and says so.
A number read out with words between its groups ("07700 then 900 then 552", "07700 900 and
then 415", "07700 900 double 4 9") counts when the groups make a whole personal UK number
(eleven digits with the 0, or ten when no digit follows), from the first group to the last.

Number plates. The current format ("AB12 CDE") counts in capitals anywhere, prefix ("A123 BCD",
"Y 123 ABC") and suffix ("ABC 123D") in capitals too, unless the text around is all capitals
(shouting). In lower or mixed case the current format ("ef 71 uvj") counts when its letters
are ones the DVLA issues (no I, Q or Z in the area code, no I or Q in the last three), neither
letter group is an everyday word, and a word for a vehicle stands within 80 characters ("car",
"van", "merc", "corsa", "parked", "reg"...). After "reg", "registration", "number plate" any
format counts in any case, dateless ("ABC 123", "1234 AB") included; an everyday word after a
partial plate is not part of it ("the reg started with KN19 but ...", "SF 66 and it was").
"""

from __future__ import annotations

import re

import phonenumbers

from .scan import Match, Pattern, Scan
from .text import lexicon, match_at, words
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


# "07700 then 900 then 552", "07700 900 and then 415", "07700 900 double 4 9": digit groups
# read out with words between.
_GROUP = re.compile(r"(?i)(?:\b(double|treble|triple)[ \t]+)?(\d+)")
_GROUP_WORD = re.compile(r"(?i)[a-z&]")
_SEP = r"[ \t\-.,]+"
_WORD_SEP = r"[ \t\-.,]*\b(?:then|and|an|n|&|followed[ \t]+by)\b[ \t\-.,]*"
_TIMES = r"(?:double|treble|triple)"
_ANY_SEP = rf"(?:{_SEP}|{_WORD_SEP})"
_DIGITS = rf"(?:{_TIMES}[ \t]+)?\d{{1,6}}"


def _phone_read_out(text: str, m: Match) -> Finding | None:
    """The run of groups from the match's start that makes a whole UK number (eleven digits
    with the 0, or ten when no group follows to make eleven), when a word ("then", "and")
    stands between two of its groups."""
    start = m.start(1)
    plus44 = text[start] == "+"
    groups = []
    for g in _GROUP.finditer(text, start, m.end()):
        run = g.group(2)
        if g.group(1):  # "double 4 9": the first digit said two or three times
            run = run[0] * (2 if g.group(1).lower() == "double" else 3) + run[1:]
        groups.append((run, g.end()))
    digits = ""
    for i, (group, end) in enumerate(groups):
        digits += group
        national = digits[2:] if plus44 else digits
        if plus44:
            national = "0" + national.removeprefix("0")
        if len(national) < 10:
            continue
        if len(national) > 11:
            return None
        if len(national) == 10 and i + 1 < len(groups) and len(groups[i + 1][0]) == 1:
            continue  # "... and 4": one more digit makes eleven
        if not _GROUP_WORD.search(text, start, end):
            return None  # no word between: the plain phone rule reads it
        if not _personal_number(national):
            return None
        return identifying("phone", start, end, rule="phone-read-out")
    return None


def _phones(text: str, scan: Scan) -> list[Finding]:
    out = []
    calls = 0
    for m in scan.find("phone_words"):
        found = _phone_read_out(text, m)
        if found is not None:
            out.append(found)
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


_PLATE_FORMATS = (  # the first is also read in any case, near a word for a vehicle
    r"[A-Z]{2}(?:0[2-9]|1\d|2[0-5]|5[1-9]|6\d|7[0-5])[ ]?[A-Z]{3}",  # current, AB12 CDE
    r"(?:[B-HJ-NPR-TV-Y][ ]?|A)\d{1,3}[ ]?[A-Z]{3}",  # prefix, A123 BCD, "Y 123 ABC"
    r"[A-Z]{3}[ ]?\d{1,3}[A-Z]",  # suffix, ABC 123D
)
_PLATE_CAPITALS = re.compile("|".join(_PLATE_FORMATS))
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


def _plate_at(text: str, pos: int, stop: frozenset[str]) -> re.Match[str] | None:
    """The plate at `pos` after a cue, without a following everyday word ("KN19 but")."""
    end = pos + 12
    for _ in range(3):
        p = _PLATE_ANY.match(text, pos, end)
        if p is None or not _plain_word_in(p.group(), stop):
            return p
        tail = re.search(r"[ ]?[A-Za-z]+$", p.group())
        if tail is None or tail.start() == 0:
            return None
        end = p.start() + tail.start()
    return None


# A current-format plate written in lower case ("ef 71 uvj") counts near a word for a vehicle.
_VEHICLE_CONTEXT = re.compile(
    r"(?i)\b(?:cars?|vans?|motor|motorbikes?|bikes?|moped|scooter|taxi|cab|uber|lorry|truck|"
    r"jeep|4x4|suv|merc|mercs|mercedes|bmw|beemer|audi|vw|golf|polo|corsa|fiesta|focus|astra|"
    r"range[ \t]rover|rover|evoque|qashqai|juke|civic|yaris|clio|octavia|skoda|ford|vauxhall|"
    r"toyota|nissan|honda|kia|hyundai|peugeot|renault|seat|leon|tesla|mini|fiat|transit|"
    r"parked|parks|drives|driving|drove|driver|pulled[ \t]up|reg|plates?|tinted|hatchback|"
    r"saloon|estate[ \t]car|motor)\b"
)
_MEMORY_TAG = re.compile(r"(?i)[ABCDEFGHKLMNOPRSVWY][A-HJ-PR-Y]")
_RANDOM_LETTERS = re.compile(r"(?i)[A-HJ-PR-Z]{3}")


def _lower_plate(text: str, m: Match, stop: frozenset[str]) -> bool:
    plate = m.group()
    if plate.isupper():
        return False  # the capitals rule reads it
    letters = re.findall(r"[A-Za-z]+", plate)
    if len(letters) != 2 or not _MEMORY_TAG.fullmatch(letters[0]):
        return False
    if not _RANDOM_LETTERS.fullmatch(letters[1]) or _plain_word_in(plate.lower(), stop):
        return False
    window = text[max(0, m.start() - 80) : m.end() + 80]
    return bool(_VEHICLE_CONTEXT.search(window))


def _vehicles(text: str, scan: Scan) -> list[Finding]:
    out = []
    stop = lexicon().stop
    for m in scan.find("plate"):
        if not m.group().isupper() or not _PLATE_CAPITALS.fullmatch(m.group()):
            if _lower_plate(text, m, stop):
                out.append(identifying("vehicle", m.start(), m.end(), rule="plate-near-vehicle"))
            continue
        letters = re.findall(r"[A-Z]{3}", m.group())
        if _shouting(text, m.start(), m.end()) or any(w.lower() in stop for w in letters):
            continue
        out.append(identifying("vehicle", m.start(), m.end(), rule="plate-format"))
    cues = list(scan.find("plate_cues"))
    for m in cues:
        if m.start(1) < 0:
            continue
        pos = match_at(_PLATE_FILLER, text, m.end(1), m.end(1) + 60).end()
        p = _plate_at(text, pos, stop)
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
        context = text[max(0, m.start(1) - 25) : pos]
        if _PARTIAL_CUE.search(context):
            out.append(identifying("vehicle", p.start(), p.end(), rule="partial-plate-letters"))
    for m in cues:
        if m.start(2) < 0:
            continue
        # "number plate started WK and ended in ZT": the second part, after its own verb.
        if not _PLATE_CUE_BEFORE.search(text[max(0, m.start(2) - 60) : m.start(2)]):
            continue
        pos = match_at(_PLATE_FILLER, text, m.end(2), m.end(2) + 30).end()
        p = _plate_at(text, pos, stop) or _PLATE_LETTERS.match(text, pos, pos + 4)
        if not p or _plain_word_in(p.group(), stop) or p.group().lower() in stop:
            continue
        if _PLATE_NOT.fullmatch(p.group()) or (p.group().isalpha() and not p.group().isupper()):
            continue
        out.append(identifying("vehicle", p.start(), p.end(), rule="partial-plate-after-cue"))
    for m in cues:
        if m.start(3) < 0:
            continue
        token = m.group(3)
        if token.upper() in _NOT_PLATE_STARTS or _shouting(text, m.start(), m.end()):
            continue
        out.append(identifying("vehicle", m.start(3), m.end(3), rule="partial-plate"))
    return out


def patterns() -> dict[str, Pattern]:
    """The RE2 sources this module scans with."""
    return {
        "phone_run": r"\+?\(?\d(?:[ \-.()]{0,3}\d){9,}",
        # Digit groups with at least one word between them ("then", "and", "double").
        "phone_words": (
            r"(?i)(?:^|[^\w+])(\+44[ \t]?|0)\d{1,5}"
            rf"(?:{_ANY_SEP}+{_DIGITS}){{0,4}}"
            rf"(?:{_ANY_SEP}*{_WORD_SEP}{_ANY_SEP}*{_DIGITS}|{_ANY_SEP}+{_TIMES}[ \t]+\d{{1,6}})"
            rf"(?:{_ANY_SEP}+{_DIGITS}){{0,4}}"
        ),
        # Every format in capitals, and the current one in any case (checked in Python).
        "plate": (
            r"\b(?:[a-zA-Z]{2}[ ]?(?:0[2-9]|1\d|2[0-5]|5[1-9]|6\d|7[0-5])[ ]?[a-zA-Z]{3}|"
            + "|".join(_PLATE_FORMATS[1:])
            + r")\b"
        ),
        # Three kinds of cue in one pattern, one group each: (1) "reg", "number plate"; (2) "and
        # ended in", after a first part; (3) the start of a plate and a word that says the rest
        # is missing.
        "plate_cues": (
            r"(?i)\b(reg(?:istration)?(?:[ \t]+(?:no|number|plate|plates))?|number[ \t]*plates?|"
            r"numberplates?|vrm|plates?|reg[ \t]+no)\b"
            r"|\b((?:and|but|then)[ \t]+(?:it[ \t]+)?(?:end(?:ed|s|ing)?|start(?:ed|s|ing)?|"
            r"began|begins|finish(?:ed|es|ing)?)(?:[ \t]+(?:in|with|on))?)\b"
            r"|\b((?-i:[A-Z]{2}\d{1,2}(?:[ ]?[A-Z]{1,2})?))(?:[ \t]*(?:\.\.+|\x{2026}|\?\?+)|"
            r"[ \t]+(?:or[ \t]+)?(?:something|summat|sumthin|somethin|smthng|smth|etc)\b)"
        ),
    }


DETECTORS = (_phones, _vehicles)
