"""Where in a town a family lives, without naming it.

- `area`: where in a town, without naming it: a side or end ("the north side of the town", "the
  top end of our estate", "north of the river"), "our estate / street / close / end of town", a
  landmark after "near / by / behind / outside / opposite / round the back of" ("near the retail
  park by the canal", "outside the big Tesco"; after "at" or "in", vague); where the family
  lives, by a landmark ("we live near the canal", "the flats behind the Aldi", "the house on the
  corner by the post office", "we live two streets from the school", "the last house before the
  woods", "the 14th floor of the tower block by the overground", "we live at the bottom of our
  street", "we live above it" after a place), nearly naming. Scottish "scheme" is an estate. A
  named place or estate is identifying already.

Every finding is a quasi-identifier (`rules.quasi`), weighed by its rule in `rules.RULES`.
"""

from __future__ import annotations

import bisect
import re

from ..scan import Pattern, Scan
from ..text import words
from ..types import Finding
from .only import with_end
from .rules import quasi

_LANDMARK_WORDS = """retail park|canal|bus depot|bus garage|depot|motorway|motorway bridge|
college|sixth form college|uni|university|fire station|ambulance station|precinct|
shopping precinct|bus station|train station|railway station|station|leisure centre|
sports centre|library|tesco|asda|morrisons|aldi|lidl|
sainsbury's|sainsburys|co-op|coop|spar|iceland|mcdonald's|mcdonalds|maccies|kfc|greggs|chippy|
chip shop|takeaway|chinese takeaway|indian takeaway|pizza takeaway|kebab shop|rec|
recreation ground|park|river|flats|tower block|tower blocks|towers|industrial estate|
trading estate|bypass|ring road|roundabout|church|mosque|gurdwara|temple|shopping centre|
market|parade|shops|garages|woods|marina|seafront|promenade|prom|pier|docks|harbour|quayside|
allotments|cemetery|hospital|health centre|surgery|job centre|jobcentre|police station|
fire station|community centre|youth centre|pub|bookies|launderette|post office|
petrol station|garage|car park|multi-storey|multi storey|footbridge|underpass|railway|
viaduct|level crossing|golf course|playing fields|skate park|old mill|mill|quarry|reservoir|
lido|baths|swimming baths|corner shop|offie|off licence|bus stop|school gates|primary|
high street|garden centre|bridge|railway bridge|canal bridge|rail bridge|river bridge|
old bridge|stone bridge|school|crossing|zebra crossing|pelican crossing|corner|crossroads|
traffic lights|church hall|village hall|green|village green|war memorial|football ground|
stadium|cricket ground|playground|play park|nursery|care home|hotel|motel|travelodge|
premier inn|b&q|ikea|arcade|cinema|bowling alley|gym|barracks|airport|factory|warehouse|
depot|tip|dump|recycling centre|builders yard|vape shop|nail bar|chemist|pharmacy|
newsagents|newsagent|butchers|butcher's|bakery|bakers|chapel|kirk|synagogue|chicken shop|
overground|overground station|tube station|tube|car wash|hand car wash|peace wall|peace line|
sixth form block|science block|school field|school fields|playing field|field|fields|shop|
village shop|barbers|barber's|offy|bingo|bingo hall|snooker hall|social club|
working men's club|football pitch|pitches|astro|taxi rank|bus shelter|phone box|doctors|
doctor's|dentist|vets|café|cafe|caff|laundrette|tesco express|tesco extra|tesco metro|
sainsbury's local|co-op food|londis|costcutter|nisa|one stop|premier|b&m|home bargains|
poundland|wilko|costa|starbucks|subway|nando's|wetherspoons|spoons|boots|argos|primark|
mcdonald's drive-thru|drive-thru|chicken shop|shisha lounge|shisha bar|tennis courts|
basketball courts|courts|bandstand|pavilion|swings|skate ramps|bmx track|pump track|
sixth form|respite centre|children's home|youth hostel|woods|forest|beach|seafront|
fields|allotment|canal path|towpath|cycle path|alley|alleyway|ginnel|snicket|jitty|
cut-through|cut through""".replace("\n", " ")


def _phrases_re(phrases: str) -> str:
    """An RE2 alternation of "|"-separated phrases, longest first (RE2 takes the first
    alternative that matches), spaces matching any blanks."""
    items = {" ".join(p.split()) for p in phrases.split("|") if p.strip()}
    ordered = sorted(items, key=lambda p: (-len(p), p))
    return "|".join(r"[ \t]+".join(re.escape(w) for w in p.split()) for p in ordered)


_LANDMARKS = _phrases_re(_LANDMARK_WORDS)
_AT = r"at|in|inside|from"
_NEAR = (
    r"near|nr|by|next[ \t]+to|behind|opposite|across[ \t]+from|round[ \t]+the[ \t]+back[ \t]+of|"
    r"above|below|under|underneath|over|beside|alongside|facing|"
    r"at[ \t]+the[ \t]+back[ \t]+of|down[ \t]+by|up[ \t]+by|over[ \t]+by|close[ \t]+to|"
    r"(?:a|just)[ \t]+round[ \t]+the[ \t]+corner[ \t]+from|round[ \t]+the[ \t]+corner[ \t]+from|"
    r"(?:just[ \t]+)?before|beyond|"
    r"around[ \t]+the[ \t]+corner[ \t]+from|outside|off|beside|past|up[ \t]+from|down[ \t]+from|"
    r"(?:(?:a[ \t]+)?(?:few|couple[ \t]+of)|two|three|four|five|[2-9])[ \t]+(?:doors|streets|"
    r"houses|roads|minutes(?:'?[ \t]+walk)?|mins(?:'?[ \t]+walk)?)[ \t]+(?:down[ \t]+|up[ \t]+|"
    r"away[ \t]+|along[ \t]+)?from|(?:on|in)[ \t]+the[ \t]+same[ \t]+(?:street|road|close|"
    r"estate|block|lane|avenue|terrace)[ \t]+as"
)
_LANDMARK_PHRASE = (
    rf"(?:the|that|our)[ \t]+(?:(?:big|old|new|little|main|local|same|estate|school|village|"
    rf"wee|church)[ \t]+)?(?:{_LANDMARKS})"
)
_DWELLING = (
    r"village|estate|flats?|houses?|new[ \t-]+builds?|bungalows?|block|cottages?|maisonettes?|"
    r"terraces?|street|road|close|lane|cul-de-sac|tower[ \t]+block|high[ \t]+rise|one|ones|"
    r"caravan|caravans|park[ \t]+homes?|hostel|b&b|refuge|council[ \t]+houses?|valley|hill|glen|"
    r"scheme|brae"
)
_LANDMARK_CHAIN = (
    rf"(?:[ \t]+(?:by|near|on|next[ \t]+to|behind|opposite|off|past|above|beside|facing|"
    rf"at[ \t]+the[ \t]+back[ \t]+of|round[ \t]+the[ \t]+back[ \t]+of|over|under|in)[ \t]+"
    rf"{_LANDMARK_PHRASE})?"
)
_HOME = (
    r"houses?|flats?|bungalows?|cottages?|maisonettes?|block|tower[ \t]+block|high[ \t]+rise|"
    r"new[ \t-]+builds?|caravans?|council[ \t]+houses?|hostel|refuge|b&b|park[ \t]+homes?"
)
_HOME_WORDS = re.compile(rf"(?i)(?:{_HOME})")
_RESIDENCE_BEFORE = re.compile(
    r"(?:\b(?:we|i|they|family|mum|dad|she|he)(?:'re|'m|[ \t]+are|[ \t]+am|[ \t]+is|'s|"
    r"[ \t]+live|[ \t]+lives|[ \t]+lived|[ \t]+living|'ve[ \t]+moved|[ \t]+moved|"
    r"[ \t]+stay|[ \t]+stays|[ \t]+rent|[ \t]+were|[ \t]+was)|\bliving|\blive[sd]?|\bhouse[ \t]+is|"
    r"\b(?:our|my)[ \t]+(?:house|flat|home|place)|"
    r"\bflat[ \t]+is|\bhome[ \t]+is|\bmoved[ \t]+(?:in|into|to))"
    r"(?:[ \t]+(?:just|right|now|still|all|up|down|over|out|round|around|here|there|in|on|at|"
    r"the|a|our|one|ones|is|was|in[ \t]+the|on[ \t]+the|\w+[ \t]+(?:flats?|estate|village|houses?|"
    r"road|"
    r"street|block)))*[ \t]*$",
    re.I,
)
_SIDE_OF = (
    r"(?:town|city|village|estate|borough|city[ \t]+centre|county|valley|island|river|park|"
    r"high[ \t]+street|road|street|lane|avenue|close|block|flats|scheme|(?-i:[A-Z][\pL'\-]+))"
)


def detect(text: str, scan: Scan) -> list[Finding]:
    out = []
    for m in scan.find("q_area_side"):
        which = (m.group(1) or "").lower()
        rule = "area-other-side" if which in ("other", "wrong") else "area-side"
        if m.group(4):  # "the bottom of our street", "the end of the cul-de-sac by the park"
            home = _RESIDENCE_BEFORE.search(text, max(0, m.start() - 40), m.start())
            chained = m.end() > m.end(5)
            if m.group(4).lower() == "end" and not (
                chained or _LIVE_BEFORE.search(text, max(0, m.start() - 30), m.start())
            ):
                continue  # "we're at the end of the road with him"
            if home and (chained or m.group(5).lower() in _SMALL_STREETS):
                rule = "area-home"
        out.append(quasi("area", m.start(), m.end(), rule))
    for m in scan.find("q_area_ours"):
        out.append(quasi("area", m.start(), m.end(), "area-ours"))
    for m in scan.find("q_area_estate"):
        rule = "area-village" if m.group().lower().rstrip().endswith("village") else "area-estate"
        out.append(quasi("area", m.start(), m.end(), rule))
    for m in scan.find("q_area_landmark"):
        start = m.start()
        home = (m.group(1) is not None and _HOME_WORDS.fullmatch(m.group(1))) or (
            _RESIDENCE_BEFORE.search(text, max(0, start - 40), start)
        )
        end = m.end()
        if home:
            rule = "area-home"
            end = with_end(text, end)  # "the one opposite the church with the blue door"
        elif m.group(2).lower() in ("at", "in", "inside", "from"):
            rule = "area-at"
        else:
            rule = "area-landmark"
        out.append(quasi("area", start, end, rule))
    ends = sorted(f.end for f in out)
    for m in scan.find("q_area_home"):
        if m.group(1):  # "we live above it": where, only after a place it can point back to
            i = bisect.bisect_right(ends, m.start())
            if not i or m.start() - ends[i - 1] >= 120:
                continue
        out.append(quasi("area", m.start(), m.end(), "area-home"))
    return out


_LIVE_BEFORE = re.compile(r"\b(?:live[sd]?|living|moved)\b[^.!?\n]*$", re.I)
_SMALL_STREETS = frozenset(words("road street close cul-de-sac lane avenue crescent brae"))


def patterns() -> dict[str, Pattern]:
    """The RE2 sources this part scans with."""
    lead_in = r"(?:(?:on|in|at|from|round|around|up|down|over|to|near)[ \t]+)?"
    return {
        "q_area_side": (
            rf"(?i)\b{lead_in}(?:the|our|this)[ \t]+((?:north|south|east|west)(?:[ \t-]?"
            r"(?:east|west))?(?:ern)?|far|top|bottom|other|posh|rough|old|new|quiet|wrong)"
            rf"[ \t]+(?:side|end|part|bit|half|corner)[ \t]+of[ \t]+(?:the[ \t]+|our[ \t]+|"
            rf"this[ \t]+|a[ \t]+)?{_SIDE_OF}\b"
            r"|(?i)\b(?:on[ \t]+the[ \t]+|from[ \t]+the[ \t]+)?()(?:north|south|east|west)"
            r"[ \t]+of[ \t]+the[ \t]+river\b"
            r"|(?i)\b(?:on|in|at|from|round|around|up|over|to)[ \t]+the[ \t]+((?:north|south|east|"
            r"west)(?:[ \t-]?(?:east|west))?(?:ern)?)[ \t]+(?:side|end)\b"
            rf"|(?i)\b(?:{_LANDMARK_PHRASE}[ \t]+)?(?:(?:on|in|at|from|up|down|round|near)[ \t]+)?"
            r"the[ \t]+(?:very[ \t]+)?(top|bottom|far[ \t]+end|end)[ \t]+of[ \t]+(?:the|our|this)"
            r"[ \t]+(scheme|estate|road|street|village|close|hill|lane|cul-de-sac|avenue|crescent|"
            rf"valley|flats|block|brae|glen)\b{_LANDMARK_CHAIN}"
        ),
        "q_area_ours": (
            r"(?i)\b(?:(?:on|in|at|from|round|near|off|to|up|down)[ \t]+)?our[ \t]+(?:"
            r"(?:end|side|part|bit|corner)[ \t]+of[ \t]+(?:the[ \t]+)?(?:town|city|village|"
            r"estate|borough)|estate|street|road|close|cul-de-sac|crescent|avenue|block|flats|"
            r"tower[ \t]+block|village|lane|terrace|mews|grove|parade|bit[ \t]+of[ \t]+town)\b"
        ),
        "q_area_estate": (
            r"(?i)\b(?:on|in|off|from|round|near|behind|by)[ \t]+(?:the|this|that|a)[ \t]+"
            r"(?:same[ \t]+|council[ \t]+|new[ \t]+build[ \t]+|new-build[ \t]+|industrial[ \t]+|"
            r"trading[ \t]+|business[ \t]+|housing[ \t]+|next[ \t]+)?(?:estate|scheme)"
            r"(?:[ \t]+over)?\b"
            r"|(?i)\b(?:in|from|round|near|to)[ \t]+(?:the|our|a|this)[ \t]+(?:(?:little|small|"
            r"tiny|same)[ \t]+)?village\b"
        ),
        "q_area_landmark": (
            rf"(?i)\b(?:(?:in|on|at|into|onto|to|up|down|along|is|was|'s)[ \t]+(?:the|our|a|"
            r"one[ \t]+of[ \t]+the)[ \t]+"
            rf"(?:(?:new|old|big|council|little|posh|private)[ \t]+)?({_DWELLING})"
            rf"[ \t]+|(?:from|to|just|right)[ \t]+(?:{_LANDMARK_PHRASE}[ \t]+)?|"
            rf"{_LANDMARK_PHRASE}[ \t]+)?({_NEAR}|{_AT})[ \t]+{_LANDMARK_PHRASE}"
            rf"{_LANDMARK_CHAIN}\b"
        ),
        "q_area_home": (
            r"(?i)\b(?:we|i|they)(?:'re|[ \t]+are|'m|[ \t]+am|[ \t]+live|[ \t]+lived|"
            r"'ve[ \t]+lived|"
            r"[ \t]+stay)[ \t]+(?:right[ \t]+|just[ \t]+)?((?:above|over|behind|"
            r"next[ \t]+(?:door[ \t]+)?to|"
            r"opposite|across[ \t]+from|beside|round[ \t]+the[ \t]+corner[ \t]+from)[ \t]+(?:it|"
            r"that|"
            r"them))\b"
            r"|(?i)\b(?:(?:on|at)[ \t]+the[ \t]+(?:top|ground|first|second|third|fourth|bottom|"
            r"end|\d{1,2}(?:st|nd|rd|th))[ \t]+(?:floor|house|flat)[ \t]+(?:of|in)[ \t]+)?"
            rf"(?:the|our)[ \t]+(?:(?:new|old|big|council|little|posh|private|last|first|end|"
            rf"corner|only)[ \t]+)?(?:{_HOME})[ \t]+(?:on[ \t]+the[ \t]+corner|"
            r"at[ \t]+the[ \t]+(?:end|top|bottom)[ \t]+of[ \t]+(?:the|our)[ \t]+(?:road|street|"
            r"lane|close|estate|hill|cul-de-sac|village|green)|(?:"
            rf"{_NEAR})[ \t]+{_LANDMARK_PHRASE}){_LANDMARK_CHAIN}\b"
        ),
    }
