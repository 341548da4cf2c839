"""Quasi-identifiers: details that narrow a family down without naming it.

None of these is held alone: every finding here has category "quasi" and only `combinations`
counts them, with a weight (by rule, in `RULES`: 1 vague, 2 narrowing, 3 nearly naming) and a
family (in `combinations.FAMILIES`). A finding's span is the whole detail as a parent writes it,
with its lead-in where there is one ("on 14 March", "he's 14", "I'm the only Polish dinner
lady", "after the fire at the chip shop"), so that a combination highlights and redacts all of
it. Overlapping findings are returned as one detail (the span of them all, the kind and rule of
the one that holds the others, else the strongest): "the Eid fair" is an event, not a date too.

- `area`: where in a town, without naming it: a side or end ("the north side of the town", "the
  top end of our estate", "north of the river"), "our estate / street / close / end of town", a
  landmark after "near / by / behind / outside / opposite / round the back of" ("near the retail
  park by the canal", "outside the big Tesco"; after "at" or "in", vague); where the family
  lives, by a landmark ("we live near the canal", "the flats behind the Aldi", "the house on the
  corner by the post office", "we live two streets from the school", "the last house before the
  woods", "the 14th floor of the tower block by the overground", "we live at the bottom of our
  street", "we live above it" after a place), nearly naming. Scottish "scheme" is an estate. A
  named place or estate is identifying already.
- `school_year`: "Year 9", "yr 9", "Y9", "year nine", "Blwyddyn 9", "in S3" / "is P6" / "(S1)"
  (Scotland), "reception class", "lower sixth", "his final year at primary"; vague: "sixth
  form", "first year of college". "last year 3 of them", "a year 2 months" pass.
- `school_kind`: a school there are few of in a town ("the PRU", "the grammar", "the girls'
  school"); a named school is identifying already.
- `age`: "14-year-old", "my 13 yo", "aged 14", "just turned 15", "at the age of 12", "he's 14",
  "she is only 13", "my son is 14", "who's 15", "my lad (13)", "our son, 12,", "his 15th
  birthday", "my little bro is 14", "our lass is 14", "my son 16 was", beside a child or a school
  year ("in Year 13, 17,", "16 in May"). Ages 1 to 19; a number followed by a unit ("he's 14
  stone", "is 20 minutes late") or in a list of numbers ("6, 9, 14") is no age.
- `date`: a day ("on 14 March", "March 14th", "the 3rd of May", "from the 2nd to the 9th of
  May", "6/11/2023", "last Tuesday the 3rd", "on the 21st": this month's, in a recent post), a
  day something happened on ("on Hogmanay", "after the Twelfth", "on Bonfire Night 2023"), with
  its time or occasion ("at 6am on the 2nd", "after training on the 4th"); vague: "Christmas
  Eve" without "on", "last Tuesday", "in March", "March 2023", "the summer holidays", "every
  Saturday". "On the 14th floor", "the 3rd time" are no dates.
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
- `only`: "the only ... in ..." ("we're the only Sikh family in the village", "the only girl in
  the boxing club"), and "the only" with who someone is, without a place ("I'm the only Polish
  dinner lady"), with what more is said of them ("the only one in a wheelchair at his school",
  "the only lad in year 9 with a tag"); "the tallest / youngest lad in the school". "The only
  thing that helps", "the only one who listens", "the only person in my life" pass: a place or a
  description of the person is needed.
- `siblings`: a sibling count with ages ("his two little sisters, 6 and 9", "her brothers (4 and
  7)", "my other two kids are 6 and 9", "my boys (11 and 14)", "two of mine are 4 and 6", two
  siblings each with an age); one sibling's age or school year, or a count alone ("his two
  sisters"), is vague.
- `job`: a parent's job, more when few do it in a place or it is placed ("I'm the lollipop lady
  at the primary", "his dad is the caretaker at the leisure centre", "my husband runs the corner
  shop", "I work on the tills at the Co-op by the canal", "my wife drives the school bus", "I'm
  the chair of the PTA", "her dad runs the taxi rank"); "I'm a nurse" is vague.
- `incident`: a distinctive event ("after the fire at the chip shop", "the stabbing outside the
  Co-op", "since the police raid on our house", "when our car was torched", "it was in the local
  paper", "the one who went missing", "the family whose dog attacked the postman", "when the
  police kicked our door in", "the car crashed into our front room", "in the viral video from
  the bus station", "on the CCTV appeal"), what happened to a child ("he was stabbed", "ran away
  from the respite centre"; "arrested", "excluded" are vague).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable

from .scan import Pattern, Scan
from .text import fold_key, words
from .types import Finding

# rule -> (weight, what it is). The weight is how much the detail narrows a family down; see
# `combinations` for how weights add up.
RULES: dict[str, tuple[int, str]] = {
    "area-side": (2, "a side or end of a town"),
    "area-other-side": (1, "the other side of town"),
    "area-ours": (2, "our estate, street or end of town"),
    "area-estate": (1, "an unnamed estate"),
    "area-village": (1, "a village"),
    "area-landmark": (2, "near a landmark"),
    "area-at": (1, "at a landmark"),
    "area-home": (3, "where the family lives, by a landmark"),
    "year-number": (2, "a school year"),
    "year-scottish": (2, "a Scottish school year (S1-S6, P1-P7)"),
    "year-reception": (2, "reception class"),
    "year-sixth-form": (1, "sixth form"),
    "year-sixth-named": (2, "lower or upper sixth"),
    "year-of-school": (2, "a year of primary or secondary (his final year at primary)"),
    "year-of-college": (1, "a year of college or university"),
    "age-years-old": (2, "an age (14-year-old)"),
    "age-aged": (2, "an age (aged, turned)"),
    "age-is": (2, "an age (he's 14)"),
    "age-aside": (2, "an age beside a child (my son, 14)"),
    "age-bare": (2, "an age on its own beside a child (he's in Year 13, 17,)"),
    "age-birthday": (2, "a birthday (his 15th birthday)"),
    "date-day": (2, "a day of the year"),
    "date-day-year": (2, "a day with its year"),
    "date-numeric": (2, "a date in figures, with its year"),
    "date-numeric-short": (2, "a date in figures"),
    "date-weekday-day": (2, "a weekday and a day (last Tuesday the 3rd)"),
    "date-named-year": (2, "a named day with its year"),
    "date-named-specific": (2, "a named day, last"),
    "date-named-on": (2, "on a named day (on Bonfire Night)"),
    "date-named": (1, "a named day (Bonfire Night)"),
    "date-last-weekday": (1, "last Tuesday"),
    "date-month-year": (1, "a month and year"),
    "date-month": (1, "a month"),
    "date-holidays": (1, "a school holiday"),
    "date-holidays-year": (2, "a school holiday in a given year"),
    "date-day-only": (2, "a day of the month (on the 21st: this month's, in a recent post)"),
    "date-routine": (1, "where someone is every week (every Saturday)"),
    "club": (1, "a club, team or group (the youth club, the boxing club)"),
    "club-loose": (1, "a club or class"),
    "club-located": (3, "a club and where it is (the youth club at the community centre)"),
    "club-age-band": (2, "an age-group team (the under-14s)"),
    "club-named": (3, "a named club or team"),
    "club-role": (3, "a child's place in a team (the captain of the netball team)"),
    "school-kind": (2, "a kind of school there are few of (the PRU, the grammar)"),
    "care-ward": (3, "a numbered ward"),
    "care-unit": (2, "a ward or unit"),
    "court": (1, "a court"),
    "event": (2, "a local event"),
    "event-year": (3, "a local event in a given year"),
    "event-located": (3, "a local event and where it was (the bonfire on the green)"),
    "only-described": (3, "the only ... (who someone is)"),
    "only-in": (2, "the only one in ..."),
    "only-most": (3, "the tallest, youngest ... in ... (the tallest lad in the school)"),
    "siblings-ages": (3, "siblings with their ages"),
    "siblings-age": (1, "a sibling with their age"),
    "siblings-count": (1, "a number of siblings"),
    "siblings-year": (1, "a sibling with their school year"),
    "job": (1, "a parent's job"),
    "job-local": (2, "a parent's job that only a few do in a place"),
    "job-place": (2, "a parent's job and where"),
    "job-the": (3, "the one who does a job in a place"),
    "job-business": (3, "a family's local business"),
    "job-works-at": (2, "where a parent works"),
    "job-works-at-place": (3, "where a parent works, and where that is"),
    "incident": (3, "a distinctive event and where or when"),
    "incident-loose": (2, "an incident and where"),
    "incident-news": (2, "it was in the news"),
    "incident-video": (3, "a child in a viral video or a public appeal"),
    "incident-video-placed": (2, "a child on a video or CCTV, and where"),
    "incident-property": (2, "an attack on the family's home or car"),
    "incident-property-fire": (3, "the family's home or car set on fire, bombed or shot at"),
    "incident-property-crash": (3, "a vehicle crashed into the family's home"),
    "incident-personal": (2, "what happened to a child (stabbed, shot, run over)"),
    "incident-personal-loose": (1, "what happened to a child (arrested, excluded)"),
    "incident-bare": (1, "a dramatic event (the raid, the fire)"),
    "incident-notorious": (2, "known for what happened (the one who went missing)"),
    "incident-notorious-family": (3, "the family known for something (the family whose dog ...)"),
}


def quasi(kind: str, start: int, end: int, rule: str) -> Finding:
    """A quasi-identifier: never reported alone, only counted by `combinations`."""
    return Finding(kind, start, end, "", "quasi", "pass", rule=rule)


def weight(finding: Finding) -> int:
    return RULES.get(finding.rule, (1, ""))[0]


# --- Shared pieces -----------------------------------------------------------------------------

_NUMBER_WORDS = words(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen"""
)
NUMBER_VALUES = {w: i for i, w in enumerate(_NUMBER_WORDS, 1)}
_NUM = r"(?:1[0-9]|[1-9]|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_FULL_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
)
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])"
_YEAR = r"(?:19|20)\d\d"
_ORD = r"(?:st|nd|rd|th)"
_B = r"[ \t]+"  # blanks between words
_PRONOUNS = frozenset(
    words("""i we he she they you it i'm im we're he's hes she's shes they're it's its that's i've
    we've they've i'd he'd she'd we'd they'd i'll he'll she'll we'll they'll""")
)

# A number followed by one of these is a measure, not an age.
_NOT_AGE_AFTER = re.compile(
    r"(?:th\b|st\b|nd\b|rd\b)|[ \t]*(?:%|:|\.\d|/|-[ \t]*\d|x\b|stone|kg\b|kilos?|lbs?\b|pounds?|"
    r"quid|grand|k\b|p\b|pence|minutes?|mins?|hours?|hrs?|seconds?|secs?|days?|weeks?|wks?|"
    r"times?|miles?|metres?|meters?|m\b|km\b|feet|foot|ft\b|inch|inches|cm\b|mm\b|points?|"
    r"goals?|pts\b|o'?clock|am\b|pm\b|a\.m|p\.m|percent|per\b|out[ \t]+of|of[ \t]+(?:them|us|"
    r"the|his|her|my|our|their|those|these)\b|in[ \t]+the[ \t]+(?:morning|afternoon|evening)|"
    r"hundred|thousand|million|bus\b|tablets?|pills?|cans?|pints?|bottles?|texts?|calls?|"
    r"messages?|missed|people|kids|lads|men|boys|girls|others|more|less|behind|ahead|down|up\b|"
    r"nil|-?nil|in[ \t]+a[ \t]+row)",
    re.I,
)


def _number(token: str) -> int | None:
    token = token.lower()
    if token.isdigit():
        return int(token)
    return NUMBER_VALUES.get(token)


def _before_words(text: str, start: int, count: int = 2) -> list[str]:
    return [w.lower() for w in re.findall(r"[\w']+", text[max(0, start - 30) : start])][-count:]


# --- Area --------------------------------------------------------------------------------------

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


def _areas(text: str, scan: Scan) -> list[Finding]:
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
            end = _with_end(text, end)  # "the one opposite the church with the blue door"
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


# --- School year and age -----------------------------------------------------------------------

_NOT_SCHOOL_YEAR_BEFORE = frozenset(
    words(
        "a per each every last this next that one same whole full new financial tax calendar "
        "leap gap light another first second"
    )
)
_NOT_SCHOOL_YEAR_AFTER = re.compile(
    r"[ \t]*(?:%|:|/|times?\b|months?\b|weeks?\b|days?\b|years?\b|of[ \t]+(?:his|her|my|the)"
    r"[ \t]+(?:sentence|degree|course|order|licence|ban)|ago\b|later\b)",
    re.I,
)


def _school_years(text: str, scan: Scan) -> list[Finding]:
    out = []
    for m in scan.find("q_year"):
        start = m.start(1)
        before = _before_words(text, start, 1)
        if before and before[0] in _NOT_SCHOOL_YEAR_BEFORE:
            continue
        if _NOT_SCHOOL_YEAR_AFTER.match(text, m.end()):
            continue
        out.append(quasi("school_year", m.start(), m.end(), "year-number"))
    for m in scan.find("q_year_scottish"):
        year = (m.group(1) or m.group(2)).upper()
        if year == "S7":
            continue
        start = m.start() if m.group(1) else m.start(2)
        out.append(
            quasi("school_year", start, m.end(2) if m.group(2) else m.end(), "year-scottish")
        )
    for m in scan.find("q_year_other"):
        word = m.group().lower()
        if "reception" in word:
            rule = "year-reception"
        elif "lower" in word or "upper" in word:
            rule = "year-sixth-named"
        elif "sixth" in word:
            rule = "year-sixth-form"
        elif any(w in word for w in ("secondary", "high", "big", "primary")):
            rule = "year-of-school"
        else:
            rule = "year-of-college"
        out.append(quasi("school_year", m.start(), m.end(), rule))
    return out


def _age_ok(text: str, end: int, number: str) -> bool:
    value = _number(number)
    return value is not None and 0 < value < 20 and not _NOT_AGE_AFTER.match(text, end)


_CHILD_BEFORE = re.compile(
    r"(?i)\b(?:son|daughter|grandson|granddaughter|boy|girl|lad|lass|kid|child|eldest|youngest|"
    r"nephew|niece|stepson|stepdaughter|he|she)\b"
)


# ", 9," after a bare number is a list ("6, 9, 14"), not an age; after "Year 13" it is one.
_LISTED = re.compile(r"([a-z]*)[ \t]*\d+$", re.I)
_YEAR_WORDS = frozenset(words("year yr y s p blwyddyn"))


def _ages(text: str, scan: Scan) -> list[Finding]:
    out = []
    for m in scan.find("q_age_years_old"):
        out.append(quasi("age", m.start(), m.end(), "age-years-old"))
    for m in scan.find("q_age_aged"):
        if _age_ok(text, m.end(), m.group(1) or m.group(2)):
            out.append(quasi("age", m.start(), m.end(), "age-aged"))
    for m in scan.find("q_age_is"):
        if _age_ok(text, m.end(), m.group(1) or m.group(2)):
            out.append(quasi("age", m.start(), m.end(), "age-is"))
    for m in scan.find("q_age_birthday"):
        out.append(quasi("age", m.start(), m.end(), "age-birthday"))
    for m in scan.find("q_age_is_end"):
        if _CHILD_BEFORE.search(text, max(0, m.start() - 50), m.start()):
            end = m.end()
            while end > m.start() and text[end - 1] in ".!?; \t":
                end -= 1
            out.append(quasi("age", m.start(), end, "age-is"))
    for m in scan.find("q_age_aside"):
        if m.group(3):  # "my son 16 was ..."
            out.append(quasi("age", m.start(), m.end(3), "age-aside"))
        elif m.group(4):  # ", 15," or "(14)" alone: only beside a child, not in a list of numbers
            before = text[max(0, m.start() - 60) : m.start()]
            listed = _LISTED.search(before)
            if listed and listed.group(1).lower() not in _YEAR_WORDS:
                continue  # "6, 9, 14": a list of numbers
            if not listed and not _CHILD_BEFORE.search(before):  # "in yr 11, 15," is a child
                continue
            a, b = m.start(), m.end()
            if text[a] == ",":
                a = m.start(4)
            while b > a and text[b - 1] in ", \t":
                b -= 1
            out.append(quasi("age", a, b, "age-bare"))
        elif _number(m.group(1) or m.group(2)) is not None:
            out.append(quasi("age", m.start(), m.end(), "age-aside"))
    return out


# --- Dates -------------------------------------------------------------------------------------

_AMBIGUOUS_MONTHS = frozenset({"may", "march", "mar"})


def _dates(text: str, scan: Scan) -> list[Finding]:
    out = []
    for m in scan.find("q_date_day_month"):
        rule = "date-day-year" if m.group(1) else "date-day"
        out.append(quasi("date", m.start(), m.end(), rule))
    for m in scan.find("q_date_month_day"):
        month = m.group(1)
        # "you may 2 ...", "we march 3 ...": only with an ordinal or "on" before it
        ambiguous = month.lower() in _AMBIGUOUS_MONTHS and month.islower()
        if ambiguous and not (m.group(2) or text[m.start() : m.start() + 3].lower() == "on "):
            continue
        rule = "date-day-year" if m.group(3) else "date-day"
        out.append(quasi("date", m.start(), m.end(), rule))
    for m in scan.find("q_date_numeric"):
        day, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(5))
        if m.group(1) is None and (int(day), int(month)) == (24, 7):
            continue  # "on 24/7 watch"
        rule = "date-numeric" if m.group(1) else "date-numeric-short"
        out.append(quasi("date", m.start(), m.end(), rule))
    for m in scan.find("q_date_weekday_day"):
        out.append(quasi("date", m.start(), m.end(), "date-weekday-day"))
    for m in scan.find("q_date_named"):
        lead = (m.group(1) or "").lower()
        if m.group(2):
            rule = "date-named-year"
        elif lead.startswith("last"):
            rule = "date-named-specific"
        elif lead.startswith("on"):
            rule = "date-named-on"  # "on Hogmanay": the day something happened
        else:
            rule = "date-named"
        out.append(quasi("date", m.start(), m.end(), rule))
    for m in scan.find("q_date_last_weekday"):
        out.append(quasi("date", m.start(), m.end(), "date-last-weekday"))
    for m in scan.find("q_date_month_year"):
        out.append(quasi("date", m.start(), m.end(), "date-month-year"))
    for m in scan.find("q_date_holidays"):
        rule = "date-holidays-year" if m.group(1) else "date-holidays"
        out.append(quasi("date", m.start(), m.end(), rule))
    for m in scan.find("q_date_routine"):
        out.append(quasi("date", m.start(), m.end(), "date-routine"))
    for m in scan.find("q_date_day_only"):
        if not _NOT_DAY_AFTER.match(text, m.end()):  # "on the 14th floor", "the 3rd time"
            out.append(quasi("date", m.start(), m.end(), "date-day-only"))
    for m in scan.find("q_date_month"):
        month = m.group(1)
        if month.lower() in ("may", "march") and not month[0].isupper():
            continue  # "in may", "on march": the verbs, more often than not
        out.append(quasi("date", m.start(), m.end(), "date-month"))
    return [_date_context(text, f) for f in out]


# A date's time of day and occasion belong to it: "at 6am on the 2nd", "on the 4th at 9pm",
# "after training on the 4th". Read on a short window before the date, or anchored after it.
_TIME = r"(?:\d{1,2}(?:[:.]\d\d)?[ \t]*(?:am|pm)|\d{1,2}[:.]\d\d|midnight|noon|dawn)"
_DATE_BEFORE = re.compile(
    rf"(?:(?:at|about|around|gone)[ \t]+{_TIME}|(?:after|before|during|at)[ \t]+(?:training|"
    r"school|practice|college|church|prayers|mosque|work|football|rugby|boxing|swimming|dance|"
    r"the[ \t]+(?:match|game|party|disco)|(?:his|her|their)[ \t]+(?:shift|match|game)))"
    r"[ \t]+$",
    re.I,
)
_DATE_AFTER = re.compile(rf"[ \t]+(?:at|about|around|gone)[ \t]+{_TIME}\b", re.I)
_NOT_DAY_AFTER = re.compile(
    r"[ \t]+(?:floor|storey|time|times|attempt|go|try|day|week|month|year|row|place|lap|round|"
    r"page|question|minute|hole|gear|grade|call|birthday|anniversary|century|street|avenue|"
    r"road|house|one|ones|of[ \t]+(?:them|us|those|these))\b",
    re.I,
)


_DATE_BEFORE_LAST = frozenset(
    words("""am pm midnight noon dawn training school practice college church prayers mosque work
    football rugby boxing swimming dance match game party disco shift""")
)


def _date_context(text: str, f: Finding) -> Finding:
    start, end = f.start, f.end
    # Cheap tests first (most dates have neither): the word before, the word after.
    j = start
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    if j < start:
        last = text[text.rfind(" ", max(0, j - 20), j) + 1 : j].lower()
        if last[-2:] in ("am", "pm") or last[-1:].isdigit() or last in _DATE_BEFORE_LAST:
            before = _DATE_BEFORE.search(text[max(0, start - 40) : start])
            if before:
                start -= len(before.group())
    if text[end : end + 1] == " " and text[end + 1 : end + 3].lower() in ("at", "ab", "ar", "go"):
        after = _DATE_AFTER.match(text, end)
        if after:
            end = after.end()
    if (start, end) == (f.start, f.end):
        return f
    return quasi(f.kind, start, end, f.rule)


# --- Clubs, wards, courts, events ----------------------------------------------------------------

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
        place_end = _words_end(text, where.end())
        if place_end is not None:
            return quasi("club", start, place_end, "club-located")
    return quasi("club", start, end, rule)


def _clubs(text: str, scan: Scan) -> list[Finding]:
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
            place_end = _words_end(text, where.end())
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


# --- The only ... in ... -------------------------------------------------------------------------

_IDENTITY = frozenset(
    words("""polish black white asian mixed-race mixed biracial muslim sikh hindu jewish christian
    catholic irish scottish welsh english romanian somali kurdish syrian afghan eritrean nigerian
    ghanaian pakistani bangladeshi indian chinese vietnamese turkish lithuanian latvian portuguese
    brazilian jamaican caribbean african arab iranian iraqi albanian ukrainian russian bulgarian
    hungarian slovak czech filipino sudanese ethiopian congolese zimbabwean traveller gypsy roma
    deaf blind disabled autistic wheelchair gay lesbian trans ginger red-haired redhead foster
    adoptive adopted refugee single teenage widowed dinner lollipop lady caretaker cleaner
    nurse midwife driver hairdresser barber butcher vicar imam priest councillor policeman
    policewoman paramedic firefighter postman postwoman postie cook chef teacher head
    headteacher receptionist landlady landlord childminder pharmacist doctor dentist vet
    mechanic plumber electrician builder shopkeeper newsagent taxi cabbie male female young
    teaching assistant ta coach governor volunteer""")
)
_ROLE = frozenset(
    words("""one person family families mum mums mam dad dads parent parents boy boys girl girls lad
    lads lass lasses kid kids child children son daughter woman women man men household house
    couple people student pupil""")
)
_ONLY_STOP_HEAD = frozenset(
    words("""thing things way ways time times reason reasons option options choice choices hope
    answer answers problem thought difference help support good bad positive day days place
    places night nights word words way sound""")
)
_LOC_PREP = frozenset(words("in on at around round for within across near from"))
_LOC_DET = frozenset(words("the our his her their this that my your a an whole"))
_LOC_NOUNS = frozenset(
    words("""village town city estate street road close avenue lane crescent cul-de-sac block flats
    building area county borough parish island valley hamlet neighbourhood neighborhood
    community school primary secondary academy college class year form team squad club gym ward
    unit church mosque gurdwara temple synagogue congregation playground gates area patch
    postcode district year-group group road terrace court row here miles site scheme""")
)
_ONLY_END = re.compile(r"[.,;:!?()\n\"]")
_ONLY_BREAK = frozenset(
    words("""who that which and but so because when where while if to i we he she they you was were
    is are has have had can could will would did do does not""")
)
_WORD = re.compile(r"[\w'\-]+")


def _locative(tokens: list[tuple[str, int, int]], i: int, strict: bool) -> tuple[int, int] | None:
    """At tokens[i] a preposition: where "in the boxing club" ends (a character offset) and the
    index after it. `strict`: the noun must be a place word or a capitalised name."""
    if i >= len(tokens) or tokens[i][0].lower() not in _LOC_PREP:
        return None
    j = i + 1
    while j < len(tokens) and tokens[j][0].lower() in _LOC_DET:
        j += 1
    if j >= len(tokens):
        return None
    noun = tokens[j][0]
    if noun.lower() in _LOC_NOUNS or (noun[:1].isupper() and noun.isalpha()):
        if j + 1 < len(tokens) and tokens[j + 1][0].lower() in _LOC_NOUNS:
            return tokens[j + 1][2], j + 2  # "the boxing club", "the school gates"
        if j + 1 < len(tokens) and _NUMBERED.fullmatch(tokens[j + 1][0]):
            return tokens[j + 1][2], j + 2  # "in year 9", "on ward 7"
        return tokens[j][2], j + 1
    if j + 1 < len(tokens) and tokens[j + 1][0].lower() in _LOC_NOUNS:
        return tokens[j + 1][2], j + 2  # "on the rugby team"
    if not strict and noun.lower() not in _ONLY_BREAK and j > i + 1:
        return tokens[j][2], j + 1  # "at the grammar"
    return None


_NUMBERED = re.compile(r"\d{1,2}[a-zA-Z]?|[a-zA-Z]\d{1,2}")
_RELATIVE = re.compile(r"[ \t]+(?:who|that)\b(?:'s|'re)?", re.I)
_CLAUSE_STOP = frozenset(words("and but so because when where while though although if"))


_WITH = re.compile(
    r"[ \t]+with[ \t]+(?:a|an|the|his|her|their|no|two|three)[ \t]+([\w'\-]+)"
    r"(?:[ \t]+(?:on|in|at|outside|by)[ \t]+(?:the|our|a)[ \t]+[\w'\-]+|[ \t]+([\w'\-]+))?",
    re.I,
)


def _with_end(text: str, end: int) -> int:
    """ "the only lad in year 9 [with a tag]", "the one by the church [with the blue door]",
    "[with a caravan on the drive]": a "with" that says more belongs to the detail."""
    m = _WITH.match(text, end)
    if not m or m.group(1).lower() in _WORKPLACE_STOP:
        return end
    if m.group(2) and m.group(2).lower() in _WORKPLACE_STOP:
        return m.end(1)  # "with a car and ..."
    return m.end()


def _clause_end(text: str, end: int) -> int:
    """ "the only girl in year 9 [who boxes]", "the only lad in year 9 [with a tag]": the
    relative clause or the "with" that says more about the person belongs to the detail."""
    end = _with_end(text, end)
    rel = _RELATIVE.match(text, end)
    if not rel:
        return end
    last = rel.end()
    for count, w in enumerate(re.finditer(r"[ \t]*([\w'\-]+)", text[rel.end() : rel.end() + 40])):
        if count >= 4 or (w.start() != 0 and not text[rel.end() + w.start() - 1].isspace()):
            break
        if w.group(1).lower() in _CLAUSE_STOP:
            break
        last = rel.end() + w.end()
        if text[last : last + 1] in ".,;:!?)\n":
            break
    return last


def _only(text: str, scan: Scan) -> list[Finding]:
    out = []
    for m in scan.find("q_only"):
        most = m.group(1) is not None  # "the tallest lad in the school"
        head_start = m.start(2) if most else m.end()
        window = text[head_start : head_start + 100]
        cut = _ONLY_END.search(window)
        if cut:
            window = window[: cut.start()]
        tokens = [(t.group(), t.start(), t.end()) for t in _WORD.finditer(window)]
        head: list[str] = []
        core = 0  # how many of `head` name the person, before "in a wheelchair"
        end = None
        described = False
        i = 0
        while i < len(tokens) and len(head) < 7:
            word = tokens[i][0].lower()
            if word in _LOC_PREP and head:
                found = _locative(tokens, i, strict=True)
                if found is not None:
                    end, i = found
                    more = _locative(tokens, i, strict=False)  # "from our estate at the grammar"
                    if more is not None:
                        end = more[0]
                    break
                if len(head) > 4:
                    break
                # not a place: it says more about the person ("the only one in a wheelchair")
                core = core or len(head)
            if word in _ONLY_BREAK:
                break
            head.append(word)
            if word in _IDENTITY:
                described = True
            i += 1
        if not head or head[0] in _ONLY_STOP_HEAD or head[-1] in _ONLY_STOP_HEAD:
            continue
        who = head[: core or len(head)]
        if most:
            if end is not None and (described or who[-1] in _ROLE - {"one"}):
                out.append(
                    quasi("only", m.start(), _clause_end(text, head_start + end), "only-most")
                )
            continue
        if end is not None:
            rule = "only-described" if described or who[-1] in _ROLE - {"one"} else "only-in"
            if (who == ["one"] and not described) or who[-1] in ("person", "people"):
                rule = "only-in"
            out.append(quasi("only", m.start(), _clause_end(text, head_start + end), rule))
        elif described:
            last = tokens[len(head) - 1][2]
            out.append(quasi("only", m.start(), head_start + last, "only-described"))
    return out


# --- Siblings ----------------------------------------------------------------------------------

_COUNT_WORDS = frozenset(words("two three four five six 2 3 4 5 6 twin twins triplets"))
_SIBLING_LEAD = frozenset(words("i've ive i have we've we have got"))
_SIBLING_AGES = re.compile(
    r"(?:'s[ \t]+|[ \t]*(?:[,(:\-][ \t]*)?(?:(?:who[ \t]+are|who'?re|who[ \t]+is|who'?s|are|were|"
    r"is|was|aged|ages|age|both|both[ \t]+aged|are[ \t]+both)[ \t]+)?)(?:only[ \t]+|just[ \t]+)?"
    rf"({_NUM})(?:[ \t]*(?:,|and|&|\+)[ \t]*({_NUM}))?(?:[ \t]*(?:,|and|&|\+)[ \t]*({_NUM}))?"
    rf"(?:[ \t]*(?:,|and|&|\+)[ \t]*({_NUM}))?(?:[ \t\-]*(?:years?|yrs?)[ \t\-]*olds?|[ \t]*yo)?"
    r"(?:[ \t]*\))?",
    re.I,
)


def _siblings(text: str, scan: Scan) -> list[Finding]:
    out = []
    for m in scan.find("q_siblings_count"):
        rule = "siblings-year" if m.group(1) else "siblings-count"
        out.append(quasi("siblings", m.start(), m.end(), rule))
    for m in scan.find("q_siblings"):
        said = [w for w in m.group(1).lower().replace("-", " ").split() if w not in _SIBLING_LEAD]
        counted = any(w in _COUNT_WORDS for w in said)
        other = "other" in said
        noun = next((w for w in reversed(said) if w not in _COUNT_WORDS), "twins")
        sibling_word = noun not in (
            "kids",
            "children",
            "boys",
            "girls",
            "ones",
            "youngest",
            "eldest",
            "oldest",
        )
        ages = _SIBLING_AGES.match(text, m.end(1))
        numbers = []
        end = ages.end() if ages else m.end()
        if ages:
            numbers = [g for g in ages.groups() if g]
            baby = _BABY_AGE.match(text, end)  # "his baby sister is 8 months"
            if baby:
                end = baby.end()
            elif _NOT_AGE_AFTER.match(text, end) and text[end - 1] != ")":
                numbers = []
            if any((_number(n) or 99) >= 20 for n in numbers):
                numbers = []
        if not sibling_word and not ((counted or other) and numbers) and len(numbers) < 2:
            continue  # "three kids" is no sibling detail; "my other two kids are 6 and 9" is
        if len(numbers) >= 2 or (numbers and ("twin" in said or "twins" in said)):
            out.append(quasi("siblings", m.start(), end, "siblings-ages"))
        elif numbers:
            out.append(quasi("siblings", m.start(), end, "siblings-age"))
    if sum(1 for f in out if f.rule == "siblings-age") >= 2:  # "her brother (16), her sister (9)"
        out = [
            quasi(f.kind, f.start, f.end, "siblings-ages") if f.rule == "siblings-age" else f
            for f in out
        ]
    return out


_BABY_AGE = re.compile(r"[ \t]*(?:months?|mths?|weeks?|wks?)(?:[ \t]+old)?\b", re.I)


# --- A parent's job ------------------------------------------------------------------------------

_JOBS = (
    r"dinner[ \t]+lady|dinner[ \t]+nanny|lunchtime[ \t]+supervisor|lollipop[ \t]+(?:lady|man)|"
    r"crossing[ \t]+patrol|caretaker|school[ \t]+cook|cook|teaching[ \t]+assistant|ta|cleaner|"
    r"nurse|midwife|health[ \t]+visitor|gp|doctor|pharmacist|postman|postwoman|postie|"
    r"bus[ \t]+driver|taxi[ \t]+driver|cabbie|lorry[ \t]+driver|delivery[ \t]+driver|"
    r"hairdresser|barber|butcher|baker|vicar|imam|priest|councillor|police[ \t]+officer|pcso|"
    r"firefighter|fireman|paramedic|social[ \t]+worker|teacher|head[ \t]?teacher|receptionist|"
    r"shop[ \t]+assistant|manager|landlord|landlady|publican|bar[ \t]+manager|childminder|"
    r"nursery[ \t]+nurse|carer|care[ \t]+worker|school[ \t]+nurse|mechanic|plumber|electrician|"
    r"builder|shopkeeper|newsagent|dentist|vet|librarian|chef|lifeguard|security[ \t]+guard|"
    r"bouncer|window[ \t]+cleaner|milkman|binman|bin[ \t]+man|refuse[ \t]+collector|"
    r"lunch[ \t]+lady|school[ \t]+secretary|office[ \t]+manager|chemist|chair[ \t]+of[ \t]+"
    r"(?:the[ \t]+)?(?:pta|ptfa|governors|parent[ \t]+council|parents'?[ \t]+association)|"
    r"pta[ \t]+chair|(?:parent[ \t]+|school[ \t]+)?governor|school[ \t]+bus[ \t]+driver|"
    r"barman|barmaid|bar[ \t]+staff|cashier|porter|janitor|groundsman|gardener|cook|"
    r"youth[ \t]+worker|coach|football[ \t]+coach|instructor|bus[ \t]+driver"
)
# A role there is one of at a school: "I'm the chair of the PTA" is "the one at the school".
_UNIQUE_JOBS = re.compile(r"(?i)chair|school[ \t]+bus")
_BUSINESS = (
    r"corner[ \t]+shop|chippy|chip[ \t]+shop|paper[ \t]+shop|newsagents?|off[ \t]+licence|offy|"
    r"offie|post[ \t]+office|pub|caf[eé]|takeaway|barbers?|barber'?s|hairdressers?|salon|"
    r"nail[ \t]+bar|launderette|butchers?|butcher'?s|bakery|bakers|garage|local[ \t]+shop|shop|"
    r"bookies|pharmacy|chemist|kebab[ \t]+shop|florists?|car[ \t]+wash|ice[ \t]+cream[ \t]+van|"
    r"co-?op|spar|londis|costcutter|nisa|premier|one[ \t]+stop|tesco|aldi|lidl|asda|morrisons|"
    r"sainsbury'?s|greggs|mcdonald'?s|village[ \t]+shop|farm[ \t]+shop|garden[ \t]+centre|"
    r"chicken[ \t]+shop|vape[ \t]+shop|petrol[ \t]+station|taxi[ \t]+(?:rank|firm|office)|"
    r"cab[ \t]+(?:firm|office)|scrapyard|scrap[ \t]+yard|market[ \t]+stall|burger[ \t]+van|"
    r"snack[ \t]+bar|guest[ \t]+house|b&b|caravan[ \t]+park|farm|stables|kennels"
)
_WORKPLACE = re.compile(
    r"[ \t]+(?:at|in|on|for|by|near|of)[ \t]+(the|our|his|her|my|a|an)[ \t]+"
    r"((?:[\w'\-]+[ \t]+){0,2}[\w'\-]+)",
    re.I,
)
_WORKPLACE_STOP = _PRONOUNS | frozenset(
    words("""and but so because when where while who that which i we he she they you was were is are
    has have had for with to of in on at by near since after before last this next every my
    his her our their""")
)
_FAMILY_SUBJECT = re.compile(
    r"(?:\bi|\bwe|\bmy[ \t]+(?:husband|wife|partner|fella|hubby|ex|mum|dad|mam|brother|sister)|"
    r"\b(?:his|her|their|our)[ \t]+(?:dad|mum|mam|father|mother|stepdad|stepmum|nan|grandad|"
    r"gran|uncle|auntie|aunt|family))\b[^.!?\n]{0,12}$",
    re.I,
)


_PLACE_WORDS = re.compile(r"[ \t]*((?:[\w'\-]+[ \t]+){0,2}[\w'\-]+)")


def _words_end(text: str, pos: int) -> int | None:
    """The end of up to three words of a place name at `pos` ("the [Co-op] by the canal")."""
    m = _PLACE_WORDS.match(text, pos)
    if not m:
        return None
    end = None
    for w in re.finditer(r"[\w'\-]+", m.group(1)):
        if w.group().lower() in _WORKPLACE_STOP:
            break
        end = m.start(1) + w.end()
    return end


def _workplace_end(text: str, end: int) -> tuple[int, str] | None:
    """Where "at the primary" after a job ends, and its determiner."""
    m = _WORKPLACE.match(text, end)
    if not m:
        return None
    place_end = _words_end(text, m.start(2))
    if place_end is None:
        return None
    return place_end, m.group(1).lower()


_LOCAL_JOBS = re.compile(
    r"(?i)(?:dinner|lunch)[ \t]+(?:lady|nanny)|lunchtime[ \t]+supervisor|"
    r"lollipop[ \t]+(?:lady|man)|crossing[ \t]+patrol|caretaker|"
    r"school[ \t]+(?:cook|nurse|secretary)|vicar|imam|priest|"
    r"councillor|postman|postwoman|postie|head[ \t]?teacher|landlady|landlord|publican|milkman|"
    r"pcso|childminder|school[ \t]+bus[ \t]+driver"
)
_HERE = re.compile(
    r"[ \t]+(?:here|round[ \t]+here|around[ \t]+here|in[ \t]+(?:town|the[ \t]+village|"
    r"the[ \t]+area|our[ \t]+village|our[ \t]+town)|locally|for[ \t]+miles)\b",
    re.I,
)
_LOCATED = re.compile(
    r"[ \t]+(?:on|in|by|near|opposite|behind|next[ \t]+to|at|off|round[ \t]+the[ \t]+corner"
    r"[ \t]+from)[ \t]+(?:the|our)[ \t]+",
    re.I,
)


def _place_after(text: str, end: int) -> tuple[int, str, bool]:
    """Where a job's workplace after it ends ("at the primary", "here"), its determiner ("" for
    none), and whether the workplace is itself placed ("the chemist on the parade")."""
    here = _HERE.match(text, end)
    if here:
        return here.end(), "the", True
    place = _workplace_end(text, end)
    if place is None:
        return end, "", False
    located = _LOCATED.match(text, place[0])
    if located:
        further = _words_end(text, located.end())
        if further is not None:
            return further, place[1], True
    return place[0], place[1], False


_WORK_WHEN = re.compile(
    r"[ \t]+(?:on[ \t]+(?:mon|tues|wednes|thurs|fri|satur|sun)days|at[ \t]+(?:the[ \t]+)?weekends?|"
    r"on[ \t]+(?:a[ \t]+)?(?:saturday|sunday|weekends?)|after[ \t]+school)\b",
    re.I,
)


def _jobs(text: str, scan: Scan) -> list[Finding]:
    out = []
    for m in scan.find("q_job"):
        definite = m.group(2).lower() == "the"
        local = bool(_LOCAL_JOBS.search(m.group(1)))
        end, det, located = _place_after(text, m.end())
        if det in ("", "a", "an"):
            end = m.end() if det else end
            rule = "job-local" if local or definite else "job"
            if definite and _UNIQUE_JOBS.search(m.group(1)):
                rule = "job-the"
        elif definite or located:
            rule = "job-the"
        else:
            rule = "job-local" if local else "job-place"
        out.append(quasi("job", m.start(), end, rule))
    for m in scan.find("q_job_business"):
        if not _FAMILY_SUBJECT.search(text, max(0, m.start() - 40), m.start()):
            continue
        if m.group(1):  # "my wife drives the school bus", "he drives a taxi"
            definite = m.group(1).lower() == "the"
            vehicle = m.group(2).lower()
            if definite and ("school" in vehicle or "ice" in vehicle):
                rule = "job-the"
            else:
                rule = "job-local" if definite else "job"
            out.append(quasi("job", m.start(), m.end(), rule))
            continue
        end, det, _ = _place_after(text, m.end())
        if det not in ("the", "our"):
            end = m.end()
        out.append(quasi("job", m.start(), end, "job-business"))
    for m in scan.find("q_job_works_at"):
        end = _words_end(text, m.end())
        if end is None:
            continue
        rule = "job-works-at"
        located = _LOCATED.match(text, end)
        if located:
            further = _words_end(text, located.end())
            if further is not None:
                end, rule = further, "job-works-at-place"
        when = _WORK_WHEN.match(text, end)  # "works at the chip shop on Saturdays"
        if when:
            end = when.end()
        out.append(quasi("job", m.start(), end, rule))
    return out


# --- Distinctive events ------------------------------------------------------------------------

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
    rf"easter|half[ \t]+term|{_FULL_MONTH})|in[ \t]+{_YEAR}|last[ \t]+year)\b",
    re.I,
)
_PLACE_STOP = _PRONOUNS | frozenset(
    words("""and but so because when where while who that which i we he she they you was were is are
    has have had my his her their our to of in on at by time moment night day week weekend
    beginning end start last this next yesterday today tonight every after before since
    """)
)


def _place_words_end(p: re.Match) -> int | None:
    """Where the place `_INCIDENT_PLACE` found ends (its words up to a stop word), if any."""
    kept = None
    for w in re.finditer(r"[\w'\-]+", p.group(1)):
        if w.group().lower() in _PLACE_STOP:
            break
        kept = p.start(1) + w.end()
    return kept


def _incidents(text: str, scan: Scan) -> list[Finding]:
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
            end = p.end() if p.group(1) else (_words_end(text, p.end()) or end)
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
                kept = _place_words_end(where)
                if kept is not None:
                    end, rule = kept, "incident-loose"
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


# --- Patterns ----------------------------------------------------------------------------------


def patterns() -> dict[str, Pattern]:
    """The RE2 sources this module scans with."""
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
        "q_year": (
            r"(?i)\b(?:in[ \t]+)?((?:year|yr|blwyddyn)[ \t]?(?:1[0-3]|[1-9]|one|two|three|four|"
            r"five|six|"
            r"seven|eight|nine|ten|eleven|twelve|thirteen)|y(?:1[0-3]|[1-9]))s?\b"
        ),
        "q_year_scottish": (
            r"(?i:\bin[ \t]+([sp][1-7]))\b|(?:\(|,|(?i:\bis|'s))[ \t]*([SP][1-7])[ \t]*(?:\)|,|\b)"
        ),
        "q_year_other": (
            r"(?i)\b(?:(?:in|into)[ \t]+)?(?:(?:the|his|her)[ \t]+)?(?:reception[ \t]+class|"
            r"(?:lower|upper)[ \t]+sixth|sixth[ \t]+form)\b"
            r"|(?i)\b(?:he|she|they)(?:'s|[ \t]+is|[ \t]+are|'re)[ \t]+in[ \t]+reception\b"
            r"|(?i)\b(?:in[ \t]+(?:his|her|their|my|the)[ \t]+)?(?:first|second|third|fourth|"
            r"fifth|final|last)[ \t]+year[ \t]+(?:of|at|in)"
            r"[ \t]+(?:secondary|high[ \t]+school|big[ \t]+school|college|sixth[ \t]+form|"
            r"uni(?:versity)?|primary)\b"
        ),
        "q_age_years_old": (
            r"(?i)\b(?:(?:my|our|his|her|their|a|an|the)[ \t]+)?(?:(?:little|eldest|youngest)"
            rf"[ \t]+)?{_NUM}[ \t-]*(?:years?|yrs?)[ \t-]*olds?\b"
            rf"|(?i)\b(?:(?:my|our|his|her|their|a|an|the)[ \t]+)?{_NUM}[ \t-]?(?:yo|y/o|y\.o)\b"
        ),
        "q_age_aged": (
            r"(?i)\b(?:(?:just|only|recently|has[ \t]+just|had[ \t]+just)[ \t]+)?"
            rf"(?:aged?|turned|turning|turns|turn)[ \t]+(?:only[ \t]+|just[ \t]+)?({_NUM})\b"
            r"(?:[ \t]+(?:next|this|last)[ \t]+(?:week|month|year|weekend|monday|tuesday|"
            r"wednesday|thursday|friday|saturday|sunday)|[ \t]+tomorrow|[ \t]+today)?"
            rf"|(?i)\bat[ \t]+(?:the[ \t]+)?age[ \t]+(?:of[ \t]+)?({_NUM})\b"
        ),
        "q_age_is": (
            r"(?i)\b(?:(?:my|our|his|her|their|the)[ \t]+(?:(?:little|eldest|youngest|"
            r"oldest)[ \t]+)?)?"
            r"(?:he|she|they|who|son|daughter|lad|boy|girl|kid|child|eldest|youngest|oldest|"
            r"baby|teenager|stepson|stepdaughter|nephew|niece|grandson|granddaughter|bro|yout|"
            r"lass|lassie|bairn|wean|wee[ \t]+(?:one|man|lassie)|little[ \t]+(?:one|man)|"
            r"(?:big|middle|eldest|youngest|oldest)[ \t]+one|mine|mines)"
            r"(?:'s|s|[ \t]+is|[ \t]+was|[ \t]+are|[ \t]+were|'re|[ \t]+has[ \t]+just[ \t]+turned|"
            r"[ \t]+is[ \t]+now|[ \t]+being)[ \t]+(?:only[ \t]+|just[ \t]+|nearly[ \t]+|"
            rf"almost[ \t]+|now[ \t]+)?({_NUM})\b"
            r"|\b(?-i:[A-Z][a-z]+)(?:'s|[ \t]+is|[ \t]+was)[ \t]+(?:only[ \t]+|just[ \t]+|"
            rf"nearly[ \t]+|now[ \t]+)?((?i:{_NUM}))\b"
        ),
        "q_age_birthday": (
            r"(?i)\b(?:on[ \t]+)?(?:his|her|their|my|our)[ \t]+(?:1[0-9]|[1-9])(?:st|nd|rd|th)"
            r"[ \t]+(?:birthday|bday|b-day)\b"
            r"|(?i)\b(?:on[ \t]+)?(?:his|her|their|my|our)[ \t]+(?:first|second|third|fourth|"
            r"fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|"
            r"fifteenth|sixteenth|seventeenth|eighteenth|nineteenth)[ \t]+birthday\b"
        ),
        "q_age_is_end": (
            r"(?i)\b(?:is|was|'s)[ \t]+(?:only[ \t]+|just[ \t]+|now[ \t]+)?"
            rf"(?:1[0-9]|[1-9]|{'|'.join(_NUMBER_WORDS)})[ \t]*(?:[.!?;]|$)"
        ),
        "q_age_aside": (
            r"(?i)\b(?:(?:my|our|his|her|their)[ \t]+)?(?:(?:little|eldest|youngest|oldest)"
            r"[ \t]+)?(?:son|daughter|lad|boy|girl|kid|child|eldest|youngest|oldest|stepson|"
            r"stepdaughter|nephew|niece|grandson|granddaughter|teenager|teen)[ \t]*"
            r"(?:\([ \t]*(?:(?:now|aged?|just|only|both|all)[ \t]+)?"
            rf"({_NUM})[ \t]*(?:(?:years?|yrs?)(?:[ \t-]*old)?|yo)?[ \t]*\)|,[ \t]*({_NUM})[ \t]*,)"
            r"|(?i)\b(?:my|our|his|her)[ \t]+(?:son|daughter|lad|boy|girl|kid|child|eldest|"
            r"youngest)"
            rf"[ \t]+({_NUM})[ \t]+(?:was|is|has|had|got|goes|went|and|who|does)\b"
            r"|(?:,|\()[ \t]*(?:(?:now|aged?|just|only|nearly)[ \t]+)?"
            r"(1[0-9]|[5-9]|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
            r"sixteen|seventeen|eighteen|nineteen)[ \t]*(?:yo|(?:years?|yrs?)(?:[ \t-]*old)?)?"
            rf"(?:[ \t]+(?:in|next|this)[ \t]+(?:{_FULL_MONTH}|week|month))?[ \t]*(?:,|\))"
        ),
        "q_date_day_month": (
            r"(?i)\b(?:(?:on|since|from|until|till|by|between)[ \t]+)?"
            rf"(?:(?:the[ \t]+)?{_DAY}{_ORD}?[ \t]*(?:to|till|until|-|and)[ \t]*)?"
            rf"(?:the[ \t]+)?{_DAY}{_ORD}?"
            rf"(?:[ \t]+of)?[ \t]+{_MONTH}\.?(,?[ \t]+{_YEAR})?\b"
        ),
        "q_date_month_day": (
            rf"\b(?i:(?:on|since|from|until|till|by)[ \t]+)?({_MONTH.replace('(?:', '(?i:', 1)})"
            rf"\.?[ \t]+(?i:the[ \t]+)?{_DAY}((?i:{_ORD}))?\b(,?[ \t]+{_YEAR})?"
        ),
        "q_date_numeric": (
            r"\b(?:[Oo]n[ \t]+)?(3[01]|[12][0-9]|0?[1-9])[/.](1[0-2]|0?[1-9])"
            r"(?:[/.]((?:19|20)\d\d|\d\d))\b"
            r"|\b[Oo]n[ \t]+(3[01]|[12][0-9]|0?[1-9])/(1[0-2]|0?[1-9])\b"
        ),
        "q_date_weekday_day": (
            r"(?i)\b(?:(?:on|last|this|next)[ \t]+)?(?:(?:past|just[ \t]+gone)[ \t]+)?"
            r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?,?[ \t]+"
            rf"(?:the[ \t]+)?{_DAY}{_ORD}\b"
        ),
        "q_date_named": (
            r"(?i)\b((?:on|last|this|after|before|since|over|during)[ \t]+)?"
            r"(?:(?-i:the[ \t]+Twelfth)|(?:eleventh|mischief)[ \t]+night|mothering[ \t]+sunday|"
            r"(?:chinese|lunar)[ \t]+new[ \t]+year|bonfire[ \t]+night|guy[ \t]+fawkes[ \t]+night|"
            r"fireworks?[ \t]+night|christmas[ \t]+(?:eve|day)|boxing[ \t]+day|new[ \t]+year'?s"
            r"[ \t]+(?:eve|day)|hallowe'?en|valentine'?s[ \t]+day|mother'?s[ \t]+day|"
            r"father'?s[ \t]+day|easter[ \t]+(?:sunday|monday|saturday)|good[ \t]+friday|"
            r"pancake[ \t]+day|shrove[ \t]+tuesday|eid(?:[ \t]+(?:al|ul)[ \t-]?(?:fitr|adha))?|"
            r"diwali|vaisakhi|st\.?[ \t]+(?:patrick|george|andrew|david)'?s[ \t]+day|"
            r"burns[ \t]+night|hogmanay|remembrance[ \t]+(?:day|sunday)|may[ \t]+day)"
            r"(?:[ \t]+(?:morning|night|evening|afternoon|eve|day|weekend))?"
            rf"(?:[ \t]+({_YEAR}))?\b"
        ),
        "q_date_last_weekday": (
            rf"(?i)\b(?:last|this[ \t]+past)[ \t]+{_WEEKDAY}(?:[ \t]+(?:night|morning|afternoon|"
            r"evening))?\b"
        ),
        "q_date_month_year": (
            rf"(?i)\b(?:(?:in|since|from|last)[ \t]+)?{_FULL_MONTH}[ \t]+{_YEAR}\b"
        ),
        "q_date_holidays": (
            r"(?i)\b(?:(?:in|during|over|since|before|after)[ \t]+)?(?:the[ \t]+)?(?:summer|"
            r"easter|christmas|xmas|october|february|may|whitsun|autumn|spring|winter)[ \t]+"
            rf"(?:holidays|hols|half[ \t-]?term|break)(?:[ \t]+(?:of[ \t]+)?({_YEAR}))?\b"
        ),
        "q_date_routine": (
            rf"(?i)\bevery[ \t]+(?:{_WEEKDAY}|weekend)(?:[ \t]+(?:night|morning|afternoon|"
            r"evening))?\b"
        ),
        "q_date_day_only": (rf"(?i)\b(?:on|since|from|until|till|by)[ \t]+the[ \t]+{_DAY}{_ORD}\b"),
        "q_date_month": (
            r"\b(?i:(?:in|on|since|last|this|from|until|till|during|by|early|late|mid|"
            r"end[ \t]+of|beginning[ \t]+of|start[ \t]+of)[ \t]+)"
            rf"((?i:{_FULL_MONTH}))\b"
        ),
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
            rf"last[ \t]+year'?s|(?:the[ \t]+)?({_YEAR}))[ \t]+(?:(?:local|village|town|school|"
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
            rf"(?:[ \t]+((?:in[ \t]+)?{_YEAR}|last[ \t]+year|this[ \t]+year)\b)?"
        ),
        "q_only": (
            r"(?i)\b(?:(?:i'?m|i[ \t]+am|im|we'?re|we[ \t]+are|he'?s|he[ \t]+is|she'?s|"
            r"she[ \t]+is|they'?re|they[ \t]+are|we[ \t]+were|i[ \t]+was|(?:my|our)[ \t]+(?:son|"
            r"daughter|lad|boy|girl|lass|eldest|youngest|kid|child)(?:'s|[ \t]+is|[ \t]+was)|was|"
            r"is|"
            r"are)[ \t]+)?(?:one[ \t]+of[ \t]+)?the[ \t]+(?:only[ \t]+|(tallest|smallest|shortest|"
            r"biggest|youngest|oldest|fastest)[ \t]+((?:lad|lass|boy|girl|kid|child|pupil|player|"
            r"member|teenager|mum|dad)s?\b))"
        ),
        # Only with an age after it (checked again in Python, with `_SIBLING_AGES`).
        "q_siblings": (
            r"(?i)\b((?:(?:i'?ve|i[ \t]+have|we'?ve|we[ \t]+have)[ \t]+(?:got[ \t]+)?)?"
            r"(?:(?:his|her|my|their|our|the|a|an)[ \t]+)?(?:(?:other|two|three|four|five|"
            r"six|2|3|4|5|6|younger|older|little|big|baby|twin|half|step|wee|lil|small)[ \t-]*)"
            r"{0,3}(?:brothers?|sisters?|siblings?|bros|twins|kids|children|boys|girls|ones|"
            r"youngest|eldest|oldest|of[ \t]+mine|of[ \t]+my[ \t]+(?:kids|lot))"
            r"(?:[ \t]+(?:two|three|four|2|3|4))?)\b"
            r"(?:'s[ \t]+|[ \t]*[,(:\-]?[ \t]*(?:(?:who[ \t]+are|who'?re|who[ \t]+is|who'?s|are|"
            r"were|is|was|aged|ages|age|both|both[ \t]+aged|are[ \t]+both)[ \t]+)?)"
            rf"(?:only[ \t]+|just[ \t]+)?{_NUM}\b"
        ),
        "q_siblings_count": (
            r"(?i)\b(?:(?:his|her|my|their|our)[ \t]+)?(?:two|three|four|five|six|2|3|4|5|6)"
            r"[ \t]+(?:(?:younger|older|little|big|baby|half|step|wee)[ \t-]*){0,2}"
            r"(?:brothers|sisters|siblings)\b"
            r"|(?i)\b((?:his|her|my|their|our)[ \t]+(?:(?:little|big|younger|older|baby|wee|twin)"
            r"[ \t]+)?(?:sister|brother|sis|bro))(?:'s|[ \t]+is|[ \t]+was)[ \t]+(?:in[ \t]+)?"
            r"(?:(?:year|yr)[ \t]?(?:1[0-3]|[1-9])|y(?:1[0-3]|[1-9])|[sp][1-7]|reception)\b"
        ),
        "q_job": (
            r"(?i)\b(?:i'?m|i[ \t]+am|im|i[ \t]+work(?:ed)?[ \t]+as|i[ \t]+was|i[ \t]+used[ \t]+to"
            r"[ \t]+be|my[ \t]+(?:husband|wife|partner|fella|hubby|ex|other[ \t]+half|mum|dad|"
            r"mam)(?:'s|[ \t]+is|[ \t]+was|[ \t]+works[ \t]+as)|(?:his|her|their)[ \t]+(?:dad|mum|"
            r"mam|father|mother|stepdad|stepmum|nan|grandad|gran|uncle|auntie|aunt)(?:'s|[ \t]+is|"
            rf"[ \t]+was|[ \t]+works[ \t]+as))[ \t]+((a|an|the)[ \t]+(?:{_JOBS}))\b"
        ),
        "q_job_business": (
            r"(?i)\b(?:run|runs|ran|running|own|owns|owned|manage|manages|managed)[ \t]+"
            rf"(?:the|a)[ \t]+(?:{_BUSINESS})\b"
            r"|(?i)\b(?:drives|drove|driving)[ \t]+(the|a)[ \t]+(school[ \t]+(?:bus|minibus|taxi)|"
            r"ice[ \t]+cream[ \t]+van|taxi|cab|bus|minibus|bin[ \t]+lorry|community[ \t]+bus)\b"
        ),
        "q_job_works_at": (
            r"(?i)\bwork(?:s|ed|ing)?[ \t]+(?:(?:on[ \t]+the[ \t]+(?:tills|checkouts?|desk|door|"
            r"reception|counter)|behind[ \t]+the[ \t]+"
            r"(?:bar|counter)|nights|days|evenings|mornings|afternoons|weekends|saturdays?|"
            r"sundays?|shifts|lates|earlies|part[ \t-]time|full[ \t-]time|in[ \t]+the[ \t]+"
            r"(?:kitchen|office|shop|cafe|caf\x{00e9}))[ \t]+)?(?:at|in|for)[ \t]+(the)[ \t]+"
        ),
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


def _never_raise(detect: Callable[[str, Scan], list[Finding]]) -> Callable:
    """A detector that returns nothing rather than raise: screening never fails on input."""

    @functools.wraps(detect)
    def safe(text: str, scan: Scan) -> list[Finding]:
        try:
            return detect(text, scan)
        except Exception:
            return []

    return safe


# Each part and the prefixes of the patterns it reads: a part none of whose patterns can match
# a text is not run on it.
_PART_PREFIXES: tuple[tuple[Callable, tuple[str, ...]], ...] = (
    (_areas, ("q_area_",)),
    (_school_years, ("q_year",)),
    (_ages, ("q_age_",)),
    (_dates, ("q_date_",)),
    (_clubs, ("q_club", "q_care_", "q_court", "q_event", "q_school_kind")),
    (_only, ("q_only",)),
    (_siblings, ("q_siblings",)),
    (_jobs, ("q_job",)),
    (_incidents, ("q_incident",)),
)


@functools.cache
def _part_patterns() -> tuple[tuple[Callable, frozenset[str]], ...]:
    names = patterns()
    return tuple(
        (part, frozenset(n for n in names if n.startswith(prefixes)))
        for part, prefixes in _PART_PREFIXES
    )


_UNKNOWN = object()


def _quasi(text: str, scan: Scan) -> list[Finding]:
    """Every quasi-identifier in the text, one finding per detail: overlapping ones are one
    detail, with the span of them all and the kind and rule of the strongest. One detector for
    the family: fewer calls and fewer findings for the engine."""
    found: list[Finding] = []
    hits = getattr(scan, "_hits", _UNKNOWN)
    for part, names in _part_patterns():
        # `scan.can_match(*names)`, without its per-name generator: nine parts on every post
        # made that a tenth of this detector's time. (The set of matchable names is Scan's.)
        if hits is None or (
            scan.can_match(*names) if hits is _UNKNOWN else not names.isdisjoint(hits)
        ):
            found.extend(part(text, scan))
    if len(found) < 2:
        return found
    found.sort(key=lambda f: (f.start, -f.end))
    kept: list[Finding] = []
    group: list[Finding] = [found[0]]
    end = found[0].end
    for f in found[1:]:
        if f.start < end:
            group.append(f)
            end = max(end, f.end)
            continue
        kept.append(_one(group, end))
        group, end = [f], f.end
    kept.append(_one(group, end))
    return kept


def _one(group: list[Finding], end: int) -> Finding:
    """Overlapping quasi findings as one: the strongest's kind and rule, over them all."""
    if len(group) == 1:
        return group[0]
    # The one that holds the others ("a baby brother who's 2" holds "who's 2"), else the strongest
    best = max(
        group,
        key=lambda f: (f.start == group[0].start and f.end == end, weight(f), f.end - f.start),
    )
    return quasi(best.kind, group[0].start, end, best.rule)


DETECTORS = (_never_raise(_quasi),)


def value_key(text: str) -> str:
    """A detail's words as compared: folded, without leading little words."""
    words = [fold_key(w) for w in re.findall(r"[\w'\-]+", text)]
    while words and words[0] in _LEAD_WORDS:
        words.pop(0)
    return " ".join(words)


_LEAD_WORDS = frozenset(
    words("""on in at from round around up down over to near by the a an our my his her their this
    that i'm im i am we're we are he's he is she's she is they're they are was is are one of
    after since before during when just only""")
)
