"""The groups that exploit children: gangs, crews, county lines, their acronyms and tags.

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

from .scan import Pattern, Scan
from .schools import acronym_ok, everyday_word, merge_overlapping, the_before
from .text import (
    fold_key,
    lexicon,
    read_list,
    strip_generic,
    words,
)
from .types import Finding, identifying

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
        start = the_before(text, f.start) if f.rule in _NAMED_RULES else f.start
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
        if word in _LINE_GENERIC or word in lex.stop or everyday_word(word):
            continue
        out.append(identifying("gang", m.start(1), m.end(), rule="county-line-lower-case"))
    for m in scan.find("gang_acronym"):
        group = 1 if m.group(1) is not None else 2
        acronym = m.group(group)
        if acronym_ok(acronym, text, m.start(group)):
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
    return merge_overlapping(_named_groups(text, out))


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


DETECTORS = (_groups,)
