"""Where a child goes: clubs and teams, hospital wards, courts, local events, a kind of school
there are few of.

- `club`: a club, team or group a child goes to ("the boxing club", "Air Cadets", vague), an
  age-group team ("the under-14s", "the GAA under-14s"), more when it is named ("Eastfield ABC",
  "Kingsway Juniors", "plays for Northfield Rangers"), placed ("the youth club at the community
  centre") or the child's place in it ("the captain of the netball team"). Bands, Young
  Farmers, the Urdd and the GAA are clubs too.
- `care`: a hospital ward or unit ("Ward 7", "Sunflower Ward", "the adolescent unit", "the
  children's ward").
- `court`: "the youth court", "the magistrates' court", "Court 3", "children's hearing" (vague:
  thousands of families go; a date with it narrows).
- `event`: a local event ("the Eid fair", "the summer fete", "the carnival", "the school disco",
  "the Christmas market", "the Diwali celebration", "the bonfire", "the lights switch-on", "the
  school prom", "the Eisteddfod", "the shows", "her confirmation"), more with its year or its
  place ("the bonfire on the green", "her confirmation at St Mary's").
- `school_kind`: a school there are few of in a town ("the PRU", "the grammar", "the girls'
  school"); a named school is identifying already.

Every finding is a quasi-identifier (`rules.quasi`), weighed by its rule in `rules.RULES`.
"""

from __future__ import annotations

import re

from ..scan import Pattern, Scan
from ..text import words
from ..types import Finding
from .common import YEAR
from .jobs import words_end
from .rules import quasi

_SPORTS = (
    r"boxing|football|footy|rugby|cricket|netball|basketball|swimming|swim|karate|judo|"
    r"jiu[ \t-]?jitsu|taekwondo|tae[ \t]+kwon[ \t]+do|kick[ \t-]?boxing|martial[ \t]+arts|mma|"
    r"wrestling|dance|dancing|street[ \t]+dance|ballet|drama|theatre|gymnastics|athletics|"
    r"running|cycling|bmx|skate|skateboarding|climbing|chess|hockey|ice[ \t]+hockey|tennis|"
    r"table[ \t]+tennis|badminton|volleyball|golf|rowing|canoe|canoeing|sailing|fencing|archery|"
    r"snooker|darts|pool|fishing|cheer|cheerleading|music|choir|band|drum|drumming|youth|"
    r"homework|after[ \t-]school|breakfast|coding|art|lads'?|boys'?|girls'?|sunday[ \t]+league|"
    r"church[ \t]+youth|mosque[ \t]+youth|gurdwara[ \t]+youth|temple[ \t]+youth|"
    r"synagogue[ \t]+youth|scouts?|guides?|cadets?|abc|boxing[ \t]+abc|sea[ \t]+scouts?|gaa|"
    r"gaelic|gaelic[ \t]+football|hurling|camogie|shinty"
)
_CLUB_NOUN = (
    r"club|gym|team|academy|squad|group|class|classes|school|centre|lessons|session|sessions|"
    r"league|troop|pack|unit"
)
_NAMED_CLUB_END = (
    r"FC|AFC|JFC|ABC|Juniors|Jnrs|Colts|Boxing[ \t]+Club|Boxing[ \t]+Gym|Boxing[ \t]+Academy|"
    r"Amateur[ \t]+Boxing[ \t]+Club|Youth[ \t]+Club|Football[ \t]+Club|Rugby[ \t]+Club|"
    r"Cricket[ \t]+Club|Swimming[ \t]+Club|Swim[ \t]+Club|Athletic[ \t]+Club|Sports[ \t]+Club|"
    r"Dance[ \t]+School|Dance[ \t]+Academy|Stage[ \t]+School|Karate[ \t]+Club|"
    r"Martial[ \t]+Arts|Cadets|Scouts|Youth[ \t]+Centre|Boys'?[ \t]+Club|Girls'?[ \t]+Club|"
    r"Harriers|Cheer|Gymnastics[ \t]+Club"
)
_TEAM_NAME_END = (
    r"United|Utd|Rangers|Rovers|Athletic|Wanderers|Albion|Town|City|Celtic|Thistle|Juniors|"
    r"Colts|Lions|Tigers|Eagles|Hawks|Wolves|Panthers|Sharks|Dragons|Saints|Stars|Spartans|"
    r"Titans|Warriors|Phoenix|Falcons|Harriers|Villa|Dynamos|Sporting|Academy|Jets|Bulls"
)
_CLUB_STOP = frozenset(
    words("the a an my our his her their at to for with and in on of this that from")
)


_CLUB_WHERE = re.compile(
    r"[ \t]+(?:on|in|at|by|near|behind|opposite|next[ \t]+to|off|above|under|round[ \t]+the"
    r"[ \t]+back[ \t]+of)[ \t]+(?:the|our)[ \t]+",
    re.I,
)


def _club_where(text: str, start: int, end: int, rule: str) -> Finding:
    """A club, and where it is when that follows ("the ABC club on the industrial estate")."""
    where = _CLUB_WHERE.match(text, end)
    if where:
        place_end = words_end(text, where.end())
        if place_end is not None:
            return quasi("club", start, place_end, "club-located")
    return quasi("club", start, end, rule)


def detect(text: str, scan: Scan) -> list[Finding]:
    out = []
    for m in scan.find("q_club"):
        loose = (m.group(1) or "").lower() in ("a", "an", "some")
        found = _club_where(text, m.start(), m.end(), "club-loose" if loose else "club")
        out.append(_club_role(text, found))
    for m in scan.find("q_club_bare"):
        out.append(_club_where(text, m.start(), m.end(), "club"))
    for m in scan.find("q_club_plain"):
        out.append(_club_role(text, _club_where(text, m.start(), m.end(), "club")))
    for m in scan.find("q_club_age_band"):
        out.append(_club_role(text, quasi("club", m.start(), m.end(), "club-age-band")))
    for m in scan.find("q_club_named"):
        start = m.start()
        for word in re.finditer(r"\S+", text[m.start() : m.end()]):
            if word.group().lower() not in _CLUB_STOP:
                start = m.start() + word.start()
                break
        if start < m.start(2):
            out.append(quasi("club", start, m.end(), "club-named"))
    for m in scan.find("q_club_plays_for"):
        out.append(quasi("club", m.start(1), m.end(1), "club-named"))
    for m in scan.find("q_club_team_at"):
        out.append(quasi("club", m.start(1), m.end(1), "club-named"))
    for m in scan.find("q_school_kind"):
        out.append(quasi("school_kind", m.start(), m.end(), "school-kind"))
    for m in scan.find("q_care_ward"):
        out.append(quasi("care", m.start(), m.end(), "care-ward"))
    for m in scan.find("q_care_unit"):
        out.append(quasi("care", m.start(), m.end(), "care-unit"))
    for m in scan.find("q_court"):
        out.append(quasi("court", m.start(), m.end(), "court"))
    for m in scan.find("q_event"):
        rule = "event-year" if m.group(1) or m.group(2) else "event"
        end = m.end()
        where = _EVENT_WHERE.match(text, end)
        if where:  # "the bonfire on the green", "her confirmation at St Mary's"
            place_end = words_end(text, where.end())
            if place_end is not None:
                end = place_end
                rule = "event-year" if rule == "event-year" else "event-located"
        out.append(quasi("event", m.start(), end, rule))
    return out


_EVENT_WHERE = re.compile(
    r"[ \t]+(?:on|in|at|by|near|behind|outside|opposite)[ \t]+(?:(?:the|our)[ \t]+(?=[^\W\d])|"
    r"(?=(?:St\.?[ \t]+)?[A-Z]))"
)
# A child's place in a team, before it: "the captain of the netball team", "goalie for the
# under-12s". Read on a short window before the club.
_CLUB_ROLE_BEFORE = re.compile(
    r"(?:\bthe[ \t]+)?\b(?:captain|vice[ \t-]captain|goalie|goalkeeper|keeper|top[ \t]+scorer|"
    r"star[ \t]+player|best[ \t]+player|mascot)(?:[ \t]+(?:of|for|in|on))?[ \t]+$",
    re.I,
)


_ROLE_WORDS = ("captain", "goalie", "keeper", "scorer", "player", "mascot")


def _club_role(text: str, f: Finding) -> Finding:
    window = text[max(0, f.start - 30) : f.start]
    low = window.lower()
    if not any(w in low for w in _ROLE_WORDS):
        return f
    role = _CLUB_ROLE_BEFORE.search(window)
    if not role:
        return f
    return quasi("club", f.start - len(role.group()), f.end, "club-role")


def patterns() -> dict[str, Pattern]:
    """The RE2 sources this part scans with."""
    return {
        "q_club": (
            r"(?i)\b(?:(?:at|to|from|in|with|for|down|joined|on)[ \t]+)?"
            r"(the|his|her|their|our|my|a|an|some)[ \t]+(?:local[ \t]+)?"
            rf"(?:{_SPORTS})[ \t]+(?:{_CLUB_NOUN})\b"
        ),
        "q_club_bare": (
            r"(?i)\b(?:(?:at|to|from|in|with|joined|after|before)[ \t]+)?(?:(?:the|his|her)[ \t]+)?"
            r"(?:(?:air|sea|army|police|fire)[ \t]+cadets|scouts|cubs|beavers|brownies|"
            r"rainbows|explorers|boys'?[ \t]+brigade|girls'?[ \t]+brigade|madrasa|madrassa|"
            r"madrasah|sunday[ \t]+league|cadets|young[ \t]+farmers(?:'?[ \t]+club)?|urdd|gaa|"
            r"(?:flute|pipe|marching|accordion|brass|silver|bugle)[ \t]+band|majorettes|"
            r"st\.?[ \t]+john[ \t]+ambulance|woodcraft[ \t]+folk|duke[ \t]+of[ \t]+edinburgh|"
            r"dofe)\b"
            r"|(?i)\b(?:(?:at|to|from|in|with|joined)[ \t]+)?the[ \t]+(?:dojo|cadets|guides)\b"
        ),
        "q_club_plain": (rf"(?i)\b(?:{_SPORTS})[ \t]+(?:club|gym|team|academy|squad|troop)\b"),
        "q_club_age_band": (
            r"(?i)\b(?:(?:in|for|with|at|on)[ \t]+)?(?:(?:the|his|her|their)[ \t]+)?"
            r"(?:(?:gaa|football|rugby|hurling|camogie|netball|cricket|hockey|boys'?|girls'?|"
            r"club'?s?)[ \t]+)?(?:under[ \t-]?|u[ \t-]?)(?:[5-9]|1[0-9]|2[0-3])(?:'?s\b|"
            r"[ \t]+(?:team|side|squad|"
            r"league|girls|boys)\b)"
        ),
        "q_club_named": (rf"\b((?:[A-Z][\pL'\-]+[ \t]+){{1,3}})({_NAMED_CLUB_END})\b"),
        "q_club_plays_for": (
            r"(?i)\b(?:plays?|played|playing|signed|signs|trains?|trained|training|boxes|boxed)"
            r"[ \t]+(?:for|with|at)[ \t]+((?:(?i:the)[ \t]+)?(?-i:(?:[A-Z][\pL'\-]+[ \t]+){1,2}"
            rf"(?:{_TEAM_NAME_END})))\b"
        ),
        "q_club_team_at": (
            r"(?i)\b(?:at|for|with)[ \t]+((?:(?i:the)[ \t]+)?(?-i:(?:[A-Z][\pL'\-]+[ \t]+){1,2}"
            rf"(?:{_TEAM_NAME_END})))\b"
        ),
        "q_school_kind": (
            r"(?i)\b(?:(?:at|to|from|in)[ \t]+)?(?:the|his|her|their|our|a)[ \t]+(?:pru|"
            r"pupil[ \t]+referral[ \t]+unit|referral[ \t]+unit|alternative[ \t]+provision|"
            r"special[ \t]+school|grammar(?:[ \t]+school)?|catholic[ \t]+(?:school|primary|high)|"
            r"c[ \t]+of[ \t]+e[ \t]+(?:school|primary)|girls'?[ \t]+school|boys'?[ \t]+school|"
            r"private[ \t]+school|independent[ \t]+school|free[ \t]+school|studio[ \t]+school|"
            r"utc|juniors|infants|village[ \t]+school|faith[ \t]+school|islamic[ \t]+school|"
            r"jewish[ \t]+school|sikh[ \t]+school|welsh[ \t]+school|gaelic[ \t]+school|"
            r"steiner[ \t]+school|boarding[ \t]+school|secure[ \t]+school)\b"
        ),
        "q_care_ward": (
            r"(?i)\b(?:on[ \t]+|in[ \t]+)?ward[ \t]+(?:\d{1,2}[a-z]?|[a-z]\d{1,2})\b"
            r"|\b(?i:(?:on|in)[ \t]+)?(?:the[ \t]+)?(?-i:[A-Z][a-z]+[ \t]+Ward)\b"
        ),
        "q_care_unit": (
            r"(?i)\b(?:(?:on|in|to|at)[ \t]+)?(?:the[ \t]+)?(?:(?:children'?s|kids'?|paediatric|"
            r"pediatric|adolescent|psychiatric|psych|mental[ \t]+health|eating[ \t]+disorders?|"
            r"secure|tier[ \t]+4|camhs|assessment|mother[ \t]+and[ \t]+baby|young[ \t]+people'?s|"
            r"acute|general|high[ \t]+dependency|intensive[ \t]+care|burns|trauma|surgical|"
            r"medical|neuro|neurology|oncology|cancer|orthopaedic)[ \t]+){1,2}(?:ward|unit|"
            r"inpatient[ \t]+unit)\b|(?i)\b(?:in[ \t]+)?(?:a|the)[ \t]+secure[ \t]+children'?s"
            r"[ \t]+home\b"
        ),
        "q_court": (
            r"(?i)\b(?:(?:at|in|to|before)[ \t]+)?(?:the[ \t]+)?(?:youth|magistrates'?|"
            r"magistrate'?s|crown|family|county|juvenile|sheriff)[ \t]+court\b"
            r"|(?i)\bcourt(?:room)?[ \t]+(?:\d{1,2}|one|two|three|four|five|six)\b"
            r"|(?i)\b(?:a|the)[ \t]+children'?s[ \t]+(?:panel|hearing)\b"
        ),
        "q_event": (
            r"(?i)\b(?:(?:at|to|from|during|after)[ \t]+)?(?:the|our|their|his|her|"
            r"this[ \t]+year'?s|"
            rf"last[ \t]+year'?s|(?:the[ \t]+)?({YEAR}))[ \t]+(?:(?:local|village|town|school|"
            r"church|mosque|community|"
            r"summer|christmas|winter|spring|easter|eid|diwali|vaisakhi|holi|pride|charity|"
            r"street|estate|annual|halloween|bonfire|lantern|gurdwara|temple|st\.?[ \t]+"
            r"\w+'?s|urdd)[ \t]+(?:fair|fete|f\x{00ea}te|carnival|gala[ \t]+day|gala|mela|festival|"
            r"parade|market|party|celebrations?|disco|dance|fun[ \t]+day|funday|fireworks|"
            r"procession|bazaar|service|concert|show|match|tournament|prom|ball|eisteddfod|"
            r"lights[ \t]+switch[ \t-]?on|switch[ \t-]?on|bonfire)|fair|fete|f\x{00ea}te|carnival|"
            r"gala[ \t]+day|gala|bonfire|(?:christmas[ \t]+)?lights[ \t]+switch[ \t-]?on|"
            r"eisteddfod|shows|hoppings|leavers'?[ \t]+(?:do|party|ball|prom|assembly)|"
            r"(?:first[ \t]+(?:holy[ \t]+)?)?communion|confirmation|christening|baptism|"
            r"bar[ \t]+mitzvah|bat[ \t]+mitzvah|"
            r"(?:football|rugby|cricket|netball|hockey|basketball|boxing|cup)[ \t]+(?:match|game|"
            r"tournament|final|show|night)|"
            r"mela|fun[ \t]+run|fun[ \t]+day|funday|fireworks[ \t]+display|firework[ \t]+"
            r"display|street[ \t]+party|school[ \t]+disco|prom|talent[ \t]+show|nativity|"
            r"sports[ \t]+day|iftar|vigil|christmas[ \t]+market)\b"
            rf"(?:[ \t]+((?:in[ \t]+)?{YEAR}|last[ \t]+year|this[ \t]+year)\b)?"
        ),
    }
