"""Where a family lives: postcodes, addresses and named estates.

Postcodes. A full postcode ("SW1A 1AA", "m1 1ae", "B338TH") counts anywhere, in any case, but only
with a real UK postcode area (M, LS, SW...), and an inward part that reads like an ordinal ("2nd",
"8th") only counts in capitals ("B33 8TH", not "ps4 2nd"). An outward code on its own ("M14",
"LS6", "SW1A") counts only right after "in", "near", "round", "around", "from", "off", "live(s)
in", "postcode", "area", or right before "area"/"postcode"/"district". After the plain place words
it must be in capitals; "S1".."S6" after a plain "in" are Scottish school years, not Sheffield.
"the M1", "on the M6", "near the M60" are motorways: "the" in between stops the match, and so does
a following "motorway", "junction", "northbound"...

Addresses. A house number and a capitalised street name ending in Road, Street, Lane... counts; so
do "flat 3", "apartment 12", "at number 12" and a named street right after "on", "off", "down",
"near", "at"... ("they hang about on Cedar Road"). Court names ("Crown Court", "Youth Court") and
nationally known streets ("Downing Street", "High Street") without a number pass.

Estates. "the Marsh estate" (a capitalised name before "estate") is a place; generic phrases
("the council estate") pass.
"""

from __future__ import annotations

import re

from .scan import Pattern, Scan
from .text import bounded, lexicon, phrases, strip_generic, words
from .types import Finding, identifying

_POSTCODE_AREAS = words(
    """AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY
    E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE
    LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL
    SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE"""
)
_OUTWARD = (
    r"(?:(?:" + "|".join(sorted(_POSTCODE_AREAS, key=len, reverse=True)) + r")\d\d?"
    r"|(?:EC|NW|SE|SW|WC|E|N|W)\d[A-HJKMNP-Y])"
)
_INWARD = r"\d[ABD-HJLNP-UW-Z]{2}"
_ORDINALS = frozenset({"1st", "2nd", "3rd"} | {f"{d}th" for d in "0456789"})
_MOTORWAY_AFTER = re.compile(
    r"\s+(?:motorway|junction|jct|j\d|northbound|southbound|eastbound|westbound|toll|slip|"
    r"services|roadworks)\b",
    re.I,
)
_STRONG_POSTCODE_CUES = ("postcode", "post code", "area", "district")


def _postcodes(text: str, scan: Scan) -> list[Finding]:
    out = []
    for m in scan.find("postcode"):
        inward = m.group(2)
        if inward.lower() in _ORDINALS and not inward.isupper():
            continue
        out.append(identifying("postcode", m.start(), m.end()))
    for m in scan.find("outward"):
        if m.group(2) is not None:  # "in M14"
            cue, code, start, end = m.group(1).lower(), m.group(2), m.start(2), m.end(2)
            if _MOTORWAY_AFTER.match(text, end):
                continue
            strong = cue.split()[0] in _STRONG_POSTCODE_CUES or cue.startswith("post")
            if not strong:
                if not code.isupper():
                    continue
                if cue == "in" and re.fullmatch(r"S[1-6]", code):
                    continue
        else:  # "the M14 area"
            start, end = m.start(3), m.end(3)
        if bounded(text, start, end):
            out.append(identifying("postcode", start, end))
    return out


STREET_SUFFIXES = words(
    """Road Rd Street St Lane Ln Avenue Ave Close Drive Way Crescent Cres Court Ct Place Pl Gardens
    Gdns Terrace Grove Rise Walk Hill Row Square Sq Mews Parade Vale Yard Wharf Meadows Croft
    Fold Brow Wynd Boulevard Approach Circus Embankment Quay Lea Dene Nook Villas Cottages"""
)
_NAMED_STREET_SUFFIXES = words(
    """Road Rd Street St Lane Avenue Ave Close Drive Way Crescent Court Place Gardens Terrace Grove
    Rise Walk Row Square Mews Parade Boulevard Wynd"""
)
_NOT_STREETS = frozenset(
    phrases(
        """high street|main street|high road|main road|downing street|coronation street|
        sesame street|memory lane|wall street|fleet street|easy street|civvy street|
        oxford street|baker street|abbey road|penny lane|the way|no way|one way|each way|
        either way|any way|some way|every way|same way|wrong way|right way|long way|only way|
        other way|half way|first place|safe place|dark place|right place|wrong place|
        good place|bad place|happy place|same place|last place"""
    )
)
_FAMOUS_STREETS = frozenset(
    phrases(
        """downing street|coronation street|sesame street|memory lane|wall street|easy street|
        civvy street|abbey road|penny lane"""
    )
)
_COURT_WORDS = frozenset(
    words(
        """crown magistrates magistrates' magistrate's youth family county high supreme coroner's
        coroners juvenile appeal royal sheriff combined criminal civil"""
    )
)
_STREET_NAME_STOP = frozenset(
    words(
        """the a an this that these those his her their our my your its no every each any some one
        first last next same safe right wrong good bad other only long whole"""
    )
)
_STREET_WORD = re.compile(
    r"^[ \t,]+(?:[A-Z][^\W\d_'\-]*(?:['\-][^\W\d_]+)*[ \t]+){1,3}(?:"
    + "|".join(STREET_SUFFIXES)
    + r")\b"
)
_FLAT_NOT = re.compile(
    r"[ \t]*(?:%|per\b|minutes?\b|mins?\b|hours?\b|hrs?\b|days?\b|weeks?\b|months?\b|"
    r"years?\b|pounds?\b|quid\b|grand\b|k\b|times?\b|miles?\b|metres?\b|feet\b|ft\b)",
    re.I,
)
_NUMBER_HOUSE = re.compile(r"(?i)(?:\bat|\blives?|\bliving|\bhouse|\bdoor|\baddress)[ \t]*$")


def _street_name_ok(text: str, name_start: int, name_end: int, numbered: bool) -> bool:
    words = text[name_start:name_end].split()
    if not words or words[0].lower() in _STREET_NAME_STOP:
        return False
    if (
        words[-1].lower() in ("court", "ct")
        and len(words) > 1
        and words[-2].lower() in _COURT_WORDS
    ):
        return False  # "Crown Court", "at 10 Youth Court"
    last_two = " ".join(w.lower() for w in words[-2:])
    if last_two in _FAMOUS_STREETS:
        return False
    return numbered or (
        " ".join(w.lower() for w in words) not in _NOT_STREETS and last_two not in _NOT_STREETS
    )


def _addresses(text: str, scan: Scan) -> list[Finding]:
    lex = lexicon()
    out = []
    for m in scan.find("numbered_street"):
        if _street_name_ok(text, m.start(1), m.end(), numbered=True):
            out.append(identifying("address", m.start(), m.end()))
    for m in scan.find("numbered_street_lc"):
        words = text[m.start(2) : m.end(2)].split()
        if not any(w.lower() in lex.stop for w in words) and _street_name_ok(
            text, m.start(2), m.end(), numbered=True
        ):
            out.append(identifying("address", m.start(1), m.end()))
    for m in scan.find("named_street"):
        if _street_name_ok(text, m.start(1), m.end(1), numbered=False):
            out.append(identifying("address", m.start(1), m.end(1)))
    for m in scan.find("flat"):
        if not _FLAT_NOT.match(text, m.end()):
            out.append(identifying("address", m.start(), m.end()))
    for m in scan.find("house_number"):
        before = text[max(0, m.start() - 20) : m.start()]
        after = text[m.end() : m.end() + 40]
        if _NUMBER_HOUSE.search(before) or _STREET_WORD.search(after):
            out.append(identifying("address", m.start(), m.end()))
    return out


_ESTATE_GENERIC = frozenset(
    words(
        """council housing industrial trading retail business real country private new old royal
        landed family holiday caravan social big huge local whole same"""
    )
)


def _estates(text: str, scan: Scan) -> list[Finding]:
    stop = lexicon().stop | _ESTATE_GENERIC
    out = []
    for m in scan.find("estate"):
        start = strip_generic(text, m.start(1), m.end(1), stop)
        if start is not None:
            out.append(identifying("place", start, m.end()))
    return out


def patterns() -> dict[str, Pattern]:
    """The RE2 sources this module scans with."""
    word = r"[A-Z][\pL'\-]*"
    street_suffix = "|".join(STREET_SUFFIXES)
    named_suffix = "|".join(_NAMED_STREET_SUFFIXES)
    return {
        "postcode": rf"(?i)\b({_OUTWARD})[ ]{{0,2}}({_INWARD})\b",
        "outward": (
            r"(?i)\b(in|near|nr|round|around|from|off|live[ \t]+in|lives[ \t]+in|living[ \t]+in|"
            r"based[ \t]+in|moved[ \t]+to|postcode(?:[ \t]+is)?|post[ \t]+code(?:[ \t]+is)?|"
            rf"area)[ \t]+({_OUTWARD})\b|\b({_OUTWARD})[ \t]+(?i:area|postcode|district)\b"
        ),
        "numbered_street": (
            rf"\b\d{{1,4}}[A-Za-z]?,?[ \t]+((?:{word}[ \t]+){{1,3}}(?:{street_suffix}))\b"
        ),
        "numbered_street_lc": (
            rf"(?i)\b(?:at|lives?[ \t]+at|living[ \t]+at|address[ \t]+is|address:)[ \t]+"
            rf"(\d{{1,4}}[a-z]?,?[ \t]+((?:[a-z][\pL'\-]*[ \t]+){{1,3}})(?:{street_suffix}))\b"
        ),
        "named_street": (
            rf"\b(?:on|off|in|along|down|up|near|round|around|at|from|onto|to|by|past|behind|"
            rf"opposite|outside)[ \t]+((?:{word}[ \t]+){{1,3}}(?:{named_suffix}))\b"
        ),
        "flat": (
            r"(?i)\b(?:flat|apartment|apt)\.?[ \t]*(?:no\.?[ \t]*|number[ \t]*)?\d{1,4}[a-z]?\b"
        ),
        "house_number": r"(?i)\b(?:number|no\.)[ \t]*\d{1,4}[a-z]?\b",
        "estate": rf"\b((?:{word}[ \t]+){{1,2}})(?:[Ee]states?)\b",
    }


DETECTORS = (_postcodes, _addresses, _estates)
