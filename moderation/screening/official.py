"""Official numbers (NHS, CHI, National Insurance, pupil, learner, passport and driving licence
numbers) and references (police crime and incident references, court case numbers, council and
social-care case references).

Official numbers [official_number]. Each is found by its shape, then checked:

- NHS numbers: ten digits, as 3-3-4 or run together, with a valid mod-11 check digit
  (`stdnum.gb.nhs`), not starting with 0. CHI numbers (Scotland): ten digits, a valid date
  DDMMYY then four digits, with the same mod-11 check. A ten-digit number written as part of a
  longer run of digit groups ("+1 202 555 0143") is left to the phone rule. After a health cue
  ("NHS", "CHI", "health number", "hospital number", "ULN"...) any ten digits count, check digit
  or not: a mistyped number still identifies. After a police or court cue ("crime number") the
  reference rule reports it instead.
- National Insurance numbers: two letters, six digits (spaced 2-2-2, 3-3 or not at all) and a
  suffix A-D, with HMRC's format rules: the first letter is not D, F, I, Q, U or V, the second
  not D, F, I, O, Q, U or V, and BG, GB, KN, NK, NT, TN and ZZ are never issued. In lowercase
  and spaced ("at 12 34 56 a") it counts only after an NI cue; without a suffix too.
- Unique Pupil Numbers: a check letter and twelve characters, checked with DfE's mod-23 check
  and a known local authority number (`stdnum.gb.upn`).
- Driving licences (GB, 16 characters): five from the surname (letters, padded with 9), six
  from the date of birth (decade, month, +50 for women, day, year: the month and day must be
  real), two initials (padded with 9), a computer digit and two letters, with or without spaces
  and an issue number ("MORGA753116SM9IJ 35").
- After a cue that names the number ("passport number", "NI no", "UPN", "ULN", "hospital
  number", "licence number", "UTR"...), any token of at least six letters and digits with at
  least five digits (a passport's nine digits, a Northern Irish licence's eight).

References [reference]. Any reference-like token after a cue: "crime number", "crime ref",
"incident number", "log number", "case number", "case ref", "claim number", "file number",
"reference number", "URN", "CAD", "our ref"... (a strong cue: up to five ordinary words may come
between, "the crime number they gave us was ..."), or a bare "ref", "reference" or "case" (a weak
cue: only ":", "#", "no", "number", "is" or "was" may come between, and "in case", "in any case"
never count). The token is letters and digits, with slashes, dashes, dots or single spaces
between digit groups ("CRN/2023/04412", "44/118230/23", "LS-2291-K", "NCA 2023 118 442"), at
least four characters and at least one digit, and the whole of it is reported; an incident
number given with its date ("0412 of 16/03", "log 1187 of 12 March") keeps the date. Years,
dates, times, money, scores ("50/50", "3-1"), percentages, ordinals and measures are not
references, nor is text-speak ("2day"). After a weak cue a bare number needs four digits ("ref
4412"), five after "case is". "quote" alone is a weak cue for a number of five digits or more
("quote 42240119873 when you ring"); "serial number", "event number", "report number" and
"enquiry number" are strong ones. A bare "ref" or "reference" may take a qualifier before "is"
or ":" when the token is not digits alone ("the ref for the complaint is HC/0912"). A "#" just
before the token belongs to it ("incident #1187").

References by their shape, with no cue or the cue after them ("13/55678/24 is the number the
police gave us"): a police crime reference (up to three digits, a serial of four to eight digits
that no day or month has, and a year: "44/118230/23", "13 / 55678 / 24"); capitals then digit
groups joined by slashes or dashes, with five digits or more and a group of three or more, and
no date inside ("CR/0412883/24", "CMP/23/11872", "PS-20240412-2231", "MASH-0042187"); a family
court case number ("MA24C00731": court, year, case type, five digits); a police unique reference
number ("47BX0193823": force, station, five digits and the year).
"""

from __future__ import annotations

import datetime
import re

from stdnum.gb import nhs, upn

from .scan import Match, Pattern, Scan
from .text import bounded, match_at, spaced, words
from .types import Finding, identifying

# --------------------------------------------------------------------------------------------
# Validators


def _mod11(digits: str) -> bool:
    return len(digits) == 10 and digits.isdigit() and nhs.checksum(digits) == 0


def nhs_number(digits: str) -> bool:
    """A valid NHS number (England, Wales, Isle of Man; H&C in Northern Ireland)."""
    return _mod11(digits) and digits[0] != "0"


def _real_date(day: int, month: int, year2: int) -> bool:
    for century in (1900, 2000):
        try:
            datetime.date(century + year2, month, day)
        except ValueError:
            continue
        return True
    return False


def chi_number(digits: str) -> bool:
    """A valid Scottish CHI number: a real DDMMYY date, then four digits, mod-11 checked."""
    if not _mod11(digits):
        return False
    return _real_date(int(digits[0:2]), int(digits[2:4]), int(digits[4:6]))


_NINO_NEVER = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def nino_prefix(prefix: str) -> bool:
    """Two letters HMRC could issue at the start of a National Insurance number."""
    prefix = prefix.upper()
    return (
        len(prefix) == 2
        and prefix[0] not in "DFIQUV"
        and prefix[1] not in "DFIOQUV"
        and prefix not in _NINO_NEVER
    )


def pupil_number(compact: str) -> bool:
    """A valid Unique Pupil Number (DfE's check letter and a known local authority)."""
    return upn.is_valid(compact.upper())


_LICENCE = re.compile(r"([A-Z]{1,5}9{0,4})(\d)(\d\d)(\d\d)(\d)([A-Z][A-Z9])(\d)([A-Z]{2})")


def driving_licence(compact: str) -> bool:
    """A GB driving licence number's shape: surname, a real date of birth, initials, checks."""
    m = _LICENCE.fullmatch(compact.upper()[:16])
    if not m or len(m.group(1)) != 5:
        return False
    month = int(m.group(3))
    month = month - 50 if month > 50 else month
    day = int(m.group(4))
    return 1 <= month <= 12 and _real_date(day, month, 0)


# --------------------------------------------------------------------------------------------
# Official numbers

_HEALTH_CUE = re.compile(
    r"(?i)\b(?:nhs|chi|h[ \t]?&[ \t]?c|health|hospital|patient|uln|learner|gp)\b"
    r"(?:'s)?(?:[ \t]+(?:number|no|num|nr|id))?(?:\bno\.|[^\n.!?]){0,25}$"
)
_POLICE_CUE = re.compile(
    r"(?i)\b(?:crime|incident|log|case|claim|court|police|ref|reference|urn|cad)\b[^\n.!?]{0,40}$"
)
_NI_CUE = re.compile(
    r"(?i)(?:\bnational[ \t]+insurance|\bnat(?:ional)?\.?[ \t]*ins\.?|\bnino|(?-i:\bNI\b|\bN\.I\.)"
    r"|\bni[ \t]+(?:number|no|num))(?:\bno\.|[^\n.!?]){0,25}$"
)


def _glued_to_digits(text: str, start: int, end: int) -> bool:
    """True when [start, end) is one group in a longer run of digit groups (a phone number)."""
    before = text[max(0, start - 2) : start]
    return bool(_GLUED_BEFORE.search(before) or _GLUED_AFTER.match(text, end, end + 2))


_GLUED_BEFORE = re.compile(r"(?:\d[ \-.]|\+)$")
_GLUED_AFTER = re.compile(r"[ \-.]\d")


# Pupil numbers, licences and references by shape are alternatives of one RE2 pattern
# ("official_shape"), each in its own group, so a post costs one scan for all of them. (Ten
# digits and NI numbers have patterns of their own: "is 999 577" would hide an NHS number.)
_G_UPN, _G_LICENCE, _G_LICENCE_BODY = 1, 2, 3
_G_CRIME, _G_PREFIXED, _G_COURT, _G_URN = 4, 5, 6, 7


def _shapes(scan: Scan, group: int) -> list[Match]:
    """The matches of "official_shape" in which alternative `group` took part."""
    return [m for m in scan.find("official_shape") if m.start(group) >= 0]


def _ten_digits(text: str, scan: Scan) -> list[Finding]:
    out = []
    for m in scan.find("ten_digits"):
        start, end = m.start(), m.end()
        digits = re.sub(r"\D", "", m.group())
        before = text[max(0, start - 40) : start]
        if _HEALTH_CUE.search(before):
            out.append(identifying("official_number", start, end, rule="health-number-after-cue"))
            continue
        if _glued_to_digits(text, start, end) or _POLICE_CUE.search(before):
            continue
        if nhs_number(digits):
            out.append(identifying("official_number", start, end, rule="nhs-check-digit"))
        elif chi_number(digits):
            out.append(identifying("official_number", start, end, rule="chi-date-check-digit"))
    return out


def _nino(text: str, scan: Scan) -> list[Finding]:
    out = []
    for m in scan.find("nino"):
        if not nino_prefix(m.group(1)):
            continue
        token = m.group()
        cue = bool(_NI_CUE.search(text[max(0, m.start() - 40) : m.start()]))
        if not cue and (m.group(2) is None or (" " in token and not token.isupper())):
            continue
        out.append(identifying("official_number", m.start(), m.end(), rule="national-insurance"))
    return out


def _upn(text: str, scan: Scan) -> list[Finding]:
    out = []
    for m in _shapes(scan, _G_UPN):
        if pupil_number(re.sub(r"[ \-]", "", m.group(_G_UPN))):
            start, end = m.start(_G_UPN), m.end(_G_UPN)
            out.append(identifying("official_number", start, end, rule="upn-check"))
    return out


def _licence(text: str, scan: Scan) -> list[Finding]:
    out = []
    for m in _shapes(scan, _G_LICENCE):
        if driving_licence(re.sub(r"[ \-]", "", m.group(_G_LICENCE_BODY))):
            start, end = m.start(_G_LICENCE), m.end(_G_LICENCE)
            out.append(identifying("official_number", start, end, rule="driving-licence"))
    return out


# Cues that name the number: the token after them counts without a check.
_OFFICIAL_FILLER = re.compile(
    r"(?i)(?:'s)?(?:[ \t]*(?:number|no\b\.?|num\b|nr\b|#|id\b|ref(?:erence)?\b|is\b|was\b|"
    r"of\b|it's\b|:|=|-|\(|,|\.(?![A-Za-z0-9])))*[ \t]*"
)
_OFFICIAL_TOKEN = re.compile(
    r"(?:[A-Z]{1,3}[ \t](?=\d))?[A-Za-z0-9]+(?:(?:[\-/]|(?<=\d)[ \t](?=\d))[A-Za-z0-9]+)*"
)


def _official_after_cue(text: str, scan: Scan) -> list[Finding]:
    out = []
    for m in scan.find("official_cue"):
        if not bounded(text, m.start(), m.end()):
            continue  # "chi" in "child"
        pos = match_at(_OFFICIAL_FILLER, text, m.end(), m.end() + 40).end()
        t = _OFFICIAL_TOKEN.match(text, pos, pos + 40)
        if not t:
            continue
        token = t.group()
        alnum = sum(c.isalnum() for c in token)
        digits = sum(c.isdigit() for c in token)
        if alnum < 6 or digits < 5 or text[t.end() : t.end() + 1] in ("%", "£"):
            continue
        if token.startswith(("0", "+")) and digits >= 10 and not token[:3].isdigit():
            continue
        out.append(identifying("official_number", t.start(), t.end(), rule="number-after-cue"))
    return out


# --------------------------------------------------------------------------------------------
# References

_WEAK_CASE_BEFORE = re.compile(
    r"(?i)\b(?:in|any|this|that|which|either|each|every|worst|best|lower|upper|phone|pencil|"
    r"brief|suit|book|show|display|court|test|head|nut|basket|special)[ \t]+$"
)
_REF_FILLER = re.compile(
    r"(?i)(?:'s)?(?:[ \t]*(?:ref(?:erence)?\b\.?|no\b\.?|nos\b\.?|number\b|num\b|nr\b|id\b|#|:|=|"
    r"-|\(|,|\.(?![A-Za-z0-9])|is\b|was\b|were\b|are\b|it's\b|its\b))*[ \t]*"
)
_REF_SKIP = frozenset(
    words(
        """is was were are it's its they we i he she you gave given give got get us me him her them
    a an the our my his their for this that it which then today yesterday finally eventually in
    end number no ref reference as be been has have had just still issued quoted to i'm we're
    they've we've i've was: at last first second new original same one police"""
    )
)
_WORD = re.compile(r"[A-Za-z'\u2019]+:?[ \t,]*")
# "the case number at the family court is ...": a strong cue, a qualifier, then "is" or ":".
_QUALIFIED = re.compile(r"(?i)[^.!?\n:;]{1,60}?(?:\b(?:is|was)\b[ \t:\-]*|:[ \t]*)")
_REF_TOKEN = re.compile(
    r"(?:[A-Z]{2,5}[ \t](?=[A-Za-z]*\d))?[A-Za-z0-9]+"
    r"(?:(?:[/\\\-._:]|(?<=\d)[ \t](?=\d{3}))[A-Za-z0-9]+)*"
)
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
_OF_DATE = re.compile(
    rf"(?i)[ \t]+of[ \t]+(?:\d{{1,2}}[/.\-]\d{{1,2}}(?:[/.\-]\d{{2,4}})?\b"
    rf"|(?:the[ \t]+)?\d{{1,2}}(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?{_MONTHS}(?:[ \t]+\d{{4}})?\b"
    rf"|{_MONTHS}[ \t]+\d{{1,2}}(?:st|nd|rd|th)?\b|today\b|yesterday\b)"
)
_NOT_A_REF = re.compile(
    r"(?i)(?:19|20)\d\d(?:-\d\d-\d\d)?|\d{1,2}[/.\-:]\d{1,2}(?:[/.\-]\d{2,4})?|\d+\.\d+|\d{1,2}[ap]m|"
    r"\d+(?:st|nd|rd|th|s|k|m|km|mph|kg|lbs?|ml|mins?|hrs?|hours?|yrs?|years?|yo|p|x|gb|mb|cm|mm|"
    r"ft|pm|am|pc|ish)|[a-z]*\d[a-z]+|[a-z]+\d[a-z]*"
)


def _ref_token(text: str, pos: int, strong: bool, ref: bool = False) -> re.Match[str] | None:
    """The reference-like token at `pos`, skipping ordinary words after a strong cue; after a
    bare "ref" or "reference" ("the ref for the complaint is HC/0912"), only a token that is
    not digits alone, once the cue is qualified and followed by "is" or ":"."""
    start = pos
    for _ in range(6):
        t = _REF_TOKEN.match(text, pos, pos + 60)
        if t and any(c.isdigit() for c in t.group()):
            return t
        if not strong and not ref:
            return None
        if not strong:
            q = _QUALIFIED.match(text, start, start + 80)
            t = _REF_TOKEN.match(text, q.end(), q.end() + 60) if q else None
            if t and any(c.isdigit() for c in t.group()) and not t.group().isdigit():
                return t
            return None
        w = _WORD.match(text, pos, pos + 20)
        if not w or w.group().rstrip(":, \t").lower().replace("\u2019", "'") not in _REF_SKIP:
            break
        pos = w.end()
    q = _QUALIFIED.match(text, start, start + 80)
    if q:
        t = _REF_TOKEN.match(text, q.end(), q.end() + 60)
        if t and any(c.isdigit() for c in t.group()):
            return t
    return None


_STRONG_FILLER = re.compile(r"(?i)\b(?:no|nos|number|num|nr|id)\b|#")
_PHONE_SHAPED = re.compile(r"\+?0\d{9,10}")


def _references(text: str, scan: Scan) -> list[Finding]:
    out = []
    for m in scan.find("ref_cue"):
        cue = m.group().lower()
        if cue == "case" and _WEAK_CASE_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
            continue
        filler = match_at(_REF_FILLER, text, m.end(), m.end() + 40)
        between = filler.group()
        numbered = bool(_STRONG_FILLER.search(between))
        strong = " " in cue or "\t" in cue or cue in ("urn", "cad") or numbered
        t = _ref_token(text, filler.end(), strong, ref=cue in ("ref", "reference"))
        if not t:
            continue
        token, start, end = t.group(), t.start(), t.end()
        of = _OF_DATE.match(text, end, end + 30) if token.isdigit() and len(token) <= 5 else None
        if of:
            end = of.end()
        elif cue in ("log", "incident") and not numbered:
            continue  # a bare "log" or "incident": only "log 1187 of 12/03"
        elif sum(c.isalnum() for c in token) < 4 or _NOT_A_REF.fullmatch(token):
            continue
        if text[end : end + 1] == "%" or text[max(0, start - 1) : start] in ("£", "$", "€"):
            continue
        if _PHONE_SHAPED.fullmatch(re.sub(r"[ \t\-.]", "", token)):
            continue  # a phone number after "council number": the phone rule reports it
        if cue == "case" and token.isdigit() and len(token) < 5 and not numbered:
            continue  # "the case is 1500 pages"
        if cue in ("quote", "quoting") and sum(ch.isdigit() for ch in token) < 5:
            continue  # "quote 2 of the report"; "quote 42240119873 when you ring"
        if start > 0 and text[start - 1] == "#":
            start -= 1  # "incident #1187": the sign goes with the number
        out.append(identifying("reference", start, end, rule="reference-after-cue"))
    return out


# References by their shape alone, wherever they stand ("13/55678/24 is the number the police
# gave us"): forms no date, time, score, price or version takes.
_SHAPE_RULES = {
    _G_CRIME: "crime-reference-shape",
    _G_PREFIXED: "prefixed-reference-shape",
    _G_COURT: "court-case-number-shape",
    _G_URN: "urn-shape",
}
_DATE_LIKE = re.compile(r"\d{1,2}[/\-.]\d{1,2}[/\-.]\d{2,4}")


def _reference_shapes(text: str, scan: Scan) -> list[Finding]:
    out = []
    for m in scan.find("official_shape"):
        for group, rule in _SHAPE_RULES.items():
            start, end = m.start(group), m.end(group)
            if start < 0:
                continue
            token = m.group(group)
            if group == _G_PREFIXED:
                if sum(c.isdigit() for c in token) < 5 or _DATE_LIKE.search(token):
                    continue
                if max(len(g) for g in re.findall(r"\d+", token)) < 3:
                    continue  # "AB-12-34-56"
            out.append(identifying("reference", start, end, rule=rule))
    return out


# --------------------------------------------------------------------------------------------


def patterns() -> dict[str, Pattern]:
    """The RE2 sources this module scans with."""
    ref_heads = (
        r"crime|incident|occurrence|occurence|log|case|claim|file|complaint|custody|court|police|"
        r"serial|event|report|reporting|enquiry|inquiry|"
        r"safeguarding|referral|council|mash|lado|housing|investigation|job|ticket|warrant|"
        r"appeal|tribunal|yot|cps|pnc|hmrc|dwp|cafcass|social[ \t]+(?:care|services)|"
        r"early[ \t]+help|children'?s[ \t]+services"
    )
    ref_nouns = r"ref(?:erence)?|no|nos|number|num|nr|id"
    return {
        "ten_digits": r"\b\d{3}[ \-.]?\d{3}[ \-.]?\d{4}\b",
        "nino": (
            r"(?i)\b([A-Z]{2})[ \-]?(?:\d{2}[ \-]?\d{2}[ \-]?\d{2}|\d{3}[ \-]?\d{3})"
            r"(?:[ \-]?([A-D]))?\b"
        ),
        # Shapes in one pattern, each alternative in its own group (the _G_ numbers above).
        "official_shape": (
            # Unique Pupil Number: a check letter and twelve
            r"\b((?i:[A-Z][ \-]?\d{3}[ \-]?\d{4}[ \-]?\d{3}[ \-]?\d[0-9A-Z]))\b"
            # driving licence, and its issue number
            r"|\b((?i:([A-Z][A-Z9]{4}[ ]?\d{6}[ ]?[A-Z][A-Z9][ ]?\d[ ]?[A-Z]{2})(?:[ ]\d{2})?))\b"
            # References by shape, not glued to a longer token:
            r"|(?:^|[^\w/.\-])(?:"
            # "13/55678/24", "44/118230/23": a force's number, a serial too long for a day or
            # a month, and a year;
            r"(\d{1,3}[ ]?/[ ]?\d{4,8}[ ]?/[ ]?(?:19|20)?\d\d)"
            # "CR/0412883/24", "CMP/23/11872", "PS-20240412-2231", "MASH-0042187": capitals,
            # then groups of digits (or capitals and digits) joined by slashes or dashes;
            r"|([A-Z]{1,5}(?:[/\-](?:\d{1,12}|[A-Z]{1,4}\d{0,8})){1,4})"
            # family court case numbers: a court's letters, the year, a case type, five digits;
            r"|([A-Z]{2}\d\d[A-Z]\d{5})"
            # police unique reference numbers: force, station, five digits and the year.
            r"|(\d\d[A-Z]{2}\d{7})"
            r")(?:$|[^\w/\-])"
        ),
        "official_cue": spaced(
            r"(?i)\b(?:nhs|chi|h~&~c|(?:health|hospital|patient|pupil|learner|student|driver|"
            r"driving licen[cs]e|licen[cs]e|driver's licen[cs]e|child benefit|home office|"
            r"tax|taxpayer|unique taxpayer) (?:ref(?:erence)?|no|number|num|id)|"
            r"national insurance|nat(?:ional)?\.?~ins(?:urance)?|nino|upn|uln|utr|mrn|passport|"
            r"unique (?:pupil|learner) number|(?-i:NI|N\.I)(?: (?i:number|no|num))?)\b"
        ),
        "ref_cue": spaced(
            rf"(?i)\b(?:(?:{ref_heads}) (?:{ref_nouns})|"
            r"(?:our|your|quote|quoting|my|his|her|their) ref(?:erence)?|"
            r"ref(?:erence)?|case|log|incident|quote|quoting|"
            r"(?-i:URN|CAD))\b"
        ),
    }


DETECTORS = (
    _ten_digits,
    _nino,
    _upn,
    _licence,
    _official_after_cue,
    _references,
    _reference_shapes,
)
