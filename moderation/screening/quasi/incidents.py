"""A distinctive event the family is known for.

- `incident`: a distinctive event ("after the fire at the chip shop", "the stabbing outside the
  Co-op", "since the police raid on our house", "when our car was torched", "it was in the local
  paper", "the one who went missing", "the family whose dog attacked the postman", "when the
  police kicked our door in", "the car crashed into our front room", "in the viral video from
  the bus station", "on the CCTV appeal"), what happened to a child ("he was stabbed", "ran away
  from the respite centre"; "arrested", "excluded" are vague).

Every finding is a quasi-identifier (`rules.quasi`), weighed by its rule in `rules.RULES`.
"""

from __future__ import annotations

import re

from ..scan import Pattern, Scan
from ..text import words
from ..types import Finding
from .common import FULL_MONTH, PRONOUNS, YEAR
from .jobs import words_end
from .rules import quasi

_DRAMATIC = frozenset(
    words(
        """fire blaze stabbing stabbings shooting shootings crash raid explosion flood floods
        flooding riot riots arson murder siege standoff stand-off shootout shoot-out"""
    )
)
_INCIDENT_PLACE = re.compile(
    r"[ \t]+(?:at|outside|on|in|near|by|behind|opposite|round|down|up|from|at[ \t]+the[ \t]+back"
    r"[ \t]+of|round[ \t]+the[ \t]+back[ \t]+of)[ \t]+(?:the|our|a|his|her|their|that|my)[ \t]+"
    r"(?=[^\W\d])((?:[\w'\-]+[ \t]+){0,2}[\w'\-]+)",
    re.I,
)
_INCIDENT_TIME = re.compile(
    rf"[ \t]+(?:(?:in|last|this|that)[ \t]+(?:winter|summer|spring|autumn|year|christmas|"
    rf"easter|half[ \t]+term|{FULL_MONTH})|in[ \t]+{YEAR}|last[ \t]+year)\b",
    re.I,
)
_PLACE_STOP = PRONOUNS | frozenset(
    words("""and but so because when where while who that which i we he she they you was were is are
    has have had my his her their our to of in on at by time moment night day week weekend
    beginning end start last this next yesterday today tonight every after before since
    """)
)


def _place_words_end(p: re.Match[str]) -> int | None:
    """Where the place `_INCIDENT_PLACE` found ends (its words up to a stop word), if any."""
    kept = None
    for w in re.finditer(r"[\w'\-]+", p.group(1)):
        if w.group().lower() in _PLACE_STOP:
            break
        kept = p.start(1) + w.end()
    return kept


def detect(text: str, scan: Scan) -> list[Finding]:
    out = []
    for m in scan.find("q_incident"):
        word = m.group(1).lower().replace("  ", " ")
        dramatic = word.split()[-1] in _DRAMATIC or "acid" in word or "bomb" in word
        end = m.end()
        placed = False
        p = _INCIDENT_PLACE.match(text, end)
        if p:
            kept = []
            for w in re.finditer(r"[\w'\-]+", p.group(1)):
                if w.group().lower() in _PLACE_STOP:
                    break
                kept.append(w)
            if kept:
                end = p.start(1) + kept[-1].end()
                placed = True
        t = _INCIDENT_TIME.match(text, end)
        if t:
            end = t.end()
            dramatic = dramatic or placed  # "the dog attack in the park last August"
            placed = True
        if placed:
            out.append(
                quasi("incident", m.start(), end, "incident" if dramatic else "incident-loose")
            )
        elif dramatic:
            out.append(quasi("incident", m.start(), end, "incident-bare"))
    for m in scan.find("q_incident_news"):
        if m.group(1) is None and m.group(2) is None and m.group(3) is None:
            start = m.start()
            if text[start] == ")":  # "my daughter (14) was on the news": the age is its own
                start += 1
                while text[start] in " \t":
                    start += 1
            out.append(quasi("incident", start, m.end(), "incident-news"))
            continue
        # "in the viral video", "on the CCTV from the Co-op": a video, viral or placed
        end = m.end()
        p = _VIDEO_PLACE.match(text, end)
        if p:
            end = p.end() if p.group(1) else (words_end(text, p.end()) or end)
        if m.group(1) or m.group(2):  # viral, or a public appeal: everyone has seen it
            out.append(quasi("incident", m.start(), end, "incident-video"))
        elif end > m.end():
            out.append(quasi("incident", m.start(), end, "incident-video-placed"))
    for m in scan.find("q_incident_property"):
        if m.group(3):
            out.append(quasi("incident", m.start(), m.end(), "incident-property-crash"))
            continue
        word = (m.group(1) or m.group(2) or "raided").lower()
        fire = any(w in word for w in ("torch", "fire", "alight", "bomb", "shot", "burn"))
        rule = "incident-property-fire" if fire else "incident-property"
        out.append(quasi("incident", m.start(), m.end(), rule))
    for m in scan.find("q_incident_notorious"):
        if m.group(1):  # "the family whose dog attacked the postman": everyone knows who
            out.append(quasi("incident", m.start(), m.end(), "incident-notorious-family"))
            continue
        out.append(quasi("incident", m.start(), m.end(), "incident-notorious"))
    for m in scan.find("q_incident_personal"):
        group = 1 if m.group(1) else 2
        word = m.group(group).lower()
        loose = word.split()[0] in _LOOSE_PERSONAL
        rule = "incident-personal-loose" if loose else "incident-personal"
        start = m.start()
        if group == 2 or text[start : start + 1] in ",;(-":
            start = m.start(group)
        end = m.end()
        if word.startswith(("ran", "run", "abscond")):  # "ran away from the respite centre"
            where = _INCIDENT_PLACE.match(text, end)
            if where:
                place_end = _place_words_end(where)
                if place_end is not None:
                    end, rule = place_end, "incident-loose"
        out.append(quasi("incident", start, end, rule))
    return out


_LOOSE_PERSONAL = frozenset(
    words(
        """attacked beaten jumped robbed mugged arrested charged remanded sectioned excluded
        expelled cautioned bailed searched went goes reported sentenced convicted lifted
        admitted"""
    )
)
_VIDEO_PLACE = re.compile(
    r"[ \t]+(?:(on[ \t]+(?:facebook|fb|tiktok|instagram|insta|twitter|snapchat|youtube|"
    r"the[ \t]+news|the[ \t]+telly|tv))\b|(?:from|at|outside|of|in|near|by|behind|on)[ \t]+"
    r"(?:the|a|our)[ \t]+(?=[^\W\d]))",
    re.I,
)


def patterns() -> dict[str, Pattern]:
    """The RE2 sources this part scans with."""
    return {
        "q_incident": (
            r"(?i)\b(?:(?:after|since|before|during|from|about|over|in)[ \t]+)?(?:the|that)"
            r"[ \t]+(?:night[ \t]+of[ \t]+the[ \t]+|day[ \t]+of[ \t]+the[ \t]+)?((?:(?:big|house|"
            r"police|drugs?|acid|car|knife|gun|petrol[ \t]+bomb|arson|fatal|pub|shop|dog|bus|"
            r"lorry|coach|motorbike|moped|train|school)[ \t]+)?"
            r"(?:fire|blaze|stabbing|stabbings|shooting|shootings|crash|raid|explosion|attack|"
            r"flood|floods|flooding|riot|riots|arson|break-in|burglary|robbery|murder|"
            r"hit[ \t-]and[ \t-]run|siege|stand-?off|bomb[ \t]+scare|shoot-?out|car[ \t]+chase|"
            r"smash[ \t-]and[ \t-]grab|fight|brawl|incident|accident))\b"
        ),
        "q_incident_news": (
            r"(?i)(?:\b(?:it|this|that|he|she|they|we|his|her|our|the[ \t]+whole[ \t]+thing|son|"
            r"daughter|lad|boy|girl|lass|kid|child|family|house)|\))"
            r"(?:'s|[ \t]+was|[ \t]+were|[ \t]+got|[ \t]+made|[ \t]+has[ \t]+been|[ \t]+had"
            r"[ \t]+been|[ \t]+ended[ \t]+up)[ \t]+(?:all[ \t]+)?(?:(?:in|on|over)[ \t]+)?"
            r"(?:the[ \t]+front[ \t]+(?:page[ \t]+)?of[ \t]+)?"
            r"(?:the[ \t]+)?(?:local[ \t]+)?(?:paper|papers|newspaper|news|telly|tv|radio|"
            r"facebook|tiktok|social[ \t]+media)\b"
            r"|(?i)\b(?:in|on)[ \t]+(?:the|a|that)[ \t]+(?:(viral)[ \t]+(?:[a-z]+[ \t]+)?(?:video|"
            r"clip|"
            r"footage)|"
            r"((?:police|cctv|missing[ \t]+persons?'?|witness)[ \t]+appeal)|(video|clip|footage|"
            r"cctv(?:[ \t]+(?:footage|video|clip))?))\b"
        ),
        "q_incident_property": (
            r"(?i)\b(?:(?:when|after|since|the[ \t]+night|the[ \t]+day)[ \t]+)?(?:our|my|his|"
            r"her|their|whose)[ \t]+(?:house|home|car|van|windows?|door|front[ \t]+door|flat|shop)"
            r"[ \t]+(?:was|were|got|had[ \t]+been|was[ \t]+being)[ \t]+(torched|set[ \t]+"
            r"(?:on[ \t]+)?(?:fire|alight)|petrol[ \t-]?bombed|fire-?bombed|shot[ \t]+at|raided|"
            r"smashed(?:[ \t]+in)?|kicked[ \t]+in|burnt[ \t]+out|burned[ \t]+out|sprayed|"
            r"graffitied)\b"
            r"|(?i)\b(?:(?:when|after|since|the[ \t]+night|the[ \t]+day)[ \t]+)?(?:the[ \t]+)?"
            r"(?:police|feds|old[ \t]+bill|cops|men|someone|somebody)[ \t]+(kicked|smashed|booted|"
            r"battered|bashed|rammed|raided)[ \t]+(?:our|my)[ \t]+(?:(?:front[ \t]+)?door"
            r"(?:[ \t]+(?:in|down))?|house|home|flat)\b"
            r"|(?i)\b(?:(?:when|after|since|the[ \t]+night|the[ \t]+day)[ \t]+)?(?:a|the)[ \t]+"
            r"(?:car|van|lorry|bus|truck)[ \t]+((?:crashed|ploughed|smashed|drove|went)[ \t]+"
            r"(?:in)?to)[ \t]+(?:our|my|his|her|their)[ \t]+(?:house|home|front[ \t]+room|"
            r"living[ \t]+room|front[ \t]+garden|garden|wall|shop|flat|front|kitchen|bedroom)\b"
        ),
        "q_incident_notorious": (
            r"(?i)\b(?:the|that)[ \t]+(?:one|boy|girl|lad|lass|kid|child|family|mum|dad|teenager|"
            r"teen|young[ \t]+lad|young[ \t]+girl)[ \t]+(?:who|that)(?:'s|[ \t]+was|[ \t]+got|"
            r"[ \t]+went)?[ \t]+(?:missing|went[ \t]+missing|stabbed|shot|arrested|taken|found|"
            r"run[ \t]+over|in[ \t]+the[ \t]+(?:paper|papers|news)|on[ \t]+the[ \t]+news|"
            r"attacked|kidnapped|excluded|knocked[ \t]+down|hit[ \t]+by[ \t]+a[ \t]+(?:car|bus|"
            r"van)|"
            r"killed|died|drowned|overdosed)\b"
            r"|(?i)\b(?:the|that)[ \t]+(family|house|one|ones|people|lot)[ \t]+whose[ \t]+(?:dog|"
            r"son|"
            r"daughter|kid|kids|boy|girl|lad|lass|house|car|dad|mum|husband|wife)[ \t]+"
            r"(?:[\w'\-]+[ \t]+){0,2}[\w'\-]+"
        ),
        "q_incident_personal": (
            r"(?i)(?:\b(?:was|got|been|being|were|get|gets)[ \t]+|(?:^|[,;(\-][ \t]*))"
            r"(?:(?:badly|nearly|almost|seriously|brutally)[ \t]+)?"
            r"(stabbed|shot|slashed|glassed|kidnapped|abducted|"
            r"trafficked|run[ \t]+over|knocked[ \t]+down|set[ \t]+on[ \t]+fire|attacked|"
            r"beaten[ \t]+up|jumped|robbed|mugged|arrested|charged|remanded|sectioned|excluded|"
            r"expelled|cautioned|bailed|searched|went[ \t]+missing|goes[ \t]+missing|"
            r"reported[ \t]+missing|sentenced|convicted|lifted|shanked|merked|ran[ \t]+over|"
            r"(?:taken|rushed|blue-lighted)[ \t]+(?:in)?to[ \t]+(?:a&e|hospital|the[ \t]+hospital)|"
            r"admitted|hospitalised|ran[ \t]+away|run[ \t]+away|ran[ \t]+off|absconded)\b"
            r"|(?i)\b(?:he|she|they|son|daughter|lad|boy|girl|lass)[ \t]+(?:has[ \t]+|had[ \t]+)?"
            r"(ran[ \t]+away|run[ \t]+away|ran[ \t]+off|absconded)\b"
        ),
    }
