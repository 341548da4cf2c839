"""Schools and the groups that exploit children: named schools, PRUs, gangs, county lines.

Schools.
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

Groups.
- A name before crew, gang, mandem, squad, firm, cartel, mob, Boyz, Gz, Youngers, Olders, YGs,
  Gunnaz, Shottas, Young Guns, Riders...: "the Hollow Boyz", "the 4G crew", "Mash Gang", "the
  Ashfield Young Guns"; lower case for the slang words ("the hollow boyz"). Generic phrases
  ("the whole gang", "the older boys", "a county lines gang", "the Albanian gang"), age groups
  ("the U16s squad") and teams ("he plays for the Northside Riders") pass. A name's span takes
  the "the" before it ("the Rico line"), so the redacted sentence reads "runs for [a group]".
- County lines: "the Bando line", "running the dolla line", "on Nitty line"; tube lines, colours
  and phrases ("the Jubilee line", "the phone line", "the front line") pass.
- Acronyms after a group cue or before a group word: "he's repping YRG", "mixed up with TPL",
  "he says he's OTF", "they said he's YKG now", "someone from GMG", "the KPM boys", "has TFG
  tattooed"; services, needs and labels ("he's ADHD", "she's UASC", "he's MVP") pass.
- Number-and-letter tags: "gang 2DT", "the boys are from 9Z", "part of the 3Ls", "repping 410",
  "repping B9", "the 3Hunna sign"; "Zone 2" after "from", "repping", "running with" or before
  "boys", "lot"... Times, ordinals, amounts, school years and "4G" signal pass.
"""

from __future__ import annotations

import functools
import re

from . import gazetteer
from .scan import Pattern, Scan
from .text import (
    GENERIC_NAME_WORDS,
    fold_key,
    lexicon,
    read_list,
    sentence_start,
    strip_generic,
    words,
)
from .types import Finding, identifying

# Services, exams, shops, teams and words everyone writes in capitals: never a school or a gang.
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


def _acronym_ok(acronym: str, text: str, start: int) -> bool:
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
_GROUP_PATTERNS = (
    "gang",
    "gang_lc",
    "gang_called",
    "county_line",
    "county_line_lc",
    "gang_acronym",
    "gang_tag",
    "gang_zone",
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
        if ending not in _STRONG_SCHOOL_ENDS and all(_everyday(w) for w in name):
            continue
        out.append(_school(text, m.start(1), m.end(), "school-lower-case-after-cue"))
    for m in scan.find("school_acronym"):
        acronym = m.group(1)
        if acronym[-1] in _SCHOOL_ACRONYM_ENDS and _acronym_ok(acronym, text, m.start(1)):
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
        start = _the_before(text, m.start())
        out.append(identifying("school", start, m.end(), rule="pru-named-by-street-or-place"))
    for m in scan.find("named_pru"):
        start = strip_generic(text, m.start(1), m.end(1), lex.stop | _SCHOOL_GENERIC)
        if start is None:
            continue
        out.append(identifying("school", start, m.end(), rule="named-pru"))
    return _merge_overlapping(out)


_THE_BEFORE = re.compile(r"(?<![\w'])[Tt]he[ \t]+$")


def _the_before(text: str, start: int) -> int:
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
    if all(_everyday(w) for w in lowered) and (
        head not in _STRONG_SCHOOL_ENDS or sentence_start(text, start)
    ):
        return None  # "record high", "Thankfully academy staff..."
    if lex.forenames.get(lowered[0]) == "plain" and len(name) == 1:
        return None  # "told Jake college was over"
    return start


def _merge_overlapping(found: list[Finding]) -> list[Finding]:
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


def _everyday(word: str) -> bool:
    """An everyday English word (SCOWL, `data/everyday_words.txt`, read by the names module)."""
    try:
        from .names import everyday
    except ImportError:  # pragma: no cover - the names module always has it
        return word.lower() in lexicon().stop
    return word.lower() in everyday()


_LINE_GENERIC = frozenset(
    words(
        """bakerloo central circle district elizabeth hammersmith jubilee metropolitan northern
        piccadilly victoria waterloo overground suffragette mildmay lioness weaver windrush
        liberty thameslink tram metrolink dlr county phone help front bottom finish party picket
        main branch fault poverty bread dotted same red green blue yellow orange purple brown
        pink grey gray black white silver gold hot crisis advice police first next last whole
        new old other one this that wrong right bus train tube metro land start starting top
        fine thin time production assembly washing clothes fishing punch chorus opening story
        plot hair neck waist jaw sight tree snow coast shore water sky power pipe gas date dead
        end family blood enemy party drug drugs support chat text hotline helpline ticket
        queue dinner lunch dole sidelines goal touch halfway try starting waiting"""
    )
)
_GANG_GENERIC = frozenset(
    words(
        """ambulance film camera tv air cabin fire road the a my our their his her your this that
        year albanian police prison youth street young big little older younger good bad local
        estate school grown naughty rude beach backstreet beastie pet shop whole same other
        rival drill grime rap county lines line drug drugs organised organized crime criminal
        grooming rape sex child online snapchat turkish kurdish romanian eastern european
        vietnamese asian white black them all some any every each those these new old main
        biggest worst notorious local family press news wrecking demolition work works road
        council facebook instagram tiktok whatsapp youtube nhs bbc itv
        building construction cleaning film production stage ground cabin flight crew gang
        squad firm mob bomb riot swat murder chain cartel russian italian irish polish chinese
        nigerian jamaican somali eritrean english british scottish welsh mexican colombian
        sicilian dutch moroccan pakistani indian lithuanian american foreign heavy sharp straight
        easy ghost dispatch deliveroo uber power"""
    )
)


@functools.cache
def _common_words() -> frozenset[str]:
    """Everyday words that are no group's name; `lexicon().stop` without the services and
    brands of not_names.txt ("MASH" is a safeguarding hub, "the Mash Gang" a gang)."""
    return frozenset(fold_key(w) for w in read_list("common_words.txt")) | _GANG_GENERIC


_SPORT_BEFORE = re.compile(
    r"(?i)(?:watch(?:es|ed|ing)?|support(?:s|ed|ing)?|play(?:s|ed|ing)?[ \t]+for|fans?[ \t]+of|"
    r"tickets?[ \t]+(?:for|to)|signed[ \t]+(?:for|with))[ \t]+(?:the[ \t]+)?$"
)


# Rules whose span is a name said with "the": the span takes the "the" ("the Rico line"), so
# the redacted sentence reads "he runs for [a group]". Tags and acronyms keep their own span
# ("the N17 lot": a postcode district).
_NAMED_RULES = frozenset(
    ("named-gang", "named-gang-slang-word", "gang-called", "county-line", "county-line-lower-case")
)


def _named_groups(text: str, found: list[Finding]) -> list[Finding]:
    """The groups that are no sports team ("he watches the Leicester Riders"), each name with
    the "the" before it."""
    out = []
    for f in found:
        if _SPORT_BEFORE.search(text, max(0, f.start - 24), f.start):
            continue
        start = _the_before(text, f.start) if f.rule in _NAMED_RULES else f.start
        out.append(f if start == f.start else identifying(f.kind, start, f.end, rule=f.rule))
    return out


def _groups(text: str, scan: Scan) -> list[Finding]:
    if not scan.can_match(*_GROUP_PATTERNS):
        return []
    lex = lexicon()
    stop = _common_words()
    out = []
    for m in scan.find("gang"):
        start = strip_generic(text, m.start(1), m.end(1), stop)
        if start is None or text[start : m.end(1)].strip().isdigit():
            continue
        if _AGE_GROUP.fullmatch(text[start : m.end(1)].strip()):
            continue  # "the U16s squad", "the Year 9 lot"
        out.append(identifying("gang", start, m.end(), rule="named-gang"))
    for m in scan.find("gang_lc"):
        start = strip_generic(text, m.start(1), m.end(1), stop)
        if start is None or text[start : m.end(1)].strip().isdigit():
            continue
        capital = _FIRST_CAPITAL.search(text, start, m.end(1))
        if text[start].islower() and capital:
            start = capital.start()  # "posting Blackridge Gunnaz": the name is capitalised
        out.append(identifying("gang", start, m.end(), rule="named-gang-slang-word"))
    for m in scan.find("gang_called"):
        start = strip_generic(text, m.start(1), m.end(1), stop)
        if start is None or text[start : m.end(1)].strip().isdigit():
            continue
        out.append(identifying("gang", start, m.end(1), rule="gang-called"))
    for m in scan.find("county_line"):
        word = m.group(1).lower()
        if word in _LINE_GENERIC or word in lex.stop:
            continue
        out.append(identifying("gang", m.start(1), m.end(), rule="county-line"))
    for m in scan.find("county_line_lc"):
        word = m.group(1).lower()
        if word in _LINE_GENERIC or word in lex.stop or _everyday(word):
            continue
        out.append(identifying("gang", m.start(1), m.end(), rule="county-line-lower-case"))
    for m in scan.find("gang_acronym"):
        group = 1 if m.group(1) is not None else 2
        acronym = m.group(group)
        if _acronym_ok(acronym, text, m.start(group)):
            out.append(identifying("gang", m.start(group), m.end(group), rule="gang-acronym"))
    for m in scan.find("gang_tag"):
        group = next(g for g in (1, 2, 3, 4) if m.group(g) is not None)
        tag = m.group(group).split()[-1]
        if _not_a_tag(tag, digits_ok=group == 2):
            continue
        out.append(identifying("gang", m.start(group), m.end(group), rule="gang-tag"))
    for m in scan.find("gang_zone"):
        group = 1 if m.group(1) is not None else 2
        if re.match(r"[ \t]+to[ \t]+zone", text[m.end(group) : m.end(group) + 12], re.I):
            continue  # "from Zone 1 to Zone 2": a travelcard
        out.append(identifying("gang", m.start(group), m.end(group), rule="gang-zone"))
    return _merge_overlapping(_named_groups(text, out))


_NOT_TAG = re.compile(
    r"(?i)\d+(?:st|nd|rd|th|am|pm|ish|k|kg|g|mg|ml|l|cm|mm|m|km|mph|p|s|x|yo|yrs?|hrs?|mins?|"
    r"secs?|gb|mb|tb|ft|in|lbs?|oz|v|w|hz|ers)|[ysup]\d{1,2}s?|ks\d|\d[gG]|[aj]\d+|m\d+|a\d|"
    r"\d+x\d+|(?:year|yr|under|level|grade|band|key[ \t]*stage)\d+"
)


_FIRST_CAPITAL = re.compile(r"(?<![\w'])[A-Z]")
_AGE_GROUP = re.compile(r"(?i)(?:u|under[ \t-]?|y|year[ \t]*|yr[ \t]*)\d{1,2}s?")


def _not_a_tag(tag: str, digits_ok: bool) -> bool:
    if tag.isdigit():
        return not digits_ok or len(tag) < 2 or len(tag) > 4 or tag.startswith("0")
    return _NOT_TAG.fullmatch(tag) is not None


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
    group_words = (
        r"crew|gang|mandem|squad|firm|cartel|Crew|Gang|Mandem|Squad|Firm|Cartel|Mob|Boyz|BOYZ|"
        r"Boys|Gz|GZ|Youngers|Youngens|Younguns|Olders|Gunners|Fam|Bloods|Crips|Massive|Soldiers|"
        r"Gunnaz|Gunz|Shottas|Hittaz|Hitters|Killaz|Thugz|Mafia|Clique|Riders|Ryders|YGs|YGz|"
        r"Yutes|Youts|Young[ \t]+Guns|Gangstaz|Gangsters|Bloodz|Soldierz"
    )
    group_cue = (
        r"repping|reppin|reps|rep|representing|part[ \t]+of|in[ \t]+with|runs[ \t]+with|"
        r"rolls[ \t]+with|running[ \t]+with|rolling[ \t]+with|roll[ \t]+with|joined|member[ \t]+of|"
        r"linked[ \t]+to|involved[ \t]+with|mixed[ \t]+up[ \t]+with|affiliated[ \t]+with|"
        r"works?[ \t]+for|working[ \t]+for|running[ \t]+for|shotting[ \t]+for|beef[ \t]+with|"
        r"says[ \t]+he's|says[ \t]+hes|says[ \t]+she's|he's[ \t]+been|hes[ \t]+been|"
        r"she's[ \t]+been|been|tattoo[ \t]+of|(?:someone|somebody|boys|lads|man|men|guys|girls|"
        r"lot|olders|youngers|members?|kids?|they're|theyre|he's|hes|are|is)[ \t]+from|"
        r"he's|hes|he[ \t]+is|she's|shes|she[ \t]+is|they're|theyre|they[ \t]+are"
    )
    people_from = (
        r"(?:someone|somebody|boys|lads|man|men|guys|girls|lot|olders|youngers|members?|kids?|"
        r"they're|theyre|they[ \t]+are|he's|hes|he[ \t]+is|she's|are|is|'re|'s)[ \t]+from"
    )
    tag = r"[0-9]+[A-Za-z][A-Za-z0-9]*|[A-Za-z]+[0-9][A-Za-z0-9]*"
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
        "gang": rf"\b((?:[A-Z0-9][\pL\pN'\-]*[ \t]+){{1,3}})(?:{group_words})\b",
        "gang_called": r"(?i:(?:\b(?:county[ \t]+lines?|line|gang|crew|group)[ \t]+(?:(?:they|he|"
        r"she|we|people|everyone)[ \t]+)?(?:call|calls|called|named|known[ \t]+as)"
        r"|\b(?:call|calls|called|calling)[ \t]+themselves)[ \t]+(?:the[ \t]+)?)"
        r"([A-Z0-9][\pL\pN'\-]*(?:[ \t]+[A-Z][\pL\pN'\-]*){0,2})",
        "gang_lc": r"(?i:\b((?:[a-z0-9][\pL\pN'\-]*[ \t]+){1,2})(?:boyz|gz|mandem|gunnaz|"
        r"shottas|hittaz|killaz|thugz|ygs|ygz))\b",
        "county_line": r"\b(?:[Tt]he|(?i:on|for|running|runs|run|works|working|from))[ \t]+"
        r"([A-Z][\pL\pN]*)[ \t]+[Ll]ine\b",
        "county_line_lc": r"(?i:\b(?:running|runs|run|ran|works|working|work|worked|on|for|"
        r"shotting[ \t]+for|part[ \t]+of|sent[ \t]+out[ \t]+on|joined|from)[ \t]+the[ \t]+)"
        r"([a-z][a-z0-9]*)[ \t]+line\b",
        "gang_acronym": rf"(?i:\b(?:{group_cue})[ \t]+)(?:the[ \t]+)?([A-Z]{{3,5}})\b"
        r"|\b([A-Z]{3,5})[ \t]+(?i:boys|lot|mandem|man|olders|youngers|gang|crew|members?|"
        r"line|tattoo|tattooed)\b",
        "gang_tag": rf"(?i:\b(?:repping|reppin|reps|rep|representing|{people_from}|"
        r"part[ \t]+of|running[ \t]+with|runs[ \t]+with|rolls[ \t]+with|rolling[ \t]+with|"
        r"in[ \t]+with|member[ \t]+of|joined|mixed[ \t]+up[ \t]+with|involved[ \t]+with)"
        rf"[ \t]+(?:the[ \t]+)?)({tag})\b"
        rf"|(?i:\b(?:repping|reppin|reps|representing)[ \t]+)([0-9]{{2,4}})\b"
        rf"|\b({tag})[ \t]+(?i:sign|gang|crew|boys|lot|mandem|man|line)\b"
        rf"|\b((?i:gang|crew)[ \t]+(?:{tag}))\b",
        "gang_zone": r"(?i:\b(?:from|repping|reps|part[ \t]+of|running[ \t]+with|runs[ \t]+with|"
        r"beef[ \t]+with)[ \t]+)(Zone[ \t]+\d{1,2})\b"
        r"|\b([Zz]one[ \t]+\d{1,2})[ \t]+(?i:boys|lot|mandem|man|olders|youngers|gang|crew)\b",
    }


DETECTORS = (_schools, _groups)
