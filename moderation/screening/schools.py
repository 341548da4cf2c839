"""Schools and colleges named in a post: named schools, PRUs and alternative provision.

- Capitalised names ending in a school word ("Oakbridge Academy", "St Mary's Primary",
  "Parkside High", "Northgate PRU", "Bryn Tawel Comprehensive"); generic phrases ("Primary
  School", "Sixth Form College", "the Football Academy") pass.
- The town joins the span: "Brackwell Academy in Rochdale", "Moorcroft Academy, Failsworth" (after
  "in", "at" or "near" a capitalised place or a gazetteer place; after a comma a gazetteer place).
- Lower case after a school cue ("goes to", "went to", "at", "excluded from", "year 9 at"...):
  "he goes to oakbridge academy", "she was at ashgrove high". Each name word must be no generic
  word ("night school", "boxing academy", "a new school", "sixth form college"), and a name made
  only of everyday words needs a strong school word ("riverside academy", not "record high").
- A capitalised name with a lower-case ending ("Larkhollow academy", "Priorsfold college") or a
  church ending ("Bishop Harwood C of E", "Holy Family RC"); not a club's ("the Arsenal academy"),
  a town's ("Wigan college") or a word at the start of a sentence ("Thankfully academy staff").
- A school described by its street or town: "the academy on Pell Lane", "the catholic high in
  Wigan", "his school off Moor Road" (in a national city only with its kind: "the catholic high in
  Leeds", not "the best school in Leeds").
- A saint's name or a church school's usual name after a school cue ("he's at st josephs", "the
  head of St Bede's", "year 11 at Sacred Heart", "teachers at Our Lady's"), not a town ("from St
  Helens"), a hospital, a church or a charity ("St Mary's hospital", "St Mary's on Sundays", "St
  John Ambulance").
- Acronyms after a school cue: "went to BHS", "year 8 at SMCA", "excluded from KHS". The acronym
  must end like a school's (School, Academy, College, High, Grammar, Primary: S A C H G P) and
  be no service, exam or shop everyone knows ("went to CAMHS", "at GCSE", "goes to ASDA").
- Pupil referral units and alternative provision named by street, place or name: "the PRU on
  Larch Street", "the pupil referral unit on Cromwell Road", "alternative provision at Redbank
  House", "an AP called the Hive Learning Centre", "the Harbour Centre alternative provision",
  "the Brook Street pupil referral unit". "a PRU", "alternative provision in September" pass.
"""

from __future__ import annotations

import re

from . import gazetteer
from .scan import Pattern, Scan
from .text import (
    GENERIC_NAME_WORDS,
    everyday,
    fold_key,
    lexicon,
    sentence_start,
    strip_generic,
    words,
)
from .types import Finding, identifying

KNOWN_ACRONYMS = frozenset(
    words(
        """NHS CAMHS CAHMS YOT YOS YJS CPS NCA DWP HMRC BBC ITV KFC IKEA ASDA JD MP MPS UK USA EU
        GCSE GCSES SATS SAT SEN SEND SENCO SENDCO EHCP EHC PRU AP ADHD ASD ASC ODD PTSD OCD PDA
        CSE CCE CSA MASH MARAC LADO DSL DBS SPOC CIN CP LAC CLA IRO PEP NRM SCR CSPR ACE ACES
        YMCA NSPCC RSPCA CEOP IOPC HMP HMYOI YOI STC SCH GP AE ICU NEET UCAS NCS DOFE PE RE IT
        ICT DT PSHE RSE SRE TA LSA HLTA PCSO PC DC DI DS DCI CID TSG ARV BTP MET GMP WMP OK TV
        PS PS4 PS5 XBOX FIFA COD GTA LOL OMG WTF TBH IDK IMO FYI ASAP RIP BTW DM DMS PM AM HR CV
        ID NI NIN UPN ULN BTEC NVQ HND HNC KS PTA PTFA SLT SMT FE HE UTC MAT LA LEA DFE DFES
        OFSTED ESTYN HMI ISI EHE CME EWO EWS ELSA SAS BMX MMA UFC NBA NFL WWE PSG MUFC LFC CFC AFC
        THFC NUFC MCFC FC RAF RN ATC ACF MOD NATO UN WHO UAE CCTV DNA HIV STI STD ETA MIA AWOL
        LGBT LGBTQ BLM IRA UVF UDA NCIS CSI FBI CIA MI5 MI6 UCL LSE KCL ASOS TKMAXX TK MAXX HMV
        CEX GAME GAMES EE O2 BT VPN USB SIM PIN ATM NHS111 AA RAC DVLA DVSA TFL TFGM MTV HBO
        BBQ DIY SOS SMS WIFI GPS APP APPS EMA ESA PIP DLA UC JSA JCP CAB CAP CCG ICB PALS PHE
        GMCA CAMHS NEET NAS MENCAP BACP CBT DBT EMDR IQ EQ CPA CPAS RSA PSA
        SAC SEMH MLD SLD PMLD SPLD SALT OT ABA PBS APS PCS TAS PAS SMS CMS HMS BHF RNLI RSVP
        NPS CRC HMPPS MAPPA MAPPS VRU VRUS SVRU ELSA FGM HBA HBV DA DV IDVA ISVA SARC GUM NCB
        NYAS ASA NAS CAFCASS NCP HSBC RBS GOSH QMC UCH PDSA BUPA NASA UEFA SIA ACAS YOTS ONS
        ASBO ASBOS CBO CRO BAME BESD EBD ESOL IEP NFA GBH ABH RUI FASD ARFID EOTAS TAF TAC FSM
        ADD SPD SEMH EBSA MVP GOAT VIP FTM CEO BJJ NQT ECT HGV ASB ILR UASC EAL POTM MOTM BFF
        BFFS""",
    )
)
_SCHOOL_ACRONYM_ENDS = frozenset("SACGP")

_SCHOOL_GENERIC = frozenset(
    words(
        """new old big little small good bad great best worst nice lovely same different another
        other normal regular ordinary proper real mainstream special secondary primary night
        day evening weekend summer holiday sunday saturday bible quran islamic muslim jewish
        christian hindu sikh faith church mosque madrassa synagogue film law medical med art
        arts music dance drama stage theatre performing language languages flight police
        military army navy air cadet cadets beauty hair hairdressing barber barbering nail
        nails makeup tennis golf swimming gymnastics martial karate judo boxing football rugby
        cricket basketball chess coding games gaming esports media training apprentice
        apprenticeship skills maths math english science tuition tutoring online virtual free
        fee paying private state public independent grammar boarding driving forest home
        nursery local village town city county borough council further education fe youth
        sports sport technical agricultural catholic all boys girls mixed single-sex sixth form
        his her their our my your its this that these those every each any one two three some
        the a an no his mate's mates friend's brothers sisters cousins school college academy
        high junior senior middle upper lower infant infants first last next whole entire
        top bottom record all-time time an all-boys all-girls""",
    )
)
_STRONG_SCHOOL_ENDS = frozenset(("academy", "grammar", "comprehensive", "primary"))
_MONTHS_DAYS = frozenset(
    words(
        """january february march april may june july august september october november december
        monday tuesday wednesday thursday friday saturday sunday christmas easter year years
        term half reception spring summer autumn winter"""
    )
)
_IN_TOWN = re.compile(r"[ \t]+(in|at|near)[ \t]+|[ \t]*,[ \t]*")
_CAP_TOWN = re.compile(r"[A-Z][^\W\d_]+(?:['\-][^\W\d_]+)*(?:[ \t]+[A-Z][^\W\d_]+){0,2}\b")


def _with_town(text: str, end: int) -> int:
    """The end of "<school> in <Town>" ("Brackwell Academy in Rochdale"), or `end`."""
    m = _IN_TOWN.match(text, end, min(len(text), end + 8))
    if m is None:
        return end
    pos = m.end()
    place_end = gazetteer.place_at(text, pos)
    if place_end is not None:
        place = gazetteer.gazetteer().lookup(text[pos:place_end])
        context = place.context if place is not None else "plain"
        if context in ("plain", "proper", "city") or (text[pos].isupper() and context == "word"):
            return place_end  # "Oakbridge Academy in Reading", "castlebrook academy in stockport"
        if context in ("month", "venue"):
            return end  # "Redwood Academy in March"
    if m.group(1) is None:  # after a comma only a place from the gazetteer
        return end
    town = _CAP_TOWN.match(text, pos, min(len(text), pos + 40))
    if town is None:
        return end
    first = town.group().split()[0].lower()
    if first in _MONTHS_DAYS or first in lexicon().stop:
        return end
    return town.end()


def _school(text: str, start: int, end: int, rule: str) -> Finding:
    return identifying("school", start, _with_town(text, end), rule=rule)


def _shouting(text: str, start: int) -> bool:
    """The words around are in capitals too: shouting, not an acronym."""
    window = text[max(0, start - 30) : start]
    letters = [c for c in window if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) > 0.7 * len(letters)


def acronym_ok(acronym: str, text: str, start: int) -> bool:
    return (
        acronym not in KNOWN_ACRONYMS
        and acronym.lower() not in lexicon().stop
        and not _shouting(text, start)
    )


_SCHOOL_PATTERNS = (
    "saint_school",
    "named_school",
    "school_lc",
    "school_acronym",
    "school_described",
    "saint_short",
    "named_school_lc_end",
    "pru_at",
    "named_pru",
)


def _schools(text: str, scan: Scan) -> list[Finding]:
    if not scan.can_match(*_SCHOOL_PATTERNS):
        return []
    lex = lexicon()
    out = []
    for m in scan.find("saint_school"):
        out.append(_school(text, m.start(), m.end(), "saint-school"))
    for m in scan.find("named_school"):
        start = strip_generic(text, m.start(1), m.end(1), lex.stop)
        if start is None:
            continue
        out.append(_school(text, start, m.end(), "named-school"))
    for m in scan.find("school_lc"):
        name = m.group(1).split()
        ending = m.group(2).lower()
        if any(w in _SCHOOL_GENERIC or w in GENERIC_NAME_WORDS or w in lex.stop for w in name):
            continue
        if ending not in _STRONG_SCHOOL_ENDS and all(everyday_word(w) for w in name):
            continue
        out.append(_school(text, m.start(1), m.end(), "school-lower-case-after-cue"))
    for m in scan.find("school_acronym"):
        acronym = m.group(1)
        if acronym[-1] in _SCHOOL_ACRONYM_ENDS and acronym_ok(acronym, text, m.start(1)):
            out.append(_school(text, m.start(1), m.end(1), "school-acronym-after-cue"))
    for m in scan.find("school_described"):
        det = _DETERMINER_BEFORE.search(text, max(0, m.start() - 48), m.start())
        if det is None:
            continue  # "a school in Wigan", "schools in Wigan": no one school
        qualified = any(w in _SCHOOL_KINDS for w in det.group(1).lower().split())
        end = _described_school_end(text, m.end(), qualified)
        if end is not None:
            out.append(_school(text, det.start(), end, "school-described-by-street-or-place"))
    for m in scan.find("saint_short"):
        if _saint_ok(text, m.start(1), m.end(1)):
            out.append(_school(text, m.start(1), m.end(1), "saint-name-after-school-cue"))
    for m in scan.find("named_school_lc_end"):
        start = _named_lc_start(text, m.start(1), m.end(1), m.group(2).lower())
        if start is not None:
            out.append(_school(text, start, m.end(), "named-school-lower-case-ending"))
    for m in scan.find("pru_at"):
        name = m.group(2)
        how = m.group(1)
        if not _pru_name_ok(text, m.start(2), m.end(2), how):
            continue
        start = the_before(text, m.start())
        out.append(identifying("school", start, m.end(), rule="pru-named-by-street-or-place"))
    for m in scan.find("named_pru"):
        start = strip_generic(text, m.start(1), m.end(1), lex.stop | _SCHOOL_GENERIC)
        if start is None:
            continue
        out.append(identifying("school", start, m.end(), rule="named-pru"))
    return merge_overlapping(out)


_THE_BEFORE = re.compile(r"(?<![\w'])[Tt]he[ \t]+$")


def the_before(text: str, start: int) -> int:
    """`start`, moved back over a "the" just before it ("the PRU on Larch Street")."""
    m = _THE_BEFORE.search(text, max(0, start - 5), start)
    return m.start() if m else start


# "the academy on Pell Lane", "the catholic high in Wigan", "his school off Moor Road": a school
# described, not named, made identifying by its street or town.
_DESCRIBED_STREET = re.compile(
    r"(?:[A-Z][^\W\d_]*(?:['\-][^\W\d_]+)*[ \t]+){1,3}(?:Road|Rd|Street|St|Lane|Avenue|Ave|"
    r"Close|Drive|Way|Crescent|Place|Terrace|Grove|Rise|Walk|Row|Square|Parade|Hill|Brow)\b"
    r"|(?:[a-z][a-z'\-]*[ \t]+){1,2}(?:road|rd|street|lane|avenue|ave|close|drive|crescent)\b"
)
_NOT_STREETS = frozenset(("main road", "high street", "main street", "high road"))
# The determiner and up to three describing words before the school word ("the catholic ",
# "his old girls' "), none of them a determiner or a preposition: "the lads at the high in
# Wigan" starts at the second "the".
_FUNCTION_WORDS = (
    r"the|his|her|their|my|our|a|an|at|to|in|on|of|and|or|from|with|for|by|is|was|s|near|"
    r"outside|behind|this|that|these|those"
)
_DETERMINER_BEFORE = re.compile(
    rf"(?i)(?<![\w'])(?:the|his|her|their|my|our)[ \t]+"
    rf"((?:(?!(?:{_FUNCTION_WORDS})[ \t])[a-z][a-z'\-]*[ \t]+){{0,3}})$"
)
# What makes "the ... school in Leeds" one school of a big city: its kind, not "best" or "big".
_SCHOOL_KINDS = frozenset(
    words(
        """catholic rc cofe church christian muslim islamic jewish sikh hindu faith girls girls'
        boys boys' grammar only steiner montessori special welsh gaelic irish selective private
        independent"""
    )
)


def _described_school_end(text: str, pos: int, qualified: bool) -> int | None:
    """The end of the street or the town after "the academy on", or None."""
    limit = min(len(text), pos + 48)
    street = _DESCRIBED_STREET.match(text, pos, limit)
    if street is not None:
        first = street.group().split()[0].lower()
        if first not in lexicon().stop and street.group().lower() not in _NOT_STREETS:
            return _with_town(text, street.end())
    place_end = gazetteer.place_at(text, pos)
    if place_end is None:
        return None
    place = gazetteer.gazetteer().lookup(text[pos:place_end])
    context = place.context if place is not None else "plain"
    if context in ("plain", "proper") or (context == "word" and text[pos].isupper()):
        return place_end
    if context == "city" and qualified:  # "the catholic high in Leeds", not "the school in Leeds"
        return place_end
    return None


# After "St Joseph's", these make it a church, a hospital, a street or a park, not a school.
_SAINT_NOT_AFTER = frozenset(
    words(
        """hospital hospice infirmary church cathedral chapel abbey priory park road rd street
        lane avenue square place gardens ward centre center clinic surgery medical health house
        court station shopping retail market parish mass day ambulance wood fc football rugby
        boxing club"""
    )
)
_NEXT_WORD = re.compile(r"['\u2019]?[ \t]*([A-Za-z]+)")
_CHURCH_AFTER = re.compile(
    r"['\u2019]?[ \t]+(?:on|every|each)[ \t]+(?:a[ \t]+)?sundays?\b|['\u2019]?[ \t]+for[ \t]+"
    r"(?:mass|church|confession|communion|the[ \t]+service|a[ \t]+service|midnight[ \t]+mass)\b",
    re.I,
)


def _saint_ok(text: str, start: int, end: int) -> bool:
    """A saint's name said for a school after a school cue ("he's at st josephs"), not a town
    ("from St Helens"), a hospital or a church ("at St Mary's Hospital", "St John Ambulance")."""
    later = text[start:end].split()[2:]
    nxt = _NEXT_WORD.match(text, end, min(len(text), end + 24))
    if nxt:
        later.append(nxt.group(1))
    if any(w.lower() in _SAINT_NOT_AFTER for w in later):
        return False
    if _CHURCH_AFTER.match(text, end, min(len(text), end + 32)):
        return False  # "he goes to St Mary's on Sundays with his nan"
    place_end = gazetteer.place_at(text, start)
    return place_end is None or place_end < end - 2


_LC_ENDS_NOT_SCHOOL = frozenset(
    words(
        """united city town rovers athletic wanderers albion villa county fc afc premier league
        football rugby cricket academy school college arsenal spurs chelsea celtic rangers hibs
        hearts wolves forest palace saints hammers toffees magpies gunners blues reds baggies
        owls blades seagulls canaries potters"""
    )
)


def _named_lc_start(text: str, start: int, end: int, ending: str) -> int | None:
    """Where "Castleview academy" starts, or None when the name is generic ("Sunday school",
    "the Everton academy": a football club's)."""
    lex = lexicon()
    name = text[start:end].split()
    if name and name[0] == "The":
        name = name[1:]
        start = text.index(name[0], start) if name else start
    if not name:
        return None
    lowered = [fold_key(w) for w in name]
    if any(
        w in _SCHOOL_GENERIC or w in GENERIC_NAME_WORDS or w in lex.stop or w in _LC_ENDS_NOT_SCHOOL
        for w in lowered
    ):
        return None
    if gazetteer.gazetteer().lookup(" ".join(name)) is not None:
        return None  # "Wigan academy", "Oxford college": a club's, a town's
    head = ending.split()[0]
    if all(everyday_word(w) for w in lowered) and (
        head not in _STRONG_SCHOOL_ENDS or sentence_start(text, start)
    ):
        return None  # "record high", "Thankfully academy staff..."
    if lex.forenames.get(lowered[0]) == "plain" and len(name) == 1:
        return None  # "told Jake college was over"
    return start


def merge_overlapping(found: list[Finding]) -> list[Finding]:
    """Overlapping findings of a kind are one ("Pathways AP" and "AP on Mill Road")."""
    found.sort(key=lambda f: (f.start, -f.end))
    out: list[Finding] = []
    for f in found:
        if out and f.start < out[-1].end and f.kind == out[-1].kind:
            if f.end > out[-1].end:
                last = out[-1]
                out[-1] = identifying(last.kind, last.start, f.end, rule=last.rule)
            continue
        out.append(f)
    return out


_PRU_PLACE_WORDS = re.compile(
    r"(?:Road|Rd|Street|St|Lane|Avenue|Close|Drive|Way|Crescent|Place|Terrace|Grove|Walk|Row|"
    r"Square|Parade|House|Centre|Center|Unit|Project|Hub|Base|Academy|School|College|Lodge|Hall|"
    r"Court|Park|Campus|Building|Buildings)$"
)


def _pru_name_ok(text: str, start: int, end: int, how: str) -> bool:
    name = text[start:end]
    if name.split()[0].lower() in _MONTHS_DAYS or name.split()[0].lower() in lexicon().stop:
        return False
    if how.lower() in ("called", "named"):
        return True
    if _PRU_PLACE_WORDS.search(name):
        return True
    return gazetteer.place_at(text, start) == end


def everyday_word(word: str) -> bool:
    """An everyday English word (SCOWL, `data/everyday_words.txt`)."""
    return word.lower() in everyday()


def patterns() -> dict[str, Pattern]:
    """The RE2 sources this module scans with."""
    word = r"[A-Z][\pL'\-]*"
    school_mid = (
        r"Primary|Secondary|High|Junior|Juniors|Infant|Infants|Grammar|Middle|Community|Free|"
        r"Special|Catholic|Church\s+of\s+England|C\s+of\s+E|CE|RC|R\.C\.|Girls'?|Boys'?|Technology|"
        r"Sports|Studio|Prep|Preparatory|Academy|Comprehensive|Roman\s+Catholic|Methodist|Anglican|"
        r"VA|VC|Junior\s+and\s+Infant|Learning|Sixth\s+Form|Upper|Short\s+Stay"
    )
    school_end = (
        r"Academy|School|College|Grammar|Primary|High|Juniors|Infants|Sixth\s+Form|UTC|PRU|"
        r"Comprehensive|Pupil\s+Referral\s+Unit|C\s+of\s+E|CofE|CE|RC"
    )
    lc_end = r"academy|school|college|high|primary|grammar|juniors|infants|comprehensive"
    school_cue = (
        r"goes[ \t]+to|go[ \t]+to|going[ \t]+to|went[ \t]+to|gone[ \t]+to|started[ \t]+at|"
        r"starts[ \t]+at|start[ \t]+at|starting[ \t]+at|attends|attended|attending|"
        r"excluded[ \t]+from|expelled[ \t]+from|kicked[ \t]+out[ \t]+of|"
        r"moved[ \t]+(?:him[ \t]+|her[ \t]+|them[ \t]+)?to|transferred[ \t]+to|pupil[ \t]+at|"
        r"student[ \t]+at|teachers?[ \t]+at|head(?:teacher|[ \t]+teacher)?[ \t]+at|"
        r"(?:year|yr)[ \t]*\d{1,2}[ \t]+at|y\d{1,2}[ \t]+at|place[ \t]+at|"
        r"(?:is|was|'s|s|been|were|are|still|him|her)[ \t]+at|outside|near|behind|opposite"
    )
    return {
        "saint_school": rf"(?i)\b(?:St\.?|Saint)[ \t]+[a-z]+(?:'s|s')?"
        rf"(?:[ \t]+(?:and|&)[ \t]+(?:(?:St\.?|Saint)[ \t]+)?[a-z]+(?:[ \t]+[a-z]+)?(?:'s|s')?)?"
        rf"(?:[ \t]+(?:{school_mid}))*[ \t]+(?:{school_end}|Catholic|C\s+of\s+E|CE|RC)\b",
        "named_school": rf"\b((?:{word}|[A-Z]{{2,}})"
        rf"(?:[ \t]+(?:{word}|of|the|and|&|upon|on|in|le|de|under|by)){{0,4}})"
        rf"[ \t]+(?:(?:{school_mid})[ \t]+)*(?:{school_end})\b",
        "school_lc": rf"(?i:\b(?:{school_cue})[ \t]+((?:[a-z][a-z'\-]*[ \t]+){{1,3}})({lc_end}))\b",
        "school_acronym": rf"(?i:\b(?:{school_cue})[ \t]+)([A-Z]{{3,5}})\b",
        "school_described": r"(?i:\b(?:academy|high[ \t]+school|high|school|comp|comprehensive|"
        r"grammar|primary|secondary|college|sixth[ \t]+form|juniors|infants|prep)[ \t]+"
        r"(?:on|in|off|near|by|at|up|behind|opposite|next[ \t]+to|down)[ \t]+)",
        "saint_short": rf"(?i:\b(?:{school_cue}|head[ \t]+of|headteacher[ \t]+of|"
        r"head[ \t]+teacher[ \t]+of|teachers?[ \t]+(?:from|of)|staff[ \t]+(?:from|at)|from|"
        r"goes|go|went)[ \t]+)"
        r"((?i:st\.?|saint)[ \t]+[A-Za-z]+(?:'s|s'|s)?(?:[ \t]+[A-Z][a-z]+)?"
        r"|(?i:our[ \t]+lady(?:'s)?(?:[ \t]+of[ \t]+[A-Za-z]+)?|sacred[ \t]+heart|"
        r"holy[ \t]+(?:family|cross|trinity|rosary|name|spirit|ghost|redeemer)|"
        r"christ[ \t]+the[ \t]+king|corpus[ \t]+christi)"
        r"|(?:Cardinal|Bishop|Blessed)[ \t]+[A-Z][a-z]+)\b",
        "named_school_lc_end": rf"\b({word}(?:[ \t]+{word}){{0,2}})[ \t]+"
        r"(academy|high[ \t]+school|grammar(?:[ \t]+school)?|primary(?:[ \t]+school)?|"
        r"secondary(?:[ \t]+school)?|comprehensive|college|sixth[ \t]+form|juniors|infants)\b",
        "pru_at": r"\b(?:PRU|[Pp]upil[ \t]+[Rr]eferral[ \t]+[Uu]nit|"
        r"[Aa]lternative[ \t]+[Pp]rovision|AP|[Rr]eferral[ \t]+[Uu]nit|"
        r"[Ss]hort[ \t]+[Ss]tay[ \t]+[Ss]chool)[ \t]+"
        r"(on|off|in|at|near|by|called|named|behind)[ \t]+(?:the[ \t]+)?"
        r"((?:[A-Z][\pL'\-]*[ \t]+){0,3}[A-Z][\pL'\-]*)",
        "named_pru": r"\b((?:[A-Z][\pL'\-]*[ \t]+){1,3})(?:PRU|[Pp]upil[ \t]+[Rr]eferral[ \t]+"
        r"[Uu]nit|[Aa]lternative[ \t]+[Pp]rovision|AP)\b",
    }


DETECTORS = (_schools,)
