"""Schools and the groups that exploit children: named schools, gangs, county lines.

Schools. Capitalised names only ("Oakbridge Academy", "St Mary's Primary", "Parkside High");
generic phrases ("Primary School", "Sixth Form College", "the Football Academy") pass. A school
written all in lower case is found only through the moderators' local terms.

Groups. "the M1 crew", "the Bando line" (a capitalised or alphanumeric name before crew, gang,
mandem, squad, firm or line) are a group; tube lines ("the Jubilee line") and generic phrases
pass.
"""

from __future__ import annotations

from .scan import Pattern, Scan
from .text import lexicon, strip_generic, words
from .types import Finding, identifying


def _schools(text: str, scan: Scan) -> list[Finding]:
    lex = lexicon()
    out = []
    for m in scan.find("saint_school"):
        out.append(identifying("school", m.start(), m.end()))
    for m in scan.find("named_school"):
        start = strip_generic(text, m.start(1), m.end(1), lex.stop)
        if start is None:
            continue
        out.append(identifying("school", start, m.end()))
    return out


_LINE_GENERIC = frozenset(
    words(
        """bakerloo central circle district elizabeth hammersmith jubilee metropolitan northern
        piccadilly victoria waterloo overground suffragette mildmay lioness weaver windrush
        liberty thameslink tram metrolink dlr county phone help front bottom finish party picket
        main branch fault poverty bread dotted same red green blue yellow orange purple brown
        pink grey gray black white silver gold hot crisis advice police"""
    )
)
_GANG_GENERIC = frozenset(
    words(
        """ambulance film camera tv air cabin fire road the a my our their his her your this that
        year albanian police prison youth street"""
    )
)


def _groups(text: str, scan: Scan) -> list[Finding]:
    lex = lexicon()
    out = []
    for m in scan.find("gang"):
        start = strip_generic(text, m.start(1), m.end(1), lex.stop | _GANG_GENERIC)
        if start is None or text[start : m.end(1)].strip().isdigit():
            continue
        out.append(identifying("gang", start, m.end()))
    for m in scan.find("county_line"):
        word = m.group(1).lower()
        if word in _LINE_GENERIC or word in lex.stop:
            continue
        out.append(identifying("gang", m.start(1), m.end()))
    return out


def patterns() -> dict[str, Pattern]:
    """The RE2 sources this module scans with."""
    word = r"[A-Z][\pL'\-]*"
    school_mid = (
        r"Primary|Secondary|High|Junior|Juniors|Infant|Infants|Grammar|Middle|Community|Free|"
        r"Special|Catholic|Church\s+of\s+England|C\s+of\s+E|CE|RC|R\.C\.|Girls'?|Boys'?|Technology|"
        r"Sports|Studio|Prep|Preparatory|Academy|Comprehensive|Roman\s+Catholic|Methodist|Anglican|"
        r"VA|VC|Junior\s+and\s+Infant|Learning|Sixth\s+Form"
    )
    school_end = r"Academy|School|College|Grammar|Primary|High|Juniors|Infants|Sixth\s+Form|UTC|PRU"
    return {
        "saint_school": rf"(?i)\b(?:St\.?|Saint)[ \t]+[a-z]+(?:'s|s')?"
        rf"(?:[ \t]+(?:and|&)[ \t]+(?:St\.?|Saint)[ \t]+[a-z]+(?:'s|s')?)?"
        rf"(?:[ \t]+(?:{school_mid}))*[ \t]+(?:{school_end}|Catholic|C\s+of\s+E|CE|RC)\b",
        "named_school": rf"\b((?:{word}|[A-Z]{{2,}})"
        rf"(?:[ \t]+(?:{word}|of|the|and|&|upon|on|in|le|de|under|by)){{0,4}})"
        rf"[ \t]+(?:(?:{school_mid})[ \t]+)*(?:{school_end})\b",
        "gang": r"\b((?:[A-Z0-9][\pL\pN'\-]*[ \t]+){1,2})"
        r"(?:crew|gang|mandem|squad|firm|cartel|Crew|Gang|Mandem|Squad|Firm|Cartel)\b",
        "county_line": r"\b[Tt]he[ \t]+([A-Z][\pL\pN]*)[ \t]+[Ll]ine\b",
    }


DETECTORS = (_schools, _groups)
