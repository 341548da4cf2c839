"""Where a family lives: postcodes, addresses, street corners and named estates.

Postcodes. A full postcode ("SW1A 1AA", "m1 1ae", "B338TH") counts anywhere, in any case, but only
with a real UK postcode area (M, LS, SW...), and an inward part that reads like an ordinal ("2nd",
"8th") only counts in capitals ("B33 8TH", not "ps4 2nd").

Postcode districts. An outward code on its own ("M14", "LS6", "SW1A") counts in place context:
after "in", "near", "round", "from", "off", "to", "we're", "live in", "based in", "moved to",
"postcode (is)", "repping", or before "area", "postcode", "district", "way", "lot", "side",
"end" ("we're OL9", "round OL9 way", "the N17 lot"), and the next one in a list ("PE1 and PE2").
After the plain place words ("in", "near", "to"...) it must be in capitals, or have a two-letter
area ("im in ng7"); "S1".."S6" after a plain "in" are Scottish school years, not Sheffield.
Motorways pass: "the M1", "on the M6" ("the" in between stops the match), a following
"motorway", "junction", "northbound", "traffic"..., and a motorway number ("M6", "M62") after a
plain "to", "from", "off", "near" unless a postcode word follows.

Addresses. One span from the flat, unit, room or house number through the building, the street,
the town and the postcode: "Flat 3, 12 Larkspur Road, Hollowmere, OL9 7QX", "room 12 at 40
Quayside Walk", "unit 4, Brambling Trading Park". A house number and a capitalised street name
ending in Road, Street, Lane... counts; so do "flat 3", "apartment 12", "at number 12", a lower-
case street after "at", "to", "address is" ("at 11 harrier close") and a named street right after
"on", "off", "down", "near", "of", "at"... ("they hang about on Cedar Road"). A capitalised street
name takes a lower-case street word too ("22 Kettering rd"; road, street, lane... but not "way" or
"place"). The building said before a street or a corner joins the span: "the flats behind the
Co-op on Garside Road", "the garages at the back of Fenby Walk", "the house on the corner of ...",
"house 3 on Penrose Crescent" (read backwards from the street, in a bounded window). The town
joins the span after a comma ("..., Chadderton"), the postcode after a comma or a space. Court
names ("Crown Court", "Youth Court") and nationally known streets ("Downing Street", "High
Street") without a number pass. Street corners and junctions: "the corner of Cobden Road and
Mill Street", "the junction of X Road and Y Avenue", "the crossroads of ...", "where Thistle Lane
meets Burdock Road": one span.

Named estates and blocks of flats are `estates.py`.
"""

from __future__ import annotations

import re
from typing import Any

from . import gazetteer
from .scan import Pattern, Scan
from .text import bounded, lexicon, match_at, phrases, words
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
    r"[ \t]+(?:motorway|junction|jct|j\d|northbound|southbound|eastbound|westbound|toll|slip|"
    r"services|roadworks|traffic|hard[ \t]+shoulder|exit|link|corridor)\b",
    re.I,
)
_MOTORWAYS = frozenset(
    "M" + n
    for n in words(
        "1 2 3 4 5 6 8 9 11 18 20 23 25 26 27 32 40 42 45 48 49 50 53 54 55 56 57 58 60 61 62 65 "
        "66 67 69 73 74 77 80 90 180 181 271 602 606 621 876 898"
    )
)
_STRONG_POSTCODE_CUES = frozenset(
    words(
        "postcode post area district live lives living based moved we're we i'm im i repping reps"
    )
)
_POSTCODE_AFTER = re.compile(
    r"[ \t]+(?:area|postcode|post[ \t]+code|district|way|lot|side|end|massive|boys|mandem)\b",
    re.I,
)
_NOT_POSTCODE_AFTER = re.compile(
    r"[ \t]+(?:level|grade|class|set|group|standard|certificate|qualification|exam|exams|"
    r"paper|mark|marks|result|results|maths|english|french|spanish|german|module|unit)\b",
    re.I,
)
_LIST_NEXT = re.compile(rf"[ \t]*(?:,|and|or|&|/)[ \t]*({_OUTWARD})\b", re.I)


_LETTERS = re.compile(r"[A-Za-z]*")


def _postcodes(text: str, scan: Scan) -> list[Finding]:
    if not scan.can_match("postcode", "outward"):
        return []
    out = []
    for m in scan.find("postcode"):
        inward = m.group(2)
        if inward.lower() in _ORDINALS and not inward.isupper():
            continue
        out.append(identifying("postcode", m.start(), m.end(), rule="full-postcode"))
    for m in scan.find("outward"):
        if m.group(2) is not None:  # "in M14"
            cue, code, start, end = m.group(1).lower(), m.group(2), m.start(2), m.end(2)
            if _MOTORWAY_AFTER.match(text, end) or _NOT_POSTCODE_AFTER.match(text, end):
                continue
            after = _POSTCODE_AFTER.match(text, end) is not None
            strong = after or cue.split()[0] in _STRONG_POSTCODE_CUES or cue.startswith("post")
            if not strong:
                # after a plain place word: in capitals, or with a two-letter area ("in ng7")
                if not code.isupper() and len(match_at(_LETTERS, code, 0).group()) < 2:
                    continue
                if re.fullmatch(r"[Ss][1-6]", code):
                    continue  # Scottish school years: "in S3", "moved up to S4"
                if code.upper() in _MOTORWAYS and cue not in ("in", "round", "around"):
                    continue
            rule = "postcode-district-in-place-context"
        else:  # "the M14 area"
            start, end = m.start(3), m.end(3)
            if _MOTORWAY_AFTER.match(text, end) or _NOT_POSTCODE_AFTER.match(text, end):
                continue
            rule = "postcode-district-before-place-word"
        if not bounded(text, start, end):
            continue
        out.append(identifying("postcode", start, end, rule=rule))
        # the next district in a list: "in PE1 and PE2"
        pos = end
        for _ in range(6):
            nxt = _LIST_NEXT.match(text, pos, min(len(text), pos + 16))
            if not nxt or (not nxt.group(1).isupper() and not code.islower()):
                break
            if not bounded(text, nxt.start(1), nxt.end(1)):
                break
            out.append(identifying("postcode", nxt.start(1), nxt.end(1), rule="postcode-list"))
            pos = nxt.end(1)
    return out


STREET_SUFFIXES = words(
    """Road Rd Street St Lane Ln Avenue Ave Close Drive Way Crescent Cres Court Ct Place Pl Gardens
    Gdns Terrace Grove Rise Walk Hill Row Square Sq Mews Parade Vale Yard Wharf Meadows Croft
    Fold Brow Wynd Boulevard Approach Circus Embankment Quay Lea Dene Nook Villas Cottages Bank
    View Green Park End Gate Chase Garth Fields Hollow Heights Meadow Mount"""
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
    words("the a an this that these those his her their our my your its no every each any some")
)
# Before a street word alone, these are a phrase, not a street: "Safe Place", "Long Way".
_STREET_ADJECTIVES = frozenset(
    words("one first last next same safe right wrong good bad other only long whole main high")
)
_FLAT_NOT = re.compile(
    r"[ \t]*(?:%|per\b|minutes?\b|mins?\b|hours?\b|hrs?\b|days?\b|weeks?\b|months?\b|"
    r"years?\b|pounds?\b|quid\b|grand\b|k\b|times?\b|miles?\b|metres?\b|feet\b|ft\b|"
    r"people\b|of[ \t]+us\b|kids\b|children\b)",
    re.I,
)
_RELATIVE_HOUSE = re.compile(
    r"[ \t]+(?:in|on|down|up|along|across|over)[ \t]+(?:the[ \t]+same|our|my|this|their|his|her|"
    r"your|the[ \t]+next|the[ \t]+other)[ \t]+(?:street|road|estate|close|avenue|lane|block|"
    r"terrace|row|cul-de-sac|side)\b",
    re.I,
)
_NUMBER_HOUSE = re.compile(r"(?i)(?:\bat|\blives?|\bliving|\bhouse|\bdoor|\baddress)[ \t]*$")

# The pieces an address is made of, read forward from a house or flat number (Python `re`,
# anchored at a position and bounded by a window: linear).
_W = r"[A-Z][^\W\d_]*(?:['\-][^\W\d_]+)*"
_LW = r"[a-z][a-z]*(?:['\-][a-z]+)*"
_SUFFIX = "|".join(STREET_SUFFIXES)
# Street words also taken in lower case after a capitalised name ("22 Kettering rd"); not "way",
# "place", "park", "view"...: "2 Weeks way" is no street.
LOWER_SUFFIXES = "road|rd|street|lane|avenue|ave|close|drive|crescent|terrace|grove|gardens"
_SUFFIX_LC = "|".join(s.lower() for s in STREET_SUFFIXES)
_BUILDING_WORDS = (
    r"House|Court|Lodge|Tower|Towers|Heights|Mansions|Buildings|Point|Maltings|Works|Mill|"
    r"Apartments|Flats|Hall|Chambers|Wharf|Quay|Centre|Park|Estate|Block|Hotel|Inn|Hostel"
)
_NUM = r"\d{1,4}[A-Za-z]?(?:[ \t]*[-/][ \t]*\d{1,4}[A-Za-z]?)?"
_SEP = r"(?:[ \t]*,[ \t]*|[ \t]+)"
_POSTCODE_RE = rf"(?i:{_OUTWARD}[ \t]{{0,2}}{_INWARD})"
_TOWN = rf"{_W}(?:[ \t]+(?:{_W}|upon|on|under|le|in|by|the|de|-)){{0,3}}"
_STREET_CAP = rf"(?:{_NUM},?[ \t]+)?(?:{_W}[ \t]+){{1,3}}(?:{_SUFFIX}|{LOWER_SUFFIXES})\b"
_STREET_LC = rf"(?:{_NUM},?[ \t]+)?(?:{_LW}[ \t]+){{1,3}}(?:{_SUFFIX_LC})\b"
_ADDRESS_PARTS = (
    # a building or a street, maybe after "at", "of", "on": "of the Lakeside Lodge", "on Rowan
    # Drive"
    (
        "street",
        re.compile(
            rf"{_SEP}(?:(?:at|of|on|in|off)[ \t]+)?(?:(?:[Tt]he[ \t]+)?(?:{_W}[ \t]+){{0,3}}"
            rf"(?:{_BUILDING_WORDS})\b|[Tt]he[ \t]+{_W}(?=[ \t]*,)|{_STREET_CAP})"
        ),
    ),
    ("town_postcode", re.compile(rf"{_SEP}(?:{_TOWN}{_SEP})?{_POSTCODE_RE}\b")),
    ("town_postcode_lc", re.compile(rf"[ \t]*,[ \t]*(?:{_LW}[ \t]+){{1,3}}{_POSTCODE_RE}\b")),
    ("town", re.compile(rf"[ \t]*,[ \t]*{_TOWN}\b")),
)
_COMMA = re.compile(r"[ \t]*,[ \t]*")
_ADDRESS_LC_PART = re.compile(rf"{_SEP}{_STREET_LC}")
_UNIT_BEFORE = re.compile(
    r"(?:\b(?:[Ff]lat|FLAT|[Aa]partment|[Aa]pt\.?|[Uu]nit|[Rr]oom|[Ss]uite|[Mm]aisonette|"
    r"[Nn]o\.?|[Nn]umber)[ \t]*\d{1,4}[A-Za-z]?[ \t]*,?[ \t]*"
    r"|\d{1,4}[A-Za-z]?[ \t]*[-/][ \t]*|\b(?:[Nn]o\.?|[Nn]umber)[ \t]*)$"
)
_TOWN_STOP = frozenset(
    words(
        """i i'm im but and so then please anyway honestly if when which who he she they we it
        that this the my our his her their you your can could would should will just also still
        everyone nobody no yes ok okay thanks"""
    )
)


def _part_ok(text: str, kind: str, start: int, end: int) -> bool:
    """A town after a comma must be a name, not the next clause ("..., Chadderton" but not
    "..., I'm past caring")."""
    if kind not in ("town", "town_postcode"):
        return True
    first = re.search(r"[A-Za-z][\w'\-]*", text[start:end])
    if first is None:
        return True
    word = first.group().lower()
    return word not in _TOWN_STOP and word not in lexicon().stop


def _extend(
    text: str, start: int, end: int, lower_ok: bool, seen_street: bool = False
) -> tuple[int, int]:
    """The whole address around a seed [start, end): the unit before it, and after it the
    building, the street, the town and the postcode."""
    before = _UNIT_BEFORE.search(text, max(0, start - 24), start)
    if before is not None and before.end() == start:
        start = before.start()
    limit = min(len(text), end + 160)
    for _ in range(6):
        for kind, rx in _ADDRESS_PARTS:
            if kind.startswith("town") and not seen_street and kind != "town_postcode":
                continue
            m = rx.match(text, end, limit)
            if m and _part_ok(text, kind, m.start(), m.end()):
                end = m.end()
                seen_street = True
                break
        else:
            if lower_ok:
                m = _ADDRESS_LC_PART.match(text, end, limit)
                if m:
                    end, seen_street, lower_ok = m.end(), True, False
                    continue
            if seen_street:  # a town from the gazetteer, in any case: "..., failsworth"
                m = _COMMA.match(text, end, limit)
                place_end = gazetteer.place_at(text, m.end()) if m else None
                if place_end is not None:
                    end = place_end
                    continue
            break
    return start, end


def _street_name_ok(text: str, name_start: int, name_end: int, numbered: bool) -> bool:
    words = text[name_start:name_end].split()
    if not words:
        return False
    if words[0].lower() in _STREET_NAME_STOP and not (numbered and words[0] == "The"):
        return False  # "23 The Green" is an address, "the Way" is not
    if not numbered and len(words) == 2 and words[0].lower() in _STREET_ADJECTIVES:
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


def _merge(spans: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]]:
    """Address pieces that touch (or sit a comma apart) are one address."""
    spans.sort()
    out: list[list[Any]] = []  # [start, end, rule], merged in place
    for start, end, rule in spans:
        if out and (
            start <= out[-1][1] or re.fullmatch(r"[ \t]*,?[ \t]*", text[out[-1][1] : start])
        ):
            out[-1][1] = max(out[-1][1], end)
            continue
        out.append([start, end, rule])
    return [(a, b, r) for a, b, r in out]


# What a parent puts before a street to say which building: "the flats behind the Co-op on",
# "the garages at the back of", "the house on", "house 3 on". Read backwards from a street or a
# corner already found (a bounded window), so it only ever widens an address.
_LEAD_IN = re.compile(
    r"(?:\b(?:[Tt]he|[Aa]n?|[Tt]hat|[Tt]hose|[Tt]hem)[ \t]+(?:[\w'\-]+[ \t]+)?"
    r"(?:flats?|house|houses|garages?|blocks?|maisonettes?|bungalows?|shops?|alley(?:way)?|"
    r"car[ \t]+park|underpass|bus[ \t]+stop|bench(?:es)?|chippy|takeaway|pub|towers?|"
    r"field|playground|building|hostel|cafe|launderette|bookies|offy|off[ \t]+licence|"
    r"corner[ \t]+shop|community[ \t]+centre|youth[ \t]+club|gym|barbers?|trap(?:[ \t]+house)?|"
    r"bando|cut[ \t]*through|ginnel|snicket|entry|park|woods|path|lock[ \t]*ups?|bins|"
    r"stairwell|car[ \t]+wash|block[ \t]+of[ \t]+flats)"
    r"|\b(?i:house|block|door|no\.?|number|flat|unit)[ \t]*\d{1,4}[a-z]?)[ \t]+"
    r"(?:(?:right|just|directly|round|down|up)[ \t]+)?"
    r"(?:behind|opposite|next[ \t]+to|next[ \t]+door[ \t]+to|above|below|beside|by|near|"
    r"across[ \t]+from|facing|at[ \t]+the[ \t]+(?:back|end|top|bottom|side|far[ \t]+end)[ \t]+of|"
    r"round[ \t]+the[ \t]+back[ \t]+of|on|off|in|at|along|down|up|of)[ \t]+"
    r"(?:the[ \t]+[\w'\-]+(?:[ \t]+[\w'\-]+)?[ \t]+(?:on|off|in|at)[ \t]+)?$"
)


def _lead_in(text: str, start: int) -> int:
    m = _LEAD_IN.search(text, max(0, start - 72), start)
    return m.start() if m else start


_ADDRESS_PATTERNS = (
    "numbered_street",
    "numbered_street_lc",
    "numbered_name",
    "named_street",
    "flat",
    "house_number",
    "corner",
)


def _addresses(text: str, scan: Scan) -> list[Finding]:
    if not scan.can_match(*_ADDRESS_PATTERNS):
        return []
    lex = lexicon()
    spans: list[tuple[int, int, str]] = []

    def add(start: int, end: int, rule: str, street: bool = True) -> None:
        a, b = _extend(text, start, end, lower_ok=False, seen_street=street)
        spans.append((a, b, rule))

    for m in scan.find("numbered_street"):
        if _street_name_ok(text, m.start(1), m.end(), numbered=True):
            add(m.start(), m.end(), "house-number-and-street")
    for m in scan.find("numbered_street_lc"):
        name = text[m.start(2) : m.end(2)].split()
        if not any(w.lower() in lex.stop for w in name) and _street_name_ok(
            text, m.start(2), m.end(), numbered=True
        ):
            add(m.start(1), m.end(), "house-number-and-street-lower-case")
    for m in scan.find("numbered_name"):
        # "at 23 The Green", "my address is 8 the willows", "we are at 12 Brookside, Radcliffe":
        # a house name without a street word, after an address cue
        cue = m.group(1).lower()
        house = m.group(3).lower()
        if house in lex.stop or house in _NOT_HOUSE_NAMES:
            continue
        if re.match(r"[ \t]+[A-Za-z]", text[m.end() : m.end() + 2]):
            continue  # "at 10 Crown Court": a longer name, the street rules' to judge
        strong = cue.startswith(("address", "live", "living", "staying"))
        a, b = _extend(text, m.start(2), m.end(), lower_ok=False, seen_street=True)
        if strong or (m.group(3)[0].isupper() and b > m.end()):
            spans.append((a, b, "house-number-and-name"))
    for m in scan.find("named_street"):
        if _street_name_ok(text, m.start(1), m.end(1), numbered=False):
            spans.append((m.start(1), m.end(1), "named-street-after-place-word"))
    for m in scan.find("flat"):
        if _FLAT_NOT.match(text, m.end()):
            continue
        a, b = _extend(text, m.start(), m.end(), lower_ok=True)
        if m.group(1).lower() in ("flat", "apartment", "apt", "maisonette") or b > m.end():
            spans.append((a, b, "flat-or-unit-number"))
    for m in scan.find("house_number"):
        if _RELATIVE_HOUSE.match(text, m.end(), min(len(text), m.end() + 40)):
            continue  # "my sister lives at number 4 in the same street": no street named
        before = text[max(0, m.start() - 20) : m.start()]
        if _NUMBER_HOUSE.search(before) or scan_street_after(text, m.end()):
            add(m.start(), m.end(), "house-number", street=False)
    for m in scan.find("corner"):
        first, second = (1, 2) if m.group(1) is not None else (3, 4)
        if _street_name_ok(text, m.start(first), m.end(first), numbered=False) and _street_name_ok(
            text, m.start(second), m.end(second), numbered=False
        ):
            spans.append((m.start(), m.end(), "street-corner-or-junction"))
    return [identifying("address", _lead_in(text, a), b, rule=r) for a, b, r in _merge(spans, text)]


_NOT_HOUSE_NAMES = frozenset(
    words(
        """next latest earliest day days morning afternoon evening night same following other
        whole time times end start week weekend year years month months first last best worst
        most least moment minute hour pm am o'clock oclock clock"""
    )
)

_STREET_WORD = re.compile(
    r"[ \t,]+(?:[A-Z][^\W\d_'\-]*(?:['\-][^\W\d_]+)*[ \t]+){1,3}(?:" + _SUFFIX + r")\b"
)


def scan_street_after(text: str, pos: int) -> bool:
    return _STREET_WORD.match(text, pos, min(len(text), pos + 60)) is not None


def patterns() -> dict[str, Pattern]:
    """The RE2 sources this module scans with."""
    word = r"[A-Z][\pL'\-]*"
    street_suffix = "|".join(STREET_SUFFIXES)
    named_suffix = "|".join(_NAMED_STREET_SUFFIXES)
    street = rf"(?:{word}[ \t]+){{1,3}}(?:{street_suffix})"
    return {
        "postcode": rf"(?i)\b({_OUTWARD})[ ]{{0,2}}({_INWARD})\b",
        "outward": (
            r"(?i)\b(in|near|nr|round|around|from|off|to|into|out[ \t]+of|side[ \t]+of|"
            r"parts?[ \t]+of|edge[ \t]+of|outside|live[ \t]+in|"
            r"lives[ \t]+in|living[ \t]+in|based[ \t]+in|moved[ \t]+to|postcode(?:[ \t]+is)?|"
            r"post[ \t]+code(?:[ \t]+is)?|area|district|we're|we[ \t]+are|i'm|im|i[ \t]+am|"
            rf"repping|reps)[ \t]+({_OUTWARD})\b"
            rf"|\b({_OUTWARD})[ \t]+(?i:area|postcode|post[ \t]+code|district|way|lot|side|end)\b"
        ),
        "numbered_street": (
            rf"\b\d{{1,4}}[A-Za-z]?,?[ \t]+((?:{word}[ \t]+){{1,3}}"
            rf"(?:{street_suffix}|{LOWER_SUFFIXES}))\b"
        ),
        "numbered_street_lc": (
            r"(?i)\b(?:at|to|into|outside|from|is|was|lives?[ \t]+at|living[ \t]+at|"
            r"staying[ \t]+at|address[ \t]+is|address:|address[ \t]+as)[ \t]+"
            rf"(\d{{1,4}}[a-z]?,?[ \t]+((?:[a-z][\pL'\-]*[ \t]+){{1,3}})(?:{street_suffix}))\b"
        ),
        "numbered_name": (
            r"(?i:\b(at|to|is|address[ \t]+is|address:|lives?[ \t]+at|living[ \t]+at|"
            r"staying[ \t]+at)[ \t]+)(\d{1,4}[A-Za-z]?,?[ \t]+(?:(?i:the)[ \t]+)?"
            r"([A-Za-z][\pL'\-]+))\b"
        ),
        "named_street": (
            rf"\b(?:on|off|in|along|down|up|near|round|around|at|from|onto|to|by|past|behind|"
            rf"opposite|outside|of|into)[ \t]+((?:{word}[ \t]+){{1,3}}(?:{named_suffix}))\b"
        ),
        "flat": (
            r"(?i)\b(flat|apartment|apt|unit|room|suite|maisonette)\.?[ \t]*"
            r"(?:no\.?[ \t]*|number[ \t]*)?\d{1,4}[a-z]?\b"
        ),
        "house_number": r"(?i)\b(?:number|no\.)[ \t]*\d{1,4}[a-z]?\b",
        "corner": (
            rf"(?:\b[Tt]he[ \t]+)?\b(?i:corner|junction|crossroads)[ \t]+of[ \t]+(?:the[ \t]+)?"
            rf"({street})[ \t]+(?:and|&|with)[ \t]+(?:the[ \t]+)?({street})\b"
            rf"|\b(?i:where)[ \t]+(?:the[ \t]+)?({street})[ \t]+(?i:meets|crosses|joins|hits)"
            rf"[ \t]+(?:the[ \t]+)?({street})\b"
        ),
    }


DETECTORS = (_postcodes, _addresses)
